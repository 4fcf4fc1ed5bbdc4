"""The store: queries that take and return domain values. The only module that speaks SQL."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from nextcall.domain.funnel import AVERAGE_WINDOW_DAYS, DayCounts
from nextcall.domain.outcomes import BY_NAME, REASONS, WinKind
from nextcall.domain.prospects import CallRecord, Lifecycle, Prospect, ProspectState, Slot
from nextcall.store.database import open_database


def iso(at: datetime) -> str:
    """A UTC instant as fixed-width ISO 8601 text (sortable as text)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class NewProspect:
    """A prospect to add, already validated (E.164 number)."""

    name: str
    phone: str
    phone_display: str
    company: str = ""
    title: str = ""
    email: str = ""
    notes: str = ""
    timezone: str = ""


@dataclass(frozen=True)
class HistoryCall:
    """A call written in bulk (demo data, benchmarks, imports of past activity)."""

    prospect_id: int
    at: datetime
    day: date
    outcome: str
    reason: str | None = None


@dataclass(frozen=True)
class Win:
    """An entry in the wins jar."""

    at: datetime
    kind: str
    text: str


RITUAL_ENDS = ("done", "skipped", "feel_it")
"""The values of `calls.ritual` (how the ritual after a rejection ended)."""

_PROSPECT_COLUMNS = "id, name, company, title, phone, phone_display, timezone, notes, lifecycle, slot, due_at, attempts"


def _prospect(row: sqlite3.Row | tuple[Any, ...]) -> Prospect:
    (pid, name, company, title, phone, display, tz, notes, life, slot, due, attempts) = row
    state = ProspectState(Lifecycle(life), Slot(slot), from_iso(due), attempts)
    return Prospect(pid, name, company, title, phone, display, tz, notes, state)


def _state_json(state: ProspectState) -> str:
    return json.dumps(
        {
            "lifecycle": state.lifecycle.value,
            "slot": int(state.slot),
            "due_at": iso(state.due_at),
            "attempts": state.attempts,
        }
    )


def _state_from_json(text: str) -> ProspectState:
    d = json.loads(text)
    return ProspectState(
        Lifecycle(d["lifecycle"]), Slot(d["slot"]), from_iso(d["due_at"]), int(d["attempts"])
    )


class Store:
    """nextcall's data in one SQLite file. Each write is one committed transaction."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> Store:
        return cls(open_database(path, create=create), path)

    def close(self) -> None:
        self.conn.close()

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file (off the keypress path)."""
        self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    # -- writing -------------------------------------------------------------------------------

    def _write(self) -> _Transaction:
        return _Transaction(self.conn)

    def add_prospects(self, rows: Iterable[NewProspect], at: datetime) -> int:
        """Add prospects (numbers already known are skipped); returns how many were added."""
        stamp = iso(at)
        with self._write():
            before = self.conn.total_changes
            self.conn.executemany(
                "INSERT OR IGNORE INTO prospects (name, company, title, phone, phone_display, email,"
                " notes, timezone, due_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    (
                        r.name,
                        r.company,
                        r.title,
                        r.phone,
                        r.phone_display,
                        r.email,
                        r.notes,
                        r.timezone,
                        stamp,
                        stamp,
                    )
                    for r in rows
                ),
            )
            return self.conn.total_changes - before

    def add_history(self, calls: Sequence[HistoryCall]) -> None:
        """Write many past calls, their day totals and wins in one transaction."""
        totals: dict[tuple[str, str], int] = {}
        with self._write():
            for call in calls:
                key = (call.day.isoformat(), call.outcome)
                totals[key] = totals.get(key, 0) + 1
                cur = self.conn.execute(
                    "INSERT INTO calls (prospect_id, at, day, outcome, reason, prior)"
                    " VALUES (?,?,?,?,?,'{}')",
                    (
                        call.prospect_id,
                        iso(call.at),
                        call.day.isoformat(),
                        call.outcome,
                        call.reason,
                    ),
                )
                kind = BY_NAME[call.outcome].win
                if kind is not None:
                    self.conn.execute(
                        "INSERT INTO wins (at, day, kind, prospect_id, call_id, text)"
                        " SELECT ?, ?, ?, id, ?, name || ', ' || company FROM prospects WHERE id = ?",
                        (
                            iso(call.at),
                            call.day.isoformat(),
                            kind.value,
                            cur.lastrowid,
                            call.prospect_id,
                        ),
                    )
            self.conn.executemany(
                "INSERT INTO day_totals (day, outcome, n) VALUES (?, ?, ?) ON CONFLICT (day, outcome)"
                " DO UPDATE SET n = n + excluded.n",
                ((d, o, n) for (d, o), n in totals.items()),
            )

    def set_states(self, states: dict[int, ProspectState]) -> None:
        """Set many prospects' queue state at once."""
        with self._write():
            for pid, state in states.items():
                self._set_state(pid, state)

    def log_outcome(
        self,
        prospect: Prospect,
        outcome: str,
        at: datetime,
        day: date,
        new_state: ProspectState,
        *,
        reason: str | None = None,
        note: str | None = None,
    ) -> CallRecord:
        """Record one call and its consequences in one durable transaction."""
        kind = BY_NAME[outcome].win
        with self._write():
            cur = self.conn.execute(
                "INSERT INTO calls (prospect_id, at, day, outcome, reason, note, prior)"
                " VALUES (?,?,?,?,?,?,?)",
                (
                    prospect.id,
                    iso(at),
                    day.isoformat(),
                    outcome,
                    reason,
                    note,
                    _state_json(prospect.state),
                ),
            )
            call_id = int(cur.lastrowid or 0)
            self._set_state(prospect.id, new_state)
            self.conn.execute(
                "INSERT INTO day_totals (day, outcome, n) VALUES (?, ?, 1)"
                " ON CONFLICT (day, outcome) DO UPDATE SET n = n + 1",
                (day.isoformat(), outcome),
            )
            if kind is not None:
                self.conn.execute(
                    "INSERT INTO wins (at, day, kind, text, prospect_id, call_id) VALUES (?,?,?,?,?,?)",
                    (
                        iso(at),
                        day.isoformat(),
                        kind.value,
                        f"{prospect.name}, {prospect.company}".strip(", "),
                        prospect.id,
                        call_id,
                    ),
                )
        return CallRecord(call_id, prospect.id, at, outcome, reason, note)

    def _set_state(self, prospect_id: int, state: ProspectState) -> None:
        self.conn.execute(
            "UPDATE prospects SET lifecycle = ?, slot = ?, due_at = ?, attempts = ? WHERE id = ?",
            (
                state.lifecycle.value,
                int(state.slot),
                iso(state.due_at),
                state.attempts,
                prospect_id,
            ),
        )

    def undo_last(self, day: date) -> CallRecord | None:
        """Take back the newest outcome logged on `day`: the call, its win, its count; the
        prospect returns to the state it had. None when the day has nothing left to undo.
        Calls written in bulk (`add_history`) carry no earlier state and are not undoable."""
        with self._write():
            row = self.conn.execute(
                "SELECT id, prospect_id, at, outcome, reason, note, prior FROM calls"
                " WHERE day = ? AND prior != '{}' ORDER BY id DESC LIMIT 1",
                (day.isoformat(),),
            ).fetchone()
            if row is None:
                return None
            call_id, pid, at, outcome, reason, note, prior = row
            self._set_state(pid, _state_from_json(prior))
            self.conn.execute("DELETE FROM wins WHERE call_id = ?", (call_id,))
            self.conn.execute("DELETE FROM calls WHERE id = ?", (call_id,))
            self.conn.execute(
                "UPDATE day_totals SET n = n - 1 WHERE day = ? AND outcome = ?",
                (day.isoformat(), outcome),
            )
        return CallRecord(call_id, pid, from_iso(at), outcome, reason, note)

    def add_note(self, prospect_id: int, text: str, day: date) -> None:
        """Append a dated note to the prospect's notes."""
        with self._write():
            self.conn.execute(
                "UPDATE prospects SET notes = CASE WHEN notes = '' THEN ? ELSE notes || char(10) || ?"
                " END WHERE id = ?",
                (f"{day:%d %b}: {text}",) * 2 + (prospect_id,),
            )

    def add_win(self, text: str, at: datetime, day: date, prospect_id: int | None = None) -> None:
        """A small win logged by hand."""
        with self._write():
            self.conn.execute(
                "INSERT INTO wins (at, day, kind, text, prospect_id) VALUES (?,?,?,?,?)",
                (iso(at), day.isoformat(), WinKind.MANUAL.value, text, prospect_id),
            )

    def mark_dnc(self, phones: Iterable[str], at: datetime, source: str) -> int:
        """Put E.164 numbers on the do-not-call list; any prospect with one leaves the queue
        for good. Returns how many numbers were new to the list."""
        stamp = iso(at)
        numbers = list(dict.fromkeys(phones))
        with self._write():
            before = self.conn.total_changes
            self.conn.executemany(
                "INSERT OR IGNORE INTO dnc (phone, added_at, source) VALUES (?, ?, ?)",
                ((n, stamp, source) for n in numbers),
            )
            added = self.conn.total_changes - before
            self.conn.executemany(
                "UPDATE prospects SET lifecycle = 'dnc' WHERE phone = ?", ((n,) for n in numbers)
            )
        return added

    def is_dnc(self, phone: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM dnc WHERE phone = ?", (phone,)).fetchone() is not None
        )

    # -- the ritual ----------------------------------------------------------------------------

    def set_reason(self, call_id: int, reason: str | None) -> None:
        """Tag a rejection with its reason (one of REASONS), or clear the tag."""
        if reason is not None and reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        with self._write():
            self.conn.execute("UPDATE calls SET reason = ? WHERE id = ?", (reason, call_id))

    def set_ritual(self, call_id: int, ritual: str) -> None:
        """How the ritual after this rejection ended: 'done', 'skipped' or 'feel_it'."""
        if ritual not in RITUAL_ENDS:
            raise ValueError(f"unknown ritual ending {ritual!r}")
        with self._write():
            self.conn.execute("UPDATE calls SET ritual = ? WHERE id = ?", (ritual, call_id))

    def set_recovery(self, call_id: int, seconds: float) -> None:
        """Seconds from this rejection being logged to the next dial."""
        with self._write():
            self.conn.execute(
                "UPDATE calls SET recovery_s = ? WHERE id = ?", (float(seconds), call_id)
            )

    def set_debrief(self, call_id: int, debrief_json: str | None) -> None:
        """The feel-it debrief (JSON) saved with the call; None clears it."""
        with self._write():
            self.conn.execute("UPDATE calls SET debrief = ? WHERE id = ?", (debrief_json, call_id))

    def debrief(self, call_id: int) -> str | None:
        row = self.conn.execute("SELECT debrief FROM calls WHERE id = ?", (call_id,)).fetchone()
        return None if row is None else row[0]

    def ritual_row(self, call_id: int) -> tuple[str | None, float | None] | None:
        """(ritual, recovery_s) of a call; None when the call is gone (undone)."""
        row = self.conn.execute(
            "SELECT ritual, recovery_s FROM calls WHERE id = ?", (call_id,)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def last_rejection(self, day: date) -> CallRecord | None:
        """The newest rejection logged on `day` (a walk back through the day's index)."""
        row = self.conn.execute(
            "SELECT id, prospect_id, at, outcome, reason, note FROM calls"
            " WHERE day = ? AND outcome = 'rejected' ORDER BY id DESC LIMIT 1",
            (day.isoformat(),),
        ).fetchone()
        return None if row is None else CallRecord(row[0], row[1], from_iso(row[2]), *row[3:])

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._write():
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
                " SET value = excluded.value",
                (key, value),
            )

    # -- the queue -----------------------------------------------------------------------------

    def queue_ids(self, now: datetime, end_of_today: datetime) -> list[int]:
        """Prospect ids in dialing order: follow-ups due by the end of today, then new
        prospects, then retries whose wait is over. Three index range scans."""
        q = (
            "SELECT group_concat(id) FROM (SELECT id FROM prospects WHERE lifecycle = 'active'"
            " AND slot = ? AND due_at < ? ORDER BY due_at, id)"
        )
        ids: list[int] = []
        retry_bound = iso(now + timedelta(milliseconds=1))  # a wait that ends now is over
        for slot, bound in (
            (Slot.FOLLOW_UP, iso(end_of_today)),  # tomorrow's start is not today
            (Slot.NEW, "9999"),
            (Slot.RETRY, retry_bound),
        ):
            joined = self.conn.execute(q, (int(slot), bound)).fetchone()[0]
            if joined:  # one string per slot: 50,000 ids come back ~30% faster than as rows
                ids.extend(map(int, joined.split(",")))
        return ids

    def prospects(self, ids: Sequence[int]) -> dict[int, Prospect]:
        """The prospects with these ids (a visible window of the queue)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT {_PROSPECT_COLUMNS} FROM prospects WHERE id IN ({marks})", tuple(ids)
        )
        return {p.id: p for p in map(_prospect, rows)}

    def prospect(self, prospect_id: int) -> Prospect | None:
        return self.prospects([prospect_id]).get(prospect_id)

    def search_active(self, text: str, limit: int) -> list[Prospect]:
        """Active prospects whose name or company contains `text` (case-insensitive)."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.conn.execute(
            f"SELECT {_PROSPECT_COLUMNS} FROM prospects WHERE lifecycle = 'active'"
            " AND (name LIKE ?1 ESCAPE '\\' OR company LIKE ?1 ESCAPE '\\') ORDER BY name LIMIT ?2",
            (pattern, limit),
        )
        return [_prospect(r) for r in rows]

    def history(self, prospect_id: int, limit: int = 5) -> list[CallRecord]:
        """The prospect's latest calls, newest first."""
        rows = self.conn.execute(
            "SELECT id, prospect_id, at, outcome, reason, note FROM calls WHERE prospect_id = ?"
            " ORDER BY at DESC LIMIT ?",
            (prospect_id, limit),
        )
        return [CallRecord(r[0], r[1], from_iso(r[2]), r[3], r[4], r[5]) for r in rows]

    def has_prospects(self) -> bool:
        """True once any prospect was ever added (worked or not)."""
        return self.conn.execute("SELECT 1 FROM prospects LIMIT 1").fetchone() is not None

    def count_prospects(self) -> int:
        """Prospects still being worked (not archived, done or do-not-call)."""
        return int(
            self.conn.execute(
                "SELECT count(*) FROM prospects WHERE lifecycle = 'active'"
            ).fetchone()[0]
        )

    # -- aggregates ----------------------------------------------------------------------------

    def day_counts(self, day: date) -> DayCounts:
        rows = self.conn.execute(
            "SELECT outcome, n FROM day_totals WHERE day = ?", (day.isoformat(),)
        )
        return DayCounts.of({o: n for o, n in rows if o in BY_NAME})

    def recent_days(self, before: date, limit: int = AVERAGE_WINDOW_DAYS) -> list[DayCounts]:
        """The counts of the last `limit` days with dials before `before`, most recent first."""
        rows = self.conn.execute(
            "SELECT day, outcome, n FROM day_totals WHERE day IN (SELECT day FROM day_totals"
            " WHERE day < ? GROUP BY day HAVING sum(n) > 0 ORDER BY day DESC LIMIT ?)",
            (before.isoformat(), limit),
        )
        days: dict[str, dict[str, int]] = {}
        for day, outcome, n in rows:
            if outcome in BY_NAME:
                days.setdefault(day, {})[outcome] = n
        return [DayCounts.of(days[d]) for d in sorted(days, reverse=True)]

    def call_times(self, day: date) -> list[datetime]:
        """When each of the day's calls was logged (a day holds a few hundred at most)."""
        rows = self.conn.execute(
            "SELECT at FROM calls WHERE day = ? ORDER BY id", (day.isoformat(),)
        )
        return [from_iso(r[0]) for r in rows]

    def by_reason(self, first: date, last: date) -> dict[str, int]:
        """Rejection reasons tagged from `first` to `last` (local days, inclusive)."""
        rows = self.conn.execute(
            "SELECT reason, count(*) FROM calls WHERE day BETWEEN ? AND ? AND reason IS NOT NULL"
            " GROUP BY reason",
            (first.isoformat(), last.isoformat()),
        )
        return dict(rows.fetchall())

    def recovery_median_s(self, first: date, last: date) -> float | None:
        rows = self.conn.execute(
            "SELECT recovery_s FROM calls WHERE day BETWEEN ? AND ? AND recovery_s IS NOT NULL",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
        import statistics  # only the review and `stats` need it

        return statistics.median(r[0] for r in rows) if rows else None

    def wins(self, first: date, last: date) -> list[Win]:
        """The wins from `first` to `last`, newest first."""
        rows = self.conn.execute(
            "SELECT at, kind, text FROM wins WHERE day BETWEEN ? AND ? ORDER BY at DESC, id DESC",
            (first.isoformat(), last.isoformat()),
        )
        return [Win(from_iso(a), k, t) for a, k, t in rows]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self.conn.execute("ROLLBACK")
            return
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error:
            if self.conn.in_transaction:  # e.g. a full disk: leave the connection usable
                self.conn.execute("ROLLBACK")
            raise

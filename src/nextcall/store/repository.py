"""The store: queries that take and return domain values. The only module that speaks SQL."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from nextcall.domain.funnel import AVERAGE_WINDOW_DAYS, DayCounts
from nextcall.domain.merging import (
    FILLED_FIELDS,
    Clash,
    clash_note,
    clashes,
    merge_field,
    merge_notes,
)
from nextcall.domain.outcomes import BY_NAME, REASONS, OutcomeName, WinKind
from nextcall.domain.plan import DayPlan, is_working_day
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
    ritual: str | None = None
    recovery_s: float | None = None


@dataclass(frozen=True)
class ImportCounts:
    """What an import did (or, in a dry run, would do)."""

    imported: int
    """New prospects."""
    merged: int
    """Rows whose number was already stored: empty fields filled, new notes added."""
    dnc: int
    """New prospects whose number is on the do-not-call list: stored, never queued."""
    clashes: tuple[Clash, ...] = ()
    """Merged rows that named another person or email than the stored prospect."""


@dataclass(frozen=True)
class DncCounts:
    added: int
    """Numbers new to the list."""
    already: int
    """Numbers the list already had."""
    prospects: int
    """Stored prospects that left the queue for good."""


@dataclass(frozen=True)
class FollowUp:
    """A follow-up the rep agreed to: who, when it is due, and the note from the call."""

    prospect: Prospect
    due_at: datetime
    note: str


@dataclass(frozen=True)
class ExportedCall:
    """A logged call with the prospect it was made to, for `nextcall export calls`."""

    at: datetime
    outcome: str
    reason: str | None
    note: str | None
    recovery_s: float | None
    prospect: Prospect


@dataclass(frozen=True)
class ExportedProspect:
    """A prospect with what `nextcall export prospects` adds to it."""

    prospect: Prospect
    email: str
    calls: int
    last_outcome: str | None
    last_call_at: datetime | None


@dataclass(frozen=True)
class Win:
    """An entry in the wins jar."""

    at: datetime
    kind: str
    text: str


AVERAGE_LOOKBACK_DAYS = 120
"""How far back the 30-day averages look for working days with dials (30 working days span six
calendar weeks; a rep back from a long break starts from the rule of thumb again)."""
_CHUNK = 500
"""Numbers per `IN (...)` query (well under SQLite's variable limit)."""


@dataclass(frozen=True)
class BlockRecord:
    """A call block as stored."""

    id: int
    day: date
    started_at: datetime
    ended_at: datetime | None
    planned_minutes: int
    counts: DayCounts


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

    def import_prospects(
        self,
        rows: Sequence[NewProspect],
        at: datetime,
        *,
        commit: bool = True,
        lines: Mapping[str, int] | None = None,
    ) -> ImportCounts:
        """Add `rows` (one per number) in one transaction. A number already stored is merged:
        its empty company, title, email and zone are filled and new notes appended; its name
        and place in the queue stay, and another person or email in the row is written into
        its notes (with the row's line from `lines`, number -> line). With `commit=False`
        nothing is kept (a dry run)."""
        stamp = iso(at)
        with _Transaction(self.conn, keep=commit):
            existing = self._by_phone([r.phone for r in rows])
            blocked = self._dnc_among([r.phone for r in rows if r.phone not in existing])
            fresh = [r for r in rows if r.phone not in existing]
            self.conn.executemany(
                "INSERT INTO prospects (name, company, title, phone, phone_display, email, notes,"
                " timezone, lifecycle, due_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    (
                        *(r.name, r.company, r.title, r.phone, r.phone_display),
                        *(r.email, r.notes, r.timezone),
                        "dnc" if r.phone in blocked else "active",
                        stamp,
                        stamp,
                    )
                    for r in fresh
                ),
            )
            updates = []
            found_clashes: list[Clash] = []
            for row in rows:
                found = existing.get(row.phone)
                if found is not None:
                    pid, name, stored = found
                    clashed = clashes(
                        name, stored[2], row.name, row.email, (lines or {}).get(row.phone, 0)
                    )
                    found_clashes.extend(clashed)
                    merged = _merged(stored, row, [clash_note(c, row.company) for c in clashed])
                    if merged != stored:
                        updates.append((*merged, pid))
            self.conn.executemany(
                f"UPDATE prospects SET {', '.join(f + ' = ?' for f in FILLED_FIELDS)}, notes = ?"
                " WHERE id = ?",
                updates,
            )
        return ImportCounts(len(fresh), len(rows) - len(fresh), len(blocked), tuple(found_clashes))

    def _by_phone(self, phones: Sequence[str]) -> dict[str, tuple[int, str, tuple[str, ...]]]:
        """Stored prospects with these numbers: number -> (id, name, (company, title, email,
        timezone, notes))."""
        found: dict[str, tuple[int, str, tuple[str, ...]]] = {}
        for i in range(0, len(phones), _CHUNK):
            chunk = phones[i : i + _CHUNK]
            rows = self.conn.execute(
                f"SELECT phone, id, name, {', '.join(FILLED_FIELDS)}, notes FROM prospects"
                f" WHERE phone IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for phone, pid, name, *fields in rows:
                found[phone] = (pid, name, tuple(fields))
        return found

    def _dnc_among(self, phones: Sequence[str]) -> set[str]:
        """Which of these numbers are on the do-not-call list."""
        if self.conn.execute("SELECT 1 FROM dnc LIMIT 1").fetchone() is None:
            return set()
        found: set[str] = set()
        for i in range(0, len(phones), _CHUNK):
            chunk = phones[i : i + _CHUNK]
            rows = self.conn.execute(
                f"SELECT phone FROM dnc WHERE phone IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update(r[0] for r in rows)
        return found

    def import_dnc(
        self, phones: Sequence[str], at: datetime, source: str, *, commit: bool = True
    ) -> DncCounts:
        """Put E.164 numbers on the do-not-call list in one transaction (as `mark_dnc`), and
        say how many were new and how many stored prospects left the queue."""
        numbers = list(dict.fromkeys(phones))
        stamp = iso(at)
        with _Transaction(self.conn, keep=commit):
            already = len(self._dnc_among(numbers))
            before = self.conn.total_changes
            self.conn.executemany(
                "UPDATE prospects SET lifecycle = 'dnc' WHERE phone = ? AND lifecycle != 'dnc'",
                ((n,) for n in numbers),
            )
            moved = self.conn.total_changes - before
            self.conn.executemany(
                "INSERT OR IGNORE INTO dnc (phone, added_at, source) VALUES (?, ?, ?)",
                ((n, stamp, source) for n in numbers),
            )
        return DncCounts(len(numbers) - already, already, moved)

    def dnc_entry(self, phone: str) -> tuple[datetime, str] | None:
        """When and from where a number went on the do-not-call list, if it is on it."""
        row = self.conn.execute(
            "SELECT added_at, source FROM dnc WHERE phone = ?", (phone,)
        ).fetchone()
        return None if row is None else (from_iso(row[0]), row[1])

    def add_history(self, calls: Sequence[HistoryCall]) -> None:
        """Write many past calls, their day totals and wins in one transaction."""
        totals: dict[tuple[str, str], int] = {}
        with self._write():
            for call in calls:
                key = (call.day.isoformat(), call.outcome)
                totals[key] = totals.get(key, 0) + 1
                cur = self.conn.execute(
                    "INSERT INTO calls (prospect_id, at, day, outcome, reason, ritual, recovery_s,"
                    " prior) VALUES (?,?,?,?,?,?,?,'{}')",
                    (
                        call.prospect_id,
                        iso(call.at),
                        call.day.isoformat(),
                        call.outcome,
                        call.reason,
                        call.ritual,
                        call.recovery_s,
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
        outcome: OutcomeName,
        at: datetime,
        day: date,
        new_state: ProspectState,
        *,
        reason: str | None = None,
        note: str | None = None,
        duration_s: float | None = None,
    ) -> CallRecord:
        """Record one call and its consequences in one durable transaction."""
        kind = BY_NAME[outcome].win
        with self._write():
            cur = self.conn.execute(
                "INSERT INTO calls (prospect_id, at, day, outcome, reason, note, duration_s, prior)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (
                    prospect.id,
                    iso(at),
                    day.isoformat(),
                    outcome,
                    reason,
                    note,
                    duration_s,
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
        prospect returns to the state it had, and an ended call block it was logged in counts
        it no more. None when the day has nothing left to undo.
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
            self._uncount_in_block(day, at, outcome)
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

    def schedule_follow_up(self, prospect_id: int, state: ProspectState, note: str) -> None:
        """Bring a prospect back as a follow-up; the note goes on their latest call (where the
        card and the follow-up exports read it), in one transaction."""
        with self._write():
            self._set_state(prospect_id, state)
            if note:
                self.conn.execute(
                    "UPDATE calls SET note = ? WHERE id = (SELECT max(id) FROM calls"
                    " WHERE prospect_id = ?)",
                    (note, prospect_id),
                )

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

    # -- the day plan and call blocks ------------------------------------------------------------

    def day_plan(self, day: date) -> DayPlan | None:
        row = self.conn.execute(
            "SELECT kind, target FROM day_plans WHERE day = ?", (day.isoformat(),)
        ).fetchone()
        return None if row is None else DayPlan(row[0], int(row[1]))

    def latest_plan(self, before: date) -> DayPlan | None:
        """The most recent plan set before `before` (yesterday's, or the last working day's)."""
        row = self.conn.execute(
            "SELECT kind, target FROM day_plans WHERE day < ? ORDER BY day DESC LIMIT 1",
            (before.isoformat(),),
        ).fetchone()
        return None if row is None else DayPlan(row[0], int(row[1]))

    def set_day_plan(self, day: date, plan: DayPlan, at: datetime) -> None:
        with self._write():
            self.conn.execute(
                "INSERT INTO day_plans (day, kind, target, set_at) VALUES (?,?,?,?)"
                " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, target = excluded.target,"
                " set_at = excluded.set_at",
                (day.isoformat(), plan.kind, plan.target, iso(at)),
            )

    def start_block(self, day: date, at: datetime, planned_minutes: int) -> int:
        with self._write():
            cur = self.conn.execute(
                "INSERT INTO blocks (day, started_at, planned_minutes) VALUES (?,?,?)",
                (day.isoformat(), iso(at), planned_minutes),
            )
        return int(cur.lastrowid or 0)

    def end_block(self, block_id: int, at: datetime, counts: DayCounts) -> None:
        shown = {k: v for k, v in counts.by_outcome.items() if v}
        with self._write():
            self.conn.execute(
                "UPDATE blocks SET ended_at = ?, counts = ? WHERE id = ?",
                (iso(at), json.dumps(shown), block_id),
            )

    def discard_block(self, block_id: int) -> None:
        """Forget a block that was started and ended with nothing in it (a double `k`)."""
        with self._write():
            self.conn.execute("DELETE FROM blocks WHERE id = ?", (block_id,))

    def close_stale_blocks(self) -> int:
        """End every block left unended by an app that closed without ending it (a crash): it
        ends at its last call within its planned length (at its start when it has none), and
        its counts are those calls. Run at start-up, before a new block can start. Returns how
        many it closed."""
        stale = self.conn.execute(
            "SELECT id, day, started_at, planned_minutes FROM blocks WHERE ended_at IS NULL"
        ).fetchall()
        if not stale:
            return 0  # the usual start-up: nothing to write
        with self._write():
            for block_id, day, started, minutes in stale:
                start = from_iso(started)
                end = start + timedelta(minutes=minutes)
                first = date.fromisoformat(day)
                rows = self.conn.execute(
                    "SELECT outcome, count(*), max(at) FROM calls WHERE day BETWEEN ? AND ?"
                    " AND at >= ? AND at <= ? GROUP BY outcome",
                    (first.isoformat(), (first + timedelta(days=1)).isoformat(), started, iso(end)),
                ).fetchall()
                counts = {o: int(n) for o, n, _ in rows if o in BY_NAME}
                ended = max((at for _, _, at in rows), default=started)
                self.conn.execute(
                    "UPDATE blocks SET ended_at = ?, counts = ? WHERE id = ?",
                    (ended, json.dumps(counts), block_id),
                )
        return len(stale)

    def _uncount_in_block(self, day: date, stamp: str, outcome: str) -> None:
        """An undone call leaves the ended block it was logged in (its stored counts). A
        running block is not touched: the session keeps its counts until it ends."""
        row = self.conn.execute(
            "SELECT id, counts FROM blocks WHERE day BETWEEN ? AND ? AND started_at <= ?"
            " AND ended_at >= ? ORDER BY started_at DESC LIMIT 1",
            ((day - timedelta(days=1)).isoformat(), day.isoformat(), stamp, stamp),
        ).fetchone()
        if row is None:
            return
        counts = json.loads(row[1])
        counts[outcome] = max(0, int(counts.get(outcome, 0)) - 1)
        shown = {k: v for k, v in counts.items() if v}
        self.conn.execute("UPDATE blocks SET counts = ? WHERE id = ?", (json.dumps(shown), row[0]))

    def blocks(self, first: date, last: date) -> list[BlockRecord]:
        """The blocks started from `first` to `last`, oldest first."""
        rows = self.conn.execute(
            "SELECT id, day, started_at, ended_at, planned_minutes, counts FROM blocks"
            " WHERE day BETWEEN ? AND ? ORDER BY started_at",
            (first.isoformat(), last.isoformat()),
        )
        return [
            BlockRecord(
                i,
                date.fromisoformat(d),
                from_iso(s),
                None if e is None else from_iso(e),
                p,
                DayCounts.of({k: v for k, v in json.loads(c).items() if k in BY_NAME}),
            )
            for i, d, s, e, p, c in rows
        ]

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

    def search(self, text: str, limit: int) -> list[Prospect]:
        """Prospects of any standing (queued, archived, done, do-not-call) whose name or company
        contains `text`, active ones first."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.conn.execute(
            f"SELECT {_PROSPECT_COLUMNS} FROM prospects WHERE name LIKE ?1 ESCAPE '\\'"
            " OR company LIKE ?1 ESCAPE '\\' ORDER BY lifecycle != 'active', name LIMIT ?2",
            (pattern, limit),
        )
        return [_prospect(r) for r in rows]

    def follow_ups(self, first: datetime | None, last: datetime, limit: int = -1) -> list[FollowUp]:
        """Follow-ups due from `first` (inclusive; None: any time before, as in
        `count_follow_ups`) to `last` (exclusive), soonest first (at most `limit`; -1: all),
        each with the note of the call that set it. An index range scan."""
        rows = self.conn.execute(
            f"SELECT {_PROSPECT_COLUMNS}, (SELECT note FROM calls WHERE prospect_id = p.id"
            " ORDER BY at DESC LIMIT 1) FROM prospects p WHERE lifecycle = 'active' AND slot = ?"
            " AND due_at >= ? AND due_at < ? ORDER BY due_at, id LIMIT ?",
            (int(Slot.FOLLOW_UP), "" if first is None else iso(first), iso(last), limit),
        )
        out = []
        for row in rows:
            prospect = _prospect(row[:-1])
            out.append(FollowUp(prospect, prospect.state.due_at, row[-1] or ""))
        return out

    def count_follow_ups(self, first: datetime | None, last: datetime) -> int:
        """How many follow-ups fall due from `first` (inclusive; None: any time before) to
        `last` (exclusive). Overdue ones are still waiting in the queue, so they count."""
        return int(
            self.conn.execute(
                "SELECT count(*) FROM prospects WHERE lifecycle = 'active' AND slot = ?"
                " AND due_at >= ? AND due_at < ?",
                (int(Slot.FOLLOW_UP), "" if first is None else iso(first), iso(last)),
            ).fetchone()[0]
        )

    def calls_between(self, first: date, last: date) -> Iterator[ExportedCall]:
        """Calls logged on local days `first` to `last` (inclusive), oldest first. Each
        prospect is read once (a year holds ~1,000,000 calls to ~50,000 people)."""
        rows = self.conn.execute(
            "SELECT at, outcome, reason, note, recovery_s, prospect_id FROM calls"
            " WHERE day BETWEEN ? AND ? ORDER BY day, id",
            (first.isoformat(), last.isoformat()),
        )
        people: dict[int, Prospect] = {}
        for at, outcome, reason, note, recovery, pid in rows:
            prospect = people.get(pid)
            if prospect is None:
                prospect = people[pid] = self.prospects([pid])[pid]
            yield ExportedCall(from_iso(at), outcome, reason, note, recovery, prospect)

    def all_prospects(
        self, first: date | None = None, last: date | None = None
    ) -> Iterator[ExportedProspect]:
        """Every prospect (or those called on local days `first`..`last`) with its email, calls
        made, and latest outcome and time, in the order they were added."""
        where = ""
        args: tuple[str, ...] = ()
        if first is not None and last is not None:
            where = "WHERE p.id IN (SELECT prospect_id FROM calls WHERE day BETWEEN ? AND ?)"
            args = (first.isoformat(), last.isoformat())
        cols = ", ".join(f"p.{c.strip()}" for c in _PROSPECT_COLUMNS.split(","))
        rows = self.conn.execute(
            f"SELECT {cols}, p.email, (SELECT count(*) FROM calls WHERE prospect_id = p.id),"
            " (SELECT outcome || ' ' || at FROM calls WHERE prospect_id = p.id"
            f" ORDER BY at DESC LIMIT 1) FROM prospects p {where} ORDER BY p.id",
            args,
        )
        for *prospect, email, calls, latest in rows:
            outcome, _, at = (latest or "").partition(" ")
            yield ExportedProspect(
                _prospect(prospect), email, calls, outcome or None, from_iso(at) if at else None
            )

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

    def count_kept(self) -> int:
        """Prospects in the database and not archived: those being worked and those booked.
        Do-not-call entries are left out too: they are never dialed, only kept as a block."""
        return int(
            self.conn.execute(
                "SELECT count(*) FROM prospects WHERE lifecycle IN ('active', 'done')"
            ).fetchone()[0]
        )

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
        """The counts of the last `limit` working days (Monday to Friday) with dials before
        `before`, most recent first, looking back at most AVERAGE_LOOKBACK_DAYS: the read is a
        bounded index range, whatever the history's length."""
        since = before - timedelta(days=AVERAGE_LOOKBACK_DAYS)
        rows = self.conn.execute(
            "SELECT day, outcome, n FROM day_totals WHERE day >= ? AND day < ? AND n > 0",
            (since.isoformat(), before.isoformat()),
        )
        days: dict[str, dict[str, int]] = {}
        for day, outcome, n in rows:
            if outcome in BY_NAME:
                days.setdefault(day, {})[outcome] = n
        worked = [d for d in sorted(days, reverse=True) if is_working_day(date.fromisoformat(d))]
        return [DayCounts.of(days[d]) for d in worked[:limit]]

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

    def wins(self, first: date, last: date, limit: int = -1) -> list[Win]:
        """The wins from `first` to `last`, newest first (at most `limit`; -1: all)."""
        rows = self.conn.execute(
            "SELECT at, kind, text FROM wins WHERE day BETWEEN ? AND ? ORDER BY at DESC, id DESC"
            " LIMIT ?",
            (first.isoformat(), last.isoformat(), limit),
        )
        return [Win(from_iso(a), k, t) for a, k, t in rows]

    def count_wins(self, first: date, last: date) -> dict[str, int]:
        """Wins from `first` to `last` by kind."""
        rows = self.conn.execute(
            "SELECT kind, count(*) FROM wins WHERE day BETWEEN ? AND ? GROUP BY kind",
            (first.isoformat(), last.isoformat()),
        )
        return {k: int(n) for k, n in rows}

    def days_counts(self, first: date, last: date) -> dict[date, DayCounts]:
        """Each day's counts from `first` to `last` (days without dials left out)."""
        rows = self.conn.execute(
            "SELECT day, outcome, n FROM day_totals WHERE day BETWEEN ? AND ?",
            (first.isoformat(), last.isoformat()),
        )
        days: dict[str, dict[str, int]] = {}
        for day, outcome, n in rows:
            if outcome in BY_NAME and n:
                days.setdefault(day, {})[outcome] = n
        return {date.fromisoformat(d): DayCounts.of(c) for d, c in days.items()}

    _RITUALS = "FROM calls WHERE ritual IS NOT NULL AND day BETWEEN ? AND ?"

    def ritual_counts(self, first: date, last: date) -> tuple[int, int]:
        """(rejections the ritual recorded, of them skipped) from `first` to `last`."""
        row = self.conn.execute(
            f"SELECT count(*), coalesce(sum(ritual = 'skipped'), 0) {self._RITUALS}",
            (first.isoformat(), last.isoformat()),
        ).fetchone()
        return int(row[0]), int(row[1])

    def recovery_median_s(self, first: date, last: date) -> float | None:
        """The median recovery time from `first` to `last` (the review and `nextcall stats`
        both read this one), computed in SQLite on a covering index (the middle one or two
        values), so a year of rejections never reaches Python."""
        span = (first.isoformat(), last.isoformat())
        known = f"{self._RITUALS} AND recovery_s IS NOT NULL"
        n = int(self.conn.execute(f"SELECT count(*) {known}", span).fetchone()[0])
        if not n:
            return None
        rows = self.conn.execute(
            f"SELECT recovery_s {known} ORDER BY recovery_s LIMIT ? OFFSET ?",
            (*span, 2 - n % 2, (n - 1) // 2),
        ).fetchall()
        return float(sum(r[0] for r in rows) / len(rows))

    def ritual_weekly_median_s(self, first: date, weeks: int) -> list[float | None]:
        """Median recovery times of `weeks` consecutive seven-day spans from `first`."""
        starts = (first + timedelta(days=7 * k) for k in range(weeks))
        return [self.recovery_median_s(d, d + timedelta(days=6)) for d in starts]


def _merged(stored: tuple[str, ...], row: NewProspect, extra: Sequence[str]) -> tuple[str, ...]:
    """A stored prospect's (company, title, email, timezone, notes) with an imported row
    merged in, by the domain's rules, and `extra` notes (what the merge would lose) added."""
    *fields, notes = stored
    filled = [
        merge_field(kept, getattr(row, f)) for kept, f in zip(fields, FILLED_FIELDS, strict=True)
    ]
    for note in (row.notes, *extra):
        notes = merge_notes(notes, note)
    return (*filled, notes)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (or always, when not `keep`)."""

    def __init__(self, conn: sqlite3.Connection, keep: bool = True) -> None:
        self.conn = conn
        self.keep = keep

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None or not self.keep:
            self.conn.execute("ROLLBACK")
            return
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error:
            if self.conn.in_transaction:  # e.g. a full disk: leave the connection usable
                self.conn.execute("ROLLBACK")
            raise

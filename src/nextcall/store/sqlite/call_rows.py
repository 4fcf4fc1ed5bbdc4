"""Calls: logging an outcome and taking it back, calls written in bulk, a prospect's history,
what the ritual writes on a rejection's row, notes and wins written by hand."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from nextcall.domain.outcomes import BY_NAME, REASONS, OutcomeName, WinKind
from nextcall.domain.prospects import CallRecord, Prospect, ProspectState
from nextcall.domain.ritual import RitualEnd
from nextcall.store.codec import from_iso, iso, state_from_json, state_json
from nextcall.store.records import HistoryCall
from nextcall.store.sqlite.base import CHUNK, Base


class Calls(Base):
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
                    state_json(prospect.state),
                ),
            )
            call_id = int(cur.lastrowid or 0)
            self._set_state(prospect.id, new_state)
            self.conn.execute(
                "INSERT INTO day_totals (day, outcome, n) VALUES (?, ?, 1)"
                " ON CONFLICT (day, outcome) DO UPDATE SET n = n + 1",
                (day.isoformat(), outcome),
            )
            if outcome is OutcomeName.MEETING:  # its dial: the day's calls so far, this one too
                self.conn.execute(
                    "INSERT INTO meeting_dials (call_id, day, dial)"
                    " SELECT ?, ?, sum(n) FROM day_totals WHERE day = ?",
                    (call_id, day.isoformat(), day.isoformat()),
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
            self._set_state(pid, state_from_json(prior))
            self.conn.execute("DELETE FROM wins WHERE call_id = ?", (call_id,))
            self.conn.execute("DELETE FROM meeting_dials WHERE call_id = ?", (call_id,))
            self.conn.execute("DELETE FROM calls WHERE id = ?", (call_id,))
            self.conn.execute(
                "UPDATE day_totals SET n = n - 1 WHERE day = ? AND outcome = ?",
                (day.isoformat(), outcome),
            )
            self._uncount_in_block(day, at, outcome)
        return CallRecord(call_id, pid, from_iso(at), outcome, reason, note)

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
            days = sorted({d for d, _ in totals})
            for i in range(0, len(days), CHUNK):  # each meeting's dial, on the days written
                chunk = days[i : i + CHUNK]
                self.conn.execute(
                    "INSERT OR REPLACE INTO meeting_dials (call_id, day, dial) SELECT id, day, k"
                    " FROM (SELECT id, day, outcome, row_number() OVER (PARTITION BY day ORDER BY id)"
                    f" AS k FROM calls WHERE day IN ({','.join('?' * len(chunk))}))"
                    " WHERE outcome = 'meeting'",
                    chunk,
                )

    def history(self, prospect_id: int, limit: int = 5) -> list[CallRecord]:
        """The prospect's latest calls, newest first."""
        rows = self.conn.execute(
            "SELECT id, prospect_id, at, outcome, reason, note FROM calls WHERE prospect_id = ?"
            " ORDER BY at DESC LIMIT ?",
            (prospect_id, limit),
        )
        return [CallRecord(r[0], r[1], from_iso(r[2]), r[3], r[4], r[5]) for r in rows]

    def last_rejection(self, day: date) -> CallRecord | None:
        """The newest rejection logged on `day` (a walk back through the day's index)."""
        row = self.conn.execute(
            "SELECT id, prospect_id, at, outcome, reason, note FROM calls"
            " WHERE day = ? AND outcome = 'rejected' ORDER BY id DESC LIMIT 1",
            (day.isoformat(),),
        ).fetchone()
        return None if row is None else CallRecord(row[0], row[1], from_iso(row[2]), *row[3:])

    # -- what the ritual writes on a rejection's row ---------------------------------------------

    def set_reason(self, call_id: int, reason: str | None) -> None:
        """Tag a rejection with its reason (one of REASONS), or clear the tag."""
        if reason is not None and reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        with self._write():
            self.conn.execute("UPDATE calls SET reason = ? WHERE id = ?", (reason, call_id))

    def set_ritual(self, call_id: int, ritual: RitualEnd) -> None:
        """How the ritual after this rejection ended (its value is stored)."""
        try:
            value = RitualEnd(ritual).value
        except ValueError:
            raise ValueError(f"unknown ritual ending {ritual!r}") from None
        with self._write():
            self.conn.execute("UPDATE calls SET ritual = ? WHERE id = ?", (value, call_id))

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

    # -- written by hand -------------------------------------------------------------------------

    def add_note(self, prospect_id: int, text: str, day: date) -> None:
        """Append a dated note to the prospect's notes."""
        with self._write():
            self.conn.execute(
                "UPDATE prospects SET notes = CASE WHEN notes = '' THEN ? ELSE notes || char(10) || ?"
                " END WHERE id = ?",
                (f"{day:%d %b}: {text}",) * 2 + (prospect_id,),
            )

    def set_call_note(self, prospect_id: int, start: int, entry: str) -> None:
        """Keep the notes' first `start` characters and put `entry` after them."""
        if start < 0:
            raise ValueError(f"a note starts at a character, not at {start}")
        with self._write():
            self.conn.execute(
                "UPDATE prospects SET notes = substr(notes, 1, ?) || ? WHERE id = ?",
                (start, entry, prospect_id),
            )

    def add_win(self, text: str, at: datetime, day: date, prospect_id: int | None = None) -> None:
        """A small win logged by hand."""
        with self._write():
            self.conn.execute(
                "INSERT INTO wins (at, day, kind, text, prospect_id) VALUES (?,?,?,?,?)",
                (iso(at), day.isoformat(), WinKind.MANUAL.value, text, prospect_id),
            )

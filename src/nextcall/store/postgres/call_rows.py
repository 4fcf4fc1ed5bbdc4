"""Calls: logging an outcome (with its day total, meeting dial and win, the rep's claim given
up), undo of the rep's own, calls written in bulk, a prospect's history, notes and wins. What
the ritual writes on a call (its tag, its private parts) is in `ritual_rows`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from nextcall.domain.outcomes import BY_NAME, OutcomeName, WinKind
from nextcall.domain.prospects import CallRecord, Lifecycle, Prospect, ProspectState, Slot
from nextcall.store.codec import from_iso, iso, state_from_json, state_json
from nextcall.store.errors import StoreError
from nextcall.store.postgres.ritual_rows import RitualParts
from nextcall.store.records import HistoryCall

CALL_COLUMNS = "id, prospect_id, at, outcome, reason, note"
"""The columns `_record` reads, in its order."""

LOG_SQL = """
INSERT INTO calls
    (prospect_id, rep, at, day, outcome, reason, note, prior, duration_s, outbox_key, prior_owner)
SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, (SELECT owner FROM prospects WHERE id = %s)
ON CONFLICT (outbox_key) DO NOTHING
RETURNING id
"""
"""One call, with whom the prospect waited for before it (for undo); nothing when the outbox
already sent it under the same key."""

COUNT_SQL = """
INSERT INTO day_totals (rep, day, outcome, n) VALUES (%s, %s, %s, %s)
ON CONFLICT (rep, day, outcome) DO UPDATE SET n = day_totals.n + EXCLUDED.n
"""

MEETING_DIAL_SQL = """
INSERT INTO meeting_dials (call_id, rep, day, dial)
SELECT %s, %s, %s, sum(n) FROM day_totals WHERE rep = %s AND day = %s
"""
"""A meeting's dial: the rep's calls that day so far, this one too."""

HISTORY_DIALS_SQL = """
INSERT INTO meeting_dials (call_id, rep, day, dial)
SELECT id, rep, day, k FROM (
    SELECT id, rep, day, outcome, row_number() OVER (PARTITION BY day ORDER BY id) AS k
    FROM calls WHERE rep = %s AND day = ANY(%s)
) AS numbered
WHERE outcome = 'meeting'
ON CONFLICT (call_id) DO UPDATE SET dial = EXCLUDED.dial
"""
"""Each meeting's dial on the days written in bulk (the rep's own calls only)."""

RELEASE_SQL = """
WITH released AS (DELETE FROM claims WHERE prospect_id = %s AND rep = %s)
INSERT INTO reps (rep, seen_at) VALUES (%s, now()) ON CONFLICT (rep) DO UPDATE SET seen_at = now()
"""
"""The rep's claim on the prospect given up, and their sign of life, in one statement."""

PRIOR_SQL = (
    "SELECT lifecycle, slot, due_at, attempts, timed FROM prospects WHERE id = %s FOR NO KEY UPDATE"
)
"""The prospect's state as the team database holds it, locked until the call is stored."""


def _record(row: Sequence[Any]) -> CallRecord:
    """A call from its CALL_COLUMNS."""
    call_id, pid, at, outcome, reason, note = row
    return CallRecord(int(call_id), int(pid), from_iso(at), outcome, reason, note)


class Calls(RitualParts):
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
        outbox_key: str | None = None,
    ) -> CallRecord:
        """Record one call and its consequences in one transaction, and give up the rep's
        claim on the prospect. With `outbox_key` (the offline outbox sending it), a call
        already stored under that key is returned as it is and nothing is written again.
        What undo gives back is the prospect's state as the team database held it, locked
        first: not the state the rep's screen had, which another rep's call may have changed
        since."""
        with self._write():
            prior = self._prior(prospect)
            row = self.conn.execute(
                LOG_SQL,
                (
                    prospect.id,
                    self.rep,
                    iso(at),
                    day.isoformat(),
                    outcome,
                    reason,
                    note,
                    prior,
                    duration_s,
                    outbox_key,
                    prospect.id,
                ),
            ).fetchone()
            if row is None:
                return self._sent_before(str(outbox_key))
            call_id = int(row[0])
            self._set_state(prospect.id, new_state)
            self._consequences(call_id, prospect, outcome, at, day)
        return CallRecord(call_id, prospect.id, at, outcome, reason, note)

    def _prior(self, prospect: Prospect) -> str:
        """The prospect's stored state, as undo reads it back (JSON), the row locked for this
        transaction (LOG_SQL then reads its owner). An unknown prospect: the caller's state
        (the call is refused)."""
        row = self.conn.execute(PRIOR_SQL, (prospect.id,)).fetchone()
        if row is None:
            return state_json(prospect.state)
        lifecycle, slot, due_at, attempts, timed = row
        state = ProspectState(
            Lifecycle(lifecycle), Slot(slot), from_iso(due_at), int(attempts), bool(timed)
        )
        return state_json(state)

    def _consequences(
        self, call_id: int, prospect: Prospect, outcome: OutcomeName, at: datetime, day: date
    ) -> None:
        """The day's count, a meeting's dial, the win, the claim given up, a sign of life."""
        today = day.isoformat()
        self.conn.execute(COUNT_SQL, (self.rep, today, outcome, 1))
        if outcome == OutcomeName.MEETING:
            self.conn.execute(MEETING_DIAL_SQL, (call_id, self.rep, today, self.rep, today))
        kind = BY_NAME[outcome].win
        if kind is not None:
            self.conn.execute(
                "INSERT INTO wins (rep, at, day, kind, text, prospect_id, call_id)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (
                    self.rep,
                    iso(at),
                    today,
                    kind.value,
                    f"{prospect.name}, {prospect.company}".strip(", "),
                    prospect.id,
                    call_id,
                ),
            )
        self.conn.execute(RELEASE_SQL, (prospect.id, self.rep, self.rep))

    def _sent_before(self, key: str) -> CallRecord:
        """The call the outbox already stored under `key` (a send whose answer was lost)."""
        row = self.conn.execute(
            f"SELECT {CALL_COLUMNS} FROM calls WHERE outbox_key = %s AND rep = %s",
            (key, self.rep),
        ).fetchone()
        if row is None:
            raise StoreError("this outcome was already stored under another rep's name")
        return _record(row)

    # -- undo ------------------------------------------------------------------------------------

    def undo_last(self, day: date) -> CallRecord | None:
        """Take back this rep's newest outcome logged on `day` (never another rep's, never one
        written by `add_history`): the call, its win, count, meeting dial and private parts;
        the prospect returns to the state it had unless another rep has called them since
        (their outcome stands). An ended call block it was logged in counts it no more."""
        with self._write():
            row = self.conn.execute(
                f"SELECT {CALL_COLUMNS}, prior, prior_owner FROM calls WHERE rep = %s"
                " AND day = %s AND in_history = 0 ORDER BY id DESC LIMIT 1 FOR UPDATE",
                (self.rep, day.isoformat()),
            ).fetchone()
            if row is None:
                return None
            call = _record(row[:6])
            self._restore(call, state_from_json(row[6]), row[7])
            for table in ("wins", "meeting_dials", "call_private"):
                self.conn.execute(f"DELETE FROM {table} WHERE call_id = %s", (call.id,))
            self.conn.execute("DELETE FROM calls WHERE id = %s", (call.id,))
            self.conn.execute(
                "UPDATE day_totals SET n = n - 1 WHERE rep = %s AND day = %s AND outcome = %s",
                (self.rep, day.isoformat(), call.outcome),
            )
            self._uncount_in_block(day, iso(call.at), call.outcome)
        return call

    def _restore(self, call: CallRecord, prior: ProspectState, owner: str | None) -> None:
        """The prospect's state before `call`, a follow-up waiting again for whom it waited for
        (`owner`; None: anyone), unless a later call (another rep's) set it."""
        self.conn.execute("SELECT 1 FROM prospects WHERE id = %s FOR UPDATE", (call.prospect_id,))
        later = self.conn.execute(
            "SELECT 1 FROM calls WHERE prospect_id = %s AND id > %s LIMIT 1",
            (call.prospect_id, call.id),
        ).fetchone()
        if later is None:
            self._set_state(call.prospect_id, prior)
            self.conn.execute(
                "UPDATE prospects SET owner = %s WHERE id = %s",
                (owner if prior.slot is Slot.FOLLOW_UP else None, call.prospect_id),
            )

    def _uncount_in_block(self, day: date, stamp: str, outcome: str) -> None:
        """An undone call leaves the rep's ended block it was logged in (its stored counts).
        A running block is not touched: the session keeps its counts until it ends."""
        row = self.conn.execute(
            "SELECT id, counts FROM blocks WHERE rep = %s AND day BETWEEN %s AND %s"
            " AND started_at <= %s AND ended_at >= %s ORDER BY started_at DESC LIMIT 1",
            (self.rep, (day - timedelta(days=1)).isoformat(), day.isoformat(), stamp, stamp),
        ).fetchone()
        if row is None:
            return
        counts = json.loads(row[1])
        counts[outcome] = max(0, int(counts.get(outcome, 0)) - 1)
        shown = {k: v for k, v in counts.items() if v}
        self.conn.execute(
            "UPDATE blocks SET counts = %s WHERE id = %s", (json.dumps(shown), row[0])
        )

    # -- calls in bulk, a prospect's history -----------------------------------------------------

    def add_history(self, calls: Sequence[HistoryCall]) -> None:
        """Write many past calls as this rep's (never undoable), their day totals, wins,
        meeting dials and private parts, in one transaction."""
        if not calls:
            return
        with self._write():
            ids = [
                int(r[0])
                for r in self.conn.execute(
                    "SELECT nextval(pg_get_serial_sequence('calls', 'id'))"
                    " FROM generate_series(1, %s)",
                    (len(calls),),
                )
            ]
            self.conn.executemany(
                "INSERT INTO calls (id, prospect_id, rep, at, day, outcome, reason, prior,"
                " in_history, logged_at) VALUES (%s, %s, %s, %s, %s, %s, %s, '{}', 1,"
                " LEAST(%s::timestamptz, now() - interval '1 day'))",
                (
                    (i, c.prospect_id, self.rep, iso(c.at), c.day.isoformat(), c.outcome, c.reason)
                    + (c.at,)  # past calls (a mistyped date too): no claim waits after them
                    for i, c in zip(ids, calls, strict=True)
                ),
            )
            self._history_wins(ids, calls)
            self._history_private(ids, calls)
            self._history_totals(calls)

    def _history_wins(self, ids: Sequence[int], calls: Sequence[HistoryCall]) -> None:
        rows = [
            (self.rep, iso(c.at), c.day.isoformat(), kind.value, i, c.prospect_id)
            for i, c in zip(ids, calls, strict=True)
            if (kind := BY_NAME[c.outcome].win) is not None
        ]
        self.conn.executemany(
            "INSERT INTO wins (rep, at, day, kind, call_id, prospect_id, text)"
            " SELECT %s, %s, %s, %s, %s, id, name || ', ' || company FROM prospects WHERE id = %s",
            rows,
        )

    def _history_private(self, ids: Sequence[int], calls: Sequence[HistoryCall]) -> None:
        self.conn.executemany(
            "INSERT INTO call_private (call_id, rep, day, ritual, recovery_s)"
            " VALUES (%s, %s, %s, %s, %s)",
            (
                (i, self.rep, c.day.isoformat(), c.ritual, c.recovery_s)
                for i, c in zip(ids, calls, strict=True)
                if c.ritual is not None or c.recovery_s is not None
            ),
        )

    def _history_totals(self, calls: Sequence[HistoryCall]) -> None:
        totals: dict[tuple[str, str], int] = {}
        for c in calls:
            key = (c.day.isoformat(), c.outcome)
            totals[key] = totals.get(key, 0) + 1
        self.conn.executemany(
            COUNT_SQL, ((self.rep, day, outcome, n) for (day, outcome), n in totals.items())
        )
        days = sorted({day for day, _ in totals})
        self.conn.execute(HISTORY_DIALS_SQL, (self.rep, days))

    def history(self, prospect_id: int, limit: int = 5) -> list[CallRecord]:
        """The prospect's latest calls by any rep, newest first (`limit` -1: all)."""
        rows = self.conn.execute(
            f"SELECT {CALL_COLUMNS} FROM calls WHERE prospect_id = %s"
            " ORDER BY at DESC, id DESC LIMIT %s",
            (prospect_id, None if limit < 0 else limit),
        )
        return [_record(r) for r in rows]

    def last_rejection(self, day: date) -> CallRecord | None:
        """This rep's newest rejection logged on `day` (a walk back through the day's index)."""
        row = self.conn.execute(
            f"SELECT {CALL_COLUMNS} FROM calls WHERE rep = %s AND day = %s"
            " AND outcome = 'rejected' ORDER BY id DESC LIMIT 1",
            (self.rep, day.isoformat()),
        ).fetchone()
        return None if row is None else _record(row)

    # -- written by hand -------------------------------------------------------------------------

    def add_note(self, prospect_id: int, text: str, day: date) -> None:
        """Append a dated note to the prospect's notes."""
        entry = f"{day:%d %b}: {text}"
        with self._write():
            self.conn.execute(
                "UPDATE prospects SET notes = CASE WHEN notes = '' THEN %s"
                " ELSE notes || chr(10) || %s END WHERE id = %s",
                (entry, entry, prospect_id),
            )

    def set_call_note(self, prospect_id: int, start: int, entry: str) -> None:
        """Write `entry`, the note of the call that began when the notes held `start`
        characters: at first after the notes, then again in place of what it last wrote (its
        place is kept on the prospect's row, for any connection of the rep's). What other
        reps (or an import) added to the notes meanwhile stays, after it."""
        if start < 0:
            raise ValueError(f"a note starts at a character, not at {start}")
        with self._write():
            row = self.conn.execute(
                "SELECT notes, call_note FROM prospects WHERE id = %s FOR NO KEY UPDATE",
                (prospect_id,),
            ).fetchone()
            if row is None:
                return
            notes: str = row[0]
            at, length = self._call_note_at(row[1], start, len(notes))
            if entry and at > start and not entry.startswith("\n"):
                entry = "\n" + entry  # after another rep's note: on a line of its own
            place = {"rep": self.rep, "start": start, "at": at, "length": len(entry)}
            self.conn.execute(
                "UPDATE prospects SET notes = %s, call_note = %s WHERE id = %s",
                (notes[:at] + entry + notes[at + length :], json.dumps(place), prospect_id),
            )

    def _call_note_at(self, kept: str | None, start: int, size: int) -> tuple[int, int]:
        """Where this call's note stands in notes of `size` characters, and its length: as
        `kept` on the row when it is this rep's note of the same call, else at their end."""
        place = json.loads(kept) if kept else {}
        if place.get("rep") == self.rep and place.get("start") == start:
            at, length = int(place["at"]), int(place["length"])
            if at + length <= size:
                return at, length
        return size, 0

    def add_win(self, text: str, at: datetime, day: date, prospect_id: int | None = None) -> None:
        """A small win logged by hand, this rep's."""
        with self._write():
            self.conn.execute(
                "INSERT INTO wins (rep, at, day, kind, text, prospect_id)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (self.rep, iso(at), day.isoformat(), WinKind.MANUAL.value, text, prospect_id),
            )

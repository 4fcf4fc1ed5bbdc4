"""Follow-ups: scheduling them (the rep's own unless anyone's), reading and counting those due.
A follow-up with an `owner` waits for that rep: every read here shows this rep's own and the
ones anyone may take, never another rep's."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from nextcall.domain.prospects import ProspectState, Slot
from nextcall.store.codec import PROSPECT_COLUMNS, from_iso, iso, prospect
from nextcall.store.postgres.base import PgBase
from nextcall.store.records import FollowUp

FOLLOW_UP_COLUMNS = (
    f"{PROSPECT_COLUMNS}, email, crm_id,"
    " (SELECT note FROM calls WHERE prospect_id = p.id ORDER BY at DESC, id DESC LIMIT 1)"
)
"""A follow-up's row: the prospect, their email and CRM id, the note of their latest call."""

MINE = "(owner IS NULL OR owner = %(rep)s)"
"""This rep's follow-ups and the ones anyone may take."""

TIMED = "timed = 1 AND lifecycle = 'active' AND slot = 0"
"""The partial index prospects_timed's own conditions, written as literals so that it applies."""


def _follow_ups(rows: Iterable[Sequence[object]]) -> list[FollowUp]:
    out = []
    for *row, email, crm_id, note in rows:
        found = prospect(row)
        out.append(FollowUp(found, found.state.due_at, str(note or ""), str(email), str(crm_id)))
    return out


class FollowUps(PgBase):
    def schedule_follow_up(
        self, prospect_id: int, state: ProspectState, note: str, *, anyone: bool = False
    ) -> None:
        """Bring a prospect back as a follow-up that waits for this rep (anyone's when
        `anyone`), in one transaction. The note goes on this rep's latest call to them (where
        the card and the exports read it); another rep's call and its note are left alone."""
        with self._write():
            self._set_state(prospect_id, state)
            self.conn.execute(
                "UPDATE prospects SET owner = %s WHERE id = %s",
                (None if anyone else self.rep, prospect_id),
            )
            if note:
                self.conn.execute(
                    "UPDATE calls SET note = %s WHERE id = (SELECT max(id) FROM calls"
                    " WHERE prospect_id = %s AND rep = %s)",
                    (note, prospect_id, self.rep),
                )

    def follow_ups(self, first: datetime | None, last: datetime, limit: int = -1) -> list[FollowUp]:
        """Follow-ups due from `first` (inclusive; None: any time before) to `last`
        (exclusive), soonest first (at most `limit`; -1: all), each with the note of the call
        that set it. A range of the prospects_queue index."""
        rows = self.conn.execute(
            f"SELECT {FOLLOW_UP_COLUMNS} FROM prospects p WHERE lifecycle = 'active'"
            f" AND slot = %(slot)s AND due_at >= %(first)s AND due_at < %(last)s AND {MINE}"
            " ORDER BY due_at, id LIMIT %(limit)s",
            {
                "slot": int(Slot.FOLLOW_UP),
                "first": "" if first is None else iso(first),
                "last": iso(last),
                "rep": self.rep,
                "limit": None if limit < 0 else limit,
            },
        )
        return _follow_ups(rows)

    def timed_follow_ups(self, after: datetime, until: datetime) -> list[FollowUp]:
        """Follow-ups set for a time of day, due after `after` and by `until` (inclusive),
        soonest first, each with its note: a range of the partial index prospects_timed."""
        rows = self.conn.execute(
            f"SELECT {FOLLOW_UP_COLUMNS} FROM prospects p WHERE {TIMED}"
            f" AND due_at > %(after)s AND due_at <= %(until)s AND {MINE} ORDER BY due_at, id",
            {"after": iso(after), "until": iso(until), "rep": self.rep},
        )
        return _follow_ups(rows)

    def next_timed_follow_up(self, after: datetime) -> datetime | None:
        """When the soonest follow-up set for a time of day after `after` is due; None when
        there is none. Steps along prospects_timed from `after`."""
        row = self.conn.execute(
            f"SELECT due_at FROM prospects WHERE {TIMED} AND due_at > %(after)s AND {MINE}"
            " ORDER BY due_at LIMIT 1",
            {"after": iso(after), "rep": self.rep},
        ).fetchone()
        return None if row is None else from_iso(row[0])

    def count_follow_ups(self, first: datetime | None, last: datetime) -> int:
        """How many follow-ups fall due from `first` (inclusive; None: any time before) to
        `last` (exclusive). Overdue ones are still waiting in the queue, so they count."""
        row = self.conn.execute(
            "SELECT count(*) FROM prospects WHERE lifecycle = 'active' AND slot = %(slot)s"
            f" AND due_at >= %(first)s AND due_at < %(last)s AND {MINE}",
            {
                "slot": int(Slot.FOLLOW_UP),
                "first": "" if first is None else iso(first),
                "last": iso(last),
                "rep": self.rep,
            },
        ).fetchone()
        return int(row[0])

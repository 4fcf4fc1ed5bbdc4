"""Follow-ups (scheduling them, reading and counting the ones due) and the do-not-call list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from nextcall.domain.prospects import ProspectState, Slot
from nextcall.store.codec import PROSPECT_COLUMNS, from_iso, iso, prospect
from nextcall.store.records import DncCounts, FollowUp
from nextcall.store.sqlite.base import CHUNK, Base

FOLLOW_UP_COLUMNS = (
    f"{PROSPECT_COLUMNS}, email, crm_id,"
    " (SELECT note FROM calls WHERE prospect_id = p.id ORDER BY at DESC LIMIT 1)"
)
"""A follow-up's row: the prospect, their email and CRM id, the note of their latest call."""


def _follow_ups(rows: Iterable[Sequence[object]]) -> list[FollowUp]:
    out = []
    for *row, email, crm_id, note in rows:
        found = prospect(row)
        out.append(FollowUp(found, found.state.due_at, str(note or ""), str(email), str(crm_id)))
    return out


class FollowUps(Base):
    def schedule_follow_up(
        self, prospect_id: int, state: ProspectState, note: str, *, anyone: bool = False
    ) -> None:
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

    def follow_ups(self, first: datetime | None, last: datetime, limit: int = -1) -> list[FollowUp]:
        """Follow-ups due from `first` (inclusive; None: any time before, as in
        `count_follow_ups`) to `last` (exclusive), soonest first (at most `limit`; -1: all),
        each with the note of the call that set it. An index range scan."""
        rows = self.conn.execute(
            f"SELECT {FOLLOW_UP_COLUMNS} FROM prospects p WHERE lifecycle = 'active' AND slot = ?"
            " AND due_at >= ? AND due_at < ? ORDER BY due_at, id LIMIT ?",
            (int(Slot.FOLLOW_UP), "" if first is None else iso(first), iso(last), limit),
        )
        return _follow_ups(rows)

    def timed_follow_ups(self, after: datetime, until: datetime) -> list[FollowUp]:
        """Follow-ups set for a time of day, due after `after` and by `until` (inclusive),
        soonest first, each with its note. A range scan of the partial index prospects_timed
        (its conditions are written as literals so that it applies; INDEXED BY keeps the
        planner from scanning every follow-up ahead in prospects_queue instead)."""
        rows = self.conn.execute(
            f"SELECT {FOLLOW_UP_COLUMNS} FROM prospects p INDEXED BY prospects_timed"
            " WHERE timed = 1 AND lifecycle = 'active'"
            " AND slot = 0 AND due_at > ? AND due_at <= ? ORDER BY due_at, id",
            (iso(after), iso(until)),
        )
        return _follow_ups(rows)

    def next_timed_follow_up(self, after: datetime) -> datetime | None:
        """When the soonest follow-up set for a time of day after `after` is due; None when
        there is none. One step into the partial index prospects_timed."""
        row = self.conn.execute(
            "SELECT min(due_at) FROM prospects INDEXED BY prospects_timed"
            " WHERE timed = 1 AND lifecycle = 'active'"
            " AND slot = 0 AND due_at > ?",
            (iso(after),),
        ).fetchone()
        return None if row[0] is None else from_iso(row[0])

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

    # -- the do-not-call list --------------------------------------------------------------------

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

    def import_dnc(
        self, phones: Sequence[str], at: datetime, source: str, *, commit: bool = True
    ) -> DncCounts:
        """Put E.164 numbers on the do-not-call list in one transaction (as `mark_dnc`), and
        say how many were new and how many stored prospects left the queue."""
        numbers = list(dict.fromkeys(phones))
        stamp = iso(at)
        if not commit:  # a dry run only reads
            already = len(self._dnc_among(numbers))
            return DncCounts(len(numbers) - already, already, self._count_leaving(numbers))
        with self._write():
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

    def _count_leaving(self, numbers: Sequence[str]) -> int:
        """Stored prospects with these numbers not yet on the do-not-call list."""
        count = 0
        for i in range(0, len(numbers), CHUNK):
            chunk = numbers[i : i + CHUNK]
            count += int(
                self.conn.execute(
                    "SELECT count(*) FROM prospects WHERE lifecycle != 'dnc'"
                    f" AND phone IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchone()[0]
            )
        return count

    def is_dnc(self, phone: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM dnc WHERE phone = ?", (phone,)).fetchone() is not None
        )

    def dnc_entry(self, phone: str) -> tuple[datetime, str] | None:
        """When and from where a number went on the do-not-call list, if it is on it."""
        row = self.conn.execute(
            "SELECT added_at, source FROM dnc WHERE phone = ?", (phone,)
        ).fetchone()
        return None if row is None else (from_iso(row[0]), row[1])

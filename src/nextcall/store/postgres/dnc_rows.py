"""The team's do-not-call list: one list for every rep. A number put on it takes its prospect out
of every rep's queue for good, and any claim on that prospect goes with it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from nextcall.store.codec import from_iso, iso
from nextcall.store.postgres.base import PgBase
from nextcall.store.postgres.boundary import Connection
from nextcall.store.records import DncCounts

DNC_LIST_LOCK = 0x4E43444E
"""The advisory lock between the list and new numbers. Under READ COMMITTED a prospect being
added and its number being listed at the same moment would not see each other (the trigger
`prospects_keep_dnc` reads the list as committed, the list's UPDATE the prospects as committed)
and the number would stay dialable: writes that list numbers hold this lock alone, writes that
add prospects share it, so one always sees what the other committed."""


def hold_dnc_list(conn: Connection, *, shared: bool) -> None:
    """Take DNC_LIST_LOCK until the transaction ends: shared to add prospects, alone to list
    numbers (inside `_write()`)."""
    sql = (
        "SELECT pg_advisory_xact_lock_shared(%s)" if shared else "SELECT pg_advisory_xact_lock(%s)"
    )
    conn.execute(sql, (DNC_LIST_LOCK,))


class DoNotCall(PgBase):
    def mark_dnc(self, phones: Iterable[str], at: datetime, source: str) -> int:
        """Put E.164 numbers on the team's list; any prospect with one leaves every rep's
        queue for good and loses its claim. Returns how many numbers were new to the list."""
        numbers = list(dict.fromkeys(phones))
        with self._write():
            added = self._list(numbers, at, source)
            self._take_out(numbers)
        return added

    def import_dnc(
        self, phones: Sequence[str], at: datetime, source: str, *, commit: bool = True
    ) -> DncCounts:
        """Put E.164 numbers on the list in one transaction (as `mark_dnc`), and say how many
        were new and how many stored prospects left the queue. With `commit=False` it only
        reads (a dry run)."""
        numbers = list(dict.fromkeys(phones))
        if not commit:
            already = len(self._dnc_among(numbers))
            return DncCounts(len(numbers) - already, already, self._count_leaving(numbers))
        with self._write():
            added = self._list(numbers, at, source)
            moved = self._take_out(numbers)
        return DncCounts(added, len(numbers) - added, moved)

    def _list(self, numbers: Sequence[str], at: datetime, source: str) -> int:
        """Add the numbers the list does not hold yet (under the list's lock); how many."""
        hold_dnc_list(self.conn, shared=False)
        return self.conn.execute(
            "INSERT INTO dnc (phone, added_at, source) SELECT n, %s, %s FROM unnest(%s::text[]) n"
            " ON CONFLICT (phone) DO NOTHING",
            (iso(at), source, numbers),
        ).rowcount

    def _take_out(self, numbers: Sequence[str]) -> int:
        """Make the prospects with these numbers do-not-call and drop their claims (any
        rep's); how many prospects left the queue."""
        moved = self.conn.execute(
            "UPDATE prospects SET lifecycle = 'dnc' WHERE phone = ANY(%s::text[])"
            " AND lifecycle <> 'dnc'",
            (numbers,),
        ).rowcount
        self.conn.execute(
            "DELETE FROM claims WHERE prospect_id IN"
            " (SELECT id FROM prospects WHERE phone = ANY(%s::text[]))",
            (numbers,),
        )
        return moved

    def _count_leaving(self, numbers: Sequence[str]) -> int:
        """Stored prospects with these numbers not yet do-not-call."""
        row = self.conn.execute(
            "SELECT count(*) FROM prospects WHERE phone = ANY(%s::text[]) AND lifecycle <> 'dnc'",
            (list(numbers),),
        ).fetchone()
        return int(row[0])

    def is_dnc(self, phone: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM dnc WHERE phone = %s", (phone,)).fetchone() is not None
        )

    def dnc_entry(self, phone: str) -> tuple[datetime, str] | None:
        """When and from where a number went on the list (by any rep), if it is on it."""
        row = self.conn.execute(
            "SELECT added_at, source FROM dnc WHERE phone = %s", (phone,)
        ).fetchone()
        return None if row is None else (from_iso(row[0]), row[1])

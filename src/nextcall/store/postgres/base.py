"""What every part of the PostgreSQL store stands on: the connection, the rep it writes as, one
write's transaction, and the few statements more than one part uses."""

from __future__ import annotations

from collections.abc import Sequence

from nextcall.domain.prospects import ProspectState, Slot
from nextcall.store.codec import iso
from nextcall.store.postgres.boundary import Connection, Transaction


class PgBase:
    """The team's data on PostgreSQL, as seen by one rep. Each write is one transaction."""

    def __init__(self, conn: Connection, url: str, rep: str) -> None:
        self.conn = conn
        self.url = url
        self._rep = rep

    @property
    def rep(self) -> str:
        return self._rep

    def _write(self, keep: bool = True) -> Transaction:
        return self.conn.transaction(keep)

    def _set_state(self, prospect_id: int, state: ProspectState) -> None:
        """Set the prospect's queue state. A follow-up becomes this rep's (it waits for them;
        `schedule_follow_up` may make it anyone's); any other state belongs to no one."""
        self.conn.execute(
            "UPDATE prospects SET lifecycle = %s, slot = %s, due_at = %s, attempts = %s,"
            " timed = %s, owner = %s WHERE id = %s",
            (
                state.lifecycle.value,
                int(state.slot),
                iso(state.due_at),
                state.attempts,
                int(state.timed),
                self.rep if state.slot is Slot.FOLLOW_UP else None,
                prospect_id,
            ),
        )

    def _dnc_among(self, phones: Sequence[str]) -> set[str]:
        """Which of these numbers are on the do-not-call list."""
        rows = self.conn.execute(
            "SELECT phone FROM dnc WHERE phone = ANY(%s)", (list(phones),)
        ).fetchall()
        return {r[0] for r in rows}

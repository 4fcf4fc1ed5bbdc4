"""What the ritual writes on a rejection: its reason tag, on the call (the team's rejection audit
reads it), and the call's private parts in `call_private` (how the ritual ended, the recovery
time, the feel-it debrief), which only the rep who logged the call can write or read: the
queries say so, and row-level security makes sure of it."""

from __future__ import annotations

from typing import Literal

from nextcall.domain.outcomes import REASONS
from nextcall.domain.ritual import RitualEnd
from nextcall.store.errors import StoreError
from nextcall.store.postgres.base import PgBase

PrivateColumn = Literal["ritual", "recovery_s", "debrief"]

PRIVATE_SQL = {
    column: f"""
INSERT INTO call_private (call_id, rep, day, {column})
SELECT id, rep, day, %s FROM calls WHERE id = %s AND rep = %s
ON CONFLICT (call_id) DO UPDATE SET {column} = EXCLUDED.{column}
"""
    for column in ("ritual", "recovery_s", "debrief")
}
"""Set one private part of the rep's own call (a row made for it on first use)."""


class OthersCall(StoreError):
    """The call was logged by another rep: its tag and private parts are theirs to write."""


class RitualParts(PgBase):
    def set_reason(self, call_id: int, reason: str | None) -> None:
        """Tag this rep's rejection with its reason (one of REASONS), or clear the tag."""
        if reason is not None and reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        with self._write():
            cur = self.conn.execute(
                "UPDATE calls SET reason = %s WHERE id = %s AND rep = %s",
                (reason, call_id, self.rep),
            )
            if cur.rowcount == 0:
                self._refuse_others(call_id)

    def set_ritual(self, call_id: int, ritual: RitualEnd) -> None:
        """How the ritual after this rejection ended (its value is stored)."""
        try:
            value = RitualEnd(ritual).value
        except ValueError:
            raise ValueError(f"unknown ritual ending {ritual!r}") from None
        self._set_private(call_id, "ritual", value)

    def set_recovery(self, call_id: int, seconds: float) -> None:
        """Seconds from this rejection being logged to the next dial."""
        self._set_private(call_id, "recovery_s", float(seconds))

    def set_debrief(self, call_id: int, debrief_json: str | None) -> None:
        """The feel-it debrief (JSON) kept with the call; None clears it."""
        self._set_private(call_id, "debrief", debrief_json)

    def debrief(self, call_id: int) -> str | None:
        """The debrief of this rep's own call; None for none, or for another rep's call."""
        row = self.conn.execute(
            "SELECT debrief FROM call_private WHERE call_id = %s AND rep = %s",
            (call_id, self.rep),
        ).fetchone()
        return None if row is None else row[0]

    def _set_private(self, call_id: int, column: PrivateColumn, value: object) -> None:
        """Write one private part of the rep's own call. A call that is gone (undone) takes
        nothing, as on one rep's own file; another rep's call is refused (`OthersCall`)."""
        with self._write():
            cur = self.conn.execute(PRIVATE_SQL[column], (value, call_id, self.rep))
            if cur.rowcount == 0:
                self._refuse_others(call_id)

    def _refuse_others(self, call_id: int) -> None:
        """Raise `OthersCall` when `call_id` is another rep's call (nothing was written)."""
        row = self.conn.execute(
            "SELECT 1 FROM calls WHERE id = %s AND rep <> %s", (call_id, self.rep)
        ).fetchone()
        if row is not None:
            raise OthersCall(
                "that call was logged by another rep: only they can tag it or keep notes on it"
            )

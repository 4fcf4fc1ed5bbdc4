"""What the offline outbox sends (`nextcall.store.outbox`), each write stored once: its key is
checked and kept in the same transaction as the write (an outcome's in `calls.outbox_key`, every
key in `outbox_sent`), so a send whose answer was lost sends nothing twice. A write that meets a
change the team made meanwhile (the prospect put on do-not-call, called by another rep) is
stored without undoing that change, and the conflict is said in words kept with the key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Protocol, cast

from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.prospects import CallRecord, Lifecycle, Prospect, ProspectState
from nextcall.store.codec import PROSPECT_COLUMNS, prospect, state_json
from nextcall.store.errors import StoreError
from nextcall.store.postgres.base import PgBase

SENDER_LOCK = 0x4E434F42
"""With the rep's name, the advisory lock one sender of that rep's outbox holds per write (the
app and a command beside it never send the same key at once)."""


class _KeyedLog(Protocol):
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
    ) -> CallRecord: ...


class _FollowUps(Protocol):
    def schedule_follow_up(
        self, prospect_id: int, state: ProspectState, note: str, *, anyone: bool = False
    ) -> None: ...


class OutboxRows(PgBase):
    def send_outcome(
        self,
        key: str,
        sent: Prospect,
        outcome: OutcomeName,
        at: datetime,
        day: date,
        new_state: ProspectState,
        *,
        reason: str | None,
        note: str | None,
        duration_s: float | None,
        seen_call: int | None,
    ) -> tuple[int, str | None]:
        """Store an outcome logged offline for `sent` (the prospect as the app saw them), once:
        (its call id, the conflict met or None). On a conflict the call is stored and the
        prospect is left as the team has them."""
        with self._write():
            self._one_sender()
            row = self.conn.execute(
                "SELECT c.id, s.conflict FROM calls c LEFT JOIN outbox_sent s ON s.key = c.outbox_key"
                " WHERE c.outbox_key = %s AND c.rep = %s",
                (key, self.rep),
            ).fetchone()
            if row is not None:
                return int(row[0]), row[1]
            now = self._locked_prospect(sent.id)
            conflict = self._meanwhile(sent, now, outcome, seen_call)
            log = cast(_KeyedLog, self).log_outcome
            who, state = (sent, new_state) if conflict is None else (now, now.state)
            call = log(
                who,
                outcome,
                at,
                day,
                state,
                reason=reason,
                note=note,
                duration_s=duration_s,
                outbox_key=key,
            )
            self._keep_key(key, conflict)
        return call.id, conflict

    def send_once(self, key: str, write: Callable[[], str | None]) -> str | None:
        """Run `write` (another write of this store: a tag, a note, a win) unless the key was
        sent before, in one transaction with the key; the conflict it met (None: none)."""
        with self._write():
            self._one_sender()
            row = self.conn.execute(
                "SELECT conflict FROM outbox_sent WHERE key = %s AND rep = %s", (key, self.rep)
            ).fetchone()
            if row is not None:
                return cast(str | None, row[0])
            conflict = write()
            self._keep_key(key, conflict)
        return conflict

    def send_follow_up(
        self, prospect_id: int, state: ProspectState, note: str, anyone: bool
    ) -> str | None:
        """A follow-up set offline, unless the prospect went on the do-not-call list meanwhile
        (then the conflict, and nothing is changed). Run it inside `send_once`."""
        now = self._locked_prospect(prospect_id)
        if self._listed(now):
            return (
                f"{_who(now)} was put on the do-not-call list before the follow-up you set"
                " reached the team database: it was not kept."
            )
        cast(_FollowUps, self).schedule_follow_up(prospect_id, state, note, anyone=anyone)
        return None

    # -- parts -------------------------------------------------------------------------------------

    def _one_sender(self) -> None:
        self.conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (SENDER_LOCK, self.rep))

    def _keep_key(self, key: str, conflict: str | None) -> None:
        self.conn.execute(
            "INSERT INTO outbox_sent (key, rep, conflict) VALUES (%s, %s, %s)",
            (key, self.rep, conflict),
        )

    def _locked_prospect(self, prospect_id: int) -> Prospect:
        row = self.conn.execute(
            f"SELECT {PROSPECT_COLUMNS} FROM prospects WHERE id = %s FOR UPDATE", (prospect_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"prospect {prospect_id} is no longer on the team's list")
        return prospect(row)

    def _listed(self, p: Prospect) -> bool:
        return p.state.lifecycle is Lifecycle.DNC or bool(self._dnc_among([p.phone]))

    def _meanwhile(
        self, sent: Prospect, now: Prospect, outcome: OutcomeName, seen_call: int | None
    ) -> str | None:
        """What the team did to the prospect while the outcome waited, in words; None: nothing
        that this call may not follow. `seen_call`: the newest call the app had read for them
        (None: it had read none, then a changed state and another rep's latest call tell)."""
        label = BY_NAME[outcome].label
        if self._listed(now):
            return (
                f"{_who(now)} was put on the do-not-call list before your {label} call reached"
                " the team database: the call is stored, and they stay on the list."
            )
        if seen_call is not None:
            row = self.conn.execute(
                "SELECT rep FROM calls WHERE prospect_id = %s AND rep <> %s AND id > %s"
                " ORDER BY id DESC LIMIT 1",
                (now.id, self.rep, seen_call),
            ).fetchone()
        elif state_json(now.state) != state_json(sent.state):
            row = self.conn.execute(
                "SELECT rep FROM calls WHERE prospect_id = %s AND rep <> %s"
                " AND id = (SELECT max(id) FROM calls WHERE prospect_id = %s)",
                (now.id, self.rep, now.id),
            ).fetchone()
        else:
            row = None
        if row is None:
            return None
        return (
            f"{_who(now)} was also called by {row[0]} before your {label} call reached the team"
            f" database: your call is stored, and their place in the queue stays as {row[0]}'s"
            " call left it."
        )


def _who(p: Prospect) -> str:
    return f"{p.name} ({p.company})" if p.company else p.name

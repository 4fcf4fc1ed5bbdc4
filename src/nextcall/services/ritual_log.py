"""What follows a rejection, over the session's store: the ritual's ending, the reason tag, the
recovery time to the next dial, the feel-it debrief, a touchpoint or do-not-call for the prospect.

`calls.recovery_s` is the time from the rejection being logged to the next dial (d or enter, or
the auto-dial), on the monotonic clock, whatever the ritual did: run to the dial, skipped or
turned into the feel-it timer (then the five minutes are part of it), so the review can compare
the three. It stays NULL when no dial followed: the app closed, another outcome was logged
without d, the rejection was undone, or the machine slept in between.
"""

from __future__ import annotations

from datetime import date, datetime, time

from nextcall.domain.follow_ups import follow_up_due
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import CallRecord, Lifecycle, Prospect, ProspectState, Slot, zone
from nextcall.domain.ritual import Debrief, PendingRecovery, RitualEnd
from nextcall.services.session import Logged, Session


class Recovery:
    """The rejection waiting for its next dial, and the writes the ritual makes."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.pending: PendingRecovery | None = None

    # -- the clock from rejection to dial ------------------------------------------------------

    def logged(self, logged: Logged) -> None:
        """An outcome was logged: a rejection starts the clock; anything else ends the wait
        unmeasured (the rep dialed without d)."""
        if logged.outcome.name is OutcomeName.REJECTED:
            self.pending = PendingRecovery(logged.call.id, self.session.clock.monotonic())
        else:
            self.pending = None

    def undone(self, call: CallRecord) -> None:
        if self.pending is not None and self.pending.call_id == call.id:
            self.pending = None

    def slept(self) -> None:
        """The machine slept while the rejection waited: its recovery is not measured."""
        if self.pending is not None:
            self.pending.slept = True

    def dialed(self) -> float | None:
        """The rep dialed: store the waiting rejection's recovery time; returns it."""
        pending, self.pending = self.pending, None
        if pending is None:
            return None
        seconds = pending.seconds(self.session.clock.monotonic())
        if seconds is not None:
            self.session.store.set_recovery(pending.call_id, seconds)
        return seconds

    def waiting_for(self, call_id: int) -> bool:
        return self.pending is not None and self.pending.call_id == call_id

    # -- the rejection's row -------------------------------------------------------------------

    def tag(self, call_id: int, reason: str) -> None:
        self.session.store.set_reason(call_id, reason)

    def end(self, call_id: int, how: RitualEnd) -> None:
        self.session.store.set_ritual(call_id, how)

    def debrief(self, call_id: int) -> Debrief:
        return Debrief.from_json(self.session.store.debrief(call_id))

    def save_debrief(self, call_id: int, debrief: Debrief) -> None:
        self.session.store.set_debrief(call_id, None if debrief.empty else debrief.to_json())

    def last_rejection(self) -> CallRecord | None:
        """Today's newest rejection (what `f` on the main screen works on)."""
        return self.session.store.last_rejection(self.session.day)

    # -- the rejected prospect -----------------------------------------------------------------

    def prospect(self, prospect_id: int) -> Prospect | None:
        return self.session.store.prospect(prospect_id)

    def touchpoint(
        self,
        prospect_id: int,
        day: date,
        note: str = "",
        at: time | None = None,
        *,
        anyone: bool = False,
    ) -> datetime:
        """Bring a rejected prospect back as a follow-up on `day` (they stay out of today's
        queue, unless it is for a time today), with the picker's note for that call; `at`: a
        time of day at the prospect's location; `anyone`: in team mode, any rep may take it
        (otherwise it waits for this rep). Returns when it falls due."""
        prospect = self.session.store.prospect(prospect_id)
        if prospect is None:
            raise LookupError("that prospect is no longer in the database")
        if prospect.state.lifecycle is Lifecycle.DNC:
            raise LookupError(f"{prospect.name} is on the do-not-call list")
        due = follow_up_due(day, at, zone(prospect.timezone), self.session.clock.local_tz())
        timed = at is not None
        state = ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, due, prospect.state.attempts, timed)
        self.session.store.schedule_follow_up(prospect_id, state, note, anyone=anyone)
        return due

    def do_not_call(self, prospect: Prospect) -> bool:
        """Put the prospect's number on the do-not-call list; False when it already was."""
        return self.session.store.mark_dnc([prospect.phone], self.session.clock.now(), "ritual") > 0

"""The dial screen's outcomes (`OutcomeLogging`): an outcome key logs the call of the prospect on
screen (`later` after the follow-up prompt), a word follows (a win celebrated, the ritual after a
rejection), and `u` takes the last one back. Each is announced with a message, after the
commit."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen

from nextcall.domain.follow_ups import follow_up_due
from nextcall.domain.outcomes import OUTCOMES, NextStep, OutcomeName
from nextcall.domain.prospects import CallRecord, zone
from nextcall.services.ritual_log import Recovery
from nextcall.services.session import Logged, Session
from nextcall.store.errors import StoreError
from nextcall.ui.markup import escape
from nextcall.ui.reminder_bell import ReminderBell
from nextcall.ui.screens.prompts import FollowUpChoice, FollowUpPrompt
from nextcall.ui.text import here_and_there


class OutcomeLogged(Message):
    """An outcome was committed to the database (posted after the commit)."""

    def __init__(self, logged: Logged) -> None:
        super().__init__()
        self.logged = logged


class OutcomeUndone(Message):
    """An outcome was taken back."""

    def __init__(self, call: CallRecord) -> None:
        super().__init__()
        self.call = call


class OutcomeLogging(Screen[None]):
    """The dial screen's base for logging outcomes (see the module's docstring)."""

    session: Session
    recovery: Recovery
    reminder_bell: ReminderBell

    if TYPE_CHECKING:  # the dial screen's

        def show_all(self) -> None: ...

        def after_rejection(self, logged: Logged) -> None: ...

        def ask_plan(self) -> None: ...

    def action_outcome(
        self, name: str, prospect_id: int | None = None, duration_s: float | None = None
    ) -> None:
        """Log `name` for the prospect on screen (or, after a prompt, the one it was about).
        `name` arrives as text from the binding's action string."""
        outcome = OutcomeName(name)
        prospect = self.session.current
        if prospect is None:
            self.notify("Nobody is queued to log an outcome for.", severity="warning")
            return
        pid = prospect.id if prospect_id is None else prospect_id
        if outcome is OutcomeName.LATER:
            self.app.push_screen(
                FollowUpPrompt(
                    self.session.day,
                    prospect.name,
                    self.session.time_context(prospect),
                    team=self.session.team,
                ),
                lambda picked: self._log_later(picked, pid, duration_s),
            )
            return
        self.log_outcome(outcome, prospect_id=pid, duration_s=duration_s)

    def _log_later(
        self, picked: FollowUpChoice | None, prospect_id: int, duration_s: float | None = None
    ) -> None:
        if picked is None:
            self.notify("Not logged: no follow-up date was picked.", timeout=3)
            return
        day, here = picked.day, self.session.clock.local_tz()
        prospect = self.session.store.prospect(prospect_id)
        there = zone(prospect.timezone) if prospect else None
        due = follow_up_due(day, picked.at, there, here)
        logged = self.log_outcome(
            OutcomeName.LATER,
            follow_up=due,
            prospect_id=prospect_id,
            note=picked.note or None,
            duration_s=duration_s,
            timed=picked.at is not None,
        )
        if logged is not None:
            who = escape(logged.prospect.name)
            at = f" at {here_and_there(due, there, here)}" if picked.at else ""
            whose = self._leave_to_anyone(prospect_id) if picked.anyone else ""
            self.notify(
                f"Follow-up with {who} on {day:%a %d %b}{at}: in the wins jar.{whose}",
                timeout=3,
            )
            self.reminder_bell.arm()

    def _leave_to_anyone(self, prospect_id: int) -> str:
        """Leave a follow-up just logged to anyone on the team; what to add to the toast."""
        try:
            self.session.leave_to_anyone(prospect_id)
        except StoreError as exc:
            return f" It waits for you: it could not be left to the team ({escape(str(exc))})."
        return " Anyone on the team may take it."

    def log_outcome(
        self,
        name: OutcomeName,
        *,
        prospect_id: int,
        duration_s: float | None,
        follow_up: datetime | None = None,
        note: str | None = None,
        timed: bool = False,
    ) -> Logged | None:
        """Log and show; None (and a message) when it could not be logged. A key pressed
        after midnight starts the new day (in `Session.log`): its plan is asked for, as the
        minute timer does, under the word that follows the outcome."""
        day = self.session.day
        try:
            logged = self.session.log(
                name,
                follow_up,
                prospect_id=prospect_id,
                note=note,
                duration_s=duration_s,
                timed=timed,
            )
        except (StoreError, LookupError) as exc:
            self.notify(f"Not logged: {exc}", severity="error", timeout=10)
            if self.session.day != day:  # the queue was read again for the new day
                self.show_all()
                self.ask_plan()
            return None
        self.recovery.logged(logged)
        self.post_message(OutcomeLogged(logged))
        self.show_all()
        if self.session.day != day:
            self.ask_plan()
        self.call_after_refresh(self.feedback, logged)  # the new counts' frame comes first
        return logged

    def feedback(self, logged: Logged) -> None:
        """A word after the outcome: celebrate wins; after a rejection, the recovery ritual."""
        who = escape(logged.prospect.name)
        step = logged.outcome.next_step
        if step is NextStep.DONE:
            self.notify(
                f"Meeting booked with {who}. That is what the no's were for.",
                title="Meeting!",
                timeout=4,
            )
        elif step is NextStep.RITUAL:
            self.after_rejection(logged)
        elif logged.outcome.win is not None and step is not NextStep.FOLLOW_UP:
            self.notify(
                f"{logged.outcome.label.capitalize()} with {who}: a small win, in the jar.",
                timeout=2.5,
            )

    def action_undo(self) -> None:
        try:
            call = self.session.undo()
        except StoreError as exc:
            self.notify(f"Could not undo: {exc}", severity="error", timeout=10)
            return
        if call is None:
            self.notify("Nothing left to undo today.")
            return
        self.recovery.undone(call)
        self.post_message(OutcomeUndone(call))
        self.show_all()
        self.reminder_bell.arm()  # the undone outcome may have set or ended a timed follow-up
        label = next(o.label for o in OUTCOMES if o.name == call.outcome)
        who = self.session.current.name if self.session.current else "the prospect"
        self.notify(f"Undone: {label} for {escape(who)}.", timeout=2.5)

"""The reminder before a timed follow-up, on screen: a toast, the bell, a desktop notification,
and the prospect on top of the queue. One timer, armed for the next reminder's instant."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, tzinfo

from textual.screen import Screen
from textual.timer import Timer

from nextcall.domain.prospects import zone
from nextcall.io.notification import desktop_notify
from nextcall.services.reminders import Reminders
from nextcall.services.session import Session
from nextcall.store import FollowUp
from nextcall.store.errors import StoreError
from nextcall.ui.markup import escape
from nextcall.ui.text import here_and_there

MAX_WAIT_S = 60.0
"""The longest the timer sleeps before looking again (a laptop's sleep stops the event loop's
clock, so a far timer could wake late)."""
TOAST_SECONDS = 30.0


def reminder_text(follow_up: FollowUp, now: datetime, here: tzinfo) -> str:
    """'Follow-up with Ada Okafor (Northwind) at 15:00 (14:00 there) in 10 min' (plain text)."""
    p = follow_up.prospect
    who = f"{p.name} ({p.company})" if p.company else p.name
    when = here_and_there(follow_up.due_at, zone(p.timezone), here)
    minutes = math.ceil((follow_up.due_at - now).total_seconds() / 60)
    ahead = "now" if minutes <= 0 else f"in {minutes} min"
    return f"Follow-up with {who} at {when} {ahead}"


class ReminderBell:
    """Gives the reminders due and keeps one timer set for the next."""

    def __init__(self, screen: Screen[None], session: Session, show: Callable[[], None]) -> None:
        self.screen, self.session, self.show = screen, session, show
        self.reminders = Reminders(session.store, session.clock, session.rules.remind)
        self._timer: Timer | None = None

    def arm(self) -> None:
        """Give the reminders due now, then set the timer for the next one. Called on start,
        by the minute refresh and whenever follow-ups may have changed; two indexed reads."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        try:
            due = self.reminders.due()
            upcoming = self.reminders.next_at()
        except StoreError:
            return  # the minute refresh tries again
        if due:
            self.ring(due)
        if upcoming is not None:
            wait = (upcoming - self.session.clock.now()).total_seconds()
            self._timer = self.screen.set_timer(min(MAX_WAIT_S, max(0.0, wait)), self.arm)

    def ring(self, due: list[FollowUp]) -> None:
        """Put each on top of the queue (the soonest first) and get the rep's attention. On
        the dial screen the cursor goes to them; on a call or in the ritual the screen stays
        as it is and they come up after the next outcome."""
        s = self.session
        here_now = self.screen.app.screen is self.screen
        for follow_up in reversed(due):
            s.bring_forward(follow_up.prospect.id, now_up=here_now)
        self.show()
        self.screen.app.bell()
        now, here = s.clock.now(), s.clock.local_tz()
        for follow_up in due:
            text = reminder_text(follow_up, now, here)
            note = f"\n{follow_up.note}" if follow_up.note else ""
            self.screen.notify(
                escape(text + note), title="Follow-up", severity="warning", timeout=TOAST_SECONDS
            )
            desktop_notify("nextcall: follow-up", text + note)

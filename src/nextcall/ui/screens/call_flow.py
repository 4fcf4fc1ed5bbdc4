"""The dial screen's part of a call (`CallFlow`): `d` opens the call screen for the prospect on
screen, the softphone places the call, and the outcome key pressed there is logged as on the
dial screen. The dial screen owns the flow: it opens the call screen and acts on what it
returns."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

from nextcall.domain.prospects import Prospect
from nextcall.io.softphone import DialError, Softphone
from nextcall.services.call_note import CallNote
from nextcall.services.ritual_log import Recovery
from nextcall.services.session import Session
from nextcall.store.errors import StoreError
from nextcall.ui.key_map import Keys
from nextcall.ui.markup import escape

if TYPE_CHECKING:
    from nextcall.ui.screens.call import CallScreen


class CallFlow(Screen[None]):
    """The dial screen's base for placing calls (see the module's docstring)."""

    session: Session
    recovery: Recovery
    softphone: Softphone
    """Places the calls (the App makes it from the config and closes it on exit)."""
    keys: Keys
    """The rep's keys (config `[keys]`)."""
    talk_track: Path | None
    """The rep's talk track file, read by each call screen (None: none is set)."""

    if TYPE_CHECKING:  # the dial screen's

        def show_card(self) -> None: ...

        def show_all(self) -> None: ...

        def refresh_queue(self) -> None: ...

        def action_outcome(
            self, name: str, prospect_id: int | None = None, duration_s: float | None = None
        ) -> None: ...

    def action_dial(self) -> None:
        """Put the current prospect's call through the softphone (or show it to dial by hand)."""
        # Imported here: keeps the call screen's import (Textual's TextArea) off start-up.
        from nextcall.ui.screens.call import CallDetails, CallScreen

        prospect = self.session.current
        if prospect is None:
            self.notify("Nobody is queued to dial.", severity="warning")
            return
        if self.session.store.is_dnc(prospect.phone):  # listed since the queue was last read
            self.notify(
                f"{escape(prospect.name)} is on the do-not-call list: not dialed.",
                severity="error",
                timeout=6,
            )
            self.refresh_queue()
            return
        if not self.claimed(prospect):
            return
        try:
            self.recovery.dialed()  # a rejection waiting for this dial gets its recovery time
        except StoreError as exc:  # a lost measurement: the call goes ahead
            self.notify(f"The recovery time was not saved: {exc}", severity="error", timeout=6)
        self.app.copy_to_clipboard(prospect.phone)
        window = self.session.calling_window(prospect)
        warning = (
            f"It is {window.local:%H:%M} there, outside calling hours."
            if window.local and not window.open
            else ""
        )
        phone = self.softphone
        via = "" if phone.name == "none" else phone.label
        s = self.session
        prospect = s.store.prospect(prospect.id) or prospect  # the notes as they are now
        details = CallDetails(
            prospect, s.store.history(prospect.id, 3), s.clock.local_tz(), warning
        )
        screen = CallScreen(
            details,
            self.keys,
            s.clock,
            CallNote(s, prospect),
            self.talk_track,
            via=via,
            reports_answer=phone.has_events,
            hang_up=phone.hangup,
        )
        self.app.push_screen(screen, lambda outcome: self._after_dial(outcome, prospect.id, screen))
        self._on_call(prospect.id)
        if via:
            self.run_worker(
                self._place_call(screen, prospect.phone), group="dial", exit_on_error=False
            )

    async def _place_call(self, screen: CallScreen, e164: str) -> None:
        try:
            await self.softphone.dial(e164)
        except DialError as exc:
            screen.dial_failed(str(exc))
            return
        if not self.softphone.has_events:
            screen.show_status(
                f"Handed to {self.softphone.label}. Log the outcome when you hang up."
            )

    def claimed(self, prospect: Prospect) -> bool:
        """Claim the prospect right before the dial (team mode; always granted for one rep):
        False, with a word, when another rep holds them (they left the queue) or the team
        database can't be reached without a claim already held."""
        try:
            mine = self.session.claim_to_dial()
        except StoreError as exc:
            self.notify(f"Not dialed: {exc}", severity="error", timeout=6)
            return False
        if not mine:
            who = escape(prospect.name)
            self.notify(
                f"Another rep is calling {who} now: not dialed. Next up is on screen.",
                severity="warning",
                timeout=6,
            )
            self.show_all()
        return mine

    def _on_call(self, prospect_id: int | None) -> None:
        """Tell the floor the rep is on a call with the prospect (None: no longer)."""
        with suppress(StoreError):  # the floor's view only: the call goes on
            self.session.claims.calling(prospect_id)

    def _after_dial(self, outcome: str | None, prospect_id: int, screen: CallScreen) -> None:
        self._on_call(None)
        if outcome is not None:
            self.action_outcome(outcome, prospect_id, duration_s=screen.duration_s)
        else:
            self.show_card()  # a note written during the call

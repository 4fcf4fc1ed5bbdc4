"""The dial screen's part after a rejection (`RecoveryFlow`): the recovery ritual that opens by
itself, the feel-it timer (`f`), and the dial either of them may lead to. The dial screen owns
the flow: it opens the screens and acts on what they return."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from nextcall.config import RitualConfig
from nextcall.domain.prospects import CallRecord, Prospect
from nextcall.domain.ritual import RitualEnd
from nextcall.services.ritual_log import Recovery
from nextcall.services.session import Logged, Session
from nextcall.store.errors import StoreError
from nextcall.ui.key_map import Keys
from nextcall.ui.markup import escape
from nextcall.ui.screens.after_rejection import AfterRejection, DialNext, OpenFeelIt


class RecoveryFlow(Screen[None]):
    """The dial screen's base for the ritual and the feel-it timer (see the module's docstring)."""

    session: Session
    recovery: Recovery
    ritual: RitualConfig
    """The ritual's settings (config `[ritual]`)."""
    keys: Keys
    """The rep's keys (config `[keys]`)."""

    if TYPE_CHECKING:  # the dial screen's

        def show_all(self) -> None: ...

        def jump_to(self, prospect_id: int) -> None: ...

        def action_dial(self) -> None: ...

    def after_rejection(self, logged: Logged) -> None:
        """The recovery ritual starts by itself (screens/ritual_screen.py)."""
        # Imported here: keeps the screen's import off start-up.
        from nextcall.ui.screens.ritual_markup import RitualContext
        from nextcall.ui.screens.ritual_screen import RitualScreen

        context = RitualContext.after(self.session, logged)
        ritual = RitualScreen(context, self.recovery, self.session.clock, self.ritual, self.keys)
        self.app.push_screen(ritual, self._after_recovery)

    def action_feel_it(self) -> None:
        """The five-minute feel-it timer for today's newest rejection. A rejection no dial has
        followed yet is marked as turned into the feel-it timer."""
        recovery = self.recovery
        call = recovery.last_rejection()
        if call is None:
            self.notify(
                "The feel-it timer goes with a rejection, and none is logged today. "
                f"After a hard no, press {escape(self.keys['rejected'])}: the ritual offers "
                f"{escape(self.keys['feel_it'])} too.",
                timeout=6,
            )
            return
        if recovery.waiting_for(call.id):
            try:
                recovery.end(call.id, RitualEnd.FEEL_IT)
            except StoreError as exc:
                self.notify(f"Not saved: {exc}", severity="error", timeout=6)
        self.open_feel_it(call)

    def open_feel_it(self, call: CallRecord) -> None:
        """The feel-it timer for `call`, with the prospect now up as the next dial."""
        from nextcall.ui.screens.feel_it import FeelItScreen  # keeps its import off start-up

        s = self.session
        timer = FeelItScreen(
            call,
            self.recovery.prospect(call.prospect_id),
            s.current,
            self.recovery,
            s.clock,
            self.ritual.feel_it_seconds,
            s.day,
            self.keys,
        )
        self.app.push_screen(timer, self._after_recovery)

    def _after_recovery(self, then: AfterRejection | None) -> None:
        """The ritual or the feel-it timer closed: show what changed, then do what was chosen."""
        self.show_all()  # a touchpoint or do-not-call may have changed the queue's prospects
        # The next screen opens once this one is gone (pushing from inside the dismissal
        # leaves the new screen's widgets waiting).
        if isinstance(then, DialNext):
            self.call_later(self.dial_shown, then.prospect)
        elif isinstance(then, OpenFeelIt):
            self.call_later(self.open_feel_it, then.call)

    def dial_shown(self, prospect: Prospect) -> None:
        """Dial the prospect a screen showed (the queue may have been re-read meanwhile)."""
        s = self.session
        if prospect.id != s.current_id and prospect.id in s.ids:
            self.jump_to(prospect.id)
        self.action_dial()

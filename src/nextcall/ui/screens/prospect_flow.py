"""The dial screen's part of the prospect view (`ProspectFlow`): `i` opens it for the prospect on
screen, the palette's search for any prospect; when it closes, the queue is read again if
something changed there, and the cursor goes to the prospect if the rep asked (`g`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from nextcall.services.prospect_story import ProspectDesk
from nextcall.services.session import Session
from nextcall.ui.key_map import Keys
from nextcall.ui.palette import ShowProspect

if TYPE_CHECKING:
    from nextcall.ui.screens.prospect import ProspectClosed


class ProspectFlow(Screen[None]):
    """The dial screen's base for the prospect view (see the module's docstring)."""

    session: Session
    keys: Keys
    default_region: str
    """Where a number typed without its country code is read (config `[calling]`)."""

    if TYPE_CHECKING:  # the dial screen's

        def show_all(self) -> None: ...

        def jump_to(self, prospect_id: int) -> None: ...

    def on_show_prospect(self, message: ShowProspect) -> None:
        self.open_prospect(message.prospect_id)

    def action_prospect(self) -> None:
        """The prospect view for the prospect on screen."""
        prospect = self.session.current
        if prospect is None:
            self.notify("Nobody is up: ctrl+p finds any prospect by name.", timeout=3)
            return
        self.open_prospect(prospect.id)

    def open_prospect(self, prospect_id: int) -> None:
        from nextcall.ui.screens.prospect import ProspectScreen  # keeps its import off start-up

        desk = ProspectDesk(self.session, self.default_region)
        view = ProspectScreen(desk, prospect_id, self.keys)
        self.app.push_screen(view, self._after_prospect)

    def _after_prospect(self, closed: ProspectClosed | None) -> None:
        """The prospect view closed: read the queue again if it changed something, and put the
        cursor on the prospect when the rep asked (g)."""
        if closed is not None and closed.changed:
            self.session.refresh_queue()
            self.show_all()
        if closed is not None and closed.go_to is not None:
            self.jump_to(closed.go_to)

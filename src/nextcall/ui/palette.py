"""Find a queued prospect by name or company from the command palette (ctrl+p)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Provider

from nextcall.domain.prospects import Lifecycle

if TYPE_CHECKING:
    from nextcall.ui.screens.dial import DialScreen

MAX_HITS = 20


class QueueSearch(Provider):
    """Prospects whose name or company contains what was typed; choosing one moves the cursor
    to them, or says why they are not queued (do-not-call, archived, waiting)."""

    @property
    def dial_screen(self) -> DialScreen | None:
        from nextcall.ui.screens.dial import DialScreen

        return self.screen if isinstance(self.screen, DialScreen) else None

    async def search(self, query: str) -> Hits:
        screen = self.dial_screen
        if screen is None or len(query.strip()) < 2:
            return
        matcher = self.matcher(query)
        session = screen.session
        for prospect in session.store.search(query.strip(), MAX_HITS):
            text = f"{prospect.name} · {prospect.company}"
            score = matcher.match(text) or 0.1  # a substring hit always shows
            if prospect.state.lifecycle is not Lifecycle.ACTIVE:
                score /= 2  # who can be called comes first
            yield Hit(
                score,
                matcher.highlight(text),
                partial(screen.jump_to, prospect.id),
                help=f"{prospect.phone_display} · {screen.standing_of(prospect)}",
            )

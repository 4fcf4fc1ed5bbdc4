"""Find any prospect by name or company from the command palette (ctrl+p)."""

from __future__ import annotations

from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import Hit, Hits, Provider
from textual.message import Message
from textual.message_pump import MessagePump

from nextcall.domain.prospects import Lifecycle, Prospect
from nextcall.services.session import Session

MAX_HITS = 20


class ShowProspect(Message):
    """Open this prospect's view (their story, and why they are or aren't queued); sent to the
    screen the palette was opened on."""

    bubble = False

    def __init__(self, prospect_id: int) -> None:
        super().__init__()
        self.prospect_id = prospect_id


@runtime_checkable
class QueueView(Protocol):
    """What the search reads from the screen it was opened on (the dial screen)."""

    @property
    def session(self) -> Session: ...

    def standing_of(self, prospect: Prospect) -> str:
        """Where a prospect stands (do-not-call, archived, waiting, queued), in words."""
        ...


def show(screen: MessagePump, prospect_id: int) -> None:
    screen.post_message(ShowProspect(prospect_id))


class QueueSearch(Provider):
    """Prospects whose name or company contains what was typed, with where each stands
    (queued, do-not-call, archived, waiting); choosing one opens their prospect view."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, QueueView) or len(query.strip()) < 2:
            return
        matcher = self.matcher(query)
        for prospect in screen.session.store.search(query.strip(), MAX_HITS):
            text = f"{prospect.name} · {prospect.company}"
            score = matcher.match(text) or 0.1  # a substring hit always shows
            if prospect.state.lifecycle is not Lifecycle.ACTIVE:
                score /= 2  # who can be called comes first
            yield Hit(
                score,
                matcher.highlight(text),
                partial(show, self.screen, prospect.id),
                help=f"{prospect.phone_display} · {screen.standing_of(prospect)}",
            )

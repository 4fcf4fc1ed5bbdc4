"""The command palette (ctrl+p): find any prospect by name or company; dial a number that is
not in the queue."""

from __future__ import annotations

from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message
from textual.message_pump import MessagePump

from nextcall.domain.prospects import Lifecycle, Prospect
from nextcall.io.inert import inert
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


class DialNumber(Message):
    """Ask for a number that is not in the queue and dial it (sent to the screen the palette
    was opened on); `typed`: the number typed into the palette, if any."""

    bubble = False

    def __init__(self, typed: str = "") -> None:
        super().__init__()
        self.typed = typed


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
            text = inert(f"{prospect.name} · {prospect.company}")
            score = matcher.match(text) or 0.1  # a substring hit always shows
            if prospect.state.lifecycle is not Lifecycle.ACTIVE:
                score /= 2  # who can be called comes first
            yield Hit(
                score,
                matcher.highlight(text),
                partial(show, self.screen, prospect.id),
                help=inert(f"{prospect.phone_display} · {screen.standing_of(prospect)}"),
            )


DIAL_COMMAND = "Dial a number…"
DIAL_HELP = "Call a number that is not in the queue; the call is logged like any other"
MIN_DIGITS = 3
"""Digits typed in the palette before it offers to dial them."""


def ask_number(screen: MessagePump, typed: str = "") -> None:
    screen.post_message(DialNumber(typed))


def looks_like_a_number(text: str) -> bool:
    """Digits and the signs people write numbers with (what the dial prompt will judge)."""
    digits = sum(ch.isdigit() for ch in text)
    return digits >= MIN_DIGITS and all(ch.isdigit() or ch in " +-.()/" for ch in text.strip())


class DialNumberCommand(Provider):
    """ "Dial a number…": a prompt for a number that is not in the queue. A number typed into the
    palette itself is offered as "Dial <number>", straight into that prompt."""

    async def discover(self) -> Hits:
        yield DiscoveryHit(DIAL_COMMAND, partial(ask_number, self.screen), help=DIAL_HELP)

    async def search(self, query: str) -> Hits:
        typed = inert(query.strip())
        if looks_like_a_number(typed):
            yield Hit(
                1.0,
                Content(f"Dial {typed}"),
                partial(ask_number, self.screen, typed),
                text=f"Dial {typed}",
                help="Check the number, then dial it",
            )
            return
        matcher = self.matcher(query)
        score = matcher.match(DIAL_COMMAND)
        if score > 0:
            yield Hit(
                score,
                matcher.highlight(DIAL_COMMAND),
                partial(ask_number, self.screen),
                text=DIAL_COMMAND,
                help=DIAL_HELP,
            )

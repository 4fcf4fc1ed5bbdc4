"""The dial screen's commands in the palette (ctrl+p): reviews, exports, an import, the call
block, the feel-it timer, settings, do-not-call a number. Each is read from the screen the
palette was opened on (never from a class attribute), with one line saying what it does."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from nextcall.services.session import Session

Run = Callable[[], object] | Callable[[], Awaitable[object]]


@runtime_checkable
class CommandsView(Protocol):
    """What the commands ask of the screen they were opened on (the dial screen)."""

    @property
    def session(self) -> Session: ...

    def open_review(self, day: date | None = None, week: bool = False) -> None: ...

    def ask_review_day(self) -> None: ...

    def ask_export(self, what: str, fmt: str) -> None: ...

    def ask_import(self) -> None: ...

    def ask_do_not_call(self) -> None: ...

    def action_block(self) -> None: ...

    def action_feel_it(self) -> None: ...

    async def action_settings(self) -> None: ...


def commands(screen: CommandsView) -> list[tuple[str, str, Run]]:
    """Title, one line of help, and what it runs, as the screen stands now."""
    running = screen.session.block is not None
    return [
        ("Review today", "Today's funnel, pace, no's, bouncing back, wins", screen.open_review),
        ("Review a day…", "Type a date: that day's review", screen.ask_review_day),
        (
            "Review the week",
            "The seven days ending today, and where the no's came from",
            partial(screen.open_review, None, True),
        ),
        (
            "Export calls as CSV…",
            "Every call, for your CRM or a spreadsheet; you name the file",
            partial(screen.ask_export, "calls", "csv"),
        ),
        (
            "Export prospects as CSV…",
            "Every prospect with where they stand; you name the file",
            partial(screen.ask_export, "prospects", "csv"),
        ),
        (
            "Export follow-ups as CSV…",
            "Every follow-up still waiting; you name the file",
            partial(screen.ask_export, "followups", "csv"),
        ),
        (
            "Export follow-ups as a calendar (ICS)…",
            "One calendar event per follow-up still waiting",
            partial(screen.ask_export, "followups", "ics"),
        ),
        (
            "Import prospects from a CSV…",
            "A CRM export: checked and summed up before anything is written",
            screen.ask_import,
        ),
        (
            "End the call block" if running else "Start a call block",
            "Stop the block's clock and see how it went"
            if running
            else "A timed stretch of dialing with its own counts",
            screen.action_block,
        ),
        (
            "Feel-it timer",
            "Five minutes to let today's newest no land, with a short debrief",
            screen.action_feel_it,
        ),
        (
            "Settings",
            "The ritual, the day, calling, softphone, team, keys, theme",
            screen.action_settings,
        ),
        (
            "Do-not-call a number…",
            "A number never to be dialed again (a prospect's or not)",
            screen.ask_do_not_call,
        ),
    ]


class DialCommands(Provider):
    """The commands above, offered when the palette opens and matched as the rep types."""

    async def discover(self) -> Hits:
        screen = self.screen
        if isinstance(screen, CommandsView):
            for title, help_text, run in commands(screen):
                yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, CommandsView):
            return
        matcher = self.matcher(query)
        for title, help_text, run in commands(screen):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)

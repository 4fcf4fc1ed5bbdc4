"""The floor's app (`nextcall floor`): wiring only. A team view, a clock and the rep's theme
come in; the floor screen does the work. Read-only: nothing here writes to the team database."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from nextcall.domain.clock import Clock
from nextcall.store.team_view import TeamView
from nextcall.ui.screens.floor import REFRESH_SECONDS, FloorScreen
from nextcall.ui.theming import load_themes, shipped_dir


class FloorApp(App[None]):
    """The team's floor, refreshing until the rep quits."""

    CSS_PATH = "floor.tcss"
    TITLE = "nextcall · the floor"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", show=False)]

    def __init__(
        self,
        view: TeamView,
        clock: Clock,
        *,
        theme: str = "nextcall-dark",
        theme_dirs: tuple[Path, ...] = (),
        every: float = REFRESH_SECONDS,
    ) -> None:
        super().__init__()
        self.view, self.clock, self.every = view, clock, every
        themes, _problems = load_themes(shipped_dir(), *theme_dirs)  # the main app reports them
        for t in themes:
            self.register_theme(t)
        if theme in self.available_themes:
            self.theme = theme

    def get_default_screen(self) -> Screen[None]:
        return FloorScreen(self.view, self.clock, self.every)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        theme = self.current_theme
        return {
            "outcome-meeting": theme.success or "green",
            "outcome-rejected": theme.error or "red",
            "outcome-connect": theme.primary,
            "timer-urgent": theme.warning or "yellow",
        }

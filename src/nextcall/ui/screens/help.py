"""Help (`?`): every key of the screen it was opened from, with the rep's own, why the ritual
exists, and where the files are (the words are in `help_markup`)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from nextcall.ui.key_map import Keys, bound
from nextcall.ui.screens.help_markup import Places, help_markup
from nextcall.ui.screens.window_size import SizeGuarded


class HelpScreen(SizeGuarded, ModalScreen[None]):
    """Every key, what it does."""

    MIN_SIZE = (60, 12)
    SMALL_THEN = "to read the keys"
    SMALL_ESCAPE = "closes help"
    KEYS_SCREEN = "help"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close help"),
        bound("help", "close", "Close help", show=False),
        bound("quit", "close", "Close help", show=False),
    ]

    def __init__(self, screen: str, keys: Keys, places: Places | None = None) -> None:
        super().__init__()
        self.screen_id, self.keys, self.places = screen, keys, places
        """Whose keys it shows (an id of `config.keys.SCREENS`), with the rep's keys."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="prompt help"):
            yield Static(help_markup(self.screen_id, self.keys, self.places))
        yield self.too_small_note()

    def action_close(self) -> None:
        self.dismiss(None)

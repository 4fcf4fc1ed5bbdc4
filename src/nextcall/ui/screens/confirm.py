"""A question before something that can't be taken back (an import, a number put on the
do-not-call list, a file replaced): what will happen, then enter goes ahead or escape doesn't."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from nextcall.io.inert import inert
from nextcall.ui.markup import escape
from nextcall.ui.screens.window_size import SizeGuarded


class ConfirmPrompt(SizeGuarded, ModalScreen[bool]):
    """Says what will happen (`body`, markup); True when the rep goes ahead."""

    MIN_SIZE = (56, 12)
    ACTS_WHEN_SMALL = frozenset({"cancel"})
    SMALL_THEN = "to read what would happen"
    SMALL_ESCAPE = "cancels: nothing changes"
    DEFAULT_CSS = """
    ConfirmPrompt .confirm-body { height: auto; max-height: 14; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "confirm", "go ahead"),
        Binding("escape", "cancel", "cancel"),
    ]

    def __init__(self, title: str, body: str, go: str, stay: str = "nothing changes") -> None:
        super().__init__()
        self.prompt_title, self.body, self.go, self.stay = title, body, go, stay

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(inert(self.prompt_title), classes="prompt-title", markup=False)
            with VerticalScroll(classes="confirm-body"):
                yield Static(self.body)
            yield Static(
                f"[b]enter[/b] {escape(self.go)} · [b]escape[/b] {escape(self.stay)}",
                classes="prompt-hint",
            )
        yield self.too_small_note()

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

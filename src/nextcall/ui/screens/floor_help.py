"""The floor's help (`?`): its keys, and what each figure means."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from nextcall.ui.screens.window_size import SizeGuarded


def floor_help(every: float) -> str:
    return "\n".join(
        [
            "[b]The floor[/b]: the team's day, read-only   [dim](escape closes)[/]",
            "",
            f"[b $accent]{'q':>6}[/]  quit",
            f"[b $accent]{'r':>6}[/]  read the figures now (they refresh every {every:g} s)",
            f"[b $accent]{'?':>6}[/]  this help",
            "",
            "[b]What the figures are[/b]",
            "",
            "Dials, connects, conversations and meetings count today's logged outcomes,",
            "each rep's and the team's together, as each rep's own panel counts them.",
            "Pace is dials an hour over the time spent dialing since the first call; a",
            "break longer than 15 minutes counts as 15. The team's pace is per rep.",
            "Now: on a call, or when the rep was last seen (a claim or an outcome).",
            "",
            "The no's are the whole team's this week. When one or two reasons hold 80%",
            "of the tagged no's, it says where to work; hang-ups are shown, not counted.",
            "",
            "Debriefs, feel-it notes, recovery times and rituals are each rep's own:",
            "the floor never reads them.",
        ]
    )


class FloorHelp(SizeGuarded, ModalScreen[None]):
    """The floor's keys and what its figures mean."""

    MIN_SIZE = (60, 12)
    SMALL_THEN = "to read the help"
    SMALL_ESCAPE = "closes help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help"),
    ]

    def __init__(self, every: float) -> None:
        super().__init__()
        self.every = every

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="prompt help"):
            yield Static(floor_help(self.every))
        yield self.too_small_note()

    def action_close(self) -> None:
        self.dismiss(None)

"""The end of a call block: its counts against the rep's rates, and a prompt for a short break."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from nextcall.domain.block import BlockSummary
from nextcall.domain.funnel import Ratios
from nextcall.ui.key_map import bound
from nextcall.ui.screens.window_size import SizeGuarded
from nextcall.ui.text import percent

BREAK_MINUTES = 5


def length_text(summary: BlockSummary) -> str:
    """How long the block ran: seconds under a minute, else whole minutes."""
    if summary.minutes < 1:
        return f"{summary.minutes * 60:.0f} s"
    return f"{summary.minutes:.0f} min"


def rows(summary: BlockSummary) -> list[tuple[str, int, str]]:
    """(label, count, comparison with the rep's average) for the summary table."""
    c, mine, avg = summary.counts, Ratios.of(summary.counts), summary.averages.ratios
    expected = summary.expected_meetings
    per_hour = summary.dials_per_hour
    return [
        ("Dials", c.dials, "" if per_hour is None else f"{per_hour:.0f}/h"),
        (
            "Connects",
            c.connects,
            f"{percent(mine.connect_rate)} (you: {percent(avg.connect_rate)})",
        ),
        (
            "Conversations",
            c.conversations,
            f"{percent(mine.conversation_rate)} (you: {percent(avg.conversation_rate)})",
        ),
        (
            "Meetings",
            c.meetings,
            "" if expected is None else f"{expected:.1f} expected at your rate",
        ),
        ("No's", c.nos, "part of the price of dialing, not a verdict"),
    ]


def summary_markup(summary: BlockSummary) -> str:
    lines = [f"{label:<14}[b]{count:>4}[/]  [dim]{note}[/]" for label, count, note in rows(summary)]
    ran = f"Ran {length_text(summary)} of {summary.planned_minutes} planned minutes"
    return "\n".join(
        [
            f"[dim]{ran}[/]",
            *lines,
            "",
            f"Take a short break now: stand up, get some water, {BREAK_MINUTES} minutes away",
            "from the phone. The next block starts fresher for it.",
            "[dim]enter or escape: back to the queue · k: start the next block[/]",
        ]
    )


class BlockSummaryScreen(SizeGuarded, ModalScreen[bool]):
    """Dismisses with True when the rep starts the next block at once."""

    MIN_SIZE = (72, 18)
    SMALL_THEN = "to see how the block went"
    SMALL_ESCAPE = "goes back to the queue"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "close(False)", "Back to the queue"),
        bound("block", "close(True)", "Next block"),
    ]

    def __init__(self, summary: BlockSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt block-summary"):
            yield Label("Block done", classes="prompt-title")
            yield Static(summary_markup(self.summary))
        yield self.too_small_note()

    def acts_when_small(self, action: str, parameters: tuple[object, ...]) -> bool:
        return action == "close" and parameters == (False,)  # back to the queue, not `k`

    def action_close(self, next_block: bool) -> None:
        self.dismiss(next_block)

"""The end of a call block: its counts against the rep's rates, and a prompt for a short break."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from nextcall.domain.block import BlockSummary

BREAK_MINUTES = 5


def summary_markup(summary: BlockSummary) -> str:
    rows = [f"{label:<14}[b]{count:>4}[/]  [dim]{note}[/]" for label, count, note in summary.rows()]
    ran = f"Ran {summary.length_text()} of {summary.planned_minutes} planned minutes"
    return "\n".join(
        [
            f"[dim]{ran}[/]",
            *rows,
            "",
            f"Take a short break now: stand up, get some water, {BREAK_MINUTES} minutes away",
            "from the phone. The next block starts fresher for it.",
            "[dim]enter or escape: back to the queue · k: start the next block[/]",
        ]
    )


class BlockSummaryScreen(ModalScreen[bool]):
    """Dismisses with True when the rep starts the next block at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "close(False)", "Back to the queue"),
        Binding("k", "close(True)", "Next block"),
    ]

    def __init__(self, summary: BlockSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt block-summary"):
            yield Label("Block done", classes="prompt-title")
            yield Static(summary_markup(self.summary))

    def action_close(self, next_block: bool) -> None:
        self.dismiss(next_block)

"""Small modal prompts: a line of text (note, small win), the follow-up picker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from nextcall.domain.follow_ups import MAX_YEARS_AHEAD, QUICK_PICKS, add_months, quick_pick


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; enter saves it, escape cancels (nothing is saved)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str) -> None:
        super().__init__()
        self.prompt_title, self.placeholder = title, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(self.prompt_title, classes="prompt-title", markup=False)
            yield Input(placeholder=self.placeholder, max_length=500)
            yield Static("[dim]enter saves · escape cancels[/]", classes="prompt-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.notify("Type something first, or press escape to cancel.", severity="warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class FollowUpChoice:
    """What the follow-up picker returns: the day to call back, and a note for that call."""

    day: date
    note: str = ""


class FollowUpPrompt(ModalScreen[FollowUpChoice | None]):
    """Pick when to call back (a quick pick 1-6, or tab and a typed date), then write a note
    for that call (optional); enter saves."""

    AUTO_FOCUS = ""  # digits pick at once; tab moves to the date field

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        *(Binding(k, f"pick('{k}')", label, show=False) for k, label in QUICK_PICKS),
    ]

    def __init__(self, today: date, who: str) -> None:
        super().__init__()
        self.today, self.who = today, who
        self.chosen: date | None = None

    def compose(self) -> ComposeResult:
        cells = [f"[b]{k}[/] {label:<14}" for k, label in QUICK_PICKS]
        picks = "\n".join("  ".join(cells[i : i + 3]) for i in (0, 3))
        with Vertical(classes="prompt"):
            yield Label(
                f"When should {self.who} hear from you again?",
                classes="prompt-title",
                markup=False,
            )
            yield Static(picks)
            yield Input(placeholder="tab, then a date: YYYY-MM-DD and enter", id="date")
            yield Static("[dim]Pick a day: 1-6, or tab to type a date.[/]", id="chosen")
            yield Input(
                placeholder="then a note for that call (optional); enter saves",
                max_length=500,
                id="note",
            )
            yield Static("[dim]escape cancels: the outcome is not logged[/]", classes="prompt-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a text field has focus, digits are typed into it rather than picked.
        return not (action == "pick" and isinstance(self.focused, Input))

    def action_pick(self, key: str) -> None:
        self.choose(quick_pick(key, self.today))

    def choose(self, day: date) -> None:
        """Take `day` and move on to the note."""
        self.chosen = day
        self.query_one("#chosen", Static).update(
            f"[b $accent]Call back {day:%a %d %b %Y}[/] · a note for that call, then enter"
        )
        self.query_one("#note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "note":
            if self.chosen is None:
                self.notify(
                    "Pick a day first: 1-6, or a date in the field above.", severity="error"
                )
                return
            self.dismiss(FollowUpChoice(self.chosen, event.value.strip()))
            return
        self._typed_date(event.value)

    def _typed_date(self, text: str) -> None:
        try:
            chosen = date.fromisoformat(text.strip())
        except ValueError:
            self.notify(f"{text!r} is not a date like 2026-12-01.", severity="error")
            return
        if chosen <= self.today:
            self.notify("Pick a day after today.", severity="error")
            return
        if chosen > add_months(self.today, 12 * MAX_YEARS_AHEAD):
            self.notify(f"Pick a day within {MAX_YEARS_AHEAD} years.", severity="error")
            return
        self.choose(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)

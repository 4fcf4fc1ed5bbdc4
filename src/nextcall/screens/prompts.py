"""Small modal prompts: a line of text (note, small win), the follow-up picker, the number to dial."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Digits, Input, Label, Static


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


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")


MAX_YEARS_AHEAD = 5
"""The furthest a typed follow-up date may be."""

QUICK_PICKS: tuple[tuple[str, str], ...] = (
    ("1", "tomorrow"),
    ("2", "in 2 days"),
    ("3", "next week"),
    ("4", "next month"),
    ("5", "next quarter"),
    ("6", "in 12 months"),
)


def working_day(day: date) -> date:
    """`day`, or the Monday after it when it falls on a weekend."""
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def quick_pick(key: str, today: date) -> date:
    """The date a quick-pick key stands for, moved off a weekend to the Monday after."""
    return working_day(
        {
            "1": today + timedelta(days=1),
            "2": today + timedelta(days=2),
            "3": today + timedelta(days=7),
            "4": add_months(today, 1),
            "5": add_months(today, 3),
            "6": add_months(today, 12),
        }[key]
    )


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


class NumberPrompt(ModalScreen[str | None]):
    """The number to dial, big (the `none` softphone adapter). An outcome key closes it and
    logs that outcome; escape, enter, d or space just close it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,d,space", "close", "Back to the queue"),
    ]

    def __init__(
        self, name: str, display: str, outcome_keys: Mapping[str, str], warning: str = ""
    ) -> None:
        super().__init__()
        self.who, self.number, self.warning = name, display, warning
        self.outcome_keys = outcome_keys
        """Key -> outcome name."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt number"):
            yield Label(f"Dial {self.who}", classes="prompt-title", markup=False)
            yield Digits(self.number.replace("-", " "))
            if self.warning:
                yield Static(f"[$warning]{self.warning}[/]")
            yield Static(
                "[dim]Also sent to the clipboard, where the terminal allows it.\n"
                "When you hang up, press the outcome key: it closes this and logs the call.[/]"
            )

    def on_key(self, event: Key) -> None:
        name = self.outcome_keys.get(event.key)
        if name is not None:
            event.stop()
            self.dismiss(name)

    def action_close(self) -> None:
        self.dismiss(None)

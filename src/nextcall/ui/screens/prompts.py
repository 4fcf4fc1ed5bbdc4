"""Small modal prompts: a line of text (note, small win), the follow-up picker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import time as TimeOfDay
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from nextcall.domain.follow_ups import (
    MAX_YEARS_AHEAD,
    QUICK_PICKS,
    TimeContext,
    add_months,
    follow_up_due,
    follow_up_problem,
    outside_hours,
    parse_time_of_day,
    quick_pick,
)
from nextcall.domain.plan import is_working_day
from nextcall.io.inert import inert
from nextcall.ui.markup import escape
from nextcall.ui.screens.window_size import SizeGuarded
from nextcall.ui.text import place, there_and_here


class TextPrompt(SizeGuarded, ModalScreen[str | None]):
    """Ask for one line of text; enter saves it, escape cancels (nothing is saved)."""

    MIN_SIZE = (50, 13)
    ACTS_WHEN_SMALL = frozenset({"cancel"})
    SMALL_THEN = "to type it"
    SMALL_ESCAPE = "cancels: nothing is saved"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, placeholder: str, value: str = "", hint: str = "enter saves"
    ) -> None:
        super().__init__()
        self.prompt_title, self.placeholder = title, placeholder
        self.value, self.hint = value, hint
        """The text it starts with; what enter does."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(inert(self.prompt_title), classes="prompt-title", markup=False)
            yield Input(self.value, placeholder=self.placeholder, max_length=500)
            yield Static(f"[dim]{escape(self.hint)} · escape cancels[/]", classes="prompt-hint")
        yield self.too_small_note()

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
    at: TimeOfDay | None = None
    """A time of day at the prospect's location (the rep's own when their zone is unknown),
    or None for the day alone (due from the start of the rep's day, as before times)."""
    anyone: bool = False
    """Team mode: anyone on the team may take the follow-up (otherwise it waits for the rep
    who set it)."""


NOT_LOGGED = "the outcome is not logged"
"""What escape does in the picker `l` opens on the dial screen (the call back waits for a day)."""
NO_FOLLOW_UP = "no follow-up is set"
"""What escape does where the picker sets a follow-up alone (the prospect view)."""
NO_STAYS_LOGGED = "no follow-up is set; the no stays logged"
"""What escape does in the picker the ritual and the feel-it timer open, after a rejection."""
ANYONE_KEY = "ctrl+t"
"""Team mode: marks the follow-up as one anyone on the team may take (from any field)."""


def whose_line(anyone: bool) -> str:
    """The picker's line saying who the follow-up waits for (team mode)."""
    box = "[b $accent]\\[x][/]" if anyone else "\\[ ]"
    whose = "anyone on the team may take it" if anyone else "it waits for you"
    return f"[b]{ANYONE_KEY}[/] {box} anyone on the team may take it [dim]· now: {whose}[/]"


class FollowUpPrompt(SizeGuarded, ModalScreen[FollowUpChoice | None]):
    """Pick when to call back (a quick pick 1-6, or tab and a typed date), optionally a time
    of day at the prospect's (shift+tab from the note, or `0` for today at a time), then write
    a note for that call (optional); enter saves. Without `times` there is no time field.
    With `team`, ctrl+t marks the follow-up as one anyone on the team may take."""

    AUTO_FOCUS = ""  # digits pick at once; tab moves to the date field
    MIN_SIZE = (62, 20)
    ACTS_WHEN_SMALL = frozenset({"cancel"})
    SMALL_THEN = "to pick a day"
    DEFAULT_CSS = """
    FollowUpPrompt #when, FollowUpPrompt #note-box { height: auto; }
    FollowUpPrompt #date { width: 1fr; }
    FollowUpPrompt #time { width: 30; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        *(Binding(k, f"pick('{k}')", label, show=False) for k, label in QUICK_PICKS),
        Binding("0", "today", "today, at a time", show=False),
        Binding(ANYONE_KEY, "anyone", "anyone on the team may take it", show=False),
    ]

    def __init__(
        self,
        today: date,
        who: str,
        times: TimeContext | None = None,
        *,
        on_escape: str = NOT_LOGGED,
        team: bool = False,
    ) -> None:
        super().__init__()
        self.today, self.who, self.times = today, who, times
        """`times`: the zones and calling hours a time of day is read with."""
        self.team = team
        """On a team database: the follow-up may be left to anyone on the team."""
        self.anyone = False
        self.on_escape = on_escape
        """What escape cancels here, in the hint under the fields."""
        self.chosen: date | None = None

    def compose(self) -> ComposeResult:
        cells = [f"[b]{k}[/] {label:<14}" for k, label in QUICK_PICKS]
        picks = "\n".join("  ".join(cells[i : i + 3]) for i in (0, 3))
        if self.times is not None:
            picks += "\n[b]0[/] today, at a time"
        with Vertical(classes="prompt"):
            yield Label(
                inert(f"When should {self.who} hear from you again?"),
                classes="prompt-title",
                markup=False,
            )
            yield Static(picks)
            if self.team:
                yield Static(whose_line(self.anyone), id="whose")
            with Horizontal(id="when"):
                if self.times is None:
                    yield Input(placeholder="tab, then a date: YYYY-MM-DD and enter", id="date")
                else:
                    yield Input(placeholder="tab: a date, YYYY-MM-DD", id="date")
                    yield Input(placeholder=self._time_placeholder(), max_length=12, id="time")
            yield Static(self._describe(), id="chosen")
            with Vertical(id="note-box"):  # as deep as the date: queries find the date first
                yield Input(
                    placeholder="then a note for that call (optional); enter saves",
                    max_length=500,
                    id="note",
                )
            yield Static(f"[dim]escape cancels: {self.on_escape}[/]", classes="prompt-hint")
        yield self.too_small_note(f"cancels: {self.on_escape}")

    def _time_placeholder(self) -> str:
        assert self.times is not None
        there = self.times.there
        return "time (yours), e.g. 14:30" if there is None else f"time in {place(there)}: 14:30"

    def _describe(self, at: TimeOfDay | None = None, problem: str = "") -> str:
        """The line under the fields: the day (and time, in both zones) chosen so far, what to
        do next, and a warning or a problem."""
        times = self.times
        if self.chosen is None:
            lines = ["[dim]Pick a day: 1-6, or tab to type a date.[/]"]
        elif at is None or times is None:
            lines = [f"[b $accent]Follow-up {self.chosen:%a %d %b %Y}[/] · a note, then enter"]
            if times is not None and not problem:
                whose = (
                    "your own: their time zone is not known"
                    if times.there is None
                    else f"read in {place(times.there)}"
                )
                lines.append(f"[dim]A time of day? shift+tab to the time field ({whose}).[/]")
        else:
            due = follow_up_due(self.chosen, at, times.there, times.here)
            when = escape(there_and_here(due, times.there, times.here))
            lines = [f"[b $accent]Follow-up {self.chosen:%a %d %b} at {when}[/]"]
            if outside_hours(at, times.hours) and not problem:
                start, end = times.hours
                lines.append(
                    f"[$warning]Outside calling hours there ({start:%H:%M}-{end:%H:%M});"
                    " fine if they asked.[/]"
                )
        if self.chosen is not None and not is_working_day(self.chosen) and not problem:
            lines.append(
                f"[$warning]A {self.chosen:%A}: fine if they asked (the quick picks skip"
                " weekends).[/]"
            )
        if problem:
            lines.append(f"[$error]{escape(problem)}[/]")
        return "\n".join(lines)

    def _show(self, at: TimeOfDay | None = None, problem: str = "") -> None:
        self.query_one("#chosen", Static).update(self._describe(at, problem))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a text field has focus, digits are typed into it rather than picked.
        if not self.size_allows(action, parameters):
            return False
        if action == "today" and self.times is None:
            return False
        if action == "anyone":
            return self.team
        return not (action in ("pick", "today") and isinstance(self.focused, Input))

    def action_pick(self, key: str) -> None:
        self.choose(quick_pick(key, self.today))

    def action_anyone(self) -> None:
        """Switch between waiting for this rep and leaving it to anyone on the team."""
        self.anyone = not self.anyone
        self.query_one("#whose", Static).update(whose_line(self.anyone))

    def action_today(self) -> None:
        """Today, at a time still ahead: the time field next."""
        self.chosen = self.today
        self._show()
        self.query_one("#time", Input).focus()

    def choose(self, day: date) -> None:
        """Take `day` and move on to the note."""
        self.chosen = day
        self._show(*self._typed_time(quiet=True))
        self.query_one("#note", Input).focus()

    def _typed_time(self, *, quiet: bool = False) -> tuple[TimeOfDay | None, str]:
        """The time field read with the day chosen: (time or None, why it can't be used)."""
        if self.times is None or self.chosen is None:
            return None, ""
        text = self.query_one("#time", Input).value.strip()
        if not text and quiet:
            return None, ""
        try:
            at = parse_time_of_day(text) if text else None
        except ValueError as exc:
            return None, "" if quiet else str(exc)
        return at, follow_up_problem(self.chosen, at, self.times) or ""

    @on(Input.Changed, "#time")
    def _time_typed(self) -> None:
        """Show the time in both zones as it is typed (problems wait for enter)."""
        if self.chosen is not None:
            at, _ = self._typed_time(quiet=True)
            self._show(at)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("note", "time") and self.chosen is None:
            self.notify("Pick a day first: 1-6, or a date in the field above.", severity="error")
            return
        if event.input.id == "date":
            self._typed_date(event.value)
            return
        assert self.chosen is not None
        at, problem = self._typed_time()
        self._show(at, problem)
        if problem:
            self.notify(problem, severity="error")
            self.query_one("#time", Input).focus()
            return
        if event.input.id == "time":
            self.query_one("#note", Input).focus()
            return
        note = self.query_one("#note", Input).value.strip()
        self.dismiss(FollowUpChoice(self.chosen, note, at, self.anyone))

    def _typed_date(self, text: str) -> None:
        day_text, _, time_text = text.strip().partition(" ")
        try:
            chosen = date.fromisoformat(day_text)
        except ValueError:
            self.notify(f"{text!r} is not a date like 2026-12-01.", severity="error")
            return
        timed = self.times is not None
        if chosen < self.today or (chosen == self.today and not timed):
            after = "Pick a day after today, or today with a time." if timed else ""
            self.notify(after or "Pick a day after today.", severity="error")
            return
        if chosen > add_months(self.today, 12 * MAX_YEARS_AHEAD):
            self.notify(f"Pick a day within {MAX_YEARS_AHEAD} years.", severity="error")
            return
        if time_text and timed:
            self.query_one("#time", Input).value = time_text.strip()
        if chosen == self.today:
            self.action_today()
            return
        self.choose(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)

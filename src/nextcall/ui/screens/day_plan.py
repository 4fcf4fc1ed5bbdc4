"""The day plan: on the first start of a working day, today's target and what it means in dials
and no's. Keys only (no text field), so one key accepts the suggestion."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key, Resize
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from nextcall.domain.funnel import CONVERSATIONS, MEETINGS, Averages, PlanKind
from nextcall.domain.plan import MAX_TARGET, DayPlan, Forecast
from nextcall.ui.screens.window_size import TOO_SMALL, guard, larger_text, too_small

MIN_SIZE = (64, 22)
"""Below this the dialog can't show its forecast: it asks for a larger window."""
DIGITS = "0123456789"
"""Only ASCII digits type a target (`²`.isdigit() is True, but it is no number to type)."""


def plan_markup(
    plan: DayPlan, averages: Averages, suggested: DayPlan, first_day: bool = False
) -> str:
    """The dialog's body: the choice, the rep's average, and the forecast. `first_day`: no plan
    was ever set, so escape keeps the default rather than an earlier plan."""
    forecast = Forecast.of(plan, averages)
    kinds = "   ".join(
        f"[reverse b] {key} {kind} [/]" if kind == plan.kind else f"[dim] {key} {kind} [/]"
        for key, kind in (("m", MEETINGS), ("c", CONVERSATIONS))
    )
    usual = forecast.average_per_day
    average = (
        f"Your usual day: {usual:.1f} {plan.kind} from "
        f"{averages.per_day('dials') or 0:.0f} dials (last {averages.days} working days)."
        if usual is not None
        else "No history yet: the figures below use a rule of thumb."
    )
    kept = f"the default ({suggested.label()})" if first_day else f"{suggested.label()} as before"
    return "\n".join(
        [
            f"Target   [b $accent]{plan.target:>3}[/]  {kinds}",
            "",
            f"[dim]{average}[/]",
            "",
            forecast.sentence(),
            "",
            f"[dim]enter: start with this plan · escape: keep {kept}\n"
            "digits or ↑↓ set the number, backspace erases a digit · m / c the kind[/]",
        ]
    )


class DayPlanPrompt(ModalScreen[DayPlan]):
    """Ask for today's target; dismisses with the chosen plan (escape: the suggested one)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "accept", "Start the day"),
        Binding("escape", "keep", "Keep the last plan"),
        Binding("up,plus", "change(1)", "More", show=False),
        Binding("down,minus", "change(-1)", "Fewer", show=False),
        Binding("backspace", "erase", "Erase a digit", show=False),
        Binding("m", f"kind('{MEETINGS}')", "Meetings", show=False),
        Binding("c", f"kind('{CONVERSATIONS}')", "Conversations", show=False),
    ]

    def __init__(self, suggested: DayPlan, averages: Averages, first_day: bool = False) -> None:
        super().__init__()
        self.set_class(too_small(self.app.size, MIN_SIZE), TOO_SMALL)  # before the first frame
        self.suggested = suggested
        self.first_day = first_day
        self.plan = suggested
        self.averages = averages
        self.typed = False
        """True once a digit was typed: further digits extend the number."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt day-plan"):
            yield Label("A new day. What is today's target?", classes="prompt-title")
            yield Static(self._body(), id="plan-body")
        yield Static(
            larger_text(MIN_SIZE, "to plan the day", "keeps the suggested plan"),
            id="plan-too-small",
        )

    def _body(self) -> str:
        return plan_markup(self.plan, self.averages, self.suggested, self.first_day)

    def on_resize(self, event: Resize) -> None:
        guard(self, event.size, MIN_SIZE)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Too small to see the plan: only escape (keep the suggested plan) acts.
        return not self.has_class(TOO_SMALL) or action == "keep"

    def show(self) -> None:
        self.query_one("#plan-body", Static).update(self._body())

    def _set(self, target: int | None = None, kind: PlanKind | None = None) -> None:
        self.plan = DayPlan(kind or self.plan.kind, self.plan.target if target is None else target)
        self.show()

    def on_key(self, event: Key) -> None:
        if event.character is not None and len(event.character) == 1 and event.character in DIGITS:
            event.stop()
            if self.has_class(TOO_SMALL):
                return
            digit = int(event.character)
            value = self.plan.target * 10 + digit if self.typed else digit
            if value > MAX_TARGET:
                self.notify(f"A target goes up to {MAX_TARGET}.", severity="warning", timeout=2)
                return
            self.typed = True
            self._set(target=value)

    def action_change(self, delta: int) -> None:
        self.typed = False
        self._set(target=max(0, min(MAX_TARGET, self.plan.target + delta)))

    def action_erase(self) -> None:
        self._set(target=self.plan.target // 10)

    def action_kind(self, kind: str) -> None:
        self.typed = False  # the next digit starts a new number
        self._set(kind=PlanKind(kind))  # the binding's argument is a string

    def action_accept(self) -> None:
        self.dismiss(self.plan)

    def action_keep(self) -> None:
        self.dismiss(self.suggested)

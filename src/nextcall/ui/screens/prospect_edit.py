"""The prospect view's edit prompt: pick a field (1-6), change its value, enter saves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from nextcall.domain.prospect_edits import MAX_LENGTH, EditField
from nextcall.io.inert import inert
from nextcall.ui.markup import escape
from nextcall.ui.screens.window_size import SizeGuarded

FIELD_KEYS: tuple[tuple[str, EditField], ...] = tuple(
    (str(i), f) for i, f in enumerate(EditField, start=1)
)
"""Key -> the field it picks, in the order the prompt lists them."""


@dataclass(frozen=True)
class EditChoice:
    """What the rep typed for which field."""

    field: EditField
    text: str


class EditPrompt(SizeGuarded, ModalScreen[EditChoice | None]):
    """Pick a field with 1-6 (its value comes up to change), then enter saves; escape cancels.
    Opened again with the typed text and the reason when a value was refused."""

    AUTO_FOCUS = ""  # digits pick a field; the value's field takes the focus after
    MIN_SIZE = (60, 23)
    ACTS_WHEN_SMALL = frozenset({"cancel"})
    SMALL_THEN = "to edit"
    SMALL_ESCAPE = "cancels: nothing is changed"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        *(Binding(k, f"pick('{k}')", f.label, show=False) for k, f in FIELD_KEYS),
    ]

    def __init__(
        self,
        who: str,
        values: Mapping[EditField, str],
        field: EditField | None = None,
        text: str = "",
        problem: str = "",
    ) -> None:
        super().__init__()
        self.who, self.values = who, values
        self.chosen, self.text, self.problem = field, text, problem

    def compose(self) -> ComposeResult:
        rows = [
            f"[b]{k}[/] {f.label:<10} [dim]{escape(self.values.get(f, '')) or '—'}[/]"
            for k, f in FIELD_KEYS
        ]
        with Vertical(classes="prompt"):
            yield Label(inert(f"Edit {self.who}"), classes="prompt-title", markup=False)
            yield Static("\n".join(rows), id="edit-fields")
            yield Static("[dim]Pick what to change: 1-6.[/]", id="edit-chosen")
            yield Input(max_length=MAX_LENGTH, id="edit-value", disabled=True)
            yield Static("", id="edit-problem")
            yield Static("[dim]enter saves · escape cancels[/]", classes="prompt-hint")
        yield self.too_small_note()

    def on_mount(self) -> None:
        if self.chosen is not None:
            self.choose(self.chosen, self.text)
        if self.problem:
            self.query_one("#edit-problem", Static).update(
                f"[$error]Not changed: {escape(self.problem)}[/]"
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the value's field has focus, digits are typed into it.
        if not self.size_allows(action, parameters):
            return False
        return not (action == "pick" and isinstance(self.focused, Input))

    def action_pick(self, key: str) -> None:
        field = dict(FIELD_KEYS)[key]
        self.choose(field, self.values.get(field, ""))

    def choose(self, field: EditField, text: str) -> None:
        self.chosen = field
        hint = {
            EditField.PHONE: "with its country code, or as dialed in your default region",
            EditField.TIMEZONE: "a zone name like America/New_York, or Eastern, PST",
        }.get(field, "")
        self.query_one("#edit-chosen", Static).update(
            f"[b $accent]{field.label.capitalize()}[/]" + (f" [dim]({hint})[/]" if hint else "")
        )
        value = self.query_one("#edit-value", Input)
        value.disabled = False
        value.value = text
        value.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.chosen is not None:
            self.dismiss(EditChoice(self.chosen, event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)

"""The palette's "Dial a number…": a prompt for a number that is not in the queue, which says at
once what dialing it would do (refused and why, a stored prospect's, or a new one), and the dial
screen's part of the flow (`DialsByHand`): the prospect goes to the cursor and is dialed as `d`
dials, so their outcome key logs the call like any other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from nextcall.domain.prospects import Prospect
from nextcall.services.hand_dial import Judged, Known, Refused, Unknown, add_by_hand, judge
from nextcall.services.session import Session
from nextcall.store.errors import StoreError
from nextcall.ui.markup import escape
from nextcall.ui.palette import DialNumber
from nextcall.ui.screens.window_size import SizeGuarded

ASK = "[dim]enter checks the number[/]"


@dataclass(frozen=True)
class NumberToDial:
    """What the prompt hands back: the number as judged, and a name for a new prospect."""

    judged: Known | Unknown
    name: str = ""


class DialNumberPrompt(SizeGuarded, ModalScreen[NumberToDial | None]):
    """Type a number and enter: a refusal says why and the number can be fixed; a stored
    prospect's number names them (enter again dials them); a new number asks for an optional
    name (enter dials)."""

    MIN_SIZE = (56, 14)
    ACTS_WHEN_SMALL = frozenset({"cancel"})
    SMALL_THEN = "to type the number"
    SMALL_ESCAPE = "cancels: nothing is dialed"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        judge: Callable[[str], Judged],
        standing_of: Callable[[Prospect], str],
        typed: str = "",
    ) -> None:
        super().__init__()
        self.judge, self.standing_of, self.typed = judge, standing_of, typed
        self.judged: Judged | None = None
        self.judged_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label("Dial a number that is not in the queue", classes="prompt-title")
            yield Input(
                self.typed,
                placeholder="the number, e.g. +1 212 555 0143",
                max_length=60,
                id="number",
            )
            yield Static(ASK, id="verdict")
            name = Input(placeholder="their name (optional)", max_length=200, id="name")
            name.disabled = True
            yield name
            yield Static("[dim]escape cancels: nothing is dialed[/]", classes="prompt-hint")
        yield self.too_small_note()

    def on_mount(self) -> None:
        if self.typed.strip():
            self.check(self.typed)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "number" and self.judged and event.value != self.judged_text:
            self.judged = None  # judged again on enter
            self.query_one("#verdict", Static).update(ASK)
            self.query_one("#name", Input).disabled = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        judged = self.judged
        if event.input.id == "name":
            if isinstance(judged, Unknown):
                self.dismiss(NumberToDial(judged, event.value.strip()))
            return
        if isinstance(judged, Known) and event.value == self.judged_text:
            self.dismiss(NumberToDial(judged))
            return
        self.check(event.value)

    def check(self, text: str) -> None:
        """Judge `text` and say what dialing it would do."""
        judged = self.judged = self.judge(text)
        self.judged_text = text
        verdict = self.query_one("#verdict", Static)
        name = self.query_one("#name", Input)
        name.disabled = not isinstance(judged, Unknown)
        if isinstance(judged, Refused):
            verdict.update(f"[$error]Not dialed: {escape(judged.reason)}.[/]")
        elif isinstance(judged, Known):
            who = judged.prospect
            company = f" · {escape(who.company)}" if who.company else ""
            verdict.update(
                f"That is [b]{escape(who.name)}[/b]{company}: "
                f"{escape(self.standing_of(who))}.\n"
                "[b]enter[/b] dials them; the call goes on their record."
            )
        else:
            warning = f"\n[$warning]{escape(judged.number.display)} is {judged.warning}.[/]"
            verdict.update(
                f"[b]{escape(judged.number.display)}[/b] is new: it becomes a prospect, "
                "added by hand. A name, then [b]enter[/b] dials."
                + (warning if judged.warning else "")
            )
            name.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class DialsByHand(Screen[None]):
    """The dial screen's base for numbers dialed by hand (see the module's docstring)."""

    session: Session
    default_region: str
    """Where a number typed without its country code is read (config `[calling]`)."""

    if TYPE_CHECKING:  # the dial screen's (declared only: at run time they would hide them)

        def standing_of(self, prospect: Prospect) -> str: ...

        def show_all(self) -> None: ...

        def action_dial(self) -> None: ...

    def on_dial_number(self, message: DialNumber) -> None:
        prompt = DialNumberPrompt(self.judge_number, self.standing_of, message.typed)
        self.app.push_screen(prompt, self._dial_by_hand)

    def judge_number(self, text: str) -> Judged:
        """What dialing `text` would do: refused (why), a stored prospect's, or a new number."""
        s = self.session
        try:
            return judge(text, self.default_region, s.store, s.clock.now(), s.clock.local_tz())
        except StoreError as exc:
            return Refused(f"the number could not be checked: {exc}")

    def _dial_by_hand(self, chosen: NumberToDial | None) -> None:
        """Put the prospect (stored, or new and marked added by hand) at the cursor and dial
        them as `d` does: their outcome key logs the call like any other."""
        if chosen is None:
            return
        s = self.session
        judged = chosen.judged
        if isinstance(judged, Known):
            prospect = judged.prospect
            if prospect.id not in s.ids:
                self.notify(
                    f"{escape(prospect.name)} is {escape(self.standing_of(prospect))}: "
                    "this call goes on their record.",
                    timeout=6,
                )
        else:
            try:
                prospect = add_by_hand(s.store, judged.number, chosen.name, s.clock.now())
            except StoreError as exc:
                self.notify(f"Not dialed: {exc}", severity="error", timeout=10)
                return
        s.put_at_cursor(prospect.id)
        self.show_all()
        self.call_later(self.action_dial)  # once the prompt is gone (see _after_recovery)

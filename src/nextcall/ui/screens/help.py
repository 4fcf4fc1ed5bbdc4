"""Help: every binding, read from the outcome table and the rep's own key map."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from nextcall.domain.outcomes import OUTCOMES
from nextcall.ui.markup import escape
from nextcall.ui.screens.window_size import SizeGuarded

OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("d, enter", "dial: the number big; then an outcome key logs the call"),
    ("s", "skip: leave this prospect queued and go to the next"),
    ("u", "undo the last outcome (repeat to go further back)"),
    ("e", "add a note to the current prospect"),
    ("+", "log a small win by hand"),
    ("f", "five-minute feel-it timer for today's newest no (F2 in it: perspective check)"),
    ("i", "prospect view: every call; edit, requeue, follow-up, do-not-call"),
    ("↑ ↓", "move in the queue (also page up/down, home, end)"),
    ("t", "review: the day, [ ] other days, w the week, escape back"),
    ("k", "start a timed call block, or end it early"),
    ("ctrl+p", "palette: find a prospect (enter opens their view), themes,"),
    ("", "Dial a number… for a number that is not in the queue"),
    ("?", "this help"),
    ("after r", "the ritual: 1-6/0 tag the reason · p pause · l follow-up · x x do-not-call"),
    ("", "f feel-it timer · d dial · escape skip"),
    ("q", "quit (everything is already saved)"),
)

CALL_KEYS: tuple[tuple[str, str], ...] = (
    ("outcome", "any outcome key above ends the call and logs it"),
    ("e", "a note as you talk (saved as typed; escape leaves it)"),
    ("1-6", "the talk track's notes on timing, budget, competitor,"),
    ("", "authority, need, value · 0 the whole track"),
    ("pgup pgdn", "scroll the talk track"),
    ("escape", "hang up and go back to the queue: nothing is logged"),
)

FOLLOW_UP_KEYS: tuple[tuple[str, str], ...] = (
    ("1-6", "tomorrow, in 2 days, next week, month, quarter, 12 months"),
    ("tab", "type a date instead: YYYY-MM-DD"),
    ("0", "today, at a time: the time field next"),
    ("shift+tab", "from the note to the time field (14:30, their local time)"),
    ("enter", "saves · escape cancels (what it cancels is said below it)"),
)


def help_markup(keys: Mapping[str, str]) -> str:
    rows = [
        "[b]Outcomes[/b]: one key logs the call, then the next prospect is up"
        "   [dim](escape closes)[/]",
        "",
        f"[dim]{'key':>9}  {'outcome':<13} conn conv meet  then[/]",
    ]
    for o in OUTCOMES:
        flags = "".join(f"{'✓' if on else '·':^5}" for on in (o.connect, o.conversation, o.meeting))
        rows.append(
            f"[b $accent]{escape(keys.get(o.name, o.key)):>9}[/]  {o.label:<13}{flags} {o.next_step.value}"
        )
    rows += ["", "[b]Everything else[/b]", ""]
    rows += _key_rows(OTHER_KEYS)
    rows += ["", "[b]On a call[/b] [dim](after d or enter)[/]", ""]
    rows += _key_rows(CALL_KEYS)
    rows += [
        "",
        "[b]The follow-up picker[/b] [dim](l, and l in the ritual or the prospect view)[/]",
    ]
    rows += ["", *_key_rows(FOLLOW_UP_KEYS)]
    rows += [
        "",
        "[dim]Outcome keys can be changed under \\[keys] in config.toml.[/]",
    ]
    return "\n".join(rows)


def _key_rows(keys: tuple[tuple[str, str], ...]) -> list[str]:
    return [f"[b $accent]{k:>9}[/]  {text}" for k, text in keys]


class HelpScreen(SizeGuarded, ModalScreen[None]):
    """Every key, what it does."""

    MIN_SIZE = (60, 12)
    SMALL_THEN = "to read the keys"
    SMALL_ESCAPE = "closes help"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help"),
    ]

    def __init__(self, keys: Mapping[str, str]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="prompt help"):
            yield Static(help_markup(self.keys))
        yield self.too_small_note()

    def action_close(self) -> None:
        self.dismiss(None)

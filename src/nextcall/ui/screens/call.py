"""The call screen (after `d`/`enter`): the number big, the call's running time, the prospect's
card, a note written as the rep talks, and the rep's talk track with its objection notes."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import tzinfo
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.css.query import NoMatches
from textual.events import Key
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Static, TextArea

from nextcall.config.keys import OUTCOME_NAMES
from nextcall.domain.clock import Clock
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import CallRecord, Prospect, zone
from nextcall.io.inert import inert
from nextcall.io.softphone import CallEvent, CallState, outcome_hint
from nextcall.io.talk_track import OBJECTIONS, TalkTrack, TalkTrackError, read
from nextcall.services.call_note import CallNote
from nextcall.store.errors import StoreError
from nextcall.ui.key_map import Keys, bound
from nextcall.ui.markup import escape
from nextcall.ui.messages import CallUpdate
from nextcall.ui.outcome_keys import FOOTER_LABELS
from nextcall.ui.screens.window_size import guard
from nextcall.ui.widgets.call_card import CallCard, call_card_markup
from nextcall.ui.widgets.footer import Footer
from nextcall.ui.widgets.talk_track_view import TalkTrackView

MIN_SIZE = (60, 16)
"""Below this the number and the card no longer fit: the screen asks for a larger window."""
NOTE_SAVE_SECONDS = 0.3
"""A note is written this long after the last change (at most): typing does not wait on disk."""


@dataclass(frozen=True)
class CallDetails:
    """Who is being called, as the dial screen knows them when the call starts."""

    prospect: Prospect
    history: list[CallRecord]
    """Their latest calls, newest first (the card shows three)."""
    local_tz: tzinfo
    """The rep's zone (the dates of past calls)."""
    warning: str = ""
    """Why this call may be a bad idea (outside calling hours there), or ''."""


def running_time(seconds: float) -> str:
    """'0:42', '12:05', '1:02:03'."""
    minutes, secs = divmod(int(max(0.0, seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


KEYS_WIDTH = 78
"""The room the keys line can count on (an 80-column terminal): the hint goes when it would not fit."""


def keys_line(keys: Keys) -> str:
    """The outcome keys, for the line above the footer (markup)."""
    cells = [(keys[name], FOOTER_LABELS[OutcomeName(name)]) for name in OUTCOME_NAMES]
    line = "  ".join(f"[b]{escape(key)}[/] {label}" for key, label in cells)
    plain = sum(len(key) + 1 + len(label) + 2 for key, label in cells)
    return line + "  [dim]log the call[/]" if plain + len("log the call") <= KEYS_WIDTH else line


class CallScreen(Screen[str | None]):
    """The call. An outcome key closes it and logs that outcome (hanging up first if the call
    is still open).

    With the `none` adapter, enter, d or space just close it; with a softphone that reports
    the call (baresip), enter logs the suggested outcome once the call has ended, and escape
    hangs up (and logs nothing)."""

    AUTO_FOCUS = ""  # the call keys act at once; `e` focuses the note
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    KEYS_SCREEN = "call"
    TAKES_CALL_UPDATES = True
    """The softphone's news goes to this screen, even under help (see `NextcallApp._on_call`)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "back"),
        Binding("enter,space", "close", "Back to the queue", show=False),
        bound("dial", "close", "Back to the queue", show=False),
        bound("note", "note", "note"),
        *(
            bound(
                reason,
                f"section('{reason}')",
                "objections" if reason == OBJECTIONS[0] else reason,
                show=reason == OBJECTIONS[0],
                key_display="1-6" if reason == OBJECTIONS[0] else "",
            )
            for reason in OBJECTIONS
        ),
        bound("whole_track", "section('')", "whole track"),
        Binding("pageup", "scroll_track(-1)", "scroll", key_display="pgup pgdn"),
        Binding("pagedown", "scroll_track(1)", "scroll", show=False),
        bound("help", "app.help", "help", show=False),
    ]

    def __init__(
        self,
        call: CallDetails,
        keys: Keys,
        clock: Clock,
        note: CallNote,
        talk_track: Path | None,
        *,
        via: str = "",
        reports_answer: bool = False,
        hang_up: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__()
        self.call, self.clock, self.note = call, clock, note
        self.keys = keys
        self.outcome_keys = {keys.textual(name): name for name in OUTCOME_NAMES}
        """Key (as Textual names it) -> outcome name."""
        self.talk_track_path = talk_track
        self.via = via
        """The adapter placing the call ('' = the rep dials by hand)."""
        self.hang_up = hang_up
        self.live = False
        """A call the softphone reports is open."""
        self.hint: str | None = None
        self.ended = False
        """The softphone reported the call's end."""
        self.duration_s: float | None = None
        """Answer to hang-up, once a reported call has ended."""
        self._answered_at: float | None = None
        self._logged_once = False
        self._status = (
            f"Calling through {via}…"
            if via
            else "Also sent to the clipboard, where the terminal allows it.",
            False,
        )
        now = clock.monotonic()
        self._timer_from: float | None = None if reports_answer else now
        """Where the running time counts from (the dial; with baresip, the answer)."""
        self._timer_stop: float | None = None
        self._save_timer: Timer | None = None
        self._save_failed = False

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Container(id="call"):
            with Horizontal(id="call-head"):
                yield Digits(self.call.prospect.phone_display.replace("-", " "), id="number")
                yield Digits("0:00", id="timer")
            yield Static(inert(self._status[0]), id="call-status", markup=False)
            if self.call.warning:
                yield Static(f"[$warning]{escape(self.call.warning)}[/]", id="call-warning")
            with Container(id="call-body"):
                with Vertical(id="call-side"):
                    card = CallCard(self._card(""), id="call-card")
                    card.border_title = "On the call"
                    yield card
                    note = TextArea(id="call-note", soft_wrap=True, show_line_numbers=False)
                    note.cursor_blink = False  # steady: no repaint twice a second on a call
                    note.border_title = "Note: saved as you type · escape: back to the call keys"
                    yield note
                yield TalkTrackView(read_track(self.talk_track_path), self.talk_track_path)
            yield Static(keys_line(self.keys), id="call-keys")
        yield Static(
            f"Make the window larger (at least {MIN_SIZE[0]}x{MIN_SIZE[1]}) to see the call. "
            "The outcome keys still log it; escape goes back.",
            id="call-too-small",
        )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._apply_breakpoint(self.app.size.width)
        self.show_status(*self._status)
        self.tick()
        self.set_interval(1.0, self.tick)

    def _apply_breakpoint(self, width: int) -> None:
        """Lay out the first frame for the real width (Textual's breakpoints follow on resize)."""
        chosen = [name for least, name in self.HORIZONTAL_BREAKPOINTS or [] if width >= least]
        for _, name in self.HORIZONTAL_BREAKPOINTS or []:
            self.set_class(bool(chosen) and name == chosen[-1], name)

    def on_resize(self) -> None:
        guard(self, self.size, MIN_SIZE)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Below the size, only the way out acts (the outcome keys too: see on_key).
        return not self.has_class("-too-small") or action in ("cancel", "close")

    # -- the card and the running time --------------------------------------------------------

    def _card(self, text: str) -> str:
        call, now = self.call, self.clock.now()
        tz = zone(call.prospect.timezone)
        prospect = replace(call.prospect, notes=self.note.before)
        their_time = now.astimezone(tz) if tz is not None else None
        entry = self.note.entry(text).lstrip("\n")
        return call_card_markup(prospect, call.history, their_time, call.local_tz, now, entry)

    def tick(self) -> None:
        """Once a second: the running time (only its own widget is redrawn)."""
        if self._timer_from is None:
            shown = "0:00"
        else:
            end = self.clock.monotonic() if self._timer_stop is None else self._timer_stop
            shown = running_time(end - self._timer_from)
        timer = self.query_one("#timer", Digits)
        if timer.value != shown:
            timer.update(shown)
        timer.set_class(self._timer_from is None, "-waiting")

    # -- what the softphone says --------------------------------------------------------------

    def show_status(self, text: str, problem: bool = False) -> None:
        """Say how the call is going (kept until the screen is up, if it isn't yet)."""
        self._status = (text, problem)
        try:
            status = self.query_one("#call-status", Static)
        except NoMatches:
            return  # not composed yet: on_mount shows it
        status.update(inert(text))
        status.set_class(problem, "-problem")

    def dial_failed(self, reason: str) -> None:
        self.live = False
        if self._timer_from is None:  # dialed by hand from here: the time counts from now
            self._timer_from = self.clock.monotonic()
        self.show_status(f"{reason} Dial it by hand (it is on the clipboard).", True)

    def on_call_update(self, message: CallUpdate) -> None:
        event = message.event
        if event.state is CallState.RINGING:
            self.live = True
            self.show_status("Ringing…")
        elif event.state is CallState.ANSWERED:
            self.live, self._answered_at = True, event.at
            self._timer_from = self.clock.monotonic()
            self.show_status("Connected. Take your time.")
        else:
            self.live, self.ended, self.duration_s = False, True, event.duration_s
            if self._timer_from is not None:
                self._timer_stop = self.clock.monotonic()
            self.hint = outcome_hint(event)
            self.show_status(self._ended_text(event))
        self.tick()

    def _ended_text(self, event: CallEvent) -> str:
        said = f" ({event.reason})" if event.reason else ""
        if event.duration_s is not None:
            minutes, seconds = divmod(round(event.duration_s), 60)
            said = f" after {minutes}:{seconds:02d}{said}"
        if self.hint is None:
            return f"Call ended{said}. Press the outcome key."
        key = self.keys[self.hint]
        label = self.hint.replace("_", " ")
        return f"Call ended{said}. Enter logs {label} ({key}), or press another outcome key."

    # -- the note ------------------------------------------------------------------------------

    def _typing(self) -> bool:
        return isinstance(self.focused, TextArea)

    def action_note(self) -> None:
        """Open the note (kept from an earlier `e` in this call) and type into it."""
        note = self.query_one("#call-note", TextArea)
        note.display = True
        self.add_class("-noting")
        note.focus()
        note.move_cursor(note.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Show the note on the card at once; write it a moment later (one write per pause)."""
        self.query_one(CallCard).show(self._card(event.text_area.text))
        if self._save_timer is None:
            self._save_timer = self.set_timer(NOTE_SAVE_SECONDS, self._timed_save)

    def _timed_save(self) -> None:
        self._save_timer = None
        self.save_note()

    def save_note(self) -> bool:
        """Write the note if it changed; False (and a message keeping the words) if it failed."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        text = self.query_one("#call-note", TextArea).text
        try:
            self.note.save(text)
        except StoreError as exc:
            if not self._save_failed:  # once, not at every pause in the typing
                self.notify(
                    f"Note not saved: {escape(str(exc))}\nIt stays in the note field; "
                    "it is saved again as you type.",
                    severity="error",
                    timeout=10,
                )
            self._save_failed = True
            return False
        self._save_failed = False
        return True

    def _leave_note(self) -> None:
        """Escape in the note: save it, put it away (it is on the card), back to the call keys."""
        self.save_note()
        note = self.query_one("#call-note", TextArea)
        note.display = False
        self.remove_class("-noting")
        self.set_focus(None)

    # -- the talk track ------------------------------------------------------------------------

    def action_section(self, reason: str) -> None:
        """An objection's notes (`1`-`6`), or the whole track (`0`)."""
        self.query_one(TalkTrackView).show_section(reason)

    def action_scroll_track(self, pages: int) -> None:
        box = self.query_one(TalkTrackView)
        if pages < 0:
            box.scroll_page_up(animate=False)
        else:
            box.scroll_page_down(animate=False)

    # -- closing ---------------------------------------------------------------------------------

    async def on_key(self, event: Key) -> None:
        name = self.outcome_keys.get(event.key)
        if name is not None and not self._typing():
            event.stop()
            await self._end_call()
            self._close(name)

    def _close(self, outcome: str | None) -> None:
        """Dismiss once: a second key pressed before the screen is gone does nothing. The note
        is written first, so it is kept whatever the outcome does next."""
        if not self._logged_once:
            self._logged_once = True
            if not self.save_note():
                text = self.query_one("#call-note", TextArea).text.strip()
                self.notify(f"It said: {escape(text)}", severity="error", timeout=30)
            self.dismiss(outcome)

    async def _end_call(self) -> None:
        if self.live and self.hang_up is not None:
            await self.hang_up()
            self.live = False
            if self.duration_s is None and self._answered_at is not None:
                self.duration_s = max(0.0, time.monotonic() - self._answered_at)

    def action_close(self) -> None:
        if self.hint is not None:
            self._close(self.hint)
        elif self.live:
            self.notify("The call is still open: press its outcome key, or escape to hang up.")
        elif self.ended:
            self.notify("How did it go? Press its outcome key (escape logs nothing).")
        else:
            self._close(None)

    async def action_cancel(self) -> None:
        if self._typing():
            self._leave_note()
            return
        await self._end_call()
        self._close(None)


def read_track(path: Path | None) -> TalkTrack | str | None:
    """The talk track at `path`, the one-line reason it can't be shown, or None (no file)."""
    if path is None:
        return None
    try:
        return read(path)
    except TalkTrackError as exc:
        return str(exc)

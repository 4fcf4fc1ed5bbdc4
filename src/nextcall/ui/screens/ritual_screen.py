"""The recovery ritual's full-screen overlay after a rejection: reset, reframe, dial.

The phases come from the domain's `Ritual`, read from the clock whenever the shown second or the
breathing cue is due to change; the screen only shows them and turns keys into calls.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Static

from nextcall.config import RitualConfig
from nextcall.domain.clock import Clock
from nextcall.domain.outcomes import REASONS
from nextcall.domain.prospects import zone
from nextcall.domain.ritual import (
    Phase,
    Ritual,
    RitualEnd,
    next_look,
    shown_seconds,
)
from nextcall.services.ritual_log import Recovery
from nextcall.store.errors import StoreError
from nextcall.ui.key_map import Keys, bound
from nextcall.ui.markup import escape
from nextcall.ui.screens.after_rejection import AfterRejection, BackToQueue, DialNext, OpenFeelIt
from nextcall.ui.screens.prompts import NO_STAYS_LOGGED, FollowUpChoice, FollowUpPrompt
from nextcall.ui.screens.ritual_markup import RitualContext, reframe_markup, tag_row
from nextcall.ui.screens.window_size import SizeGuarded
from nextcall.ui.text import here_and_there
from nextcall.ui.widgets.footer import Footer

STORE_ERRORS = (StoreError, LookupError)
"""What a write from the ritual can raise (LookupError: the prospect for a touchpoint is gone or
on the do-not-call list): said in a toast; the ritual goes on."""
MAX_WAIT_S = 0.5
"""The longest the screen goes without looking at the clock (so a wake is seen at once)."""
BREATH_STEPS = 8


class RitualScreen(SizeGuarded, Screen[AfterRejection]):
    """Reset (with a breathing cue and reason tags), reframe (today's numbers), dial. Returns
    what the rep chose next: dial who was shown, the feel-it timer, or back to the queue."""

    DEFAULT_CSS = """
    RitualScreen { align: center middle; }
    #ritual { width: 84; max-width: 100%; height: auto; max-height: 100%; padding: 0 2; }
    #ritual > Static { width: 100%; text-align: center; }
    #ritual-phase { margin-bottom: 1; }
    #ritual-count { width: 100%; text-align: center; color: $primary; text-style: bold; }
    RitualScreen.-paused #ritual-count { color: $text-muted; }
    #ritual-cue { margin-bottom: 1; }
    #ritual > #ritual-body { text-align: left; }
    #ritual-note { margin-top: 1; }
    """

    MIN_SIZE = (60, 16)
    ACTS_WHEN_SMALL = frozenset({"leave", "back"})
    SMALL_THEN = "to see the reset"
    SMALL_ESCAPE = "goes back to the queue (the no stays logged)"
    KEYS_SCREEN = "ritual"
    BINDINGS: ClassVar[list[BindingType]] = [
        bound("dial", "dial", "dial"),
        Binding("enter", "dial", "dial", show=False),
        bound("pause", "pause", "pause"),
        bound("follow_up", "touchpoint", "follow-up"),
        bound("do_not_call", "dnc", "do-not-call"),
        bound("feel_it", "feel_it", "feel-it timer"),
        Binding("escape", "leave", "skip"),
        Binding("escape", "back", "back to the queue"),
        *(bound(reason, f"tag('{reason}')", reason, show=False) for reason in REASONS),
        bound("help", "app.help", "help", show=False),
    ]

    def __init__(
        self,
        context: RitualContext,
        recovery: Recovery,
        clock: Clock,
        settings: RitualConfig,
        keys: Keys | None = None,
    ) -> None:
        super().__init__()
        self.context, self.recovery, self.settings = context, recovery, settings
        self.keys = keys or Keys()
        """The rep's keys, for the hints."""
        self._paused_for_cover = False
        """The countdown was paused because a screen (help, the picker) covered the ritual."""
        self.ritual = Ritual(clock, settings.reset_seconds, settings.reframe_seconds)
        self._shown: tuple[object, ...] = ()
        self._tick_timer: Timer | None = None
        self._confirm_dnc = False
        self._leaving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="ritual"):
            yield Static(id="ritual-phase")
            yield Digits("", id="ritual-count")
            yield Static(id="ritual-cue")
            yield Static(id="ritual-body")
            yield Static(id="ritual-note")
        yield self.too_small_note()
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.tick()

    # -- the clock -----------------------------------------------------------------------------

    def tick(self) -> None:
        """Look at the clock, show what changed, and come back when the next change is due."""
        if self._leaving:
            return
        if self.ritual.watch.observe():
            self.recovery.slept()
        phase = self.ritual.phase
        if phase is Phase.DIAL and self.ritual.end is None:
            self._reach_dial()
            if self._leaving:
                return
        self.show()
        if self._tick_timer is not None:
            self._tick_timer.stop()  # one look pending at a time
        self._tick_timer = self.set_timer(self._next_look(), self.tick)

    def _next_look(self) -> float:
        """Seconds until the shown second (or the breath bar) changes, a little past it."""
        if self.ritual.paused or self.ritual.phase is Phase.DIAL:
            return MAX_WAIT_S
        # In the reset the breath bar moves every half second as well.
        return next_look(self.ritual.remaining(), MAX_WAIT_S)

    def _reach_dial(self) -> None:
        how = self.ritual.finish(RitualEnd.DONE)
        self._store_end(how)
        auto = self.settings.auto_dial and not self.ritual.watch.slept
        if auto and self.context.next_up is not None:
            self._close(DialNext(self.context.next_up))

    # -- showing -------------------------------------------------------------------------------

    def show(self) -> None:
        r = self.ritual
        phase, paused = r.phase, r.paused
        remaining = shown_seconds(r.remaining())
        breath = r.breath() if phase is Phase.RESET and not paused else None
        state = (phase, paused, remaining, breath, r.reason, self._confirm_dnc)
        if state == self._shown:
            return  # nothing the rep would see has changed: no repaint
        self._shown = state
        self.set_class(paused, "-paused")
        self.query_one("#ritual-phase", Static).update(self._phase_line(phase, paused))
        digits = self.query_one("#ritual-count", Digits)
        digits.update(self.context.next_number if phase is Phase.DIAL else str(remaining))
        self.query_one("#ritual-cue", Static).update(self._cue(phase, paused, breath))
        self.query_one("#ritual-body", Static).update(self._body(phase))
        self.query_one("#ritual-note", Static).update(self._note())
        self.refresh_bindings()

    def _phase_line(self, phase: Phase, paused: bool) -> str:
        steps = []
        for p in Phase:
            mark = "●" if p is phase else "○"
            style = "b" if p is phase else "dim"
            steps.append(f"[{style}]{mark} {p.value}[/]")
        who = escape(self.context.rejected.name)
        state = "  [reverse $warning] paused [/]" if paused else ""
        return f"After the no from {who}   " + "   ".join(steps) + state

    def _cue(self, phase: Phase, paused: bool, breath: tuple[bool, int] | None) -> str:
        if paused:
            return f"[b]Paused.[/] {escape(self.keys['pause'])} picks up where you left off."
        if phase is Phase.RESET and breath is not None:
            inhale, fill = breath
            word = "breathe in " if inhale else "breathe out"
            return f"{word}  [$primary]{'●' * fill}{'·' * (BREATH_STEPS - fill)}[/]"
        if phase is Phase.REFRAME:
            return "[dim]seconds to the next dial[/]"
        if self.ritual.watch.slept:
            return "[$warning]The countdown ran out while the computer was asleep.[/]"
        return ""

    def _body(self, phase: Phase) -> str:
        if phase is Phase.RESET:
            chosen = self.ritual.reason
            ask = "Why the no? [dim](optional: tag it and move on)[/]"
            if chosen:
                ask = f"Tagged: [b]{chosen.replace('_', ' ')}[/]  [dim](another key changes it)[/]"
            return (
                "Stand up. Let your shoulders drop, shake out your hands, breathe out slowly.\n\n"
                f"{ask}\n{tag_row(chosen, self.keys)}"
            )
        if phase is Phase.REFRAME:
            return reframe_markup(self.context.numbers, self.context.call.id)
        nxt = self.context.next_up
        if nxt is None:
            return "Nobody is left in today's queue. [b]esc[/] goes back to the main screen."
        company = f"  ·  {escape(nxt.company)}" if nxt.company else ""
        return (
            f"[b]{escape(nxt.name)}[/]{company}\n\n"
            f"Fresh call, fresh person. [b]{escape(self.keys['dial'])}[/] or [b]enter[/] dials."
            "  [dim]esc: back to the queue[/]"
        )

    def _note(self) -> str:
        if self._confirm_dnc:
            who = escape(self.context.rejected.name)
            again = escape(self.keys["do_not_call"])
            return f"[b $warning]{again} again puts {who} on the do-not-call list for good.[/]"
        return ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.size_allows(action, parameters):
            return False
        # escape reads "skip" before the dial phase and "back to the queue" in it
        if action in ("leave", "back"):
            return (action == "back") == (self.ritual.phase is Phase.DIAL)
        if action == "pause":
            return self.ritual.phase is not Phase.DIAL or None  # shown greyed in the dial phase
        if action == "dial":
            return self.context.next_up is not None or None
        return True

    # -- keys ----------------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        if (
            event.key != self.keys.textual("do_not_call") and self._confirm_dnc
        ):  # any other key calls off the do-not-call
            self._confirm_dnc = False
            self.show()

    def action_tag(self, reason: str) -> None:
        if self.ritual.choose(reason) is None:
            if self.ritual.phase is not Phase.RESET:
                self.notify("Reasons are tagged during the reset.", timeout=2)
            return
        try:
            self.recovery.tag(self.context.call.id, reason)
        except STORE_ERRORS as exc:
            self.notify(f"The tag was not saved: {exc}", severity="error", timeout=6)
            self.ritual.reason = None
        self.show()

    def action_pause(self) -> None:
        self.ritual.toggle_pause()
        self._paused_for_cover = False
        self.show()

    def on_screen_suspend(self) -> None:
        """Covered (help): the countdown waits, as it does for the follow-up picker."""
        if not self.ritual.paused and self.ritual.phase is not Phase.DIAL and not self._leaving:
            self.ritual.toggle_pause()
            self._paused_for_cover = True

    def on_screen_resume(self) -> None:
        if self._paused_for_cover:
            self._paused_for_cover = False
            if self.ritual.paused:
                self.ritual.toggle_pause()
            self.show()

    def action_dial(self) -> None:
        nxt = self.context.next_up
        if nxt is None:
            self.notify("Nobody is queued to dial.", severity="warning")
            return
        self._store_end(self.ritual.finish(RitualEnd.SKIPPED))  # done when the dial phase is on
        self._close(DialNext(nxt))

    def action_back(self) -> None:
        self.action_leave()

    def action_leave(self) -> None:
        self._store_end(self.ritual.finish(RitualEnd.SKIPPED))
        self._close(BackToQueue())

    def action_feel_it(self) -> None:
        self._store_end(self.ritual.finish(RitualEnd.FEEL_IT))
        self._close(OpenFeelIt(self.context.call))

    def action_touchpoint(self) -> None:
        was_paused = self.ritual.paused
        if not was_paused:
            self.ritual.toggle_pause()  # the countdown waits while the rep picks a day
        rejected = self.context.rejected
        times, team = self.recovery.session.time_context(rejected), self.recovery.session.team
        self.app.push_screen(
            FollowUpPrompt(
                self.context.today, rejected.name, times, on_escape=NO_STAYS_LOGGED, team=team
            ),
            lambda picked: self._touchpoint_picked(picked, was_paused),
        )

    def _touchpoint_picked(self, picked: FollowUpChoice | None, was_paused: bool) -> None:
        if self.ritual.paused and not was_paused:
            self.ritual.toggle_pause()
        if picked is not None:
            day, rejected = picked.day, self.context.rejected
            try:
                due = self.recovery.touchpoint(
                    rejected.id, day, picked.note, picked.at, anyone=picked.anyone
                )
            except STORE_ERRORS as exc:
                self.notify(f"No follow-up set: {exc}", severity="error", timeout=6)
            else:
                here = self.recovery.session.clock.local_tz()
                at = here_and_there(due, zone(rejected.timezone), here) if picked.at else ""
                when = f" at {at}" if at else ""
                who = escape(rejected.name)
                self.notify(f"{who} comes back on {day:%a %d %b}{when}.", timeout=3)
        self.show()

    def action_dnc(self) -> None:
        if not self._confirm_dnc:
            self._confirm_dnc = True
            self.show()
            return
        self._confirm_dnc = False
        who = escape(self.context.rejected.name)
        try:
            self.recovery.do_not_call(self.context.rejected)
        except STORE_ERRORS as exc:
            self.notify(f"Not marked do-not-call: {exc}", severity="error", timeout=6)
        else:
            self.notify(f"{who} is on the do-not-call list: never queued again.", timeout=3)
        self.show()

    # -- ending --------------------------------------------------------------------------------

    def _store_end(self, how: RitualEnd) -> None:
        try:
            self.recovery.end(self.context.call.id, how)
        except STORE_ERRORS as exc:
            self.notify(f"The ritual's ending was not saved: {exc}", severity="error", timeout=6)

    def _close(self, how: AfterRejection) -> None:
        if self._leaving:
            return
        self._leaving = True
        if self._tick_timer is not None:
            self._tick_timer.stop()
        self.dismiss(how)

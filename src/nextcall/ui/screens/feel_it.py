"""The five-minute feel-it timer after a brutal call: a countdown, a short optional debrief saved
with the call, a perspective check one key away, and at the end the next prospect ready to dial."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Key
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Checkbox, Digits, Input, Label, Static

from nextcall.domain.clock import Clock
from nextcall.domain.prospects import CallRecord, Prospect, zone
from nextcall.domain.ritual import Countdown, Debrief, next_look, shown_seconds
from nextcall.io.notification import desktop_notify
from nextcall.services.ritual_log import Recovery
from nextcall.store.errors import StoreError
from nextcall.ui.key_map import Keys, bound
from nextcall.ui.markup import escape
from nextcall.ui.screens.after_rejection import AfterRejection, BackToQueue, DialNext
from nextcall.ui.screens.prompts import NO_STAYS_LOGGED, FollowUpChoice, FollowUpPrompt
from nextcall.ui.screens.window_size import SizeGuarded
from nextcall.ui.text import duration_words, here_and_there
from nextcall.ui.widgets.footer import Footer

MAX_WAIT_S = 0.5
SAVE_AFTER_S = 1.0
"""Typing in a debrief field is saved once it pauses this long."""
TYPING_GRACE_S = 2.0
"""A rep who typed this recently keeps the field's focus when the time is up."""

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("stated_reason", "What they said", "their words, as near as you remember"),
    ("real_reason", "What it really was", "your read of what was behind it"),
    ("lost_momentum", "Where it slipped", "the moment the call turned"),
    ("differently", "Next time I will", "one thing to change"),
)
"""Debrief field, label, placeholder."""

PERSPECTIVE: tuple[tuple[str, str], ...] = (
    ("Is anyone hurt because of that call?", "No."),
    ("Is your own health any different than ten minutes ago?", "No."),
    ("Will this month's pay still arrive?", "Yes."),
    ("Is there still food at home tonight?", "Yes."),
    ("Does one stranger's bad mood change how good you are at this?", "No."),
    ("Will you remember this call by Friday?", "Hardly."),
)
"""The perspective check: quick questions that put one bad call in proportion."""


class PerspectiveCheck(SizeGuarded, ModalScreen[None]):
    """The perspective check, one key (F2) away from the feel-it timer."""

    MIN_SIZE = (64, 22)
    SMALL_THEN = "to read it"
    SMALL_ESCAPE = "closes it"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close"),
        bound("perspective", "close", "Close", show=False),
    ]

    def __init__(self, keys: Keys | None = None) -> None:
        super().__init__()
        self.keys = keys or Keys()

    def compose(self) -> ComposeResult:
        rows = [f"{q}  [b $success]{a}[/]" for q, a in PERSPECTIVE]
        with Vertical(classes="prompt"):
            yield Label("A perspective check", classes="prompt-title")
            yield Static("\n".join(rows))
            yield Static(
                "\nA stranger was short with you on a call. That is the whole of it.\n"
                f"[dim]escape or {escape(self.keys['perspective'])} closes[/]",
                classes="prompt-hint",
            )
        yield self.too_small_note()

    def action_close(self) -> None:
        self.dismiss(None)


class FeelItScreen(SizeGuarded, Screen[AfterRejection]):
    """Five minutes to let the no land. Returns what the rep chose next: dial who was shown,
    or back to the queue."""

    DEFAULT_CSS = """
    #feel-it { padding: 0 2; }
    #feel-title { margin-top: 1; }
    #feel-count { width: auto; color: $primary; text-style: bold; }
    FeelItScreen.-done #feel-count { color: $success; }
    #feel-invite { margin-bottom: 1; }
    .feel-row { height: auto; margin-bottom: 1; }
    .feel-label { width: 20; color: $text-muted; }
    .feel-row Input { width: 1fr; }
    .feel-row Checkbox { width: auto; margin-right: 4; }
    #feel-next { margin-top: 1; height: auto; }
    FeelItScreen.-done #feel-next { border: round $success; padding: 0 1; }
    """

    MIN_SIZE = (60, 16)
    ACTS_WHEN_SMALL = frozenset({"leave"})
    SMALL_THEN = "for the feel-it timer"
    SMALL_ESCAPE = "goes back to the queue"
    KEYS_SCREEN = "feel_it"
    BINDINGS: ClassVar[list[BindingType]] = [
        bound("perspective", "perspective", "perspective check"),
        bound("dial", "dial", "dial"),
        Binding("enter", "dial", "dial", show=False),
        Binding("escape", "leave", "back to the queue"),
        bound("help", "app.help", "help", show=False),
    ]

    def __init__(
        self,
        call: CallRecord,
        rejected: Prospect | None,
        next_up: Prospect | None,
        recovery: Recovery,
        clock: Clock,
        seconds: int,
        today: date,
        keys: Keys | None = None,
    ) -> None:
        super().__init__()
        self.keys = keys or Keys()
        """The rep's keys, for the hints."""
        self.call, self.rejected, self.next_up = call, rejected, next_up
        self.recovery, self.clock, self.today = recovery, clock, today
        self.countdown = Countdown(clock, seconds)
        self.span = duration_words(seconds)
        self.debrief = self.saved = recovery.debrief(call.id)
        """The touchpoint answer lives here; the fields are read when saving."""
        self.done = False
        self._shown = -1
        self._typed_at = -1e9
        self._tick_timer: Timer | None = None
        self._save_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        who = escape(self.rejected.name) if self.rejected else "that call"
        with VerticalScroll(id="feel-it"):
            yield Static(f"[b]Feel it.[/]  After {who}", id="feel-title")
            yield Digits(self.countdown.face(), id="feel-count")
            yield Static(
                f"It stings; that is normal. Let it, for {self.span}, then put it down.\n"
                "[dim]A short debrief if it helps, every line optional:[/]",
                id="feel-invite",
            )
            for name, label, hint in FIELDS:
                with Horizontal(classes="feel-row"):
                    yield Label(label, classes="feel-label")
                    yield Input(
                        getattr(self.debrief, name),
                        placeholder=hint,
                        id=f"feel-{name}",
                        compact=True,
                        max_length=300,
                    )
            with Horizontal(classes="feel-row"):
                yield Checkbox(
                    "Nothing to change: bad luck",
                    self.debrief.bad_luck,
                    id="feel-bad-luck",
                    compact=True,
                )
                yield Checkbox(
                    "Worth a future touchpoint",
                    bool(self.debrief.touchpoint),
                    id="feel-touchpoint",
                    compact=True,
                )
            yield Static(id="feel-next")
        yield self.too_small_note()
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False  # a blinking cursor repaints twice a second
        self.query_one(f"#feel-{FIELDS[0][0]}", Input).focus()
        self.tick()

    # -- the clock -----------------------------------------------------------------------------

    def tick(self) -> None:
        if self.countdown.watch.observe():
            self.recovery.slept()
        remaining = self.countdown.remaining()
        shown = shown_seconds(remaining)
        if shown != self._shown:
            self._shown = shown
            self.query_one("#feel-count", Digits).update(self.countdown.face())
        if remaining <= 0 and not self.done:
            self.time_up()
        if self._tick_timer is not None:
            self._tick_timer.stop()  # one look pending at a time
        self._tick_timer = self.set_timer(next_look(remaining, MAX_WAIT_S), self.tick)

    def time_up(self) -> None:
        """Bell, a desktop notification, a toast, the next prospect ready to dial."""
        self.done = True
        self.save()
        self.add_class("-done")
        self.app.bell()
        desktop_notify("nextcall: time's up", "The next call is ready when you are.")
        self.notify("Time's up. The next call is ready.", title="Feel it", timeout=6)
        self.query_one("#feel-title", Static).update("[b]Time's up.[/]  Back to the phone.")
        self.query_one("#feel-invite", Static).update(
            f"That was the {self.span}. The call stays here; the next one starts clean.\n"
            "[dim]The debrief is saved; you can still add to it.[/]"
        )
        self.query_one("#feel-next", Static).update(self._next_markup())
        typing = self.clock.monotonic() - self._typed_at < TYPING_GRACE_S
        if not (typing and isinstance(self.focused, Input)):
            self.set_focus(None)  # so d and enter dial
        self.refresh_bindings()

    def _next_markup(self) -> str:
        if self.next_up is None:
            return "Nobody is left in today's queue.  [b]esc[/] goes back."
        n, dial = self.next_up, escape(self.keys["dial"])
        company = f" · {escape(n.company)}" if n.company else ""
        return (
            f"Next up: [b]{escape(n.name)}[/]{company}  {escape(n.phone_display)}\n"
            f"[b]{dial}[/] or [b]enter[/] dials  [dim](from a field: esc, then {dial})[/]"
        )

    # -- the debrief ---------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        if isinstance(self.focused, Input):
            self._typed_at = self.clock.monotonic()

    @on(Input.Blurred)
    @on(Input.Submitted)
    def _field_done(self) -> None:
        self.save()

    @on(Input.Changed)
    def _typed(self) -> None:
        """Typing is saved a moment after it pauses, so a closed terminal loses little."""
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_AFTER_S, self.save)

    @on(Checkbox.Changed, "#feel-bad-luck")
    def _bad_luck(self, event: Checkbox.Changed) -> None:
        self.save()

    @on(Checkbox.Changed, "#feel-touchpoint")
    def _touchpoint(self, event: Checkbox.Changed) -> None:
        if not event.value:
            self.debrief = replace(self.debrief, touchpoint=False)
            self.save()
            return
        if self.debrief.follow_up is not None or self.rejected is None:
            self.save()
            return
        times = self.recovery.session.time_context(self.rejected)
        team = self.recovery.session.team
        prompt = FollowUpPrompt(
            self.today, self.rejected.name, times, on_escape=NO_STAYS_LOGGED, team=team
        )
        self.app.push_screen(prompt, self._picked)

    def _picked(self, picked: FollowUpChoice | None) -> None:
        box = self.query_one("#feel-touchpoint", Checkbox)
        if picked is None or self.rejected is None:
            with box.prevent(Checkbox.Changed):
                box.value = False
            self.notify("No follow-up set.", timeout=2)
            return
        try:
            due = self.recovery.touchpoint(
                self.rejected.id, picked.day, picked.note, picked.at, anyone=picked.anyone
            )
        except (StoreError, LookupError) as exc:
            with box.prevent(Checkbox.Changed):
                box.value = False
            self.notify(f"No follow-up set: {exc}", severity="error", timeout=6)
            return
        self.debrief = replace(self.debrief, touchpoint=True, follow_up=picked.day)
        self.save()
        here, there = self.clock.local_tz(), zone(self.rejected.timezone)
        at = f" at {here_and_there(due, there, here)}" if picked.at else ""
        who = escape(self.rejected.name)
        self.notify(f"{who} comes back on {picked.day:%a %d %b}{at}.", timeout=3)

    def collect(self) -> Debrief:
        """The debrief as the screen shows it now."""

        def field(name: str) -> str:
            return self.query_one(f"#feel-{name}", Input).value.strip()

        return replace(
            self.debrief,
            stated_reason=field("stated_reason"),
            real_reason=field("real_reason"),
            lost_momentum=field("lost_momentum"),
            differently=field("differently"),
            bad_luck=self.query_one("#feel-bad-luck", Checkbox).value,
        )

    def save(self) -> None:
        """Save the debrief with the call when it changed (each save is one small commit)."""
        debrief = self.collect()
        if debrief == self.saved:
            return
        try:
            self.recovery.save_debrief(self.call.id, debrief)
        except StoreError as exc:
            self.notify(f"The debrief was not saved: {exc}", severity="error", timeout=8)
            return
        self.saved = debrief

    # -- leaving -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.size_allows(action, parameters):
            return False
        if action == "dial":  # hidden while a field has the keys
            if isinstance(self.focused, Input):
                return False
            return self.next_up is not None or None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def action_perspective(self) -> None:
        self.app.push_screen(PerspectiveCheck(self.keys))

    def action_dial(self) -> None:
        if self.next_up is None:
            self.notify("Nobody is queued to dial.", severity="warning")
            return
        self._leave(DialNext(self.next_up))

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)  # the first escape leaves the field; the next leaves the screen
            return
        self._leave(BackToQueue())

    def _leave(self, then: AfterRejection) -> None:
        self.save()
        if self._tick_timer is not None:
            self._tick_timer.stop()
        self.dismiss(then)

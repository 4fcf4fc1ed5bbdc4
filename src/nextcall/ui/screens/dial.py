"""The dial screen: queue, prospect card, live ratios. It turns keys into session calls and shows
the session's state; the rules live in the domain."""

from __future__ import annotations

import gc
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from nextcall.config import RitualConfig
from nextcall.domain.clock import local_now
from nextcall.domain.follow_ups import follow_up_due
from nextcall.domain.outcomes import OUTCOMES, NextStep, OutcomeName
from nextcall.domain.outlook import outlook
from nextcall.domain.prospects import CallRecord, Lifecycle, Prospect, zone
from nextcall.domain.ritual import RitualEnd
from nextcall.domain.standing import standing
from nextcall.io.softphone import DialError, NoSoftphone, Softphone
from nextcall.services.call_note import CallNote
from nextcall.services.coming_back import coming_back
from nextcall.services.prospect_story import ProspectDesk
from nextcall.services.ritual_log import Recovery
from nextcall.services.session import Logged, Session
from nextcall.store.errors import StoreError
from nextcall.ui.outcome_keys import TOPBAR_KEYS, outcome_bindings
from nextcall.ui.palette import DialNumberCommand, QueueSearch, ShowProspect
from nextcall.ui.reminder_bell import ReminderBell
from nextcall.ui.screens.after_rejection import AfterRejection, DialNext, OpenFeelIt
from nextcall.ui.screens.call import CallDetails, CallScreen
from nextcall.ui.screens.day_rhythm import DayRhythm
from nextcall.ui.screens.dial_number import DialsByHand
from nextcall.ui.screens.feel_it import FeelItScreen
from nextcall.ui.screens.help import HelpScreen
from nextcall.ui.screens.prompts import FollowUpChoice, FollowUpPrompt, TextPrompt
from nextcall.ui.screens.prospect import ProspectClosed, ProspectScreen
from nextcall.ui.screens.ritual_screen import RitualContext, RitualScreen
from nextcall.ui.text import here_and_there, plural
from nextcall.ui.widgets.call_queue import CallQueue
from nextcall.ui.widgets.footer import Footer
from nextcall.ui.widgets.prospect_card import (
    EMPTY_DATABASE,
    EMPTY_QUEUE,
    ProspectCard,
    card_markup,
    outlook_markup,
)
from nextcall.ui.widgets.ratio_panel import RatioPanel

REFRESH_SECONDS = 60.0
"""How often the queue is re-read, so retries whose wait ended join it."""
MIN_SIZE = (60, 16)
WIDE_TOPBAR = 120


class OutcomeLogged(Message):
    """An outcome was committed to the database (posted after the commit)."""

    def __init__(self, logged: Logged) -> None:
        super().__init__()
        self.logged = logged


class OutcomeUndone(Message):
    """An outcome was taken back."""

    def __init__(self, call: CallRecord) -> None:
        super().__init__()
        self.call = call


class DialScreen(DayRhythm, DialsByHand):
    """Where the rep spends the call block. It owns the flow after a rejection: it opens the
    ritual and the feel-it timer and acts on what they return."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    COMMANDS = Screen.COMMANDS | {QueueSearch, DialNumberCommand}
    BINDINGS: ClassVar[list[BindingType]] = [
        *outcome_bindings(),
        Binding("d,enter", "dial", "dial", id="dial", show=False),
        Binding("s", "skip", "skip", id="skip", show=False),
        Binding("u", "undo", "undo", id="undo", show=False),
        Binding("e", "note", "note", id="note", show=False),
        Binding("plus", "win", "win", id="win", key_display="+", show=False),
        Binding("t", "review", "review", id="review", show=False),
        Binding("k", "block", "block", id="block", show=False),
        Binding("f", "feel_it", "feel it", id="feel_it", show=False),
        Binding("i", "prospect", "prospect", id="prospect", show=False),
        Binding("question_mark", "help", "help", id="help", key_display="?"),
        Binding("q", "quit", "quit", id="quit", show=False),
    ]

    def __init__(
        self,
        session: Session,
        keys: dict[str, str],
        block_minutes: int = 60,
        ritual: RitualConfig | None = None,
        softphone: Softphone | None = None,
        default_region: str = "US",
        talk_track: Path | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.default_region = default_region
        """`[calling] default_region`: how a number typed without its country code is read."""
        self.softphone: Softphone = NoSoftphone() if softphone is None else softphone
        """Places the calls (the App makes it from the config and closes it on exit)."""
        self.keys = keys
        self.block_minutes = block_minutes
        """The call block's length (config `[day] block_minutes`)."""
        self.ritual = ritual or RitualConfig()
        self.recovery = Recovery(session)
        self.talk_track = talk_track
        """The rep's talk track file, read by each call screen (None: none is set)."""
        self.reminder_bell = ReminderBell(self, session, self.show_all)
        """Reminders before timed follow-ups (`[calling] remind_minutes`)."""

    def compose(self) -> ComposeResult:
        yield Static(id="topbar")
        with Container(id="body"):
            queue = CallQueue(self.session, self.session.clock.now(), id="queue")
            queue.border_title = "Queue"
            yield queue
            with Horizontal(id="side"):
                card = ProspectCard(id="card")
                card.border_title = "Next up"
                yield card
                panel = RatioPanel(id="ratios")
                panel.border_title = "Today vs your average"
                yield panel
        yield Static("Make the window larger (at least 60x16) to keep dialing.", id="too-small")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._apply_breakpoint(self.app.size.width)
        self.query_one(CallQueue).focus()
        self.session.skip_held()
        self.show_all()
        self.set_interval(REFRESH_SECONDS, self.refresh_queue)
        self.start_day_rhythm()
        self.reminder_bell.arm()

    def _apply_breakpoint(self, width: int) -> None:
        """Lay out the first frame for the real width (Textual's breakpoints follow on resize)."""
        chosen = [name for least, name in self.HORIZONTAL_BREAKPOINTS or [] if width >= least]
        for _, name in self.HORIZONTAL_BREAKPOINTS or []:
            self.set_class(bool(chosen) and name == chosen[-1], name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the window is too small to show the queue, keys must not act on it unseen.
        return not self.has_class("-too-small") or action in ("quit", "help")

    def on_resize(self) -> None:
        width, height = self.size
        self.set_class(width < MIN_SIZE[0] or height < MIN_SIZE[1], "-too-small")
        self.show_topbar()

    # -- showing state -------------------------------------------------------------------------

    def show_all(self) -> None:
        self.query_one(CallQueue).reset(self.session.clock.now())
        self.show_card()
        self.show_ratios()
        self.show_topbar()

    def show_card(self) -> None:
        s = self.session
        prospect = s.current
        if prospect is None and not s.store.has_prospects():
            self.query_one(ProspectCard).show(EMPTY_DATABASE)
            return
        if prospect is None or s.held is not None:  # nobody to call now: when that changes
            self.query_one(ProspectCard).show(self.queue_outlook(), fit=True)
            return
        history = s.store.history(prospect.id)
        window = s.calling_window(prospect)
        self.query_one(ProspectCard).show(
            card_markup(prospect, history, window, s.clock.local_tz(), s.clock.now())
        )

    def queue_outlook(self) -> str:
        """The card's words when nobody can be called now: what comes back, and when."""
        s = self.session
        try:
            back = coming_back(s.store, s.clock)
        except StoreError:  # the card still says the queue is empty, without the times
            return EMPTY_QUEUE
        return outlook_markup(outlook(back, s.held, s.clock.now(), s.clock.local_tz()))

    def show_ratios(self) -> None:
        self.query_one(RatioPanel).show(self.session.panel())

    def show_topbar(self) -> None:
        s = self.session
        now = local_now(s.clock)
        queued = len(s.ids)
        position = f"{s.cursor + 1} of {queued}" if queued else "queue empty"
        head = self.block_head() or f"{now:%a %d %b %H:%M}"  # a running block's clock
        text = (
            f"[b]nextcall[/]  {head}  ·  {position}  ·  "
            f"[$outcome-meeting]{plural(s.counts.meetings, 'meeting')}[/] "
            f"from {plural(s.counts.dials, 'dial')}"
        )
        if self.size.width >= WIDE_TOPBAR:  # room for the everyday keys the footer leaves out
            text += f"      [dim]{TOPBAR_KEYS}[/]"
        self.query_one("#topbar", Static).update(text, layout=False)  # always one line

    def refresh_queue(self) -> None:
        """The minute timer: a new day, retries back from their wait, a WAL checkpoint."""
        if self.session.roll_day_if_needed():
            self.ask_plan()
        self.session.refresh_queue()
        # A checkpoint that fails loses nothing of the rep's: the next minute tries again.
        with suppress(StoreError):
            self.session.store.checkpoint()
        self.show_all()
        self.reminder_bell.arm()

    # -- the queue -----------------------------------------------------------------------------

    def on_call_queue_moved(self, event: CallQueue.Moved) -> None:
        self.session.move_to(event.row)
        self.query_one(CallQueue).show_cursor()
        self.show_card()
        self.show_topbar()

    def standing_of(self, prospect: Prospect) -> str:
        """Where a prospect stands (do-not-call, archived, waiting, queued), in words."""
        s = self.session
        dnc = (
            s.store.dnc_entry(prospect.phone) if prospect.state.lifecycle is Lifecycle.DNC else None
        )
        queued = prospect.id in s.ids
        return standing(prospect, s.clock.now(), s.clock.local_tz(), queued, dnc)

    def jump_to(self, prospect_id: int) -> None:
        """Put the cursor on a prospect (from the palette's search), or say why they are not
        in today's queue."""
        if prospect_id not in self.session.ids:
            prospect = self.session.store.prospect(prospect_id)
            why = self.standing_of(prospect) if prospect else "no longer stored"
            who = escape(prospect.name) if prospect else "That prospect"
            self.notify(f"{who} is not in today's queue: {escape(why)}.", timeout=6)
            return
        self.on_call_queue_moved(CallQueue.Moved(self.session.ids.index(prospect_id)))

    def on_show_prospect(self, message: ShowProspect) -> None:
        self.open_prospect(message.prospect_id)

    def action_prospect(self) -> None:
        """The prospect view for the prospect on screen."""
        prospect = self.session.current
        if prospect is None:
            self.notify("Nobody is up: ctrl+p finds any prospect by name.", timeout=3)
            return
        self.open_prospect(prospect.id)

    def open_prospect(self, prospect_id: int) -> None:
        view = ProspectScreen(ProspectDesk(self.session, self.default_region), prospect_id)
        self.app.push_screen(view, self._after_prospect)

    def _after_prospect(self, closed: ProspectClosed | None) -> None:
        """The prospect view closed: read the queue again if it changed something, and put the
        cursor on the prospect when the rep asked (g)."""
        if closed is not None and closed.changed:
            self.session.refresh_queue()
            self.show_all()
        if closed is not None and closed.go_to is not None:
            self.jump_to(closed.go_to)

    # -- outcomes ------------------------------------------------------------------------------

    def action_outcome(
        self, name: str, prospect_id: int | None = None, duration_s: float | None = None
    ) -> None:
        """Log `name` for the prospect on screen (or, after a prompt, the one it was about).
        `name` arrives as text from the binding's action string."""
        outcome = OutcomeName(name)
        prospect = self.session.current
        if prospect is None:
            self.notify("Nobody is queued to log an outcome for.", severity="warning")
            return
        pid = prospect.id if prospect_id is None else prospect_id
        if outcome is OutcomeName.LATER:
            self.app.push_screen(
                FollowUpPrompt(
                    self.session.day, prospect.name, self.session.time_context(prospect)
                ),
                lambda picked: self._log_later(picked, pid, duration_s),
            )
            return
        self.log_outcome(outcome, prospect_id=pid, duration_s=duration_s)

    def _log_later(
        self, picked: FollowUpChoice | None, prospect_id: int, duration_s: float | None = None
    ) -> None:
        if picked is None:
            self.notify("Not logged: no follow-up date was picked.", timeout=3)
            return
        day, here = picked.day, self.session.clock.local_tz()
        prospect = self.session.store.prospect(prospect_id)
        there = zone(prospect.timezone) if prospect else None
        due = follow_up_due(day, picked.at, there, here)
        logged = self.log_outcome(
            OutcomeName.LATER,
            follow_up=due,
            prospect_id=prospect_id,
            note=picked.note or None,
            duration_s=duration_s,
            timed=picked.at is not None,
        )
        if logged is not None:
            who = escape(logged.prospect.name)
            at = f" at {here_and_there(due, there, here)}" if picked.at else ""
            self.notify(f"Follow-up with {who} on {day:%a %d %b}{at}: in the wins jar.", timeout=3)
            self.reminder_bell.arm()

    def log_outcome(
        self,
        name: OutcomeName,
        *,
        prospect_id: int,
        duration_s: float | None,
        follow_up: datetime | None = None,
        note: str | None = None,
        timed: bool = False,
    ) -> Logged | None:
        """Log and show; None (and a message) when it could not be logged."""
        try:
            logged = self.session.log(
                name,
                follow_up,
                prospect_id=prospect_id,
                note=note,
                duration_s=duration_s,
                timed=timed,
            )
        except (StoreError, LookupError) as exc:
            self.notify(f"Not logged: {exc}", severity="error", timeout=10)
            return None
        self.recovery.logged(logged)
        self.post_message(OutcomeLogged(logged))
        self.show_all()
        self.call_after_refresh(self.feedback, logged)  # the new counts' frame comes first
        return logged

    def feedback(self, logged: Logged) -> None:
        """A word after the outcome: celebrate wins; after a rejection, the recovery ritual."""
        who = escape(logged.prospect.name)
        step = logged.outcome.next_step
        if step is NextStep.DONE:
            self.notify(
                f"Meeting booked with {who}. That is what the no's were for.",
                title="Meeting!",
                timeout=4,
            )
        elif step is NextStep.RITUAL:
            self.after_rejection(logged)
        elif logged.outcome.win is not None and step is not NextStep.FOLLOW_UP:
            self.notify(
                f"{logged.outcome.label.capitalize()} with {who}: a small win, in the jar.",
                timeout=2.5,
            )

    def on_screen_resume(self) -> None:
        """Back from a screen on top (ritual, call, review): what Textual keeps of it goes out of
        the collector's reach, as everything did after the first frame (see App.on_mount), so
        full collections stay short however many screens the day opens. A follow-up set
        there may need a reminder sooner than the one armed."""
        self.call_after_refresh(gc.freeze)
        self.reminder_bell.arm()

    def action_undo(self) -> None:
        try:
            call = self.session.undo()
        except StoreError as exc:
            self.notify(f"Could not undo: {exc}", severity="error", timeout=10)
            return
        if call is None:
            self.notify("Nothing left to undo today.")
            return
        self.recovery.undone(call)
        self.post_message(OutcomeUndone(call))
        self.show_all()
        self.reminder_bell.arm()  # the undone outcome may have set or ended a timed follow-up
        label = next(o.label for o in OUTCOMES if o.name == call.outcome)
        who = self.session.current.name if self.session.current else "the prospect"
        self.notify(f"Undone: {label} for {escape(who)}.", timeout=2.5)

    # -- after a rejection: the ritual and the feel-it timer -----------------------------------

    def after_rejection(self, logged: Logged) -> None:
        """The recovery ritual starts by itself (screens/ritual_screen.py)."""
        context = RitualContext.after(self.session, logged)
        ritual = RitualScreen(context, self.recovery, self.session.clock, self.ritual)
        self.app.push_screen(ritual, self._after_recovery)

    def action_feel_it(self) -> None:
        """The five-minute feel-it timer for today's newest rejection. A rejection no dial has
        followed yet is marked as turned into the feel-it timer."""
        recovery = self.recovery
        call = recovery.last_rejection()
        if call is None:
            self.notify(
                "The feel-it timer goes with a rejection, and none is logged today. "
                "After a hard no, press r: the ritual offers f too.",
                timeout=6,
            )
            return
        if recovery.waiting_for(call.id):
            try:
                recovery.end(call.id, RitualEnd.FEEL_IT)
            except StoreError as exc:
                self.notify(f"Not saved: {exc}", severity="error", timeout=6)
        self.open_feel_it(call)

    def open_feel_it(self, call: CallRecord) -> None:
        """The feel-it timer for `call`, with the prospect now up as the next dial."""
        s = self.session
        timer = FeelItScreen(
            call,
            self.recovery.prospect(call.prospect_id),
            s.current,
            self.recovery,
            s.clock,
            self.ritual.feel_it_seconds,
            s.day,
        )
        self.app.push_screen(timer, self._after_recovery)

    def _after_recovery(self, then: AfterRejection | None) -> None:
        """The ritual or the feel-it timer closed: show what changed, then do what was chosen."""
        self.show_all()  # a touchpoint or do-not-call may have changed the queue's prospects
        # The next screen opens once this one is gone (pushing from inside the dismissal
        # leaves the new screen's widgets waiting).
        if isinstance(then, DialNext):
            self.call_later(self.dial_shown, then.prospect)
        elif isinstance(then, OpenFeelIt):
            self.call_later(self.open_feel_it, then.call)

    def dial_shown(self, prospect: Prospect) -> None:
        """Dial the prospect a screen showed (the queue may have been re-read meanwhile)."""
        s = self.session
        if prospect.id != s.current_id and prospect.id in s.ids:
            self.jump_to(prospect.id)
        self.action_dial()

    # -- other keys ----------------------------------------------------------------------------

    def action_skip(self) -> None:
        if self.session.cursor >= len(self.session.ids) - 1:
            self.notify("That is the end of the queue.", timeout=2)
            return
        self.session.skip()
        self.query_one(CallQueue).show_cursor()
        self.show_card()
        self.show_topbar()

    def action_dial(self) -> None:
        """Put the current prospect's call through the softphone (or show it to dial by hand)."""
        prospect = self.session.current
        if prospect is None:
            self.notify("Nobody is queued to dial.", severity="warning")
            return
        if self.session.store.is_dnc(prospect.phone):  # listed since the queue was last read
            self.notify(
                f"{escape(prospect.name)} is on the do-not-call list: not dialed.",
                severity="error",
                timeout=6,
            )
            self.refresh_queue()
            return
        try:
            self.recovery.dialed()  # a rejection waiting for this dial gets its recovery time
        except StoreError as exc:  # a lost measurement: the call goes ahead
            self.notify(f"The recovery time was not saved: {exc}", severity="error", timeout=6)
        self.app.copy_to_clipboard(prospect.phone)
        keys = {key: name for name, key in self.keys.items()}
        window = self.session.calling_window(prospect)
        warning = (
            f"It is {window.local:%H:%M} there, outside calling hours."
            if window.local and not window.open
            else ""
        )
        phone = self.softphone
        via = "" if phone.name == "none" else phone.label
        s = self.session
        prospect = s.store.prospect(prospect.id) or prospect  # the notes as they are now
        details = CallDetails(
            prospect, s.store.history(prospect.id, 3), s.clock.local_tz(), warning
        )
        screen = CallScreen(
            details,
            keys,
            s.clock,
            CallNote(s, prospect),
            self.talk_track,
            via=via,
            reports_answer=phone.has_events,
            hang_up=phone.hangup,
        )
        self.app.push_screen(screen, lambda outcome: self._after_dial(outcome, prospect.id, screen))
        if via:
            self.run_worker(
                self._place_call(screen, prospect.phone), group="dial", exit_on_error=False
            )

    async def _place_call(self, screen: CallScreen, e164: str) -> None:
        try:
            await self.softphone.dial(e164)
        except DialError as exc:
            screen.dial_failed(str(exc))
            return
        if not self.softphone.has_events:
            screen.show_status(
                f"Handed to {self.softphone.label}. Log the outcome when you hang up."
            )

    def _after_dial(self, outcome: str | None, prospect_id: int, screen: CallScreen) -> None:
        if outcome is not None:
            self.action_outcome(outcome, prospect_id, duration_s=screen.duration_s)
        else:
            self.show_card()  # a note written during the call

    def action_note(self) -> None:
        prospect = self.session.current
        if prospect is None:
            self.notify("No prospect to add a note to.", severity="warning")
            return
        self.app.push_screen(
            TextPrompt(f"Note on {prospect.name}", "what to remember next time"),
            lambda text: self._save_note(text, prospect.id),
        )

    def _save_note(self, text: str | None, prospect_id: int) -> None:
        if text:
            try:
                self.session.add_note(text, prospect_id)
            except StoreError as exc:  # the toast keeps the rep's words, to type again later
                self.notify(
                    f"Note not saved: {escape(str(exc))}\nIt said: {escape(text)}",
                    severity="error",
                    timeout=10,
                )
                return
            self.show_card()
            self.notify("Note saved.")

    def action_win(self) -> None:
        self.app.push_screen(
            TextPrompt("A small win", "e.g. got the decision-maker's email"), self._save_win
        )

    def _save_win(self, text: str | None) -> None:
        if text:
            try:
                self.session.add_win(text)
            except StoreError as exc:
                self.notify(
                    f"Win not saved: {escape(str(exc))}\nIt said: {escape(text)}",
                    severity="error",
                    timeout=10,
                )
                return
            self.notify(f"In the wins jar: {escape(text)}")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.keys))

    async def action_quit(self) -> None:
        self.end_block_quietly()
        self.app.exit()

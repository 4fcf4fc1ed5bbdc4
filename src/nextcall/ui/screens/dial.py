"""The dial screen: queue, prospect card, live ratios. It turns keys into session calls and shows
the session's state; the rules live in the domain."""

from __future__ import annotations

import gc
from contextlib import suppress
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widgets import Static

from nextcall.config import Config, RitualConfig
from nextcall.domain.clock import local_now
from nextcall.domain.outlook import outlook
from nextcall.domain.prospects import Lifecycle, Prospect
from nextcall.domain.standing import standing
from nextcall.io.softphone import NoSoftphone, Softphone
from nextcall.services.coming_back import coming_back
from nextcall.services.ritual_log import Recovery
from nextcall.services.session import Session
from nextcall.store.errors import StoreError
from nextcall.store.syncing import Syncing
from nextcall.ui.commands import DialCommands
from nextcall.ui.key_map import Keys, bound
from nextcall.ui.markup import escape
from nextcall.ui.messages import OutboxChanged
from nextcall.ui.outcome_keys import outcome_bindings, topbar_keys
from nextcall.ui.palette import DialNumberCommand, QueueSearch
from nextcall.ui.reminder_bell import ReminderBell
from nextcall.ui.screens.call_flow import CallFlow
from nextcall.ui.screens.day_rhythm import DayRhythm
from nextcall.ui.screens.dial_number import DialsByHand
from nextcall.ui.screens.notes_and_wins import NotesAndWins
from nextcall.ui.screens.outcome_logging import OutcomeLogging
from nextcall.ui.screens.palette_flow import PaletteFlow
from nextcall.ui.screens.prospect_flow import ProspectFlow
from nextcall.ui.screens.recovery_flow import RecoveryFlow
from nextcall.ui.screens.window_size import guard
from nextcall.ui.team_watch import TakenRead, TeamWatch
from nextcall.ui.text import plural
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


class DialScreen(
    OutcomeLogging,
    CallFlow,
    RecoveryFlow,
    ProspectFlow,
    NotesAndWins,
    DayRhythm,
    DialsByHand,
    PaletteFlow,
):
    """Where the rep spends the call block. It owns the flows its keys start (its bases hold
    them, one module each): it opens the screens and acts on what they return."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    COMMANDS = Screen.COMMANDS | {QueueSearch, DialNumberCommand, DialCommands}
    KEYS_SCREEN = "dial"
    """Which screen's keys these are (`config.keys.SCREENS`): help shows them."""
    BINDINGS: ClassVar[list[BindingType]] = [
        *outcome_bindings(),
        bound("dial", "dial", "dial", show=False),
        Binding("enter", "dial", "dial", show=False),
        bound("skip", "skip", "skip", show=False),
        bound("undo", "undo", "undo", show=False),
        bound("note", "note", "note", show=False),
        bound("win", "win", "win", show=False),
        bound("review", "review", "review", show=False),
        bound("block", "block", "block", show=False),
        bound("feel_it", "feel_it", "feel it", show=False),
        bound("prospect", "prospect", "prospect", show=False),
        bound("settings", "settings", "settings", show=False),
        bound("help", "help", "help"),
        bound("quit", "quit", "quit", show=False),
    ]

    def __init__(
        self,
        session: Session,
        keys: Keys,
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
        """The rep's keys (config `[keys]`), for the texts that name one."""
        self.block_minutes = block_minutes
        """The call block's length (config `[day] block_minutes`)."""
        self.ritual = ritual or RitualConfig()
        self.recovery = Recovery(session)
        self.talk_track = talk_track
        """The rep's talk track file, read by each call screen (None: none is set)."""
        self.reminder_bell = ReminderBell(self, session, self.show_all)
        """Reminders before timed follow-ups (`[calling] remind_minutes`)."""
        self.team_watch = TeamWatch(self, session, self.show_moved)
        """Team mode: claims, and other reps' claims leaving the queue (idle for one rep)."""
        store = session.store
        self.outbox: Syncing | None = store if isinstance(store, Syncing) else None
        """Team mode's outbox (None for one rep's own file)."""

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
        self.team_watch.start()

    def on_unmount(self) -> None:
        self.team_watch.close()

    def _apply_breakpoint(self, width: int) -> None:
        """Lay out the first frame for the real width (Textual's breakpoints follow on resize)."""
        chosen = [name for least, name in self.HORIZONTAL_BREAKPOINTS or [] if width >= least]
        for _, name in self.HORIZONTAL_BREAKPOINTS or []:
            self.set_class(bool(chosen) and name == chosen[-1], name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the window is too small to show the queue, keys must not act on it unseen.
        return not self.has_class("-too-small") or action in ("quit", "help")

    def on_resize(self) -> None:
        guard(self, self.size, MIN_SIZE)  # growing back brings the footer's keys back too
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
            self.query_one(ProspectCard).show(self.queue_outlook())
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
        return outlook_markup(outlook(back, s.held, s.clock.now(), s.clock.local_tz()), self.keys)

    def show_moved(self, card: bool) -> None:
        """The queue changed under the rep (another rep's claim): the queue, the top bar and,
        when the prospect at the cursor changed, the card."""
        self.query_one(CallQueue).reset()
        if card:
            self.show_card()
        self.show_topbar()

    def on_taken_read(self, message: TakenRead) -> None:
        self.team_watch.take(message)

    def show_ratios(self) -> None:
        self.query_one(RatioPanel).show(self.session.panel())

    def show_topbar(self) -> None:
        s = self.session
        now = local_now(s.clock)
        queued = len(s.ids)
        position = f"{s.cursor + 1} of {queued}" if queued else "queue empty"
        head = self.block_head() or f"{now:%a %d %b %H:%M}"  # a running block's clock
        away = self.offline_words()
        if away:  # first, where 80 columns always show it (the date gives way)
            head = f"{away}  ·  {self.block_head()}" if self.session.block else away
        text = (
            f"[b]nextcall[/]  {head}  ·  {position}  ·  "
            f"[$outcome-meeting]{plural(s.counts.meetings, 'meeting')}[/] "
            f"from {plural(s.counts.dials, 'dial')}"
        )
        if self.size.width >= WIDE_TOPBAR:  # room for the everyday keys the footer leaves out
            text += f"      [dim]{topbar_keys(self.keys)}[/]"
        self.query_one("#topbar", Static).update(text, layout=False)  # always one line

    def offline_words(self) -> str:
        """'offline: 2 waiting' while the team database can't be reached ('' otherwise)."""
        outbox = self.outbox
        if outbox is None:
            return ""
        waiting = outbox.waiting()
        if waiting:
            return f"[$warning]offline: {waiting} waiting[/]"
        return "[$warning]offline[/]" if outbox.offline else ""

    def on_outbox_changed(self, event: OutboxChanged) -> None:
        self.show_topbar()

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

    def use_settings(self, config: Config, softphone: Softphone, talk_track: Path | None) -> None:
        """Settings changed in the app: the next ritual, block and call use them, and the queue
        is read again now under the new calling hours (retry waits count from the next
        outcome)."""
        self.keys = Keys(config.keys)
        self.block_minutes = config.day.block_minutes
        self.ritual = config.ritual
        self.default_region = config.calling.default_region
        self.softphone, self.talk_track = softphone, talk_track
        hours = self.session.rules.hours
        self.session.rules = config.calling.rules()
        self.session.target_meetings = config.day.target_meetings
        if self.session.rules.hours != hours:  # who may be called now, as at start-up
            self.session.skip_held()
        self.refresh_queue()

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

    def on_screen_resume(self) -> None:
        """Back from a screen on top (ritual, call, review): what Textual keeps of it goes out of
        the collector's reach, as everything did after the first frame (see App.on_mount), so
        full collections stay short however many screens the day opens. A follow-up set
        there may need a reminder sooner than the one armed."""
        self.call_after_refresh(gc.freeze)
        self.reminder_bell.arm()

    # -- other keys ----------------------------------------------------------------------------

    def action_skip(self) -> None:
        if self.session.cursor >= len(self.session.ids) - 1:
            self.notify("That is the end of the queue.", timeout=2)
            return
        self.session.skip()
        self.query_one(CallQueue).show_cursor()
        self.show_card()
        self.show_topbar()

    async def action_help(self) -> None:
        await self.app.run_action("help")  # the App knows where the files are

    async def action_settings(self) -> None:
        await self.app.run_action("settings")  # the App applies them

    async def action_quit(self) -> None:
        self.end_block_quietly()
        self.app.exit()

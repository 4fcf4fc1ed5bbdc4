"""The review (`t`): today, a chosen day (`[`/`]`) or the week (`w`), as pictures. The funnel
and pace come from the per-day counters before the first frame; the rest (audit, recovery, wins,
follow-ups, blocks) is read in a thread worker and fills in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from nextcall.domain.clock import Clock, today
from nextcall.services.review_data import Headline, Review, load_headline, load_review
from nextcall.store import Store
from nextcall.store.errors import StoreError
from nextcall.ui.key_map import bound
from nextcall.ui.markup import escape
from nextcall.ui.screens import review_markup as text
from nextcall.ui.screens.window_size import TOO_SMALL, guard, larger_text, too_small
from nextcall.ui.widgets.footer import Footer

MIN_SIZE = (60, 16)
"""Below this the review asks for a larger window (as the dial screen does)."""
WIDE = 120
"""From this width the sections sit in two columns."""
OLDEST_DAYS = 366
"""How far back `[` goes."""
WINS_SHOWN = (8, 20)
"""Wins listed at narrow and wide widths."""
DUE_SHOWN = (4, 8)
DETAILS = ("audit", "recovery", "wins", "follow-ups", "blocks")
"""The sections the thread worker fills in."""
SECTIONS: tuple[tuple[str, str], ...] = (
    ("funnel", "How the day went"),
    ("pace", "Pace"),
    ("audit", "Where the no's came from"),
    ("recovery", "Bouncing back"),
    ("wins", "Wins jar"),
    ("follow-ups", "Follow-ups due"),
    ("blocks", "Call blocks"),
)


class ReviewScreen(Screen[None]):
    """A look back at a day or a week; escape returns to dialing."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    KEYS_SCREEN = "review"
    BINDINGS: ClassVar[list[BindingType]] = [
        bound("day_before", "step(-1)", "earlier"),
        bound("day_after", "step(1)", "later"),
        bound("week", "toggle_week", "day/week"),
        Binding("escape", "close", "back", key_display="esc"),
        bound("review", "close", "back", show=False),
        bound("quit", "close", "back", show=False),
        bound("help", "app.help", "help", show=False),
    ]

    def __init__(
        self,
        store: Store,
        clock: Clock,
        day: date | None = None,
        week: bool = False,
        running_block: int | None = None,
    ) -> None:
        super().__init__()
        self.store, self.clock = store, clock
        self.running_block = running_block
        """The id of the call block running on the dial screen (None: none runs)."""
        self.set_class(too_small(self.app.size, MIN_SIZE), TOO_SMALL)
        # The breakpoint's class before the first frame (a class set on mount restyles every
        # node); Textual's HORIZONTAL_BREAKPOINTS keep it right on resize.
        self.add_class("-wide" if self.app.size.width >= WIDE else "-narrow")
        self.day = day or today(clock)
        self.week = week
        self.head: Headline | None = None
        self.review: Review | None = None
        self.loads = 0
        """Bumped per request: a slower, older load never overwrites a newer one."""
        self.reading = False
        """A load is in flight; a newer request waits for it (one reader at a time)."""
        self.reading_request = 0
        """The request the reader in flight serves."""

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        with VerticalScroll(id="review-body"), Grid(id="review-grid"):
            for name, title in SECTIONS:
                section = Static("[dim]Reading…[/]", id=f"review-{name}", classes="review-box")
                section.border_title = title
                yield section
        yield Static(larger_text(MIN_SIZE, "to see the review"), id="review-too-small")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#review-body").focus()
        self.load()

    # -- loading ----------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the span's funnel and pace at once (cheap counters, read here), then read the
        rest in a thread worker; the sections fill in when it arrives."""
        self.loads += 1
        self.show_title(loading=True)
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)
        try:
            self.show_headline(load_headline(self.store, self.clock, self.day, self.week))
        except StoreError as exc:
            self.query_one("#review-funnel", Static).update(
                f"[$error]Could not read the figures: {exc}[/]"
            )
            return
        if self.store.path is None and self.store.rep is None:  # one rep's in-memory store:
            # it can't be shared with a thread (a team database's reader is a new connection)
            self.show(load_review(self.store, self.clock, self.day, self.week), self.loads)
        elif not self.reading:
            self.reading = True
            self.call_after_refresh(self._read)  # after this frame: keys right behind it
            # (a `w` after the `t`) change what is read rather than start a second reader

    def _read(self) -> None:
        self.reading = True
        self.reading_request = self.loads
        self._load_in_thread(self.day, self.week, self.loads)

    @work(thread=True, group="review", exit_on_error=False)
    def _load_in_thread(self, day: date, week: bool, request: int) -> None:
        reader = self.store.reader()  # a connection belongs to one thread
        assert reader is not None  # (_load reads in place when the store has no second handle)
        try:
            review = load_review(reader, self.clock, day, week)
        finally:
            reader.close()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, review, request)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "review" and event.state is WorkerState.ERROR:
            self.reading = False
            if self.reading_request != self.loads:  # a newer request waited: read it instead
                self._read()
                return
            for name in DETAILS:
                self.query_one(f"#review-{name}", Static).update(
                    f"[$error]Could not read this: {escape(str(event.worker.error))}[/]"
                )

    # -- showing ----------------------------------------------------------------------------------

    def show_headline(self, head: Headline) -> None:
        """The top screenful: the funnel and pace (the other sections say they are reading)."""
        self.head = head
        width = self._section_width()
        self.query_one("#review-funnel", Static).update(text.funnel(head, width))
        self.query_one("#review-pace", Static).update(text.pace(head, width))
        span = "week's" if head.week else "day's"
        self.query_one("#review-funnel", Static).border_title = f"The {span} funnel"

    def show(self, review: Review, request: int) -> None:
        """Every section, once the thread worker has read them."""
        self.reading = False
        if request != self.loads:  # the rep moved on while it was read: read the newest
            if self.store.path is not None:
                self._read()
            return
        self.review = review
        self.show_title()
        self.show_details(review)

    def show_details(self, review: Review) -> None:
        """The sections the thread worker read, drawn for the window's current width."""
        wide = self.has_class("-wide")
        width = self._section_width()
        tz = self.clock.local_tz()
        fill: dict[str, Callable[[], str]] = {
            "audit": lambda: text.audit(review, width),
            "recovery": lambda: text.recovery(review, width),
            "wins": lambda: text.wins(review, tz, WINS_SHOWN[wide]),
            "follow-ups": lambda: text.follow_ups(review, tz, DUE_SHOWN[wide]),
            "blocks": lambda: text.blocks(review, tz, self.running_block),
        }
        for name, make in fill.items():
            self.query_one(f"#review-{name}", Static).update(make())
        self.query_one("#review-audit", Static).border_title = text.audit_title(review)

    def on_resize(self, event: Resize) -> None:
        """Redraw for the new size: bar widths, column counts and list lengths follow it."""
        if guard(self, event.size, MIN_SIZE):
            return
        if self.head is not None:
            self.show_headline(self.head)
        if (
            self.review is not None
            and self.review.day == self.day
            and self.review.week == self.week
        ):
            self.show_details(self.review)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the window is too small to show the review, only the way back acts.
        return not self.has_class(TOO_SMALL) or action == "close"

    def _section_width(self) -> int:
        width = self.size.width or self.app.size.width
        return (width // 2 if self.has_class("-wide") else width) - 6

    def show_title(self, loading: bool = False) -> None:
        now = today(self.clock)
        if self.week:
            first = self.day - timedelta(days=6)
            span = f"Week {first:%a %d %b} to {self.day:%a %d %b}"
        else:
            span = f"{self.day:%A %d %B %Y}" + (" (today)" if self.day == now else "")
        state = "  [dim]reading…[/]" if loading else ""
        self.query_one("#review-title", Static).update(f"[b]Review[/] · {span}{state}")

    # -- keys -------------------------------------------------------------------------------------

    def action_step(self, days: int) -> None:
        """A day back or on; in week mode, a week."""
        chosen = self.day + timedelta(days=days * (7 if self.week else 1))
        now = today(self.clock)
        if chosen > now and self.week and self.day < now:
            chosen = now  # the last week step lands on the week ending today
        if chosen > now:
            self.notify("That is in the future: today is the latest day to review.", timeout=2)
            return
        if chosen < now - timedelta(days=OLDEST_DAYS):
            self.notify("The review goes back one year.", timeout=2)
            return
        self.day = chosen
        self.load()

    def action_toggle_week(self) -> None:
        self.week = not self.week
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)

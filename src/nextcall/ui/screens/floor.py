"""The floor (`nextcall floor`): the team's day, read-only, refreshing every few seconds. Each
refresh is one cheap read of the team database in a thread of its own (only the calls logged
since the last read are fetched), so a slow or lost server never blocks the screen: it says the
database can't be reached, keeps the last figures, and tries again at the next tick."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.console import JustifyMethod
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Static

from nextcall.domain.clock import Clock, local_now
from nextcall.services.team_figures import Kept, TeamFigures
from nextcall.store.errors import StoreError
from nextcall.store.team_view import TeamView
from nextcall.ui.markup import escape
from nextcall.ui.screens import floor_markup as text
from nextcall.ui.screens.floor_help import FloorHelp
from nextcall.ui.screens.floor_reading import FiguresRead, ReadFailed, Reading, close, start
from nextcall.ui.screens.window_size import TOO_SMALL, guard, too_small
from nextcall.ui.widgets.footer import Footer

REFRESH_SECONDS = 3.0
"""How often the floor reads the team database."""
SLOW_SECONDS = 10.0
"""A read still running after this long: the screen says the database is not answering."""
MIN_SIZE = (60, 16)
"""Below this the floor asks for a larger window."""
WIDE = 120
"""From this width the audit and the list sit beside the reps, and the table has more columns."""


class FloorScreen(Screen[None]):
    """Every rep's day and the team's, the week's rejection audit and the list's progress."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "quit"),
        Binding("r", "refresh_now", "refresh"),
        Binding("question_mark", "help", "help", key_display="?"),
    ]

    def __init__(self, view: TeamView, clock: Clock, every: float = REFRESH_SECONDS) -> None:
        super().__init__()
        self.home = view
        """The store the floor was opened with: a new connection is asked of it after a loss."""
        self.view: TeamView | None = view
        """The connection the reads use (None after a loss, until one is opened again)."""
        self.clock, self.every = clock, every
        self.kept = Kept()
        """The day's call times and the list's count, kept from one read to the next."""
        self.figures: TeamFigures | None = None
        self.read_at: datetime | None = None
        """When the figures shown were read (local time)."""
        self.reading: Reading | None = None
        """The read in flight, if one is."""
        self.stuck: Reading | None = None
        """A read given up on after SLOW_SECONDS, still hanging (at most one)."""
        self.problem: str | None = None
        """Why the last read failed; None once a read succeeds."""
        self.wide = self.app.size.width >= WIDE
        """The table has its wide columns."""
        self.set_class(too_small(self.app.size, MIN_SIZE), TOO_SMALL)
        self.add_class("-wide" if self.wide else "-narrow")

    def compose(self) -> ComposeResult:
        yield Static(id="floor-title")
        yield Static(id="floor-status")
        with VerticalScroll(id="floor-body"), Horizontal(id="floor-grid"):
            with Vertical(id="floor-left"):
                table: DataTable[str] = DataTable(
                    id="floor-reps", cursor_type="none", zebra_stripes=True
                )
                table.border_title = "Today"
                yield table
            with Vertical(id="floor-right"):
                yield self._box("floor-audit", "The team's no's, this week")
                yield self._box("floor-list", "The list")
        least = f"{MIN_SIZE[0]}x{MIN_SIZE[1]}"
        yield Static(
            f"Make the window larger (at least {least}) to see the floor. q quits.",
            id="floor-small",
        )
        yield Footer(compact=True, show_command_palette=False)

    @staticmethod
    def _box(box_id: str, title: str) -> Static:
        box = Static("[dim]Reading…[/]", id=box_id, classes="floor-box")
        box.border_title = title
        return box

    def on_mount(self) -> None:
        self._set_columns()
        self.show_title()
        self.refresh_figures()
        self.set_interval(self.every, self.refresh_figures)

    # -- reading ----------------------------------------------------------------------------------

    def refresh_figures(self) -> None:
        """Start a read unless one is in flight. One past SLOW_SECONDS is said on screen and
        left to itself (one at a time): a new read starts on a new connection."""
        now = self.clock.monotonic()
        if self.reading is not None:
            if now - self.reading.started < SLOW_SECONDS:
                return
            self.show_problem("it is not answering")
            if self.stuck is not None:
                return
            self.stuck, self.reading = self.reading, None
            self.kept = Kept()  # the stuck read keeps its own; this one starts afresh
        view, self.view = self.view, None  # the read owns the connection until it is back
        self.reading = Reading(view, self.kept, now)
        start(self.reading, self.home, self.clock, self.post_message)

    def on_figures_read(self, message: FiguresRead) -> None:
        reading = message.reading
        if reading is self.stuck:  # it came back late: its figures are old news
            self.stuck = None
            if reading.view is not None:
                close(reading.view)
        elif reading is self.reading:
            self.reading, self.view = None, reading.view
            self.show(message.figures)

    def on_read_failed(self, message: ReadFailed) -> None:
        if message.reading is self.stuck:
            self.stuck = None
        elif message.reading is self.reading:
            self.reading = None
            error = message.error
            reason = str(error) if isinstance(error, StoreError) else repr(error)
            self.show_problem(reason)

    def on_unmount(self) -> None:
        """Close the floor's own connection (the one it was opened with is its caller's)."""
        if self.view is not None and self.view is not self.home:
            close(self.view)

    # -- showing ----------------------------------------------------------------------------------

    def show(self, figures: TeamFigures) -> None:
        """New figures in every section; the problem line goes."""
        self.figures, self.read_at, self.problem = figures, local_now(self.clock), None
        self.query_one("#floor-status", Static).remove_class("-problem")
        self.draw(figures)

    def draw(self, figures: TeamFigures) -> None:
        """Every section for the window's size now."""
        self.show_title()
        self._fill_table(figures)
        width = self.query_one("#floor-audit", Static).size.width or 40
        audit = self.query_one("#floor-audit", Static)
        audit.update(text.audit(figures, width - 4))
        audit.border_title = text.audit_title(figures)
        self.query_one("#floor-list", Static).update(text.progress(figures))

    def show_problem(self, reason: str) -> None:
        """The database can't be reached (or refused): said on the status line, the last
        figures kept."""
        self.problem = reason
        shown = (
            f" Showing the figures read at {self.read_at:%H:%M:%S}."
            if self.read_at
            else " No figures yet."
        )
        status = self.query_one("#floor-status", Static)
        status.update(
            f"[b]The team database can't be reached, retrying.[/]{shown} [dim]({escape(reason)})[/]"
        )
        status.add_class("-problem")

    def show_title(self) -> None:
        day = local_now(self.clock)
        stamp = f"  [dim]updated {self.read_at:%H:%M:%S}[/]" if self.read_at else ""
        line = text.title(self.figures, f"{day:%a %d %b}")
        self.query_one("#floor-title", Static).update(line + stamp)

    def _set_columns(self) -> None:
        table = self.query_one("#floor-reps", DataTable)
        table.clear(columns=True)
        for key, heading, width in text.columns(self.wide):
            justify: JustifyMethod = "left" if key in text.LEFT else "right"
            table.add_column(Text(heading, justify=justify), key=key, width=width)

    def _fill_table(self, figures: TeamFigures) -> None:
        table = self.query_one("#floor-reps", DataTable)
        wide, tz = self.wide, self.clock.local_tz()
        on_call = f"bold {self.app.current_theme.success or 'green'}"
        table.clear()
        for rep in figures.reps:
            table.add_row(*text.rep_cells(rep, wide, tz, on_call))
        table.add_row(*text.team_cells(figures, wide))
        table.border_title = text.table_title(figures)

    def on_resize(self, event: Resize) -> None:
        """Redraw for the new size: the table's columns and the bars follow it."""
        if guard(self, event.size, MIN_SIZE):
            return
        wide = event.size.width >= WIDE
        if wide != self.wide:
            self.wide = wide
            self._set_columns()
        if self.figures is not None:
            self.call_after_refresh(self.draw, self.figures)

    # -- keys -------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the window is too small to show the floor, only quitting acts.
        return not self.has_class(TOO_SMALL) or action == "quit"

    def action_refresh_now(self) -> None:
        self.refresh_figures()

    def action_help(self) -> None:
        self.app.push_screen(FloorHelp(self.every))

"""The call queue: a line-API table that renders only the rows on screen.

The order lives in the store; this widget reads a window of prospects around what is visible, so
50,000 rows open as fast as 50 and a cursor move repaints two lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from nextcall.domain.prospects import CallingWindow, Prospect
from nextcall.io.inert import inert


class QueueSource(Protocol):
    """What the queue reads: the ordered ids and the prospects for a window of rows."""

    ids: list[int]

    def window(self, start: int, count: int) -> dict[int, Prospect]: ...

    def calling_window(self, prospect: Prospect) -> CallingWindow: ...

    def follow_up_time(self, prospect: Prospect) -> datetime | None:
        """The rep's local time of a timed follow-up due today, else None."""
        ...

    def waiting(self, prospect: Prospect) -> bool:
        """A timed follow-up whose time (or reminder) is still ahead."""
        ...

    @property
    def cursor(self) -> int: ...


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    """Cells; 0 = share what is left."""
    min_screen: int = 0
    """Shown only when the widget is at least this wide."""


COLUMNS: tuple[Column, ...] = (
    Column("Name", 0),
    Column("Company", 0, 64),
    Column("Number", 17, 52),
    Column("Local", 6, 44),
    Column("Att", 4),
    Column("Status", 15),
)


STRIP_CACHE_SIZE = 256
"""Row strips kept (a few screens' worth); the cache starts over when full."""


def fit(text: str, width: int) -> str:
    """`text` padded or cut to exactly `width` cells, with an ellipsis when cut."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def _local(window: CallingWindow) -> str:
    return f"{window.local:%H:%M}" if window.local else "  ?"


class CallQueue(ScrollView, can_focus=True):
    """The prospects in dialing order, the current one highlighted."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "call-queue--header",
        "call-queue--cursor",
        "call-queue--held",
        "call-queue--follow-up",
    }
    DEFAULT_CSS = """
    CallQueue { scrollbar-size-vertical: 1; overflow-x: hidden; }
    CallQueue > .call-queue--header { text-style: bold; color: $text-muted; }
    CallQueue > .call-queue--cursor { background: $primary 35%; text-style: bold; }
    CallQueue:focus > .call-queue--cursor { background: $primary 55%; }
    CallQueue > .call-queue--held { color: $text-disabled; }
    CallQueue > .call-queue--follow-up { color: $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    class Moved(Message):
        """The rep moved the cursor to `row`."""

        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def __init__(
        self,
        source: QueueSource,
        clock_now: datetime,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.source = source
        self.now = clock_now
        self._shown_cursor = source.cursor
        self._pass_style: Style | None = None
        self._strips: dict[tuple[object, ...], Strip] = {}

    # -- data changes --------------------------------------------------------------------------

    def reset(self, now: datetime | None = None) -> None:
        """The queue changed (an outcome, undo, refresh): size, scroll and repaint."""
        if now is not None:
            self.now = now
        self._resize_virtual(Size(self.scrollable_content_region.width, len(self.source.ids) + 1))
        self._follow_cursor()
        self.refresh()

    def _resize_virtual(self, size: Size) -> None:
        """Set the virtual size. Assigning `virtual_size` lays out the whole screen (~15 ms on
        the dial screen); when only the row count changes and the scrollbar stays as it is (the
        usual outcome: one row fewer in a long queue), the scrollbar is told directly."""
        old, rows = self.virtual_size, self.scrollable_content_region.height
        same_bars = old.width == size.width and (old.height > rows) == (size.height > rows)
        if not same_bars or not self.show_vertical_scrollbar:
            self.virtual_size = size
            return
        self.set_reactive(CallQueue.virtual_size, size)
        self.vertical_scrollbar.window_virtual_size = size.height

    def show_cursor(self) -> None:
        """The cursor moved: repaint its old and new rows, scrolling if it left the view."""
        old, new = self._shown_cursor, self.source.cursor
        self._shown_cursor = new
        if not self._follow_cursor():
            for row in {old, new}:
                self.refresh_line(row + 1)  # virtual line: the header is line 0

    def _follow_cursor(self) -> bool:
        """Scroll so the cursor row is visible; True when it scrolled."""
        rows = max(1, self.scrollable_content_region.height - 1)
        row, top = self.source.cursor, int(self.scroll_y)
        target = row if row < top else row - rows + 1 if row >= top + rows else top
        if target != top:
            self.scroll_to(y=target, animate=False, immediate=True)
            self.refresh()
            return True
        return False

    def on_resize(self) -> None:
        self.reset()

    # -- keys ----------------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        self.post_message(self.Moved(self.source.cursor + delta))

    def action_page(self, direction: int) -> None:
        rows = max(1, self.scrollable_content_region.height - 2)
        self.post_message(self.Moved(self.source.cursor + direction * rows))

    def action_jump(self, row: int) -> None:
        self.post_message(self.Moved(row if row >= 0 else len(self.source.ids) - 1))

    # -- rendering -----------------------------------------------------------------------------

    def _widths(self, width: int) -> list[tuple[Column, int]]:
        shown = [c for c in COLUMNS if width >= c.min_screen]
        fixed = sum(c.width + 1 for c in shown if c.width)
        flexible = [c for c in shown if not c.width]
        share = max(6, (width - fixed - len(flexible)) // max(1, len(flexible)))
        return [(c, c.width or share) for c in shown]

    def _line(self, cells: Sequence[str], widths: list[tuple[Column, int]], style: Style) -> Strip:
        """One row's strip; the same cells, widths and style give the same strip, so strips are
        kept (a repaint after an outcome mostly shows rows already drawn, shifted by one)."""
        width = self.scrollable_content_region.width
        key = (tuple(cells), tuple(w for _, w in widths), style, width)
        strip = self._strips.get(key)
        if strip is None:
            text = " ".join(fit(inert(cell), w) for cell, (_, w) in zip(cells, widths, strict=True))
            strip = Strip([Segment(set_cell_size(" " + text, width), style)], width)
            if len(self._strips) >= STRIP_CACHE_SIZE:
                self._strips.clear()
            self._strips[key] = strip
        return strip

    def render_lines(self, crop: Region) -> list[Strip]:
        first = int(self.scroll_y) + max(0, crop.y - 1)
        self.source.window(first, crop.height + 1)  # one read for the whole visible window
        self._pass_style = self.rich_style  # once a repaint, not once a row
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    def render_line(self, y: int) -> Strip:
        widths = self._widths(self.scrollable_content_region.width)
        base = self._pass_style or self.rich_style
        if y == 0:
            header = self.get_component_rich_style("call-queue--header")
            return self._line([c.title for c, _ in widths], widths, base + header)
        row = int(self.scroll_y) + y - 1
        if row >= len(self.source.ids):
            return Strip.blank(self.scrollable_content_region.width, base)
        pid = self.source.ids[row]
        prospect = self.source.window(row, 1).get(pid)
        if prospect is None:
            return Strip.blank(self.scrollable_content_region.width, base)
        window = self.source.calling_window(prospect)
        at = self.source.follow_up_time(prospect)
        status = window.held_label or (f"follow-up {at:%H:%M}" if at else prospect.state.slot.label)
        values = {
            "Name": prospect.name,
            "Company": prospect.company,
            "Number": prospect.phone_display,
            "Local": _local(window),
            "Att": str(prospect.state.attempts),
            "Status": status,
        }
        style = base
        if not window.open or self.source.waiting(prospect):
            style += self.get_component_rich_style("call-queue--held")
        elif prospect.state.slot == 0:
            style += self.get_component_rich_style("call-queue--follow-up")
        if row == self.source.cursor:
            style += self.get_component_rich_style("call-queue--cursor")
        return self._line([values[c.title] for c, _ in widths], widths, style)

"""The two apps the benchmark runs, both reporting their frames (see frames.py).

Imports happen inside the factories so that a process timing the minimal app never loads
nextcall, and one timing nextcall loads exactly what nextcall loads.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from nextcall.domain.clock import Clock
    from nextcall.store import Store
    from nextcall.ui.app import NextcallApp

MINIMAL_TITLE = "Comparator"
MINIMAL_TEXT = "A minimal Textual app: one line of text between a header and a footer."


def minimal_app() -> App[None]:
    """The comparator of SPEC 12: Header, Static, Footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    from frames import FrameHook

    class MinimalApp(FrameHook, App[None]):
        TITLE = MINIMAL_TITLE

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(MINIMAL_TEXT)
            yield Footer()

    return MinimalApp()


def calling_hours_clock() -> Clock:
    """The system clock, moved (when needed) to 14:00 in New York on the same UTC day: the
    bench's prospects live in US zones, and at a US night nobody may be called, so there
    would be no card to wait for. Same day, so the figures stay comparable whatever the hour
    of the run. Time still runs at its real pace (the timers' figures are unchanged)."""
    from datetime import UTC, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from nextcall.domain.clock import SystemClock

    class CallingHoursClock(SystemClock):
        def __init__(self) -> None:
            new_york = ZoneInfo("America/New_York")
            now = datetime.now(UTC)
            afternoon = datetime.combine(now.date(), time(14), new_york)
            if afternoon.astimezone(UTC).date() != now.date():  # never: 14:00 NY is 18-19 UTC
                afternoon -= timedelta(days=1)
            here = now.astimezone(new_york)
            self.shift = timedelta(0) if 12 <= here.hour < 16 else now - afternoon

        def now(self) -> datetime:
            return datetime.now(UTC) - self.shift

    return CallingHoursClock()


def nextcall_app(store: Store) -> NextcallApp:
    """nextcall as `nextcall` starts it: default Config, the system clock (in US calling hours:
    `calling_hours_clock`), the given store."""
    import nextcall.ui.app
    from frames import FrameHook
    from nextcall.config import Config

    class BenchNextcall(FrameHook, nextcall.ui.app.NextcallApp):
        # Textual resolves a relative CSS_PATH next to the module of the class that is run;
        # this subclass lives in bench/, so point at the app's own stylesheet.
        CSS_PATH = str(
            Path(nextcall.ui.app.__file__).with_name(nextcall.ui.app.NextcallApp.CSS_PATH)
        )

    return BenchNextcall(Config(), store, calling_hours_clock())

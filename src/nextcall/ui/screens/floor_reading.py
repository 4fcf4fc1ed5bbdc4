"""One read of the team's figures off the screen's thread: a daemon thread that owns its
connection while it reads and reports with a message (Textual's `post_message` is thread-safe).
A daemon thread, not one of Textual's workers: a read hung on a dead network must neither hold
the screen nor keep the program from quitting (Textual waits for its worker threads at exit)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message

from nextcall.domain.clock import Clock, today
from nextcall.services.team_figures import Kept, TeamFigures, read_figures
from nextcall.store.errors import StoreError
from nextcall.store.team_view import TeamView


@dataclass(eq=False)
class Reading:
    """A read in flight: the connection it owns (None: it opens one) and the memory of past
    reads it brings up to date."""

    view: TeamView | None
    kept: Kept
    started: float
    """When it started (the clock's monotonic seconds)."""


class FiguresRead(Message):
    """A read brought the team's figures; its connection is in `reading.view`."""

    def __init__(self, reading: Reading, figures: TeamFigures) -> None:
        super().__init__()
        self.reading, self.figures = reading, figures


class ReadFailed(Message):
    """A read failed (its connection was closed); `error` says why."""

    def __init__(self, reading: Reading, error: BaseException) -> None:
        super().__init__()
        self.reading, self.error = reading, error


def start(
    reading: Reading, home: TeamView, clock: Clock, post: Callable[[Message], object]
) -> None:
    """Read in a daemon thread; `post` gets the outcome (a lost server: a new connection is
    asked of `home`)."""
    thread = threading.Thread(
        target=_run, args=(reading, home, clock, post), name="floor read", daemon=True
    )
    thread.start()


def _run(reading: Reading, home: TeamView, clock: Clock, post: Callable[[Message], object]) -> None:
    view = reading.view
    try:
        if view is None:  # the last one was lost (or never opened): a new connection
            view = home.reader()
            if view is None:
                raise StoreError("the team database can't be opened again")
        figures = read_figures(view, clock, today(clock), kept=reading.kept)
    except Exception as exc:  # every failure is said on the screen, none ends the floor
        reading.view = None
        if view is not None:
            close(view)
        post(ReadFailed(reading, exc))
        return
    reading.view = view
    post(FiguresRead(reading, figures))


def close(view: TeamView) -> None:
    """Close a connection that may be gone already."""
    with contextlib.suppress(StoreError):
        view.close()

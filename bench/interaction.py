"""In-process figures on real-size data: outcome key to durable commit and to the frame showing
the new counts; queue cursor key to its frame.

    interaction.py DB_FILE [PRESSES] [MOVES]

Runs nextcall headless (notifications on, as in the real app) and sends keys the way a terminal
driver does (`driver.send_message(Key)`); prints one JSON object. Each key is timed from just
before it is sent to (a) the return of `Store.log_outcome`, whose transaction ends with a WAL
commit at synchronous=FULL, and (b) the first frame (see frames.py) that shows what the key did.
Keys go one at a time, each after the previous key's frames have settled. `samples` holds the
raw milliseconds, which keys.py pools over the rounds it alternates with floors.py.
"""

from __future__ import annotations

import asyncio
import gc
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any, cast

from textual import events
from textual.widgets._toast import Toast

from apps import nextcall_app
from figures import latencies, ms, summary
from frames import SIZE, Frame, FrameHook, dials_shown
from nextcall.services.demo import WEIGHTS
from nextcall.store import Store
from nextcall.store.sqlite import SQLiteStore
from nextcall.ui.app import NextcallApp

WARMUP = 10
"""Keys sent first and not counted (caches, first-use code paths)."""
SETTLE_S = 0.05
"""Pause after a measured frame, so trailing frames (scrollbar, toasts) are done."""
TIMEOUT_S = 2.0
"""A key whose frame has not come by then counts as missed."""
OUTCOME_WEIGHTS = {name: w for name, w in WEIGHTS.items() if name != "later"}
"""The demo's outcome mix; `later` is left out because it opens the date prompt."""
MOVE_WEIGHTS = {"down": 60, "up": 25, "pagedown": 15}

FramePredicate = Callable[[Frame], bool]


class CollectorPauses:
    """Full (generation 2) garbage collections and how long each paused the app."""

    def __init__(self) -> None:
        self.pauses_ms: list[float] = []
        self._began = 0.0

    def __enter__(self) -> CollectorPauses:
        gc.callbacks.append(self._note)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._note)

    def _note(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.pauses_ms.append(ms(time.perf_counter() - self._began))

    def report(self) -> dict[str, Any]:
        return {"collections": len(self.pauses_ms), "pause": summary(self.pauses_ms)}


@dataclass
class Latencies:
    """Per-key latencies in ms, for the keys after the warm-up."""

    frame_ms: list[float] = field(default_factory=list)
    commit_ms: list[float] = field(default_factory=list)
    missed: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    """Frame latencies split by what the key was (e.g. the ritual's `rejected` vs the rest)."""

    def samples(self) -> dict[str, Any]:
        """The raw milliseconds, as keys.py pools them over rounds."""
        return {
            "to_frame_ms": self.frame_ms,
            "to_commit_ms": self.commit_ms,
            "missed": self.missed,
            "by_kind": self.by_kind,
        }

    def report(self) -> dict[str, Any]:
        return latencies(self.samples())


class Keyboard:
    """Sends keys to a running app and waits for the frame that shows their effect."""

    def __init__(self, app: NextcallApp, store: Store) -> None:
        self.app = app
        self.commits: list[float] = []
        self.commit_calls_ms: list[float] = []
        self._waiting: tuple[FramePredicate, asyncio.Future[Frame]] | None = None
        cast(FrameHook, app).frame_listener = self._frame
        self._time_commits(store)

    def _time_commits(self, store: Store) -> None:
        """Note when each log_outcome returns, i.e. when its commit is durable."""
        log_outcome = store.log_outcome

        @wraps(log_outcome)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            result = log_outcome(*args, **kwargs)
            done = time.perf_counter()
            self.commits.append(done)
            self.commit_calls_ms.append(ms(done - started))
            return result

        store.log_outcome = timed  # type: ignore[method-assign]  # timed wrapper

    def _frame(self, frame: Frame) -> None:
        if self._waiting is None:
            return
        shows, future = self._waiting
        if not future.done() and shows(frame):
            future.set_result(frame)

    async def press(self, key: str, shows: FramePredicate) -> tuple[float, Frame | None]:
        """Send `key`; return when it was sent and the first frame for which `shows` is true."""
        future: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        self._waiting = (shows, future)
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(self.app)
        driver = self.app._driver
        assert driver is not None
        sent = time.perf_counter()
        driver.send_message(event)
        try:
            frame: Frame | None = await asyncio.wait_for(future, TIMEOUT_S)
        except TimeoutError:
            frame = None
        self._waiting = None
        return sent, frame

    async def settle(self) -> None:
        await asyncio.sleep(SETTLE_S)

    def expire_toasts(self) -> None:
        """Time out the toasts now, as they would have between two real calls.

        `Toast._expire` is what a toast's own timer calls (private, but the exact path). The
        public `App.clear_notifications` is no substitute: it removes the Toast widgets and leaves
        their ToastHolder containers in the DOM, which then grows with every press.
        """
        for toast in self.app.screen.query(Toast):
            toast._expire()


async def outcomes(keyboard: Keyboard, presses: int) -> Latencies:
    """Log outcomes in the demo's mix. The frame counted is the first that shows the new dial
    count (ratio panel or top bar, whichever it repaints) and no stale one."""
    app, session = keyboard.app, keyboard.app.session
    names, weights = zip(*OUTCOME_WEIGHTS.items(), strict=True)
    rng = random.Random(3)
    result = Latencies()
    for index in range(WARMUP + presses):
        name = rng.choices(names, weights)[0]
        expected = session.counts.dials + 1
        commits = len(keyboard.commits)
        shows = ritual_shown() if name == "rejected" else counts_shown(expected)
        sent, frame = await keyboard.press(app.config.keys[name], shows)
        if index >= WARMUP:
            record(result, sent, frame, keyboard.commits[commits:])
            kind = "rejected" if name == "rejected" else "other"
            if frame is not None:
                result.by_kind.setdefault(kind, []).append(ms(frame.at - sent))
        await keyboard.settle()
        if name == "rejected":  # the recovery ritual opened over the main screen: skip it
            await keyboard.press("escape", main_screen_shown(app))
        keyboard.expire_toasts()
        await keyboard.settle()
    return result


def main_screen_shown(app: NextcallApp) -> FramePredicate:
    """A frame of the main screen again (its queue title is on it)."""
    return lambda frame: "Queue" in frame.text


def ritual_shown() -> FramePredicate:
    """After `r` the recovery ritual covers the screen at once: its first frame is the answer
    to the key (the new counts show on its reframe, and on the main screen after it)."""
    return lambda frame: "After the no from" in frame.text


def counts_shown(dials: int) -> FramePredicate:
    """The frame shows `dials` as today's dial count, and no other count."""
    return lambda frame: dials_shown(frame.text) == {dials}


def record(result: Latencies, sent: float, frame: Frame | None, commits: list[float]) -> None:
    if frame is None:
        result.missed += 1
    else:
        result.frame_ms.append(ms(frame.at - sent))
    if commits:
        result.commit_ms.append(ms(commits[0] - sent))


def move_shown(app: NextcallApp, before: int) -> FramePredicate:
    """The frame shows the move: the cursor changed, the top bar has the new position, and the
    current prospect's number is both on its queue row and on the card."""
    session = app.session

    def shows(frame: Frame) -> bool:
        current = session.current
        if session.cursor == before or current is None:
            return False
        text = frame.text
        position = f" {session.cursor + 1} of {len(session.ids)} "
        return position in text and text.count(current.phone_display) >= 2

    return shows


async def moves(keyboard: Keyboard, count: int) -> Latencies:
    """Move the cursor down, up and a page down at a time through the queue."""
    session = keyboard.app.session
    keys, weights = zip(*MOVE_WEIGHTS.items(), strict=True)
    rng = random.Random(4)
    result = Latencies()
    for index in range(WARMUP + count):
        key = rng.choices(keys, weights)[0]
        if key == "up" and session.cursor == 0:
            key = "down"
        sent, frame = await keyboard.press(key, move_shown(keyboard.app, session.cursor))
        if index >= WARMUP:
            record(result, sent, frame, [])
        await keyboard.settle()
    return result


def durability(store: SQLiteStore) -> dict[str, str]:
    """The store connection's journal mode and synchronous level, as the commit sees them."""
    mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    level = store.conn.execute("PRAGMA synchronous").fetchone()[0]
    return {
        "journal_mode": str(mode),
        "synchronous": {2: "FULL", 3: "EXTRA"}.get(level, str(level)),
    }


async def measure(db: Path, presses: int, count: int) -> dict[str, Any]:
    store = SQLiteStore.open(db, create=False)
    try:
        app = nextcall_app(store)
        keyboard = Keyboard(app, store)
        async with app.run_test(headless=True, size=SIZE, notifications=True) as pilot:
            await pilot.pause(0.5)
            queued = len(app.session.ids)
            with CollectorPauses() as collector:
                move_result = await moves(keyboard, count)
                outcome_result = await outcomes(keyboard, presses)
            app.exit()
        return {
            "terminal": list(SIZE),
            "queued": queued,
            "durability": durability(store),
            "outcomes": outcome_result.report(),
            "log_outcome_call": summary(keyboard.commit_calls_ms[WARMUP:]),
            "moves": move_result.report(),
            "full_gc_during_keys": collector.report(),
            "samples": {
                "outcomes": outcome_result.samples(),
                "moves": move_result.samples(),
                "log_outcome_call_ms": keyboard.commit_calls_ms[WARMUP:],
                "full_gc_collections": len(collector.pauses_ms),
                "full_gc_pauses_ms": collector.pauses_ms,
            },
        }
    finally:
        store.close()


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    presses = int(argv[1]) if len(argv) > 1 else 200
    count = int(argv[2]) if len(argv) > 2 else 200
    print(json.dumps(asyncio.run(measure(Path(argv[0]), presses, count))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

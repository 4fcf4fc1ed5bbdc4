"""`review_ms` (SPEC 12): opening the week review on real-size data to its first frame.

    review.py DB_FILE [ROUNDS]

Runs nextcall headless on the working copy. Each round sends `t` (open the review) and at once
`w` (the week), and times from the `t` to:
- `to_frame`: the first frame that shows the week's funnel and pace with their figures (the
  "The week's funnel" title is set only together with them): `review_ms`, the median;
- `to_all`: the first frame with every section filled, after the thread worker's reads (the
  audit's title says "this week" only then). A diagnostic, not a bar.
`escape` closes the review between rounds. Prints one JSON object.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any, cast

from textual import events

from apps import nextcall_app
from figures import ms, summary
from frames import SIZE, Frame, FrameHook
from nextcall.store.sqlite import SQLiteStore
from nextcall.ui.app import NextcallApp

WARMUP = 2
TIMEOUT_S = 3.0
ROUNDS = 11
FILLED = "The week's funnel"
ALL = "came from, this week"


def send(app: NextcallApp, key: str) -> None:
    """A key as the terminal driver delivers it."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


def week_filled(frame: Frame) -> bool:
    return FILLED in frame.text


class Frames:
    """Notes when the first frame showing each marker arrives."""

    def __init__(self, app: NextcallApp) -> None:
        self.seen: dict[str, float] = {}
        self.done = asyncio.Event()
        cast(FrameHook, app).frame_listener = self._frame

    def _frame(self, frame: Frame) -> None:
        for marker in (FILLED, ALL):
            if marker not in self.seen and marker in frame.text:
                self.seen[marker] = frame.at
        if len(self.seen) == 2:
            self.done.set()

    def reset(self) -> None:
        self.seen.clear()
        self.done.clear()


async def measure(db: Path, rounds: int) -> dict[str, Any]:
    store = SQLiteStore.open(db, create=False)
    try:
        app = nextcall_app(store)
        frames = Frames(app)
        first: list[float] = []
        full: list[float] = []
        missed = 0
        async with app.run_test(headless=True, size=SIZE, notifications=True) as pilot:
            await pilot.pause(0.5)
            for index in range(WARMUP + rounds):
                frames.reset()
                sent = time.perf_counter()
                send(app, "t")
                send(app, "w")  # right behind the `t`
                with contextlib.suppress(TimeoutError):  # a missing frame counts as missed
                    await asyncio.wait_for(frames.done.wait(), TIMEOUT_S)
                if index >= WARMUP:
                    if FILLED in frames.seen:
                        first.append(ms(frames.seen[FILLED] - sent))
                    else:
                        missed += 1
                    if ALL in frames.seen:
                        full.append(ms(frames.seen[ALL] - sent))
                await pilot.pause(0.1)
                await pilot.press("escape")
                await pilot.pause(0.1)
            app.exit()
        return {
            "rounds": rounds,
            "missed": missed,
            "to_frame": summary(first),
            "to_all": summary(full),
        }
    finally:
        store.close()


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    rounds = int(argv[1]) if len(argv) > 1 else ROUNDS
    print(json.dumps(asyncio.run(measure(Path(argv[0]), rounds))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

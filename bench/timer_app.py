"""One real feel-it countdown in a headless nextcall, on the system clock; prints one JSON object.

    timer_app.py DB_FILE SECONDS

Logs a rejection with `r`, turns the ritual into the feel-it timer with `f` (a countdown of
SECONDS), and reports when the screen declared the time up against when it should have:
`error_ms` = (moment `time_up` ran) - (the countdown's start + SECONDS), both read on the clock
the app uses (CLOCK_BOOTTIME on Linux). `cpu_pct` is this process's CPU time (all threads) over
the countdown's wall time, in percent of one core.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from nextcall.config import Config, RitualConfig
from nextcall.domain.clock import SystemClock
from nextcall.store.sqlite import SQLiteStore
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.feel_it import FeelItScreen

SIZE = (80, 24)


class TimedNextcall(NextcallApp):
    CSS_PATH = str(Path(__file__).resolve().parents[1] / "src" / "nextcall" / "ui" / "app.tcss")


async def run(db: Path, seconds: int) -> dict[str, Any]:
    clock = SystemClock()
    config = replace(Config(), ritual=replace(RitualConfig(), feel_it_seconds=seconds))
    store = SQLiteStore.open(db)
    app = TimedNextcall(config, store, clock)
    app.bell = lambda: None  # type: ignore[method-assign]  # a silent bell
    ended: dict[str, float] = {}
    done = asyncio.Event()
    original = FeelItScreen.time_up

    def time_up(screen: FeelItScreen) -> None:
        ended["at"] = clock.monotonic()
        ended["cpu"] = time.process_time()
        original(screen)
        done.set()

    FeelItScreen.time_up = time_up  # type: ignore[method-assign, assignment]  # timed wrapper
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        if not isinstance(screen, FeelItScreen):
            return {"error": f"expected the feel-it screen, got {type(screen).__name__}"}
        began = screen.countdown.watch.started
        cpu0, wall0 = time.process_time(), clock.monotonic()
        try:  # no polling here: the process's CPU time is the app's own
            await asyncio.wait_for(done.wait(), seconds + 10)
        except TimeoutError:
            return {"error": "the countdown did not end"}
        error_s = ended["at"] - (began + seconds)
        cpu_pct = (ended["cpu"] - cpu0) / (ended["at"] - wall0) * 100
    store.close()
    return {"seconds": seconds, "error_ms": round(error_s * 1000, 3), "cpu_pct": round(cpu_pct, 3)}


def main(argv: list[str]) -> int:
    result = asyncio.run(run(Path(argv[0]), int(argv[1])))
    print(json.dumps(result))
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""One start-up: run an app headless until its first full frame, then exit.

    startup_app.py nextcall DB_FILE
    startup_app.py minimal

The parent (startup.py) times the whole process. On exit this prints one JSON line: which frame
was the first full one, what was checked in it, the peak RSS, and in-process times (ms since this
script began) that explain where start-up goes.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, cast  # noqa: E402

from frames import PHONE, SIZE, Frame, FrameHook, panel_dials  # noqa: E402

if TYPE_CHECKING:
    from textual.app import App

    from nextcall.ui.app import NextcallApp


WATCHDOG_S = 30.0
"""A start that has not shown a full frame by then is killed (exit status 3)."""


def since_start() -> float:
    return round((time.perf_counter() - STARTED) * 1000, 1)


@dataclass
class Run:
    """What the runner saw; printed as JSON at the end."""

    app: str
    marks: dict[str, float] = field(default_factory=dict)
    """ms since the script began: imports done, app built, first full frame, run returned."""
    full_frame: int | None = None
    frames: int = 0
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.full_frame is not None and all(self.checks.values())


def nextcall_checks(app: NextcallApp, frame: Frame) -> dict[str, bool]:
    """A full frame shows queue rows, the current prospect's card and today's counts."""
    session = app.session
    text = frame.text
    current = session.current
    visible_rows = min(len(session.ids), 5)
    return {
        "queue": "Queue" in text and len(set(PHONE.findall(text))) >= visible_rows,
        "card": "Next up" in text
        and (current is None or current.phone_display in text and current.name in text),
        "panel": "Today vs your average" in text and panel_dials(text) == session.counts.dials,
    }


def minimal_checks(frame: Frame) -> dict[str, bool]:
    from apps import MINIMAL_TEXT, MINIMAL_TITLE

    return {"header": MINIMAL_TITLE in frame.text, "static": MINIMAL_TEXT in frame.text}


def exit_when_full(app: App[None], run: Run, checks: Callable[[Frame], dict[str, bool]]) -> None:
    """Exit the app at its first frame whose checks all pass."""

    def seen(frame: Frame) -> None:
        run.frames += 1
        if run.full_frame is not None:
            return
        run.checks = checks(frame)
        if all(run.checks.values()):
            run.full_frame = frame.index
            run.marks["full_frame_ms"] = since_start()
            app.exit()

    cast(FrameHook, app).frame_listener = seen


def run_minimal(run: Run) -> None:
    from apps import minimal_app

    app = minimal_app()
    run.marks["app_ready_ms"] = since_start()
    exit_when_full(app, run, minimal_checks)
    app.run(headless=True, size=SIZE)


def run_nextcall(run: Run, db: Path) -> None:
    from apps import nextcall_app
    from nextcall.store.sqlite import SQLiteStore

    store = SQLiteStore.open(db, create=False)
    try:
        app = nextcall_app(store)
        run.marks["app_ready_ms"] = since_start()
        exit_when_full(app, run, lambda frame: nextcall_checks(app, frame))
        app.run(headless=True, size=SIZE)
    finally:
        store.close()


def peak_rss_kib() -> int | None:
    """This process's peak resident memory (VmHWM) since it started Python.

    Read here rather than from the parent's `wait4` rusage: a child's ru_maxrss also counts the
    parent's memory it was forked from, before exec, so it would mostly measure the parent.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def watchdog(run: Run) -> None:
    """Kill this process if the app never shows a full frame (the checks would hang it)."""

    def give_up() -> None:
        print(
            f"no full frame in {WATCHDOG_S:.0f} s; checks of the last frame: {run.checks}",
            file=sys.stderr,
        )
        os._exit(3)

    timer = threading.Timer(WATCHDOG_S, give_up)
    timer.daemon = True
    timer.start()


def main(argv: list[str]) -> int:
    run = Run(argv[0])
    run.marks["imports_ms"] = since_start()
    watchdog(run)
    if run.app == "minimal":
        run_minimal(run)
    elif run.app == "nextcall" and len(argv) == 2:
        run_nextcall(run, Path(argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    run.marks["exited_ms"] = since_start()
    report = {**run.__dict__, "peak_rss_kib": peak_rss_kib(), "ok": run.ok}
    print(json.dumps(report), flush=True)
    return 0 if run.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""One start-up: run an app headless until its first full frame, then exit.

    startup_app.py nextcall DB_FILE
    startup_app.py minimal

The parent (startup.py) times the whole process and reads its peak RSS. On exit this prints one
JSON line: which frame was the first full one, what was checked in it, and in-process times (ms
since this script began) that explain where start-up goes.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

from frames import PHONE, SIZE, Frame, panel_dials  # noqa: E402

if TYPE_CHECKING:
    from textual.app import App

    from nextcall.app import NextcallApp


def since_start() -> float:
    return round((time.perf_counter() - STARTED) * 1000, 1)


@dataclass
class Run:
    """What the runner saw; printed as JSON at the end."""

    app: str
    marks: dict[str, float] = field(default_factory=dict)
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
    from apps import MINIMAL_TEXT

    return {"header": "minimal" in frame.text, "static": MINIMAL_TEXT in frame.text}


def watch(app: App[None], run: Run, checks: dict[str, bool] | None = None) -> None:
    """Exit the app at its first frame whose checks all pass."""

    def seen(frame: Frame) -> None:
        run.frames += 1
        if run.full_frame is not None:
            return
        results = (
            minimal_checks(frame) if run.app == "minimal" else nextcall_checks(app, frame)  # type: ignore[arg-type]
        )
        if all(results.values()):
            run.full_frame, run.checks = frame.index, results
            run.marks["full_frame_ms"] = since_start()
            app.exit()
        else:
            run.checks = results

    app.frame_listener = seen  # type: ignore[attr-defined]


def run_minimal(run: Run) -> None:
    from apps import minimal_app

    app = minimal_app()
    run.marks["app_ready_ms"] = since_start()
    watch(app, run)
    app.run(headless=True, size=SIZE)


def run_nextcall(run: Run, db: Path) -> None:
    from apps import nextcall_app
    from nextcall.store.repository import Store

    store = Store.open(db, create=False)
    try:
        app = nextcall_app(store)
        run.marks["app_ready_ms"] = since_start()
        watch(app, run)
        app.run(headless=True, size=SIZE)
    finally:
        store.close()


def main(argv: list[str]) -> int:
    run = Run(argv[0])
    run.marks["imports_ms"] = since_start()
    if run.app == "minimal":
        run_minimal(run)
    elif run.app == "nextcall" and len(argv) == 2:
        run_nextcall(run, Path(argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    run.marks["exited_ms"] = since_start()
    report = {**run.__dict__, "ok": run.ok}
    print(json.dumps(report), flush=True)
    return 0 if run.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

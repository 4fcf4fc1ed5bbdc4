"""Start-up time and peak memory, process against process (SPEC 12: startup_ratio, rss_ratio).

Each start is a fresh `python bench/startup_app.py ...` process, timed from just before it is
spawned to when it is reaped; the child reports its own peak RSS (VmHWM). nextcall and the
minimal app alternate (the order flips every round) so both see the same machine weather.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from figures import median

RUNNER = Path(__file__).with_name("startup_app.py")
APPS = ("nextcall", "minimal")
PRIVATE_ENV = ("NEXTCALL_DATA_DIR", "NEXTCALL_CONFIG", "PYTHONDONTWRITEBYTECODE")
"""Dropped from the children's environment: they get explicit paths, and bytecode is cached."""
PYCACHE = Path(__file__).resolve().parent / ".data" / "pycache"
"""Where the children cache bytecode, as an installed app has it (src/ itself is not written)."""


@dataclass(frozen=True)
class Start:
    """One process start."""

    app: str
    wall_ms: float
    rss_mb: float
    report: dict[str, Any]
    error: str | None = None


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PRIVATE_ENV}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def start_once(app: str, db: Path) -> Start:
    """Run one start of `app`, timed from spawn to reap."""
    args = [sys.executable, str(RUNNER), app] + ([str(db)] if app == "nextcall" else [])
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=child_env())
        _, status = os.waitpid(proc.pid, 0)
        wall = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        lines = out.read().decode().strip().splitlines()
        problem = err.read().decode().strip()[-2000:]
    report = json.loads(lines[-1]) if lines else {}
    error = None
    if proc.returncode != 0 or not report.get("ok"):
        error = f"exit {proc.returncode}; checks {report.get('checks')}; {problem}"
    rss_kib = report.get("peak_rss_kib")
    if rss_kib is None:
        error = error or "no peak RSS reported (needs /proc)"
        rss_kib = 0
    return Start(app, round(wall * 1000, 1), round(rss_kib / 1024, 1), report, error)


def run_rounds(db: Path, rounds: int) -> list[Start]:
    """One unmeasured warm-up start of each app, then `rounds` alternating pairs."""
    for app in APPS:
        start_once(app, db)
    starts = []
    for index in range(rounds):
        order = APPS if index % 2 == 0 else APPS[::-1]
        for app in order:
            start = start_once(app, db)
            print(
                f"[bench] start {index + 1}/{rounds} {app}: {start.wall_ms:.0f} ms,"
                f" {start.rss_mb:.1f} MiB{' FAILED' if start.error else ''}",
                file=sys.stderr,
                flush=True,
            )
            starts.append(start)
    return starts


def marks_median(starts: list[Start]) -> dict[str, float]:
    """Median of each in-process mark (ms since the runner script began)."""
    names = starts[0].report.get("marks", {}) if starts else {}
    return {name: round(median([s.report["marks"][name] for s in starts]), 1) for name in names}


def measure(db: Path, rounds: int) -> dict[str, Any]:
    """startup_ratio and rss_ratio with the numbers behind them."""
    starts = run_rounds(db, rounds)
    good = {app: [s for s in starts if s.app == app and s.error is None] for app in APPS}
    errors = [f"{s.app}: {s.error}" for s in starts if s.error]
    result: dict[str, Any] = {"rounds": rounds, "errors": errors}
    if not all(good.values()):
        return result
    wall = {app: median([s.wall_ms for s in good[app]]) for app in APPS}
    rss = {app: median([s.rss_mb for s in good[app]]) for app in APPS}
    frame = {app: marks_median(good[app])["full_frame_ms"] for app in APPS}
    result.update(
        startup_ratio=round(wall["nextcall"] / wall["minimal"], 3),
        startup_nextcall_ms=wall["nextcall"],
        startup_minimal_ms=wall["minimal"],
        rss_ratio=round(rss["nextcall"] / rss["minimal"], 3),
        rss_nextcall_mb=rss["nextcall"],
        rss_minimal_mb=rss["minimal"],
        first_frame_ratio=round(frame["nextcall"] / frame["minimal"], 3),
        samples={
            app: {
                "wall_ms": [s.wall_ms for s in good[app]],
                "rss_mb": [s.rss_mb for s in good[app]],
                "marks_median_ms": marks_median(good[app]),
                "frames_to_full": sorted({int(s.report["full_frame"]) for s in good[app]}),
            }
            for app in APPS
        },
    )
    return result

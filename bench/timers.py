"""The countdown figures of SPEC 12: `timer_drift_ms` and `idle_cpu_pct`.

Each countdown is a real feel-it timer in its own headless nextcall process (timer_app.py) on
the system clock, run while every core is kept busy by a CPU-burning process, so the scheduler
delays the app's wake-ups as a loaded laptop would. Countdowns of different lengths show whether
the error grows with the length (it should not: the screen reads the clock, it counts nothing).
`timer_drift_ms` is the largest error seen; `idle_cpu_pct` the app's CPU share during the
longest countdown.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import startup

RUNNER = Path(__file__).with_name("timer_app.py")
BURN = "while True: pass"


@contextmanager
def busy_machine(workers: int) -> Iterator[list[int]]:
    """`workers` processes each burning one core, stopped (by their own pids) on exit."""
    procs = [
        subprocess.Popen([sys.executable, "-c", BURN], stdin=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    try:
        yield [p.pid for p in procs]
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait()


def countdown(db: Path, seconds: int) -> dict[str, Any]:
    args = [sys.executable, str(RUNNER), str(db), str(seconds)]
    done = subprocess.run(args, stdout=subprocess.PIPE, text=True, env=startup.child_env())
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"seconds": seconds, "error": f"timer_app.py exited with {done.returncode}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def measure(db: Path, lengths: tuple[int, ...]) -> dict[str, Any]:
    """Run one countdown of each length on a busy machine; the figures and the runs."""
    workers = os.cpu_count() or 1
    with busy_machine(workers):
        runs = [countdown(db, s) for s in lengths]
    good = [r for r in runs if "error_ms" in r]
    drift = max((abs(r["error_ms"]) for r in good), default=None)
    longest = max(good, key=lambda r: r["seconds"], default=None)
    return {
        "timer_drift_ms": drift,
        "idle_cpu_pct": None if longest is None else longest["cpu_pct"],
        "busy_workers": workers,
        "runs": runs,
    }


def demo_db(folder: Path) -> Path:
    """A demo-seeded database (the countdown does not depend on the data's size)."""
    from nextcall.domain.clock import SystemClock
    from nextcall.services.demo import seed
    from nextcall.store.sqlite import SQLiteStore

    store = SQLiteStore.open(folder / "nextcall.db")
    seed(store, SystemClock())
    store.close()
    return folder / "nextcall.db"


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        lengths = tuple(int(a) for a in sys.argv[1:]) or (5, 30)
        print(json.dumps(measure(demo_db(Path(tmp)), lengths), indent=2))

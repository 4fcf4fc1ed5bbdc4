"""`import_beside_app`: the app's longest outcome commit while a 50,000-row import runs beside it.

The import runs as `nextcall import` in a subprocess on a fresh copy of the real-size database
(50,000 prospects, 1,000,000 calls) while this process, standing in for the running app, logs
an outcome through its own SQLiteStore every 100 ms on the same file, as a rep pressing keys.
Reported: the longest and p99 `log_outcome` (its commit is durable when it returns), how many
were refused as busy, and how long the import took.

    .venv/bin/python bench/import_beside.py [--src DIR]   # --src: the import's code (before/after)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dataset
from importing import export_bytes
from nextcall.domain.clock import SystemClock, today
from nextcall.domain.outcomes import OutcomeName, outcome
from nextcall.domain.prospects import QueueRules, next_state
from nextcall.paths import DATABASE_NAME
from nextcall.store import StoreError
from nextcall.store.sqlite import SQLiteStore

PERIOD_S = 0.1
"""How often the stand-in app logs an outcome."""
SRC = Path(__file__).resolve().parent.parent / "src"


def fresh_copy(base: Path) -> Path:
    folder = dataset.DATA_DIR / "beside"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    shutil.copyfile(base, folder / DATABASE_NAME)
    return folder


def start_import(folder: Path, export: Path, src: Path) -> subprocess.Popen[bytes]:
    """`nextcall import` in a subprocess; what it says goes to import.log in `folder` (a pipe
    nobody reads while the outcomes are logged would fill up and stop it)."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    with (folder / "import.log").open("wb") as said:
        return subprocess.Popen(
            [sys.executable, "-m", "nextcall", "--data-dir", str(folder)]
            + ["--config", str(folder / "none.toml"), "import", str(export)],
            env=env,
            stdout=said,
            stderr=subprocess.STDOUT,
        )


def log_beside(store: SQLiteStore, running: subprocess.Popen[bytes]) -> tuple[list[float], int]:
    """Log a no-answer every PERIOD_S until the import ends: each call's ms, and the busy ones."""
    clock, rules = SystemClock(), QueueRules()
    now = clock.now()
    ids = store.queue_ids(now, now + timedelta(hours=12))
    taken: list[float] = []
    busy = 0
    for pid in ids:
        if running.poll() is not None:
            break
        prospect = store.prospect(pid)
        assert prospect is not None
        at = clock.now()
        state = next_state(prospect.state, outcome(OutcomeName.NO_ANSWER), at, rules)
        began = time.perf_counter()
        try:
            store.log_outcome(prospect, OutcomeName.NO_ANSWER, at, today(clock), state)
        except StoreError:
            busy += 1
        taken.append((time.perf_counter() - began) * 1000)
        time.sleep(max(0.0, PERIOD_S - (time.perf_counter() - began)))
    return taken, busy


def measure(src: Path) -> dict[str, object]:
    base, _ = dataset.base()
    export = dataset.DATA_DIR / "export-50k.csv"
    export.write_bytes(export_bytes())
    folder = fresh_copy(base.db)
    store = SQLiteStore.open(folder / DATABASE_NAME, create=False)
    try:
        began = time.perf_counter()
        running = start_import(folder, export, src)
        taken, busy = log_beside(store, running)
        running.wait()
        output = (folder / "import.log").read_text(errors="replace").strip().splitlines()
        took = time.perf_counter() - began
    finally:
        store.close()
    ordered = sorted(taken)
    return {
        "longest_commit_ms": round(ordered[-1], 1),
        "p99_commit_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1),
        "median_commit_ms": round(statistics.median(ordered), 1),
        "outcomes": len(taken),
        "refused_busy": busy,
        "import_s": round(took, 1),
        "import_said": output[-3:],
        "import_code": str(src),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=SRC, help="the src folder the import runs")
    print(json.dumps(measure(parser.parse_args(sys.argv[1:]).src), indent=2))

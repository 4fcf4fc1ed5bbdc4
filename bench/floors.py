"""The floors the per-key figures are divided by (SPEC 12): what this machine takes, at this
moment, to answer a key in a minimal Textual app and to commit one bare SQLite row.

    floors.py FOLDER [PRESSES] [COMMITS]

Prints one JSON object: `key_to_frame` (a minimal app whose one label shows how many times a key
was pressed, timed from the key sent as a terminal driver sends it to the first frame showing the
new count, exactly as interaction.py times nextcall's keys, in the same terminal size) and
`commit` (BEGIN IMMEDIATE, one INSERT, COMMIT, into a fresh file in FOLDER opened with nextcall's
pragmas: WAL, synchronous=FULL, no automatic checkpoint, foreign keys on). `samples` holds the
raw milliseconds, which keys.py pools over its rounds: it alternates rounds of this with rounds
of interaction.py, so both see the same machine.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from figures import ms, summary
from frames import SIZE, Frame, FrameHook

WARMUP = 10
"""Keys and commits done first and not counted, as in interaction.py."""
SETTLE_S = 0.05
"""Pause after each key's frame and each commit: keys come one at a time, as in interaction.py."""
TIMEOUT_S = 2.0
"""A key whose frame has not come by then counts as missed, as in interaction.py."""
FLOOR_FILE = "floor.db"
COUNT = re.compile(r"presses (\d+)")


class Counter(FrameHook, App[None]):
    """One label that counts a key's presses: the least work a key can ask of Textual."""

    BINDINGS = [Binding("x", "count", "count")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static("presses 0", id="count")

    def action_count(self) -> None:
        self.count += 1
        self.query_one("#count", Static).update(f"presses {self.count}")


def count_shown(text: str) -> int | None:
    """The count a frame's text shows, when the frame repaints the label."""
    match = COUNT.search(text)
    return int(match.group(1)) if match else None


async def key_floor(presses: int) -> tuple[list[float], int]:
    """Milliseconds from each key sent to the first frame showing its new count, and how many
    keys had no such frame within TIMEOUT_S."""
    app = Counter()
    waiting: list[tuple[int, asyncio.Future[Frame]]] = []

    def listen(frame: Frame) -> None:
        if waiting:
            wanted, future = waiting[0]
            if not future.done() and count_shown(frame.text) == wanted:
                future.set_result(frame)

    app.frame_listener = listen
    samples: list[float] = []
    missed = 0
    async with app.run_test(headless=True, size=SIZE) as pilot:
        await pilot.pause(0.5)
        driver = app._driver
        assert driver is not None
        for index in range(WARMUP + presses):
            future: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
            waiting[:] = [(app.count + 1, future)]
            event = events.Key("x", "x")
            event.set_sender(app)
            sent = time.perf_counter()
            driver.send_message(event)
            try:
                frame: Frame | None = await asyncio.wait_for(future, TIMEOUT_S)
            except TimeoutError:
                frame = None
            waiting.clear()
            if index >= WARMUP:
                if frame is None:
                    missed += 1
                else:
                    samples.append(ms(frame.at - sent))
            await asyncio.sleep(SETTLE_S)
        app.exit()
    return samples, missed


def open_floor(path: Path) -> sqlite3.Connection:
    """A fresh database file with nextcall's connection settings (store/sqlite/connection.py)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode != "wal":
        raise RuntimeError(f"{path}: journal mode {mode}, not WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE calls (id INTEGER PRIMARY KEY, at TEXT NOT NULL, outcome TEXT)")
    return conn


def remove_floor(folder: Path) -> None:
    for leftover in folder.glob(f"{FLOOR_FILE}*"):
        leftover.unlink()


def commit_floor(folder: Path, commits: int) -> tuple[list[float], dict[str, str]]:
    """Milliseconds for BEGIN IMMEDIATE, one INSERT and COMMIT (nextcall's write transaction,
    store/sqlite/boundary.py) in a fresh file, and the pragmas the commits ran under."""
    folder.mkdir(parents=True, exist_ok=True)
    remove_floor(folder)
    conn = open_floor(folder / FLOOR_FILE)
    try:
        samples: list[float] = []
        for index in range(WARMUP + commits):
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO calls (at, outcome) VALUES (?, ?)", (str(index), "x"))
            conn.execute("COMMIT")
            if index >= WARMUP:
                samples.append(ms(time.perf_counter() - started))
            time.sleep(SETTLE_S)
        mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
        level = conn.execute("PRAGMA synchronous").fetchone()[0]
    finally:
        conn.close()
        remove_floor(folder)
    synchronous = {2: "FULL", 3: "EXTRA"}.get(level, str(level))
    return samples, {"journal_mode": mode, "synchronous": synchronous}


def measure(folder: Path, presses: int, commits: int) -> dict[str, Any]:
    frames, missed = asyncio.run(key_floor(presses))
    committed, durability = commit_floor(folder, commits)
    return {
        "terminal": list(SIZE),
        "durability": durability,
        "key_to_frame": {"keys": len(frames) + missed, "missed": missed, **summary(frames)},
        "commit": {"commits": len(committed), **summary(committed)},
        "samples": {"key_to_frame_ms": frames, "key_missed": missed, "commit_ms": committed},
    }


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    presses = int(argv[1]) if len(argv) > 1 else 100
    commits = int(argv[2]) if len(argv) > 2 else 100
    print(json.dumps(measure(Path(argv[0]), presses, commits)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

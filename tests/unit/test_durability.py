"""kill -9 in the middle of logging: every outcome reported as logged is in the database."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

LOGGER = """
import sys
from datetime import datetime, timedelta, UTC
from pathlib import Path
from nextcall.domain.clock import SystemClock
from nextcall.domain.prospects import QueueRules
from nextcall.services.session import Session
from nextcall.store import NewProspect
from nextcall.store.sqlite import SQLiteStore

store = SQLiteStore.open(Path(sys.argv[1]))
store.add_prospects(
    [NewProspect(f"P{i}", f"+1212555{i:04d}", f"+1 212-555-{i:04d}") for i in range(3000)],
    datetime.now(UTC) - timedelta(days=1),
)
session = Session(store, SystemClock(), QueueRules(), 2)
names = ["no_answer", "voicemail", "gatekeeper", "rejected", "conversation", "meeting"]
for i in range(3000):
    logged = session.log(names[i % len(names)])
    print(logged.call.id, flush=True)  # what the screen would show: after the commit
"""


@pytest.mark.slow
def test_kill_9_loses_nothing_shown(tmp_path: Path) -> None:
    db = tmp_path / "nextcall.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", LOGGER, str(db)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    shown = [int(proc.stdout.readline()) for _ in range(150)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in conn.execute("SELECT id FROM calls")}
    assert set(shown) <= stored
    totals = conn.execute("SELECT sum(n) FROM day_totals").fetchone()[0]
    assert totals == len(stored)  # the per-day counters agree with the calls

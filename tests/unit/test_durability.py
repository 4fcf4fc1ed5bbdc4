"""kill -9 in the middle of logging: every outcome reported as logged is in the database (the
rep's own file, or the team database)."""

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


TEAM_LOGGER = """
import sys
from datetime import datetime, timedelta, UTC
from nextcall.domain.clock import SystemClock, today
from nextcall.domain.outcomes import BY_NAME
from nextcall.domain.prospects import QueueRules, next_state
from nextcall.store.codec import PROSPECT_COLUMNS, iso, prospect
from nextcall.store.postgres import PostgresStore

store = PostgresStore.open(sys.argv[1], "ana")
due = iso(datetime.now(UTC) - timedelta(days=1))
store.conn.execute(
    "INSERT INTO prospects (name, phone, phone_display, due_at, created_at)"
    " SELECT 'P' || i, '+1212555' || lpad(i::text, 4, '0'), 'x', %s, %s"
    " FROM generate_series(0, 2999) AS i",
    (due, due),
)
rows = store.conn.execute(f"SELECT {PROSPECT_COLUMNS} FROM prospects ORDER BY id").fetchall()
clock = SystemClock()
names = ["no_answer", "voicemail", "gatekeeper", "rejected", "conversation", "meeting"]
for i, row in enumerate(rows):
    p, name, now = prospect(row), names[i % len(names)], clock.now()
    state = next_state(p.state, BY_NAME[name], now, QueueRules())
    call = store.log_outcome(p, name, now, today(clock), state)
    print(call.id, flush=True)  # what the screen would show: after the commit
"""


@pytest.mark.slow
def test_kill_9_loses_nothing_shown_on_the_team_database(team_url: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", TEAM_LOGGER, team_url], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    shown = [int(proc.stdout.readline()) for _ in range(150)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    import psycopg

    with psycopg.connect(team_url) as conn:
        stored = {r[0] for r in conn.execute("SELECT id FROM calls WHERE rep = 'ana'")}
        totals = conn.execute("SELECT sum(n) FROM day_totals WHERE rep = 'ana'").fetchone()
        meetings = conn.execute("SELECT count(*) FROM calls WHERE outcome = 'meeting'").fetchone()
        dials = conn.execute("SELECT count(*) FROM meeting_dials").fetchone()
    assert set(shown) <= stored
    assert totals is not None and totals[0] == len(stored)  # the counters agree with the calls
    assert meetings == dials  # each meeting has its dial

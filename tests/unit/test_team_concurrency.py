"""No double dials: 20 reps at once, each on its own connection, work one 5,000-prospect list
on a real PostgreSQL, taking their next prospect the way the app does (the queue, then a claim)
or by `claim_next`, and logging an outcome each time. No prospect is dialed by two reps within
one lease, and every outcome is stored exactly once. Bounded: a few seconds of work."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from team_load import MINUTES, Rep, calls_by_prospect, double_dials, seed

REPS = 20
RUN_S = 5.0
"""How long the reps work (each stops sooner at PER_REP outcomes)."""
PER_REP = 60
TALK_S = 0.02
"""Each call's length: the claim is held that long before the outcome."""
JOIN_S = 90.0
"""The longest the test waits for the reps after RUN_S (a hung rep fails it)."""
LEASE = timedelta(minutes=MINUTES)


def work(reps: list[Rep], seconds: float = RUN_S, per_rep: int = PER_REP) -> None:
    """Run every rep in its own thread, all starting together; fail on any rep's error."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(reps))

    def run(rep: Rep) -> None:
        try:
            rep.open()
            start.wait(timeout=60)
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline and len(rep.dialed) < per_rep:
                pid = rep.take()
                if pid is not None:
                    rep.dial(pid)
                elif rep.done:
                    break
        except BaseException as exc:  # reported by the test, with the rep's name
            errors.append(exc)
            start.abort()
        finally:
            rep.close()

    threads = [threading.Thread(target=run, args=(rep,), name=rep.name) for rep in reps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + JOIN_S)
    assert not [t.name for t in threads if t.is_alive()], "a rep hung"
    assert not errors, errors


def test_twenty_reps_never_dial_the_same_prospect(team_url: str) -> None:
    seed(team_url)
    reps = [Rep(f"rep{i:02d}", team_url, by_next=i % 4 == 3, talk_s=TALK_S) for i in range(REPS)]
    work(reps)

    calls = calls_by_prospect(team_url)
    assert double_dials(calls, LEASE) == []
    # Every outcome a rep logged is stored once, under that rep, and nothing else is.
    stored: dict[str, set[int]] = {}
    for rows in calls.values():
        for rep_name, _, call_id in rows:
            stored.setdefault(rep_name, set()).add(call_id)
    for rep in reps:
        logged = [d.call_id for d in rep.dialed]
        assert len(set(logged)) == len(logged)
        assert stored.get(rep.name, set()) == set(logged), rep.name
    assert sum(len(rows) for rows in calls.values()) == sum(len(r.dialed) for r in reps)
    # Each call came within its rep's own claim's lease (claims' times against calls').
    for rep in reps:
        for d in rep.dialed:
            assert 0 <= d.called_at.timestamp() - d.claimed_at + 0.001 < LEASE.total_seconds()
            assert [row[0] for row in calls[d.prospect_id]] == [rep.name]
    # It was a real race, both ways of taking a prospect in it. (claim_next's reps are the
    # quicker: they take the rows the others are about to claim, one statement each.)
    app_way = sum(len(r.dialed) for r in reps if not r.by_next)
    by_next = sum(len(r.dialed) for r in reps if r.by_next)
    refused = sum(len(r.claim_ms) for r in reps) - app_way - by_next
    assert app_way >= REPS and by_next >= REPS and refused > 0


def test_without_claims_the_same_check_finds_double_dials(team_url: str) -> None:
    """The check above can fail: reps taking the queue's head without a claim collide."""
    seed(team_url, 200)
    reps = [Rep(f"rep{i}", team_url, claims=False) for i in range(4)]
    work(reps, seconds=2.0, per_rep=10)
    assert double_dials(calls_by_prospect(team_url), LEASE)

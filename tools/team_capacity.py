"""How many reps one PostgreSQL carries: README's Team mode figures, measured on a throwaway
cluster (tests/pg_cluster.py) with a 5,000-prospect list.

Each simulated rep does what the app does in team mode: a dialer that claims the next prospect,
is on the call, and logs an outcome every 10 s (the claim given up with it), and a watch that
reads the queue's change counter every second and reads its queue again when it moved, each on
its own connection (as the dial screen and its watch thread). For each team size it prints the
server's CPU (the postgres processes' own time from /proc, so other work on the machine does not
count) per rep, and the claim, commit and queue-read latencies (client side: these do include
the machine's other work). Linux only.

    PYTHONPATH=tests:src python tools/team_capacity.py [--reps 10,20,40] [--seconds 45]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from nextcall.config import Config
from nextcall.domain.clock import SystemClock, today
from nextcall.domain.outcomes import outcome
from nextcall.domain.prospects import next_state
from nextcall.store import NewProspect, StoreError
from nextcall.store.codec import iso
from nextcall.store.postgres import PostgresStore
from nextcall.store.postgres.connection import connect, migrate
from pg_cluster import Cluster, start_cluster
from team_demo import pick_outcome

LIST_SIZE = 5_000
OUTCOME_EVERY_S = 10.0
WATCH_EVERY_S = 1.0
MAX_CONNECTIONS = 400


@dataclass
class Timings:
    """One rep's latencies, in ms."""

    claim: list[float] = field(default_factory=list)
    commit: list[float] = field(default_factory=list)
    queue: list[float] = field(default_factory=list)


def server_cpu_s(cluster: Cluster) -> float:
    """CPU seconds used so far by the cluster's postmaster and its live children."""
    postmaster = int((cluster.folder / "data" / "postmaster.pid").read_text().split()[0])
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == postmaster or ppid == postmaster:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def prepare(cluster: Cluster) -> None:
    """Room for every rep's two connections, the schema, the list."""
    import psycopg

    with psycopg.connect(cluster.admin_url, autocommit=True) as admin:
        admin.execute(f"ALTER SYSTEM SET max_connections = {MAX_CONNECTIONS}")
    cluster.stop()
    cluster.start()
    conn = connect(cluster.url, "setup")
    migrate(conn)
    conn.close()
    store = PostgresStore.open(cluster.url, "setup")
    people = [
        NewProspect(
            f"Prospect {n}", f"+1202{n:07d}", f"+1 202-{n:07d}", timezone="America/New_York"
        )
        for n in range(LIST_SIZE)
    ]
    store.add_prospects(people, datetime.now(UTC) - timedelta(days=1))
    store.close()


def dialer(url: str, rep: str, stop: threading.Event, times: Timings) -> None:
    """An outcome every 10 s (a random first wait spreads the reps out)."""
    clock, rules, rng = SystemClock(), Config().calling.rules(), random.Random(rep)
    store = PostgresStore.open(url, rep)
    try:
        wait = rng.uniform(0, OUTCOME_EVERY_S)
        while not stop.wait(wait):
            began = time.monotonic()
            t = time.perf_counter()
            pid = store.claim_next(iso(clock.now()), 10)
            times.claim.append((time.perf_counter() - t) * 1000)
            if pid is not None:
                store.set_on_call(pid)
                store.set_on_call(None)
                prospect = store.prospect(pid)
                assert prospect is not None
                name, reason = pick_outcome(rng)
                now = clock.now()
                state = next_state(prospect.state, outcome(name), now, rules)
                t = time.perf_counter()
                store.log_outcome(
                    prospect, outcome(name).name, now, today(clock), state, reason=reason
                )
                times.commit.append((time.perf_counter() - t) * 1000)
            wait = max(0.0, OUTCOME_EVERY_S - (time.monotonic() - began))
    except StoreError as exc:
        print(f"{rep}: {exc}")
    finally:
        store.close()


def watch(url: str, rep: str, stop: threading.Event, times: Timings) -> None:
    """The queue's change counter every second; the queue read again when it moved."""
    clock = SystemClock()
    store = PostgresStore.open(url, rep)
    seen = None
    try:
        while not stop.wait(WATCH_EVERY_S):
            stamp = store.queue_stamp()
            if stamp != seen:
                seen = stamp
                now = clock.now()
                t = time.perf_counter()
                store.queue_ids(now, now + timedelta(hours=12))
                times.queue.append((time.perf_counter() - t) * 1000)
    except StoreError as exc:
        print(f"{rep} watch: {exc}")
    finally:
        store.close()


def p(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def measure(
    cluster: Cluster, reps: int, seconds: float, watching: bool = True
) -> dict[str, object]:
    """`reps` reps working for `seconds` (without their queue watch unless `watching`): the
    server's CPU and the latencies."""
    stop = threading.Event()
    times = [Timings() for _ in range(reps)]
    threads = [
        threading.Thread(target=work, args=(cluster.url, f"rep{i}", stop, times[i]))
        for i in range(reps)
        for work in ((dialer, watch) if watching else (dialer,))
    ]
    for thread in threads:
        thread.start()
    time.sleep(2)  # every connection open before the count starts
    cpu, began = server_cpu_s(cluster), time.monotonic()
    time.sleep(seconds)
    cpu, wall = server_cpu_s(cluster) - cpu, time.monotonic() - began
    stop.set()
    for thread in threads:
        thread.join()
    claim = [x for t in times for x in t.claim]
    commit = [x for t in times for x in t.commit]
    queue = [x for t in times for x in t.queue]
    return {
        "reps": reps,
        "watch": watching,
        "seconds": round(wall, 1),
        "outcomes": len(commit),
        "server_cpu_cores": round(cpu / wall, 3),
        "server_cpu_ms_per_rep_s": round(cpu / wall / reps * 1000, 2),
        "claim_p99_ms": p(claim, 0.99),
        "commit_p50_ms": p(commit, 0.5),
        "commit_p99_ms": p(commit, 0.99),
        "queue_read_p50_ms": p(queue, 0.5),
        "queue_reads": len(queue),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", default="10,20,40", help="team sizes, comma-separated")
    parser.add_argument("--seconds", type=float, default=45.0, help="measured time per size")
    parser.add_argument(
        "--no-watch", action="store_true", help="outcomes only: what the queue watch costs"
    )
    args = parser.parse_args()
    cluster = start_cluster()
    try:
        prepare(cluster)
        for reps in (int(n) for n in args.reps.split(",")):
            report = measure(cluster, reps, args.seconds, not args.no_watch)
            print(json.dumps(report), flush=True)
    finally:
        cluster.stop()
        cluster.remove()


if __name__ == "__main__":
    main()

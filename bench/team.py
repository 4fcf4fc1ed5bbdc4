"""Team mode's figures (issue 11, item 8), on a throwaway PostgreSQL on loopback with a
5,000-prospect list, reps simulated as the app works:

    .venv/bin/python bench/team.py [--reps 20] [--seconds 30] [--pace 2] [--capacity]

Each simulated rep has the app's two connections: its watch reads the queue's change counter
every second and the queue when it moved; its cursor takes the head of the queue as last read
with a claim (refused: the next one), claims it again half a second later as the dial does,
talks, and logs an outcome, one cycle every `--pace` seconds on average (jittered). The reps run
as threads in worker processes, `--per-process` each, all started together.

- `team_claim_p99_ms`: each claim statement (granted or refused), from the call to its answer.
- `team_outcome_commit_p99_ms`: `log_outcome`, from the call to its durable commit.

Prints one JSON object. Without PostgreSQL or psycopg both figures are null and `team.reason`
says why. `--capacity` raises the rep count at one outcome per 10 s each until a bar is missed
(each step on a fresh list). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # pg_cluster, team_load

from figures import TEAM_BARS as BARS  # noqa: E402
from figures import summary  # noqa: E402

REPS = 20
SECONDS = 30.0
PACE_S = 2.0
"""The figures' load: each rep logs an outcome every 2 s (a rep on the phone logs one every
minute or two: this is 20 reps at many times their busiest)."""
CAPACITY_PACE_S = 10.0
"""Issue 11: how many reps one server carries at one outcome per 10 s each."""
CAPACITY_STEPS = (20, 50, 100, 200, 400)
"""The rep counts tried; every step is run (the trend is the finding on a shared machine),
unless a rep fails or the server's CPU is spent."""
PER_PROCESS = 5
REST_S = 0.5
"""From the claim as the cursor rests to the claim the dial makes."""
POLL_S = 1.0
RETRY_S = 0.3
"""After every try was refused, the next look (the app's next tick of the resting cursor)."""
MAX_CONNECTIONS = 2 * max(CAPACITY_STEPS) + 20
WORKER = "--worker"
FLOOR = "--floor"
FLOOR_EVERY_S = 0.1


def log(message: str) -> None:
    print(f"[team bench] {message}", file=sys.stderr, flush=True)


def unavailable() -> str | None:
    """Why the team figures can't be measured here; None when they can."""
    from pg_cluster import bin_dir

    if bin_dir() is None:
        return "PostgreSQL is not installed (initdb not found)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'nextcall[team]')"
    return None


# -- one worker process: a few reps, one thread each -------------------------------------------


def rep_loop(rep: Any, until: float, pace: float, rng: random.Random) -> None:
    """One rep as the app works (see the module's docstring), until `until` (monotonic)."""
    now = time.monotonic()
    next_poll, next_step, step = now + rng.uniform(0, POLL_S), now + rng.uniform(0, pace), 0
    taken: int | None = None
    while (now := time.monotonic()) < until:
        wake = min(next_poll, next_step)
        if wake > now:
            time.sleep(wake - now)
            continue
        if next_poll <= now:
            rep.watch_tick()
            next_poll += POLL_S
            continue
        if step == 0:  # the cursor rests on the head of the queue: claim it
            taken = rep.take()
            step, next_step = (1, now + REST_S) if taken is not None else (0, now + RETRY_S)
        elif step == 1:  # the dial claims it again, then the call
            assert taken is not None
            rep.claim_to_dial(taken)
            step, next_step = 2, now + rng.uniform(0.5, 1.5) * (pace - REST_S) / 2
        else:  # the outcome, then a pause before the next
            assert taken is not None
            rep.dial(taken)
            step, next_step = 0, now + rng.uniform(0.5, 1.5) * (pace - REST_S) / 2


def worker(url: str, names: list[str], seconds: float, pace: float) -> None:
    """Open the reps' connections, say `ready`, wait for `go` on stdin, run; print samples."""
    from team_load import Rep

    reps = [Rep(name, url) for name in names]
    for rep in reps:
        rep.open(watched=True)
    print("ready", flush=True)
    sys.stdin.readline()
    until = time.monotonic() + seconds
    errors: list[str] = []

    def run(rep: Any, seed: int) -> None:
        try:
            rep_loop(rep, until, pace, random.Random(seed))
        except Exception as exc:  # counted and shown: the figures are then not trusted
            errors.append(f"{rep.name}: {exc}")

    threads = [threading.Thread(target=run, args=(r, i)) for i, r in enumerate(reps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for rep in reps:
        rep.close()
    print(
        json.dumps(
            {
                "claim_ms": [round(v, 3) for r in reps for v in r.claim_ms],
                "commit_ms": [round(v, 3) for r in reps for v in r.commit_ms],
                "outcomes": sum(len(r.dialed) for r in reps),
                "errors": errors,
            }
        ),
        flush=True,
    )


def floor_worker(url: str, seconds: float) -> None:
    """The floors, in the same run as the reps: every FLOOR_EVERY_S, one bare durable commit
    (one row into a table of its own) and one bare round trip (`SELECT 1`), on a connection of
    their own, timed as the reps' statements are; prints the samples."""
    import psycopg

    conn = psycopg.connect(url, autocommit=True)
    conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (id BIGSERIAL PRIMARY KEY, at TEXT)")
    print("ready", flush=True)
    sys.stdin.readline()
    commit_ms, trip_ms = [], []
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        began = time.perf_counter()
        conn.execute("INSERT INTO bench_floor (at) VALUES ('x')", prepare=True)
        commit_ms.append(round((time.perf_counter() - began) * 1000, 3))
        began = time.perf_counter()
        conn.execute("SELECT 1", prepare=True).fetchone()
        trip_ms.append(round((time.perf_counter() - began) * 1000, 3))
        time.sleep(FLOOR_EVERY_S)
    conn.close()
    print(json.dumps({"commit_ms": commit_ms, "trip_ms": trip_ms}), flush=True)


# -- the parent: a cluster, a list, the workers ------------------------------------------------


@contextmanager
def cluster() -> Iterator[Any]:
    """A throwaway server with nextcall's schema, room for every rep's two connections."""
    import psycopg

    from nextcall.store.postgres.connection import connect, migrate
    from pg_cluster import start_cluster

    server = start_cluster()
    try:
        with psycopg.connect(server.admin_url, autocommit=True) as admin:
            admin.execute(f"ALTER SYSTEM SET max_connections = {MAX_CONNECTIONS}")
        server.stop()
        server.start()
        conn = connect(server.url, "setup")
        migrate(conn)
        conn.close()
        yield server
    finally:
        server.stop("immediate")
        server.remove()


def fresh_list(server: Any) -> None:
    """Empty the team's tables and put a new 5,000-prospect list in."""
    import psycopg

    from team_fixtures import TABLES
    from team_load import seed

    with psycopg.connect(server.admin_url, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")
    seed(server.url)


def server_cpu_s(server: Any) -> float:
    """CPU seconds the server's processes have used, the exited backends' included."""
    pid = int((server.folder / "data" / "postmaster.pid").read_text().split()[0])
    ticks = os.sysconf("SC_CLK_TCK")

    def stat(p: int) -> list[str]:
        return Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()

    own = stat(pid)
    total = sum(int(v) for v in own[11:15])  # utime stime cutime cstime
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        with suppress(FileNotFoundError):  # exited meanwhile: in cutime next time
            total += sum(int(v) for v in stat(int(child))[11:13])
    return total / ticks


def load(server: Any, reps: int, seconds: float, pace: float, per_process: int) -> dict[str, Any]:
    """Run `reps` simulated reps for `seconds`; their latencies and the server's CPU."""
    names = [f"rep{i:03d}" for i in range(reps)]
    groups = [names[i : i + per_process] for i in range(0, reps, per_process)]
    me = str(Path(__file__).resolve())
    commands = [[FLOOR, server.url, str(seconds)]] + [
        [WORKER, server.url, str(seconds), str(pace), *group] for group in groups
    ]
    procs = [
        subprocess.Popen(
            [sys.executable, me, *command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    for proc in procs:
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError("a worker did not start")
    cpu_before, began = server_cpu_s(server), time.monotonic()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    floor, *parts = [json.loads(proc.communicate(timeout=seconds + 120)[0]) for proc in procs]
    wall = time.monotonic() - began
    cpu = server_cpu_s(server) - cpu_before
    claims = [v for p in parts for v in p["claim_ms"]]
    commits = [v for p in parts for v in p["commit_ms"]]
    errors = [e for p in parts for e in p["errors"]]
    return {
        "reps": reps,
        "pace_s": pace,
        "seconds": seconds,
        "outcomes": sum(p["outcomes"] for p in parts),
        "claims": len(claims),
        "claim": summary(claims),
        "commit": summary(commits),
        "floor_commit": summary(floor["commit_ms"]),
        "floor_round_trip": summary(floor["trip_ms"]),
        "server_cpu_pct": round(100 * cpu / wall, 1),
        "errors": errors[:5],
        "error_count": len(errors),
    }


def figures_of(run: dict[str, Any]) -> dict[str, float | None]:
    """The two figures from a run; None when a rep failed or nothing was measured."""
    ok = not run["error_count"]
    claim, commit = run["claim"].get("p99_ms"), run["commit"].get("p99_ms")
    return {
        "team_claim_p99_ms": claim if ok else None,
        "team_outcome_commit_p99_ms": commit if ok else None,
    }


def meets(run: dict[str, Any]) -> bool:
    """Both figures within their bars."""
    return all(v is not None and v <= BARS[k] for k, v in figures_of(run).items())


def over_floor(run: dict[str, Any]) -> dict[str, float | None]:
    """Each figure less the same percentile of its floor in the same run (a bare round trip
    for a claim, a bare durable commit for an outcome): what the machine's own weather (a
    shared machine's scheduling, its disk's flushes) leaves to nextcall."""
    figures = figures_of(run)
    floors = {
        "team_claim_p99_ms": run["floor_round_trip"].get("p99_ms"),
        "team_outcome_commit_p99_ms": run["floor_commit"].get("p99_ms"),
    }
    return {
        k: None if v is None or floors[k] is None else round(v - floors[k], 3)
        for k, v in figures.items()
    }


def meets_over_floor(run: dict[str, Any]) -> bool:
    """Both figures within their bars once their floors are taken off."""
    return all(v is not None and v <= BARS[k] for k, v in over_floor(run).items())


def measure(
    reps: int = REPS,
    seconds: float = SECONDS,
    pace: float = PACE_S,
    per_process: int = PER_PROCESS,
    capacity: bool = False,
) -> dict[str, Any]:
    """The team figures (null, with the reason, where they can't be measured) and, with
    `capacity`, the largest rep count tried that met both bars at one outcome per 10 s."""
    reason = unavailable()
    if reason is not None:
        return {**dict.fromkeys(BARS), "team": {"reason": reason}}
    with cluster() as server:
        fresh_list(server)
        log(f"{reps} reps, one outcome every {pace:g} s each, for {seconds:g} s ...")
        run = load(server, reps, seconds, pace, per_process)
        report: dict[str, Any] = {**figures_of(run), "team": run}
        if capacity:
            report["capacity"] = carried(server, seconds, per_process)
    return report


def carried(server: Any, seconds: float, per_process: int) -> dict[str, Any]:
    """Raise the rep count at one outcome per 10 s each; `reps_carried`: the last count before
    a bar was first missed (None: missed from the first), `reps_carried_over_floor` the same
    once the floors are taken off."""
    steps = []
    for reps in CAPACITY_STEPS:
        fresh_list(server)
        log(f"capacity: {reps} reps, one outcome every {CAPACITY_PACE_S:g} s each ...")
        run = load(server, reps, seconds, CAPACITY_PACE_S, max(per_process, reps // 16))
        run["over_floor"] = over_floor(run)
        steps.append(run)
        log(
            f"  claim p99 {run['claim'].get('p99_ms')} ms, commit p99"
            f" {run['commit'].get('p99_ms')} ms (floors {run['floor_round_trip'].get('p99_ms')},"
            f" {run['floor_commit'].get('p99_ms')}), server CPU {run['server_cpu_pct']}%"
        )
        if run["error_count"] or run["server_cpu_pct"] >= 90 * (os.cpu_count() or 1):
            break
    return {
        "pace_s": CAPACITY_PACE_S,
        "reps_carried": last_before_miss(steps, meets),
        "reps_carried_over_floor": last_before_miss(steps, meets_over_floor),
        "steps": steps,
    }


def last_before_miss(steps: list[dict[str, Any]], met: Any) -> int | None:
    """The rep count of the last step before the first one `met` says missed."""
    carried = None
    for step in steps:
        if not met(step):
            break
        carried = step["reps"]
    return carried


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=REPS)
    parser.add_argument("--seconds", type=float, default=SECONDS, help="each run's length")
    parser.add_argument("--pace", type=float, default=PACE_S, help="seconds per outcome a rep")
    parser.add_argument("--per-process", type=int, default=PER_PROCESS, help="reps a worker")
    parser.add_argument("--capacity", action="store_true", help="also find the reps carried")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    if argv[:1] == [FLOOR]:
        floor_worker(argv[1], float(argv[2]))
        return 0
    if argv[:1] == [WORKER]:
        url, seconds, pace, *names = argv[1:]
        worker(url, names, float(seconds), float(pace))
        return 0
    args = parse(argv)
    report = measure(args.reps, args.seconds, args.pace, args.per_process, args.capacity)
    report["bars"] = BARS
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`make team-demo`: team mode in one command, on nothing of yours. A throwaway PostgreSQL
(tests/pg_cluster.py: a temporary folder, a free loopback port), `nextcall team init`, a team
list of fictional prospects, a morning's calls for a few simulated reps, those reps dialing in
the background (threads, each its own connection: claim the next prospect, a short call, an
outcome with a believable chance, release), and `nextcall floor` on top. Quitting the floor, or
ctrl-c, stops the reps and the server and removes its folder.

Run it as `make team-demo` (or `PYTHONPATH=tests python tools/team_demo.py`: the cluster code
is the tests' own)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import FrameType

from nextcall.__main__ import main
from nextcall.config import Config
from nextcall.domain.clock import SystemClock, today
from nextcall.domain.outcomes import REASONS, outcome
from nextcall.domain.prospects import ProspectState, next_state
from nextcall.io.phones import parse
from nextcall.services.demo import COMPANIES, FIRST, LAST, TITLES, WEIGHTS
from nextcall.store import HistoryCall, NewProspect, StoreError
from nextcall.store.codec import iso
from nextcall.store.postgres import PostgresStore
from pg_cluster import Cluster, start_cluster

REPS = ("ana", "ben", "chloe", "dev")
PROSPECTS = 600
MORNING = 160
"""Prospects the reps already worked today before the demo starts (their calls are history)."""
RUN_MINUTES = 30
"""The simulated reps stop dialing after this, whatever happens to the demo."""
CALL_SECONDS = (2.0, 7.0)
"""How long a simulated call lasts (a pause, on a call, before its outcome)."""
AREA_CODES = (
    "212", "312", "415", "303", "617", "206", "512", "305", "404", "602", "702", "919",
)  # fmt: skip
"""US areas across four time zones; each lends 555-0100..0199, the range kept for fiction."""
NEEDS = (
    "It needs PostgreSQL's server programs (Debian: apt-get install postgresql; macOS: brew"
    " install postgresql) and psycopg (make team-demo installs it)."
)
LEAD = "lead"
"""The rep name the demo's own commands use (the one watching the floor)."""


def team_list(count: int, seed: int = 11) -> list[NewProspect]:
    """`count` fictional prospects (at most 100 per area code), each with its own number."""
    rng = random.Random(seed)
    people = []
    for n in range(count):
        area, line = AREA_CODES[n // 100 % len(AREA_CODES)], n % 100
        number = parse(f"+1 {area} 555 01{line:02d}", "US")
        first, last = FIRST[n % len(FIRST)], LAST[(n * 7 + n // len(FIRST)) % len(LAST)]
        people.append(
            NewProspect(
                name=f"{first} {last}",
                phone=number.e164,
                phone_display=number.display,
                company=COMPANIES[(n * 5) % len(COMPANIES)],
                title=rng.choice(TITLES),
                email=f"{first.lower()}.{last.lower()}@example.com",
                timezone=number.timezone,
            )
        )
    return people


def pick_outcome(rng: random.Random) -> tuple[str, str | None]:
    """An outcome at a plausible rep's odds, and a reason for a rejection."""
    names, weights = zip(*WEIGHTS.items(), strict=True)
    name = rng.choices(names, weights)[0]
    return name, (rng.choice(REASONS) if name == "rejected" else None)


def seed_team(url: str, count: int = PROSPECTS, morning: int = MORNING) -> None:
    """The team list, and this morning's calls: the first `morning` prospects, each called
    once by one of the reps and left where that outcome puts them (a retry, a follow-up, a
    meeting booked, archived), as the floor's list progress then shows."""
    clock = SystemClock()
    now, day = clock.now(), today(clock)
    lead = PostgresStore.open(url, LEAD)
    try:
        lead.add_prospects(team_list(count), now - timedelta(days=1))
        worked = sorted(lead.queue_ids(now, now))[:morning]
        rng = random.Random(5)
        span = timedelta(hours=2.5)
        before = lead.prospects(worked)
        rules = Config().calling.rules()
        after: dict[int, ProspectState] = {}
        for i, rep in enumerate(REPS):
            mine = worked[i :: len(REPS)]
            stamps = sorted(now - span + rng.random() * span for _ in mine)
            calls = [
                HistoryCall(pid, at, day, *pick_outcome(rng))
                for pid, at in zip(mine, stamps, strict=True)
            ]
            for call in calls:
                was = before[call.prospect_id].state
                after[call.prospect_id] = next_state(was, outcome(call.outcome), call.at, rules)
            store = PostgresStore.open(url, rep)
            try:
                store.add_history(calls)
            finally:
                store.close()
        lead.set_states(after)
    finally:
        lead.close()


class SimulatedRep(threading.Thread):
    """One rep dialing the team list until `stop` is set or `until` (monotonic) passes: claim
    the next prospect nobody holds, be on the call a moment, log an outcome, release it."""

    def __init__(
        self,
        url: str,
        rep: str,
        stop: threading.Event,
        until: float,
        call_seconds: tuple[float, float] = CALL_SECONDS,
    ) -> None:
        super().__init__(name=f"rep {rep}", daemon=True)
        self.url, self.rep, self.stop, self.until = url, rep, stop, until
        self.call_seconds = call_seconds
        self.rng = random.Random(rep)
        self.calls = 0
        config = Config()
        self.rules, self.minutes = config.calling.rules(), config.team.claim_minutes
        self.clock = SystemClock()

    def run(self) -> None:
        try:
            store = PostgresStore.open(self.url, self.rep)
        except StoreError:
            return  # the server is gone already: the demo is ending
        try:
            while not self.stop.is_set() and time.monotonic() < self.until:
                self.one_call(store)
        except StoreError:
            pass  # the server stopped under the rep: the demo is ending
        finally:
            store.close()

    def one_call(self, store: PostgresStore) -> None:
        pid = store.claim_next(iso(self.clock.now()), self.minutes)
        if pid is None:  # everyone's list is worked: wait for retries to come back
            self.stop.wait(min(5.0, max(0.0, self.until - time.monotonic())))
            return
        store.set_on_call(pid)
        if self.stop.wait(self.rng.uniform(*self.call_seconds)):
            store.release(pid)
            return
        store.set_on_call(None)
        prospect = store.prospect(pid)
        if prospect is not None:
            name, reason = pick_outcome(self.rng)
            now = self.clock.now()
            state = next_state(prospect.state, outcome(name), now, self.rules)
            store.log_outcome(
                prospect, outcome(name).name, now, today(self.clock), state, reason=reason
            )
            self.calls += 1
        store.release(pid)


@contextmanager
def team_reps(
    url: str, minutes: float = RUN_MINUTES, call_seconds: tuple[float, float] = CALL_SECONDS
) -> Iterator[list[SimulatedRep]]:
    """The simulated reps dialing while the block runs; stopped and joined at its end."""
    stop = threading.Event()
    until = time.monotonic() + minutes * 60
    reps = [SimulatedRep(url, rep, stop, until, call_seconds) for rep in REPS]
    for rep in reps:
        rep.start()
    try:
        yield reps
    finally:
        stop.set()
        for rep in reps:
            rep.join(timeout=10)


def _stop_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def show_floor() -> int:
    """`nextcall floor` on the demo's team database."""
    return main(["floor"])


def run(show: Callable[[], int] = show_floor, minutes: float = RUN_MINUTES) -> int:
    """The whole demo; whatever happens, the reps stop and the server and folders go."""
    cluster: Cluster | None = None
    home = Path(tempfile.mkdtemp(prefix="nextcall-team-demo-"))
    try:
        print("starting a throwaway PostgreSQL...", file=sys.stderr)
        try:
            cluster = start_cluster()
        except (FileNotFoundError, ImportError) as exc:
            print(f"team-demo: {exc}. {NEEDS}", file=sys.stderr)
            return 2
        config = home / "config.toml"
        config.write_text(f'[team]\nrep = "{LEAD}"\n')
        os.environ.update(
            NEXTCALL_DATABASE_URL=cluster.url,
            NEXTCALL_CONFIG=str(config),
            NEXTCALL_DATA_DIR=str(home / "data"),
        )
        if main(["team", "init"]) != 0:
            return 1
        print(
            f"seeding {PROSPECTS} fictional prospects and the morning's calls...", file=sys.stderr
        )
        seed_team(cluster.url, PROSPECTS, MORNING)
        with team_reps(cluster.url, minutes):
            return show()
    except KeyboardInterrupt:
        return 130
    finally:
        if cluster is not None:
            _stop(cluster)
        shutil.rmtree(home, ignore_errors=True)


def _stop(cluster: Cluster) -> None:
    """Stop the server (it may be gone already) and remove its folder."""
    try:
        cluster.stop("fast")
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"team-demo: stopping the server: {exc}", file=sys.stderr)
    cluster.remove()


if __name__ == "__main__":
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop_on_signal)
    sys.exit(run())

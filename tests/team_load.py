"""Simulated reps on one team database, for the concurrency test and `bench/team.py`: each rep
has its own connection (`PostgresStore`), takes its next prospect the way the app does (the
queue as read, then a claim on its head, the next one tried while another rep holds it) or by
`claim_next`, and logs an outcome for it. Every claim and outcome is kept with its times, so a
test can check that no prospect was dialed by two reps within one lease and that every outcome
is stored once, and the bench can take the latencies."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from nextcall.domain.clock import day_bounds
from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.prospects import QueueRules, next_state
from nextcall.services.claims import CLAIM_TRIES
from nextcall.store import NewProspect
from nextcall.store.codec import iso
from nextcall.store.postgres import PostgresStore

LIST_SIZE = 5_000
MINUTES = 10
"""The claims' lease ([team] claim_minutes' default)."""
MIX: tuple[OutcomeName, ...] = (
    OutcomeName.NO_ANSWER,
    OutcomeName.NO_ANSWER,
    OutcomeName.VOICEMAIL,
    OutcomeName.GATEKEEPER,
    OutcomeName.REJECTED,
    OutcomeName.CONVERSATION,
    OutcomeName.NO_ANSWER,
    OutcomeName.MEETING,
)
"""The outcomes the reps log in turn (none that opens a prompt)."""
TRIES = CLAIM_TRIES
"""Prospects a rep tries in a row, at most, each time it takes its next (as the app does)."""
POLL_S = 1.0
"""The app's watch takes other reps' claims out of the queue within this (ui/team_watch)."""
REFRESH_S = 60.0
"""The app's minute refresh reads the whole queue again (ui/screens/dial.py)."""
RULES = QueueRules()
UTC_DAY_TZ = UTC


def team_list(count: int = LIST_SIZE) -> Iterator[NewProspect]:
    """`count` prospects with distinct US numbers (New York, Chicago, Los Angeles zones)."""
    areas = (
        ("212", "America/New_York"),
        ("312", "America/Chicago"),
        ("213", "America/Los_Angeles"),
    )
    for n in range(count):
        area, zone = areas[n % len(areas)]
        k = n // len(areas)
        exchange, line = 200 + k % 700, (k // 700) * 1000 + (k * 7) % 1000
        yield NewProspect(
            name=f"Prospect {n:05d}",
            phone=f"+1{area}{exchange}{line:04d}",
            phone_display=f"+1 {area}-{exchange}-{line:04d}",
            company=f"Company {n % 97:02d}",
            timezone=zone,
        )


def seed(url: str, count: int = LIST_SIZE) -> None:
    """Put the team's list in the database (added a day ago: every prospect is due)."""
    store = PostgresStore.open(url, "lead")
    try:
        store.add_prospects(team_list(count), datetime.now(UTC) - timedelta(days=1))
    finally:
        store.close()


@dataclass(frozen=True)
class Dialed:
    """One prospect a rep took and logged an outcome for."""

    rep: str
    prospect_id: int
    claimed_at: float
    """Wall-clock seconds when the claim was granted."""
    call_id: int
    called_at: datetime
    """The call's instant, as logged."""


@dataclass
class Rep:
    """One simulated rep on a connection of its own."""

    name: str
    url: str
    by_next: bool = False
    """Take prospects by `claim_next` (one statement) instead of the app's queue and claim."""
    claims: bool = True
    """False only to show the checks catch double dials: the head of the queue is dialed
    without a claim."""
    talk_s: float = 0.0
    """How long each call lasts, from the claim to the outcome being logged."""
    dialed: list[Dialed] = field(default_factory=list)
    claim_ms: list[float] = field(default_factory=list)
    """Each claim statement's latency (granted or refused)."""
    commit_ms: list[float] = field(default_factory=list)
    """Each `log_outcome` to its durable commit."""
    queue: list[int] = field(default_factory=list)
    read_at: float = 0.0
    """When the queue was last read (monotonic seconds)."""
    done: bool = False
    """Nobody was left in the queue at the last look."""
    claimed_at: float = 0.0
    """Wall-clock seconds when the last prospect taken was claimed."""
    store: PostgresStore | None = None
    watch: PostgresStore | None = None
    """The app's second connection, its watch's (`watch_tick`); None: the rep reads its
    queue again itself when it is a second old."""
    stamp: int | None = None

    def open(self, *, watched: bool = False) -> None:
        self.store = PostgresStore.open(self.url, self.name)
        if watched:
            self.watch = PostgresStore.open(self.url, self.name)

    def close(self) -> None:
        for store in (self.store, self.watch):
            if store is not None:
                store.close()

    def watch_tick(self) -> None:
        """The app's watch, every second: the queue's change counter and, when it moved, the
        other reps' claims, out of the queue (ui/team_watch.py); the whole queue read again
        every minute, as the app's minute refresh does."""
        assert self.watch is not None, "open(watched=True) first"
        if time.monotonic() - self.read_at >= REFRESH_S:
            self.queue = self.watch.queue_ids(*queue_bounds())
            self.read_at = time.monotonic()
        stamp = self.watch.queue_stamp()
        if stamp != self.stamp:
            claimed = self.watch.taken_by_others(MINUTES)
            self.queue = [pid for pid in self.queue if pid not in claimed]
            self.stamp = stamp

    @property
    def db(self) -> PostgresStore:
        assert self.store is not None, "open() first"
        return self.store

    def read_queue(self) -> None:
        """What the app's watch does when the queue's change counter moved."""
        self.queue = self.db.queue_ids(*queue_bounds())
        self.read_at = time.monotonic()

    def take(self) -> int | None:
        """The rep's next prospect, claimed; None when none was this time (all the reps
        look at the same head of the queue: another may have been quicker each time).
        `done` says when nobody is left at all."""
        if self.by_next:
            pid = self._timed_claim(None)
            self.done = pid is None and not self.db.queue_ids(*queue_bounds())
            return pid
        stale = self.watch is None and time.monotonic() - self.read_at >= POLL_S
        if not self.queue or stale:
            self.read_queue()  # as the app's watch does when the queue changed
            self.done = not self.queue
        for attempt in range(min(TRIES, len(self.queue))):
            if not self.queue:
                break
            pid = self.queue.pop(0)
            if not self.claims:
                self.claimed_at = time.time()
                return pid
            if self._timed_claim(pid) is not None:
                return pid
            if attempt == 0:  # as the app does: out with everything others took meanwhile
                taken = self.db.taken_by_others(MINUTES)
                self.queue = [p for p in self.queue if p not in taken]
        return None

    def claim_to_dial(self, prospect_id: int) -> bool:
        """The app's claim right before the dial (a renewal of the rep's own claim)."""
        return self._timed_claim(prospect_id) is not None

    def _timed_claim(self, prospect_id: int | None) -> int | None:
        began = time.perf_counter()
        if prospect_id is None:
            taken = self.db.claim_next(iso(datetime.now(UTC)), MINUTES)
        else:
            taken = prospect_id if self.db.claim(prospect_id, MINUTES) else None
        self.claim_ms.append((time.perf_counter() - began) * 1000)
        if taken is not None:
            self.claimed_at = time.time()
        return taken

    def dial(self, prospect_id: int) -> Dialed:
        """Talk for `talk_s`, then log the next outcome of the mix for the prospect `take`
        gave."""
        time.sleep(self.talk_s)
        prospect = self.db.prospect(prospect_id)
        assert prospect is not None
        outcome = BY_NAME[MIX[len(self.dialed) % len(MIX)]]
        now = datetime.now(UTC)
        state = next_state(prospect.state, outcome, now, RULES)
        began = time.perf_counter()
        call = self.db.log_outcome(prospect, outcome.name, now, local_day(now), state)
        self.commit_ms.append((time.perf_counter() - began) * 1000)
        done = Dialed(self.name, prospect_id, self.claimed_at, call.id, now)
        self.dialed.append(done)
        return done


def queue_bounds() -> tuple[datetime, datetime]:
    """`queue_ids`' arguments now: the instant, and the end of the (UTC) day."""
    now = datetime.now(UTC)
    return now, day_bounds(now.date(), UTC_DAY_TZ)[1]


def local_day(now: datetime) -> date:
    return now.astimezone(UTC_DAY_TZ).date()


def calls_by_prospect(url: str) -> dict[int, list[tuple[str, datetime, int]]]:
    """Every call stored: prospect id -> (rep, instant, call id), oldest first."""
    from nextcall.store.codec import from_iso

    store = PostgresStore.open(url, "auditor")
    try:
        rows = store.conn.execute("SELECT prospect_id, rep, at, id FROM calls ORDER BY at, id")
        out: dict[int, list[tuple[str, datetime, int]]] = {}
        for pid, rep, at, call_id in rows.fetchall():
            out.setdefault(int(pid), []).append((str(rep), from_iso(str(at)), int(call_id)))
        return out
    finally:
        store.close()


def double_dials(
    calls: dict[int, list[tuple[str, datetime, int]]], lease: timedelta
) -> list[tuple[int, str, str]]:
    """(prospect, rep, other rep) for each prospect two reps dialed within one lease."""
    found = []
    for pid, rows in calls.items():
        for (rep, at, _), (other, later, _) in zip(rows, rows[1:], strict=False):
            if rep != other and later - at < lease:
                found.append((pid, rep, other))
    return found

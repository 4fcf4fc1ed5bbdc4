"""Real-size benchmark data (SPEC 12): 50,000 prospects and 1,000,000 past calls over a year.

The base database is generated once into bench/.data/base/ through the Store's own bulk methods
(so schema, day_totals and wins stay exactly as the app writes them) and reused while its version
marker matches. Every benchmark run works on a fresh copy in bench/.data/work/, topped up with a
normal "today", so runs never change the base and never touch the user's real data.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import time as timer
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from nextcall.domain.clock import SystemClock, day_bounds, today
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.outcomes import REASONS
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospects import Lifecycle, ProspectState, Slot, follow_up_start
from nextcall.paths import DATABASE_NAME
from nextcall.services.demo import COMPANIES, FIRST, LAST, TITLES, WEIGHTS, with_rituals
from nextcall.store import HistoryCall, NewProspect, Store
from nextcall.store.sqlite import SQLiteStore

VERSION = 3
"""Bump when the generator changes: a base with another version is rebuilt."""
PROSPECTS = 50_000
CALLS = 1_000_000
HISTORY_DAYS = 365
WORKDAY = (time(9, 0), time(19, 0))
"""Local hours over which each past working day's calls are spread."""
CHUNK_DAYS = 10
"""Working days of history written per transaction."""
TODAY_RATE_PER_HOUR = 11
TODAY_SPAN = timedelta(hours=6)
FOLLOW_UP_SHARE, RETRY_SHARE = 0.01, 0.40
PLAN = DayPlan(MEETINGS, 3)
"""Every working day's plan (today's too, so no plan dialog opens during the measurements)."""
SEED = 12

DATA_DIR = Path(__file__).resolve().parent / ".data"
MARKER = "dataset.json"

# Area code -> IANA zone of a spread of US numbers (NANP: +1 NPA NXX XXXX).
AREAS: tuple[tuple[str, str], ...] = (
    ("212", "America/New_York"),
    ("646", "America/New_York"),
    ("617", "America/New_York"),
    ("305", "America/New_York"),
    ("404", "America/New_York"),
    ("215", "America/New_York"),
    ("312", "America/Chicago"),
    ("512", "America/Chicago"),
    ("214", "America/Chicago"),
    ("612", "America/Chicago"),
    ("303", "America/Denver"),
    ("801", "America/Denver"),
    ("602", "America/Phoenix"),
    ("415", "America/Los_Angeles"),
    ("206", "America/Los_Angeles"),
    ("213", "America/Los_Angeles"),
    ("702", "America/Los_Angeles"),
    ("503", "America/Los_Angeles"),
)
EXCHANGES = 700
"""Exchanges 200-899 per area code."""


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Dataset:
    """A ready database: its folder, and what the benchmark should expect in it."""

    folder: Path
    prospects: int
    calls: int

    @property
    def db(self) -> Path:
        return self.folder / DATABASE_NAME


# -- prospects -------------------------------------------------------------------------------


def phone(n: int) -> tuple[str, str, str]:
    """The n-th benchmark number as (E.164, display, zone); distinct for every n < 5.6M."""
    area, zone = AREAS[n % len(AREAS)]
    k = n // len(AREAS)
    exchange = 200 + k % EXCHANGES
    line = (k // EXCHANGES) * 1000 + (k * 7) % 1000
    return f"+1{area}{exchange}{line:04d}", f"+1 {area}-{exchange}-{line:04d}", zone


def prospect(rng: random.Random, n: int) -> NewProspect:
    e164, display, zone = phone(n)
    first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
    return NewProspect(
        name=f"{first} {last}",
        phone=e164,
        phone_display=display,
        company=COMPANIES[(n * 5) % len(COMPANIES)],
        title=rng.choice(TITLES),
        email=f"{first.lower()}.{last.lower()}{n}@example.com",
        notes="Prefers mornings." if n % 9 == 0 else "",
        timezone=zone,
    )


def queue_states(
    rng: random.Random, ids: list[int], now: datetime, day: date, tz: tzinfo
) -> dict[int, ProspectState]:
    """Every prospect stays queued: a few follow-ups due today, retries whose wait is over, the
    rest new (their default state)."""
    states: dict[int, ProspectState] = {}
    for pid in ids:
        draw = rng.random()
        if draw < FOLLOW_UP_SHARE:
            due = follow_up_start(day, tz)
            states[pid] = ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, due, rng.randint(1, 3))
        elif draw < FOLLOW_UP_SHARE + RETRY_SHARE:
            due = now - timedelta(minutes=rng.randint(5, 60 * 24 * 30))
            states[pid] = ProspectState(Lifecycle.ACTIVE, Slot.RETRY, due, rng.randint(1, 5))
    return states


# -- calls -----------------------------------------------------------------------------------


def working_days(last: date) -> list[date]:
    """Weekdays of the year up to and including `last`, oldest first."""
    days = (last - timedelta(days=back) for back in range(HISTORY_DAYS - 1, -1, -1))
    return [d for d in days if d.weekday() < 5]


def day_calls(
    rng: random.Random,
    day: date,
    start: datetime,
    end: datetime,
    count: int,
    prospects: int,
) -> list[HistoryCall]:
    """`count` calls spread over start..end, outcomes drawn from the demo's mix."""
    span = (end - start).total_seconds()
    offsets = sorted(rng.uniform(0, span) for _ in range(count))
    names, weights = zip(*WEIGHTS.items(), strict=True)
    outcomes = rng.choices(names, weights, k=count)
    reasons = REASONS[:6] + ("hung_up",)
    return [
        HistoryCall(
            rng.randint(1, prospects),
            start + timedelta(seconds=offset),
            day,
            outcome,
            rng.choice(reasons) if outcome == "rejected" else None,
        )
        for offset, outcome in zip(offsets, outcomes, strict=True)
    ]


def history(
    rng: random.Random, days: list[date], tz: tzinfo, total: int, prospects: int
) -> Iterator[list[HistoryCall]]:
    """Exactly `total` calls over `days`, yielded in chunks of CHUNK_DAYS days; rejections carry
    what the recovery ritual records (from their own random stream)."""
    rituals = random.Random(SEED + 1)
    for chunk in _history(rng, days, tz, total, prospects):
        yield with_rituals(rituals, chunk, days[-1])


def _history(
    rng: random.Random, days: list[date], tz: tzinfo, total: int, prospects: int
) -> Iterator[list[HistoryCall]]:
    per_day, extra = divmod(total, len(days))
    chunk: list[HistoryCall] = []
    for index, day in enumerate(days):
        start = datetime.combine(day, WORKDAY[0], tz)
        end = datetime.combine(day, WORKDAY[1], tz)
        count = per_day + (1 if index < extra else 0)
        chunk += day_calls(rng, day, start, end, count, prospects)
        if (index + 1) % CHUNK_DAYS == 0:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def today_calls(rng: random.Random, store: Store, clock: SystemClock) -> list[HistoryCall]:
    """A normal day so far: ~11 calls an hour over the last few hours of today."""
    day, now = today(clock), clock.now()
    start = max(day_bounds(day, clock.local_tz())[0], now - TODAY_SPAN)
    end = now - timedelta(minutes=1)
    if end <= start:
        return []
    count = int((end - start).total_seconds() / 3600 * TODAY_RATE_PER_HOUR)
    return day_calls(rng, day, start, end, count, store.count_prospects())


# -- building and reusing --------------------------------------------------------------------


def marker() -> dict[str, object]:
    return {"version": VERSION, "prospects": PROSPECTS, "calls": CALLS, "seed": SEED}


def build(folder: Path) -> None:
    """Generate the base database into `folder` (which must not exist yet)."""
    clock = SystemClock()
    rng = random.Random(SEED)
    tz, now, day = clock.local_tz(), clock.now(), today(clock)
    store = SQLiteStore.open(folder / DATABASE_NAME)
    try:
        added = store.add_prospects(
            (prospect(rng, n) for n in range(PROSPECTS)), now - timedelta(days=HISTORY_DAYS + 1)
        )
        assert added == PROSPECTS, f"only {added} of {PROSPECTS} prospects were added"
        days = working_days(day - timedelta(days=1))
        written = 0
        for chunk in history(rng, days, tz, CALLS, PROSPECTS):
            store.add_history(chunk)
            written += len(chunk)
            log(f"history: {written:,} of {CALLS:,} calls")
        ids = list(range(1, PROSPECTS + 1))
        store.set_states(queue_states(rng, ids, now, day, tz))
        for worked in days:
            store.set_day_plan(worked, PLAN, datetime.combine(worked, WORKDAY[0], tz))
    finally:
        store.close()
    (folder / MARKER).write_text(json.dumps(marker()))


def base() -> tuple[Dataset, float | None]:
    """The base dataset, generated when missing or made by another generator version; and the
    seconds generating took (None when it was reused)."""
    folder = DATA_DIR / "base"
    marker_file = folder / MARKER
    if marker_file.exists() and json.loads(marker_file.read_text()) == marker():
        return Dataset(folder, PROSPECTS, CALLS), None
    log(f"generating real-size data into {folder} (once) ...")
    started = timer.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    building = DATA_DIR / "base.building"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True, mode=0o700)
    build(building)
    building.rename(folder)
    took = timer.perf_counter() - started
    log(f"generated in {took:.1f} s")
    return Dataset(folder, PROSPECTS, CALLS), took


def working_copy(source: Dataset) -> Dataset:
    """A fresh copy of `source` in bench/.data/work/ with today's calls so far added."""
    folder = DATA_DIR / "work"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    for suffix in ("", "-wal"):  # a cleanly closed base has no -wal; copy one if it does
        if Path(f"{source.db}{suffix}").exists():
            shutil.copyfile(f"{source.db}{suffix}", folder / f"{DATABASE_NAME}{suffix}")
    store = SQLiteStore.open(folder / DATABASE_NAME, create=False)
    try:
        clock = SystemClock()
        calls = today_calls(random.Random(SEED), store, clock)
        store.add_history(with_rituals(random.Random(SEED + 1), calls, today(clock)))
        store.set_day_plan(today(clock), PLAN, clock.now())  # the day's plan is set already
    finally:
        store.close()
    log(f"working copy in {folder} with {len(calls)} calls so far today")
    return Dataset(folder, source.prospects, source.calls + len(calls))


if __name__ == "__main__":
    print(base()[0].folder)

"""The demo database: 40 fictional prospects and two weeks of a plausible rep's history."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from nextcall.domain.clock import Clock, today
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.outcomes import REASONS
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospects import Lifecycle, ProspectState, Slot, follow_up_start
from nextcall.io.phones import parse
from nextcall.store import HistoryCall, NewProspect, Store
from nextcall.store.sqlite import open_store

FIRST = [
    "Ada",
    "Bram",
    "Cleo",
    "Dario",
    "Elif",
    "Farah",
    "Gus",
    "Hana",
    "Ivo",
    "Jun",
    "Kemal",
    "Lena",
    "Milo",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Uma",
    "Viktor",
    "Wren",
    "Xavi",
    "Yara",
    "Zane",
    "Amos",
    "Bea",
    "Cyrus",
    "Dina",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Rossi",
    "Novak",
    "Castillo",
    "Brennan",
    "Haddad",
    "Kowalski",
    "Ferreira",
    "Nakamura",
    "Olsen",
    "Petrov",
    "Quint",
    "Ramos",
    "Sato",
    "Ueda",
    "Varga",
    "Whitlock",
    "Yilmaz",
    "Zhou",
    "Abara",
    "Berg",
]
COMPANIES = [
    "Northwind Freight",
    "Bluefin Analytics",
    "Cedar & Pine Dental",
    "Halcyon Robotics",
    "Juniper Payroll",
    "Kestrel Logistics",
    "Lumen Solar Co",
    "Marigold Foods",
    "Nimbus Clinics",
    "Orchard Legal",
    "Pioneer Fleet",
    "Quarry Labs",
    "Redwood Insurance",
    "Saltmarsh Brewing",
    "Tidewater Marine",
    "Umber Studios",
    "Vantage HVAC",
    "Willow Care Homes",
]
TITLES = (
    "Head of Operations",
    "VP Sales",
    "Office Manager",
    "Founder",
    "IT Director",
    "Procurement Lead",
    "COO",
    "Finance Manager",
    "Practice Owner",
    "Fleet Manager",
)
# Area codes across US time zones, plus the UK's range reserved for drama (fictional numbers).
AREAS = (
    "+1 212 555 01{:02d}",
    "+1 312 555 01{:02d}",
    "+1 415 555 01{:02d}",
    "+1 303 555 01{:02d}",
    "+1 617 555 01{:02d}",
    "+1 206 555 01{:02d}",
    "+1 512 555 01{:02d}",
    "+44 20 7946 0{:03d}",
)
NOTES = (
    "Asked for a call after the quarter closes.",
    "Uses a competitor; contract ends in spring.",
    "Prefers mornings.",
    "Met at the trade show.",
    "",
    "",
    "",
)
ACTIVE = 40
PAST = 260
RECENT_DAYS = 14
"""Days of history drawn from the main random stream (the screens' snapshots depend on them)."""
HISTORY_DAYS = 56
"""Eight weeks, so the review's week-by-week trends have something to show."""

# A plausible rep: ~30% connect, ~40% of connects talk, about one meeting per 20 dials.
WEIGHTS = {
    "no_answer": 44,
    "voicemail": 19,
    "bad_number": 3,
    "gatekeeper": 9,
    "rejected": 13,
    "conversation": 6,
    "later": 2,
    "meeting": 4,
}


def _people(rng: random.Random, count: int, offset: int) -> list[NewProspect]:
    people = []
    for i in range(count):
        n = offset + i
        number = parse(AREAS[n % len(AREAS)].format(n % 100), "US")
        first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
        people.append(
            NewProspect(
                name=f"{first} {last}",
                phone=number.e164,
                phone_display=number.display,
                company=COMPANIES[(n * 5) % len(COMPANIES)],
                title=rng.choice(TITLES),
                email=f"{first.lower()}@example.com",
                notes=rng.choice(NOTES),
                timezone=number.timezone,
            )
        )
    return people


def _day_calls(
    rng: random.Random, day: date, clock: Clock, start: datetime, end: datetime, pool: list[int]
) -> list[HistoryCall]:
    span = (end - start).total_seconds()
    count = max(0, int(span / 3600 * rng.uniform(9, 13)))
    stamps = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
    names, weights = zip(*WEIGHTS.items(), strict=True)
    calls = []
    for at in stamps:
        outcome = rng.choices(names, weights)[0]
        reason = rng.choice(REASONS[:6] + ("hung_up",)) if outcome == "rejected" else None
        calls.append(HistoryCall(rng.choice(pool), at, day, outcome, reason))
    return calls


def with_rituals(rng: random.Random, calls: list[HistoryCall], day: date) -> list[HistoryCall]:
    """Give past rejections what the recovery ritual records: the ritual's fate and the time to
    the next dial, which shrinks over the weeks (the callus growing) while skips grow rarer."""
    result = []
    for call in calls:
        if call.outcome != "rejected":
            result.append(call)
            continue
        weeks_ago = (day - call.day).days / 7
        ritual = rng.choices(("done", "skipped", "feel_it"), (80, 8 + 2 * weeks_ago, 6))[0]
        median = 55 + 12 * weeks_ago + (240 if ritual == "feel_it" else 0)
        seconds = round(median * rng.lognormvariate(0, 0.35), 1)
        result.append(replace(call, ritual=ritual, recovery_s=seconds))
    return result


def seed(store: Store, clock: Clock, rng_seed: int = 7) -> None:
    """Fill an empty store with the demo's prospects and history, ending a little before now."""
    rng = random.Random(rng_seed)
    tz, now, day = clock.local_tz(), clock.now(), today(clock)
    older = random.Random(rng_seed + 1)  # the weeks before RECENT_DAYS, and the rituals
    start = now - timedelta(days=HISTORY_DAYS + 1)
    store.add_prospects(_people(rng, ACTIVE + PAST, 0), start)
    ids = sorted(store.queue_ids(now, now))
    active, past = ids[:ACTIVE], ids[ACTIVE:]
    calls: list[HistoryCall] = []
    for back in range(HISTORY_DAYS, 0, -1):
        d = day - timedelta(days=back)
        if d.weekday() < 5:
            begin = datetime.combine(d, time(9, 0), tz)
            source = rng if back <= RECENT_DAYS else older
            calls += _day_calls(source, d, clock, begin, begin + timedelta(hours=6.5), past)
            store.set_day_plan(d, DayPlan(MEETINGS, 3), begin)
    calls += _day_calls(
        rng, day, clock, now - timedelta(hours=2.5), now - timedelta(minutes=10), past
    )
    states = {}
    for k, pid in enumerate(active[:8]):
        before = day - timedelta(days=1 + k % 3)
        at = datetime.combine(before, time(10 + k, 15), tz)
        if k < 3:  # follow-ups agreed earlier, due today
            calls.append(HistoryCall(pid, at, before, "later"))
            states[pid] = ProspectState(
                Lifecycle.ACTIVE, Slot.FOLLOW_UP, follow_up_start(day, tz), 1
            )
        else:  # dialed before; their wait is over
            calls.append(HistoryCall(pid, at, before, rng.choice(("no_answer", "voicemail"))))
            states[pid] = ProspectState(Lifecycle.ACTIVE, Slot.RETRY, now - timedelta(hours=k), 1)
    calls = with_rituals(older, calls, day)
    store.add_history(sorted(calls, key=lambda c: c.at))
    archived = ProspectState(Lifecycle.ARCHIVED, Slot.NEW, start, 1)
    store.set_states({pid: archived for pid in past})
    store.set_states(states)
    store.set_meta("demo_day", day.isoformat())


def open_demo(path: Path, clock: Clock, reseed: bool = True) -> Store:
    """The demo store at `path`, made afresh when missing or seeded on an earlier day (unless
    `reseed` is False: then an existing demo is used as it is)."""
    if path.exists():
        store = open_store(path)
        if not reseed or store.get_meta("demo_day") == today(clock).isoformat():
            return store
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path)
    seed(store, clock)
    return store

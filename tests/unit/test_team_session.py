"""A rep's two days through the working session (SPEC 4-9), the same walk on one rep's SQLite file
and on the team database as "ana": the queue's order (follow-ups, new, retries), outcomes, calling
hours holding prospects back, retries coming back after their wait, do-not-call, a timed
follow-up and its reminder, undo, a call block, the ritual's reason tags and recovery times, the
review's figures and `nextcall stats --json`. Each run checks what a rep would see by hand, then
walks a fresh SQLite file the same way and compares every figure, field by field."""

from __future__ import annotations

import io
import json
from argparse import Namespace
from contextlib import redirect_stdout
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from clocks import FakeClock
from factories import known
from nextcall.cli import stats
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.outlook import ComingBack
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospects import Lifecycle, ProspectState, QueueRules, Slot, follow_up_start
from nextcall.domain.ritual import RitualEnd
from nextcall.io.phones import parse
from nextcall.services.coming_back import coming_back
from nextcall.services.reminders import Reminders
from nextcall.services.review_data import Review, load_review
from nextcall.services.ritual_log import Recovery
from nextcall.services.session import Panel, Session
from nextcall.store import HistoryCall, NewProspect, Store
from nextcall.store.sqlite import SQLiteStore
from team_cli_fixtures import Run

NY = ZoneInfo("America/New_York")
RULES = QueueRules()
MON, TUE, WED = date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18)

ROSTER = (
    ("Ada Okafor", "Northwind", "212 555 0101"),
    ("Bram Lindqvist", "Bluefin", "212 555 0102"),
    ("Cleo Moreau", "Cedar", "212 555 0103"),
    ("Dev Patel", "Dune", "212 555 0104"),
    ("Eli Novak", "Elm", "212 555 0105"),
    ("Fay Kahale", "Fern", "808 555 0106"),  # Honolulu: 08:00 there is 13:00 in New York
    ("Gus Ward", "Gale", "212 555 0107"),  # on the do-not-call list before the first day
    ("Hana Ito", "Harbor", "312 555 0108"),  # called on Monday, archived since
    ("Ivo Berg", "Iris", "312 555 0109"),
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in New York, where the rep works."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=NY)


@dataclass
class Walked:
    """What the rep saw on the way and what the store holds at the end (no call ids: one rep's
    file gives an undone call's id to the next call, the team database never does)."""

    seen: list[tuple[str, Any]]
    states: dict[str, ProspectState]
    histories: dict[str, list[tuple[str, str | None, str | None]]]
    story: list[tuple[str, str | None, str | None, float | None, float | None, bool]]
    """Dev's calls in the prospect view: outcome, reason, ritual, recovery, length, and whether
    it is the rep's own (a team's view names the rep; one rep's file names no one)."""
    panel: Panel
    """The dial screen's ratio panel at the end of Wednesday."""
    review_day: Review
    review_week: Review
    stats_day: dict[str, Any]
    stats_week: dict[str, Any]
    coming: ComingBack
    ended: datetime
    """When the walk ended (the rep's clock)."""


class Walk:
    """The rep, their clock and their store; `seen` keeps what each step showed them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.clock = FakeClock(at(MON, 8), NY)
        self.seen: list[tuple[str, Any]] = []
        self.ids: dict[str, int] = {}

    def name(self, pid: int | None) -> str:
        return next(n for n, i in self.ids.items() if i == pid)

    def queue(self, session: Session) -> list[str]:
        return [self.name(pid) for pid in session.ids]

    def see(self, step: str, what: Any) -> Any:
        self.seen.append((step, what))
        return what

    def to(self, when: datetime) -> None:
        self.clock.advance((when - self.clock.now()).total_seconds())


def roster() -> list[NewProspect]:
    rows = []
    for name, company, phone in ROSTER:
        number = parse(phone, "US")
        rows.append(
            NewProspect(
                name, number.e164, number.display, company=company, timezone=number.timezone
            )
        )
    return rows


def monday(w: Walk) -> None:
    """The list imported, a do-not-call list, and Monday's calls written as past activity."""
    counts = w.store.import_prospects(roster(), w.clock.now() - timedelta(days=1))
    assert counts.imported == len(ROSTER)
    w.ids = {p.name: known(w.store.prospect_by_phone(p.phone)).id for p in roster()}
    gus = known(w.store.prospect(w.ids["Gus Ward"])).phone
    assert w.store.import_dnc([gus], w.clock.now(), "dnc.csv").prospects == 1
    hana, ivo = w.ids["Hana Ito"], w.ids["Ivo Berg"]
    w.store.add_history(
        [
            HistoryCall(hana, at(MON, 9, 10), MON, "no_answer"),
            HistoryCall(ivo, at(MON, 9, 20), MON, "rejected", "value", "done", 40.0),
            HistoryCall(hana, at(MON, 9, 30), MON, "conversation"),
            HistoryCall(ivo, at(MON, 9, 40), MON, "meeting"),
        ]
    )
    gone = ProspectState(Lifecycle.ARCHIVED, Slot.RETRY, at(MON, 10), 2)
    w.store.set_states({hana: gone, ivo: gone})


def tuesday(w: Walk) -> None:
    """A short morning: a follow-up agreed for Wednesday, no answer, a meeting."""
    w.to(at(TUE, 10))
    s = Session(w.store, w.clock, RULES, 2)
    queue = ["Ada Okafor", "Bram Lindqvist", "Cleo Moreau", "Dev Patel", "Eli Novak", "Fay Kahale"]
    assert w.see("tuesday's queue", w.queue(s)) == queue
    assert s.needs_plan() and s.suggested_plan() == DayPlan(MEETINGS, 2)
    s.log(OutcomeName.LATER, follow_up=follow_up_start(WED, NY))
    w.clock.advance(300)
    s.log(OutcomeName.NO_ANSWER)
    w.clock.advance(300)
    w.see("tuesday's meeting", s.log(OutcomeName.MEETING).prospect.name)
    assert w.see("tuesday's counts", s.counts.dials) == 3
    assert w.queue(s) == ["Dev Patel", "Eli Novak", "Fay Kahale"]


def early(w: Walk) -> tuple[Session, Recovery]:
    """Wednesday 07:45: everybody is held back by calling hours until 08:00 in New York."""
    w.to(at(WED, 7, 45))
    s = Session(w.store, w.clock, RULES, 2)
    order = ["Ada Okafor", "Dev Patel", "Eli Novak", "Fay Kahale", "Bram Lindqvist"]
    assert w.see("wednesday's queue", w.queue(s)) == order  # follow-up, new, retry
    assert s.averages.days == 2 and s.plan == DayPlan(MEETINGS, 2)
    s.set_plan(DayPlan(MEETINGS, 3))
    s.skip_held()
    held = known(w.see("held back", s.held))
    assert (held.count, held.first_opens_at, held.complete) == (5, at(WED, 8), True)
    w.to(at(WED, 8, 5))
    s.refresh_queue()
    assert s.held is None and w.name(s.current_id) == "Ada Okafor"
    return s, Recovery(s)


def block(w: Walk, s: Session, ritual: Recovery) -> None:
    """A call block: a timed follow-up, two no's through the ritual, an undo."""
    s.start_block(60)
    ada = s.log(OutcomeName.LATER, at(WED, 15), note="send pricing", timed=True).prospect.id
    s.refresh_queue()  # the minute's refresh: back on top, the cursor passing over it
    assert w.queue(s)[0] == "Ada Okafor" and w.name(s.current_id) == "Dev Patel"
    assert s.waiting(known(w.store.prospect(ada)))
    w.clock.advance(240)
    dev = s.log(OutcomeName.REJECTED)
    ritual.logged(dev)
    ritual.tag(dev.call.id, "budget")
    ritual.end(dev.call.id, RitualEnd.DONE)
    ritual.touchpoint(dev.prospect.id, date(2026, 12, 2), "after their budget round")
    w.clock.advance(25)
    assert w.see("dev's recovery", ritual.dialed()) == 25.0
    w.clock.advance(180)
    eli = s.log(OutcomeName.REJECTED, duration_s=42.0)
    ritual.logged(eli)
    ritual.tag(eli.call.id, "timing")
    ritual.end(eli.call.id, RitualEnd.SKIPPED)
    assert ritual.do_not_call(eli.prospect) and not ritual.do_not_call(eli.prospect)
    w.clock.advance(7)
    assert w.see("eli's recovery", ritual.dialed()) == 7.0
    assert w.name(s.current_id) == "Bram Lindqvist"  # Fay is held until 13:00
    w.clock.advance(120)
    s.log(OutcomeName.VOICEMAIL)
    undone = known(s.undo())
    assert (w.see("undone", undone.outcome), w.name(s.current_id)) == (
        "voicemail",
        "Bram Lindqvist",
    )
    assert known(w.store.prospect(w.ids["Bram Lindqvist"])).state.attempts == 1
    s.log(OutcomeName.GATEKEEPER, duration_s=95.5)
    s.add_note("prefers email", w.ids["Bram Lindqvist"])
    s.add_win("got the direct line")
    w.clock.advance(60)
    summary = known(s.end_block())
    w.see("block", (summary.counts.dials, summary.counts.rejections))
    assert summary.counts.dials == 4 and summary.counts.rejections == 2


def afternoon(w: Walk, s: Session) -> None:
    """Bram's retry comes back after four hours, Fay's hours open, Ada's reminder."""
    back = known(w.see("coming back", coming_back(w.store, w.clock)).next_retry_at)
    w.to(back - timedelta(seconds=1))
    s.refresh_queue()
    assert "Bram Lindqvist" not in w.queue(s)
    w.to(back)
    s.refresh_queue()
    assert w.see("bram back", w.queue(s)) == ["Ada Okafor", "Fay Kahale", "Bram Lindqvist"]
    w.to(at(WED, 13, 5))
    s.move_to(0)
    s.skip_held()
    assert w.name(s.current_id) == "Fay Kahale"
    s.log(OutcomeName.MEETING, duration_s=300.0)
    w.to(at(WED, 14, 50))
    reminders = Reminders(w.store, w.clock, RULES.remind)
    (due,) = w.see("reminder", [(w.name(f.prospect.id), f.note) for f in reminders.due()])
    assert due == ("Ada Okafor", "send pricing") and reminders.due() == []
    s.bring_forward(w.ids["Ada Okafor"], now_up=True)
    w.to(at(WED, 15))
    s.log(OutcomeName.CONVERSATION, duration_s=180.0)
    assert w.name(s.current_id) == "Bram Lindqvist"
    s.log(OutcomeName.NO_ANSWER)
    assert w.see("the end", s.ids) == [] and s.counts.dials == 7


def run_stats(store: Store, clock: FakeClock, week: bool) -> dict[str, Any]:
    """`nextcall stats --json [--week]`'s object for this store."""
    out = io.StringIO()
    with redirect_stdout(out):
        assert stats.run(Namespace(day=None, week=week, json=True), store, clock) == 0
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def walk(store: Store) -> Walked:
    w = Walk(store)
    monday(w)
    tuesday(w)
    s, ritual = early(w)
    block(w, s, ritual)
    afternoon(w, s)
    panel = s.panel()
    everyone = store.prospects(sorted(w.ids.values()))
    story = known(store.prospect_story(w.ids["Dev Patel"])).calls
    return Walked(
        seen=w.seen,
        states={p.name: p.state for p in everyone.values()},
        histories={
            p.name: [(c.outcome, c.reason, c.note) for c in store.history(p.id, -1)]
            for p in everyone.values()
        },
        story=[
            (c.outcome, c.reason, c.ritual, c.recovery_s, c.duration_s, c.rep == store.rep)
            for c in story
        ],
        panel=panel,
        review_day=load_review(store, w.clock, WED),
        review_week=load_review(store, w.clock, WED, week=True),
        stats_day=run_stats(store, w.clock, False),
        stats_week=run_stats(store, w.clock, True),
        coming=coming_back(store, w.clock),
        ended=w.clock.now(),
    )


def differences(a: Any, b: Any, where: str) -> list[str]:
    """Where two walks' figures differ, field by field (dataclasses, dicts, sequences)."""
    if is_dataclass(a) and type(a) is type(b):
        return [
            d
            for f in fields(a)
            for d in differences(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
        ]
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        return [d for k in a for d in differences(a[k], b[k], f"{where}[{k!r}]")]
    if isinstance(a, list | tuple) and isinstance(b, list | tuple) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{where}[{i}]")
        ]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


def test_the_walk_shows_the_rep_the_same_day_on_either_backend(
    any_store: Store, tmp_path: Path
) -> None:
    walked = walk(any_store)
    day = walked.stats_day
    assert (day["dials"], day["connects"], day["conversations"], day["meetings"]) == (7, 6, 3, 1)
    assert (day["rejections"], day["not_tagged"], day["dials_per_meeting"]) == (2, 0, 7.0)
    assert (day["by_reason"]["budget"], day["by_reason"]["timing"]) == (1, 1)
    assert (day["recovery_median_s"], day["rituals"], day["rituals_skipped"]) == (16.0, 2, 1)
    assert (day["talk_time_s"], day["talk_calls"]) == (618, 4)  # 617.5 s, rounded
    assert (day["wins"], day["prospects"], day["follow_ups_due"]) == (4, 5, 0)
    assert day["plan"] == {"kind": "meetings", "target": 3} and day["blocks"] == 1
    week = walked.stats_week
    assert (week["dials"], week["meetings"], week["week_start"]) == (14, 3, "2026-11-12")
    assert walked.review_week.recovery.median_s == 25.0  # 7, 25 and Monday's 40
    assert walked.states["Eli Novak"].lifecycle is Lifecycle.DNC
    assert walked.states["Dev Patel"].slot is Slot.FOLLOW_UP
    assert walked.histories["Bram Lindqvist"] == [
        ("no_answer", None, None),
        ("gatekeeper", None, None),
        ("no_answer", None, None),
    ]
    assert walked.story == [("rejected", "budget", "done", 25.0, None, True)]
    assert walked.panel.today.dials == 7 and walked.panel.budget.collected == 6
    assert differences(walked, on_a_file(tmp_path), "walk") == []


def test_the_walk_through_the_apps_outbox_shows_the_same_day(team_url: str, tmp_path: Path) -> None:
    """The app's own team store: the team database behind the local outbox, online."""
    from nextcall.store.outbox import open_team_store

    store = open_team_store(team_url, "ana", tmp_path / "data")
    try:
        walked = walk(store)
        assert store.waiting() == 0  # online: nothing kept back
    finally:
        store.close()
    assert differences(walked, on_a_file(tmp_path), "walk") == []


def on_a_file(tmp_path: Path) -> Walked:
    """The walk on a fresh SQLite file of one rep's own: what the team's must equal."""
    reference = SQLiteStore.open(tmp_path / "reference" / "nextcall.db")
    try:
        return walk(reference)
    finally:
        reference.close()


def test_the_stats_command_on_the_team_database_prints_what_it_prints_for_a_file(
    on_team: str, nextcall: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`nextcall stats --json [--week]` in team mode (NEXTCALL_DATABASE_URL, rep ana), end to end."""
    from nextcall.store.postgres import PostgresStore

    team = PostgresStore.open(on_team, "ana")
    try:
        ended = walk(team).ended
    finally:
        team.close()
    monkeypatch.setattr("nextcall.__main__.SystemClock", lambda: FakeClock(ended, NY))
    reference = on_a_file(tmp_path)
    for args, expected in (((), reference.stats_day), (("--week",), reference.stats_week)):
        code, out, _ = nextcall("stats", "--json", *args)
        assert code == 0 and json.loads(out) == expected

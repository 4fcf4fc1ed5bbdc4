"""The review's aggregates read back from the store after real logging: a day crossing midnight,
a daylight-saving change, ritual records, wins, follow-ups, plans and blocks."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from clocks import FakeClock
from factories import people
from nextcall.cli.stats import collect
from nextcall.domain.clock import today
from nextcall.domain.funnel import CONVERSATIONS, MEETINGS
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospects import QueueRules
from nextcall.domain.ritual import RitualEnd
from nextcall.services.review_data import load_review
from nextcall.services.session import Session
from nextcall.store import Store

NY = ZoneInfo("America/New_York")


def session_at(store: Store, when: datetime, count: int = 20) -> tuple[Session, FakeClock]:
    clock = FakeClock(when, NY)
    store.add_prospects(people(count), clock.now() - timedelta(days=1))
    return Session(store, clock, QueueRules(), 2), clock


def log(session: Session, clock: FakeClock, *outcomes: str, every_s: float = 600) -> None:
    for name in outcomes:
        session.log(OutcomeName(name))
        clock.advance(every_s)


def test_a_day_crossing_midnight_splits_at_local_midnight(any_store: Store) -> None:
    s, clock = session_at(any_store, datetime(2026, 11, 17, 23, 35, tzinfo=NY))
    log(s, clock, "no_answer", "meeting", "rejected")  # 23:35, 23:45, 23:55 on the 17th
    log(s, clock, "voicemail", "conversation")  # 00:05, 00:15 on the 18th
    tue = load_review(any_store, clock, datetime(2026, 11, 17).date())
    wed = load_review(any_store, clock, datetime(2026, 11, 18).date())
    assert (tue.counts.dials, tue.counts.meetings, tue.counts.rejections) == (3, 1, 1)
    assert tue.per_hour == ((23, 3),)
    assert (wed.counts.dials, wed.counts.conversations) == (2, 1)
    assert wed.per_hour == ((0, 2),)
    week = load_review(any_store, clock, datetime(2026, 11, 18).date(), week=True)
    assert week.counts.dials == 5 and week.first == datetime(2026, 11, 12).date()
    assert [w.kind for w in week.wins] == ["conversation", "meeting"]  # newest first


def test_the_autumn_dst_day_has_25_hours_of_dials(any_store: Store) -> None:
    # 1 Nov 2026: 00:30 EDT, then every 30 minutes for 3 real hours -> local 00:30, 01:00,
    # 01:30 (EDT), 01:00, 01:30 (EST), 02:00: six dials, four of them in the repeated hour.
    s, clock = session_at(any_store, datetime(2026, 11, 1, 0, 30, tzinfo=NY))
    log(s, clock, *["no_answer"] * 6, every_s=1800)
    review = load_review(any_store, clock, datetime(2026, 11, 1).date())
    assert review.counts.dials == 6
    assert review.per_hour == ((0, 1), (1, 4), (2, 1))


def test_the_spring_dst_day(any_store: Store) -> None:
    # 8 Mar 2026: 02:00 EST jumps to 03:00 EDT. 01:30 and an hour later, 03:30, same day.
    s, clock = session_at(any_store, datetime(2026, 3, 8, 1, 30, tzinfo=NY))
    log(s, clock, "no_answer", "meeting", every_s=3600)
    review = load_review(any_store, clock, datetime(2026, 3, 8).date())
    assert review.per_hour == ((1, 1), (2, 0), (3, 1))
    assert review.trend[-1] == 2.0


def ritual(store: Store, call_id: int, ritual: str, seconds: float | None, reason: str) -> None:
    """What the recovery ritual (issue 3) writes for a rejection."""
    store.set_reason(call_id, reason)
    store.set_ritual(call_id, RitualEnd(ritual))
    if seconds is not None:
        store.set_recovery(call_id, seconds)


def test_recovery_and_audit_come_from_the_rituals_records(any_store: Store) -> None:
    s, clock = session_at(any_store, datetime(2026, 11, 18, 10, 0, tzinfo=NY))
    empty = load_review(any_store, clock, today(clock))
    assert not empty.recovery.has_data
    ids = []
    for _ in range(5):
        ids.append(s.log(OutcomeName.REJECTED).call.id)
        clock.advance(120)
    for call_id, (how, secs, why) in zip(
        ids,
        [
            ("done", 40, "budget"),
            ("done", 60, "timing"),
            ("skipped", 10, "timing"),
            ("feel_it", 400, "timing"),
            ("done", None, "need"),
        ],
        strict=True,
    ):
        ritual(any_store, call_id, how, secs, why)
    review = load_review(any_store, clock, today(clock))
    assert review.recovery.median_s == 50.0  # 10, 40, 60, 400 (the None is left out)
    assert review.recovery.weekly_median_s == (None,) * 7 + (50.0,)
    assert (review.recovery.rituals, review.recovery.skipped) == (5, 1)
    assert review.audit.focus == ("timing", "budget")  # 4 of 5 = 80%
    data = collect(load_review(any_store, clock, today(clock)), any_store.count_kept())
    assert data["by_reason"]["timing"] == 3 and data["recovery_median_s"] == 50.0
    assert (data["rituals"], data["rituals_skipped"]) == (5, 1)
    # a week earlier, odd count: the middle value; the week-by-week trend picks it up
    clock.advance(-7 * 24 * 3600)
    for seconds in (100, 300, 200):
        ritual(any_store, s.log(OutcomeName.REJECTED).call.id, "done", seconds, "value")
    clock.advance(7 * 24 * 3600)
    week = load_review(any_store, clock, today(clock))
    assert week.recovery.weekly_median_s[-2:] == (200.0, 50.0)
    assert "Down from 200s to 50s" in week.recovery.trend_sentence()


def test_follow_ups_plans_and_blocks(any_store: Store) -> None:
    s, clock = session_at(any_store, datetime(2026, 11, 18, 10, 0, tzinfo=NY))
    from nextcall.domain.prospects import follow_up_start

    s.log(OutcomeName.LATER, follow_up=follow_up_start(datetime(2026, 11, 20).date(), NY))
    s.set_plan(DayPlan(CONVERSATIONS, 6))
    block = s.start_block(60)
    log(s, clock, "no_answer", "conversation", "meeting")
    s.undo()
    summary = s.end_block()
    assert summary is not None and summary.counts.dials == 2
    review = load_review(any_store, clock, today(clock))
    assert [f.prospect.name for f in review.due_ahead] == ["Person 00"]
    assert review.due_today == ()
    assert review.plan == DayPlan(CONVERSATIONS, 6)
    (stored,) = review.blocks
    assert stored.id == block.id and stored.counts.dials == 2 and stored.ended_at is not None
    assert s.panel().pace.kind == CONVERSATIONS and s.panel().pace.target_meetings == 6


def test_the_plan_dialog_is_asked_once_per_working_day(any_store: Store) -> None:
    s, clock = session_at(any_store, datetime(2026, 11, 18, 8, 0, tzinfo=NY))
    assert s.needs_plan() and s.suggested_plan() == DayPlan(MEETINGS, 2) == s.plan
    s.set_plan(DayPlan(MEETINGS, 4))
    assert not s.needs_plan()
    clock.advance(24 * 3600)
    s.roll_day_if_needed()
    assert s.needs_plan() and s.suggested_plan() == DayPlan(MEETINGS, 4)  # yesterday's
    assert s.plan == DayPlan(MEETINGS, 4)  # yesterday's until today's is set
    clock.advance(2 * 24 * 3600)  # Saturday
    s.roll_day_if_needed()
    assert not s.needs_plan() and s.plan == DayPlan(MEETINGS, 4)


def test_the_sections_say_what_is_missing_and_what_to_work_on(any_store: Store) -> None:
    from nextcall.domain.review_figures import ADVICE
    from nextcall.ui.screens import review_markup as text

    s, clock = session_at(any_store, datetime(2026, 11, 18, 10, 0, tzinfo=NY))
    empty = load_review(any_store, clock, today(clock))
    assert "No recovery data yet" in text.recovery(empty, 70)
    assert "jar is empty" in text.wins(empty, NY, 5)
    assert "No call blocks" in text.blocks(empty, NY)
    assert "too few" in text.audit(empty, 70)
    for _ in range(5):
        ritual(any_store, s.log(OutcomeName.REJECTED).call.id, "done", 30, "authority")
    review = load_review(any_store, clock, today(clock))
    audit = text.audit(review, 70)
    assert "100% of your tagged no's are authority" in audit
    assert ADVICE["authority"] in audit
    assert "Median back to the phone today: [b]30s[/]" in text.recovery(review, 70)

"""The review's figures: the 80% rule's edges, recovery and its trend, weekly dials per meeting,
dials per hour, the day plan's forecast and the call block, all against hand-computed values."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from nextcall.domain.block import BlockSummary, CallBlock
from nextcall.domain.funnel import CONVERSATIONS, MEETINGS, Averages, DayCounts, NoBudget, Pace
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.plan import DayPlan, Forecast, is_working_day
from nextcall.domain.review_figures import (
    ADVICE,
    MIN_TAGGED,
    Recovery,
    audit,
    dials_per_hour,
    week_starts,
    weekly_dials_per_meeting,
)

NY = ZoneInfo("America/New_York")
WED = date(2026, 11, 18)


# -- the 80% rule --------------------------------------------------------------------------------


def test_one_reason_at_exactly_80_percent_is_the_focus() -> None:
    a = audit({"timing": 8, "need": 1, "value": 1})
    assert a.focus == ("timing",)
    assert a.share == pytest.approx(0.8)
    assert a.advice() == [ADVICE["timing"]]


def test_79_percent_in_one_reason_looks_for_a_second() -> None:
    # 79 of 100 in timing: not one reason; timing + need = 90 -> two reasons.
    a = audit({"timing": 79, "need": 11, "value": 10})
    assert a.focus == ("timing", "need")
    assert len(a.advice()) == 2


def test_79_percent_in_two_reasons_is_no_focus() -> None:
    a = audit({"timing": 40, "need": 39, "value": 11, "authority": 10})
    assert a.focus == ()
    assert "spread" in a.sentence()


def test_80_percent_in_two_reasons_is_the_focus() -> None:
    a = audit({"timing": 40, "need": 40, "value": 10, "authority": 10})
    assert a.focus == ("timing", "need")


def test_timing_and_budget_share_one_suggestion() -> None:
    a = audit({"timing": 5, "budget": 5})
    assert a.focus == ("timing", "budget")
    assert a.advice() == [ADVICE["timing"]]


def test_hang_ups_are_left_out_of_the_rule() -> None:
    # 4 competitor of 5 workable tags is 80%, however many hang-ups there are.
    a = audit({"competitor": 4, "value": 1, "hung_up": 50})
    assert a.tagged == 5
    assert a.focus == ("competitor",)
    assert a.counts["hung_up"] == 50


def test_too_few_tags_give_no_verdict() -> None:
    a = audit({"need": MIN_TAGGED - 1})
    assert a.focus == ()
    assert "too few" in a.sentence()
    assert audit({"need": MIN_TAGGED}).focus == ("need",)


def test_every_reason_name_is_present() -> None:
    assert set(audit({}).counts) == set(ADVICE) | {"hung_up"}


# -- recovery ------------------------------------------------------------------------------------


def test_recovery_trend_sentence() -> None:
    assert "Down from 120s to 90s" in Recovery(90.0, (None, 120.0, 90.0), 3, 1).trend_sentence()
    assert "Up from" in Recovery(None, (60.0, 90.0), 0, 0).trend_sentence()
    assert "Steady" in Recovery(None, (60.0, 62.0), 0, 0).trend_sentence()
    assert "two weeks" in Recovery(None, (None, 62.0), 0, 0).trend_sentence()
    r = Recovery(None, (None,) * 8, 0, 0)
    assert not r.has_data and r.skipped_share is None
    assert Recovery(None, (None,), 4, 1).skipped_share == 0.25


# -- trends and charts ---------------------------------------------------------------------------


def test_weekly_dials_per_meeting_windows_end_with_the_day() -> None:
    assert week_starts(WED, 2) == [date(2026, 11, 5), date(2026, 11, 12)]
    days = {
        date(2026, 11, 12): DayCounts.of({"no_answer": 19, "meeting": 1}),  # this week's first day
        date(2026, 11, 11): DayCounts.of({"no_answer": 30}),  # last week's last day
        date(2026, 11, 5): DayCounts.of({"meeting": 2, "voicemail": 8}),
    }
    assert weekly_dials_per_meeting(days, WED, 3) == (None, 40 / 2, 20.0)


def test_dials_per_hour_fills_gaps() -> None:
    times = [datetime(2026, 11, 18, h, m, tzinfo=NY) for h, m in ((9, 5), (9, 50), (11, 0))]
    assert dials_per_hour(times, NY) == ((9, 2), (10, 0), (11, 1))
    assert dials_per_hour([], NY) == ()


def test_dials_per_hour_on_the_autumn_dst_change() -> None:
    # 1 Nov 2026, New York: 01:00-02:00 happens twice (EDT, then EST).
    first_one = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    second_one = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST
    times = [datetime(2026, 11, 1, 4, 30, tzinfo=UTC), first_one, second_one]
    assert dials_per_hour(times, NY) == ((0, 1), (1, 2))


# -- the day plan --------------------------------------------------------------------------------


def averages(**counts: int) -> Averages:
    return Averages.of([DayCounts.of(counts)])


def test_forecast_at_the_reps_average() -> None:
    avg = averages(no_answer=70, conversation=5, meeting=5)  # 1 in 16 dials; 1 convo in 8
    f = Forecast.of(DayPlan(MEETINGS, 3), avg)
    assert (f.dials, f.nos, f.rule_of_thumb) == (48, 45, False)
    assert f.average_per_day == 5
    c = Forecast.of(DayPlan(CONVERSATIONS, 10), avg)
    assert (c.dials, c.nos) == (80, 75)  # 80 dials at 1 meeting in 16 -> 5 meetings


def test_forecast_without_history_is_a_rule_of_thumb() -> None:
    f = Forecast.of(DayPlan(MEETINGS, 2), Averages.of([]))
    assert (f.dials, f.nos, f.rule_of_thumb) == (40, 38, True)
    assert "rule of thumb" in f.sentence()


def test_a_plan_is_validated() -> None:
    with pytest.raises(ValueError):
        DayPlan("calls", 2)  # type: ignore[arg-type]  # a kind that does not exist, on purpose
    with pytest.raises(ValueError):
        DayPlan(MEETINGS, -1)
    assert DayPlan(MEETINGS, 1).label() == "1 meeting"


def test_working_days() -> None:
    assert is_working_day(WED) and not is_working_day(date(2026, 11, 21))


def test_budget_and_pace_follow_a_conversations_target() -> None:
    avg = averages(no_answer=70, conversation=5, meeting=5)
    today = DayCounts.of({"no_answer": 10, "conversation": 3})
    budget = NoBudget.of(today, avg, 10, CONVERSATIONS)
    assert (budget.expected_nos, budget.collected, budget.kind) == (75, 13, CONVERSATIONS)
    pace = Pace.of(today, avg, 10, 1.0, CONVERSATIONS)
    assert (pace.meetings, pace.dials_to_go) == (3, 56)  # 7 conversations at 1 in 8


# -- call blocks ---------------------------------------------------------------------------------


def test_a_block_counts_down_on_the_monotonic_clock() -> None:
    block = CallBlock(1, datetime(2026, 11, 18, tzinfo=UTC), 100.0, 60)
    assert block.clock_text(100.0) == "1:00:00"
    assert block.clock_text(100.5) == "1:00:00"  # rounds up: never early
    assert block.clock_text(100.0 + 61) == "58:59"
    assert not block.is_over(100.0 + 3599) and block.is_over(100.0 + 3600)
    assert block.plus(OutcomeName.MEETING).plus(OutcomeName.NO_ANSWER).counts.dials == 2


def test_block_summary_against_the_reps_rate() -> None:
    avg = averages(no_answer=95, meeting=5)
    summary = BlockSummary(DayCounts.of({"no_answer": 38, "meeting": 2}), 60.0, 60, avg)
    assert summary.dials_per_hour == 40
    assert summary.expected_meetings == pytest.approx(2.0)
    from nextcall.ui.screens import block_summary

    labels = [row[0] for row in block_summary.rows(summary)]
    assert labels == ["Dials", "Connects", "Conversations", "Meetings", "No's"]

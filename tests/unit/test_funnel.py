"""Counts, ratios, averages, the variance check, the no budget and pace, against hand-worked cases."""

import pytest

from nextcall.domain.funnel import (
    Averages,
    DayCounts,
    NoBudget,
    Pace,
    Ratios,
    VarianceCheck,
    binomial_tail,
)
from nextcall.domain.outcomes import OutcomeName
from nextcall.ui.text import variance_sentence

DAY = DayCounts.of(
    {"no_answer": 5, "gatekeeper": 2, "rejected": 2, "conversation": 1, "meeting": 1}
)


def test_counts_follow_the_funnel_flags() -> None:
    assert (DAY.dials, DAY.connects, DAY.conversations, DAY.meetings) == (11, 6, 2, 1)
    assert DAY.nos == 10
    assert DAY.rejections == 2


def test_plus_and_minus() -> None:
    more = DAY.plus(OutcomeName.MEETING).plus(OutcomeName.NO_ANSWER, -1)
    assert (more.dials, more.meetings) == (11, 2)
    assert DayCounts().plus(OutcomeName.VOICEMAIL, -1).dials == 0


def test_unknown_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown outcome"):
        DayCounts.of({"maybe": 1})


def test_ratios() -> None:
    r = Ratios.of(DAY)
    assert r.connect_rate == pytest.approx(6 / 11)
    assert r.conversation_rate == pytest.approx(2 / 6)
    assert r.dials_per_meeting == 11
    empty = Ratios.of(DayCounts())
    assert empty.connect_rate is None and empty.dials_per_meeting is None


def _days(n: int, dials: int, meetings: int) -> list[DayCounts]:
    return [DayCounts.of({"no_answer": dials - meetings, "meeting": meetings})] * n


def test_averages_use_the_last_30_working_days() -> None:
    recent = _days(30, 20, 1)
    older = _days(5, 100, 0)
    idle = [DayCounts()] * 3
    avg = Averages.of(idle + recent + older)
    assert avg.days == 30
    assert avg.totals.dials == 600
    assert avg.dials_per_meeting == 20
    assert avg.per_day("dials") == 20


def test_averages_without_history_fall_back_to_twenty() -> None:
    avg = Averages.of([])
    assert avg.days == 0 and not avg.has_history
    assert avg.dials_per_meeting == 20
    assert avg.per_day("dials") is None


def test_binomial_tail_by_hand() -> None:
    assert binomial_tail(2, 3, 0.5, upper=True) == pytest.approx(0.5)  # 3/8 + 1/8
    assert binomial_tail(0, 3, 0.5, upper=False) == pytest.approx(1 / 8)
    assert binomial_tail(0, 26, 1 / 24, upper=False) == pytest.approx((23 / 24) ** 26)
    with pytest.raises(ValueError):
        binomial_tail(0, 1, 1.5, upper=True)


def test_variance_check_quiet_day() -> None:
    avg = Averages.of(_days(10, 20, 1))  # one meeting per twenty dials
    check = VarianceCheck.of(DayCounts.of({"no_answer": 30}), avg)
    assert check.probability == pytest.approx(0.95**30)  # 0.2146
    assert not check.above
    assert variance_sentence(check) == "At your rate, a day this quiet comes about 1 in 5 (model)."


def test_variance_check_good_day() -> None:
    avg = Averages.of(_days(10, 20, 1))
    today = DayCounts.of({"no_answer": 17, "meeting": 3})
    check = VarianceCheck.of(today, avg)
    assert check.above
    # P(X >= 3), X ~ B(20, 0.05) = 1 - (0.3585 + 0.3774 + 0.1887) = 0.0755
    assert check.probability == pytest.approx(0.0755, abs=1e-4)
    assert "a day this good comes about 1 in 13" in variance_sentence(check)


def test_variance_check_never_promises_a_yes() -> None:
    avg = Averages.of(_days(10, 20, 1))
    for dials in range(0, 80, 7):
        text = variance_sentence(VarianceCheck.of(DayCounts.of({"no_answer": dials}), avg)).lower()
        assert "due" not in text and "owed" not in text


def test_variance_check_usual_and_empty() -> None:
    avg = Averages.of(_days(10, 20, 1))
    usual = VarianceCheck.of(DayCounts.of({"no_answer": 19, "meeting": 1}), avg)
    assert variance_sentence(usual).startswith("Right in your usual range")
    assert variance_sentence(VarianceCheck.of(DayCounts(), avg)).startswith("No dials yet")
    no_history = VarianceCheck.of(DayCounts.of({"no_answer": 3}), Averages.of([]))
    assert no_history.probability is None


def test_no_budget() -> None:
    avg = Averages.of(_days(10, 20, 1))
    budget = NoBudget.of(DayCounts.of({"no_answer": 19}), avg, target_meetings=2)
    assert budget.expected_nos == 38  # 2 meetings x 20 dials, less the 2 yeses
    assert budget.collected == 19
    assert budget.fill == pytest.approx(0.5)
    full = NoBudget.of(DayCounts.of({"no_answer": 50}), avg, 2)
    assert full.fill == 1.0


def test_pace() -> None:
    avg = Averages.of(_days(10, 20, 1))
    pace = Pace.of(DayCounts.of({"no_answer": 30}), avg, 2, hours_dialing=2.0)
    assert pace.dials_per_hour == 15
    assert pace.dials_to_go == 40
    assert Pace.of(DayCounts(), avg, 2, 0).dials_per_hour is None


def test_panel_text_without_a_target() -> None:
    from nextcall.services.session import Panel
    from nextcall.ui.widgets.ratio_panel import panel_markup

    avg = Averages.of(_days(10, 20, 1))
    today = DayCounts.of({"no_answer": 26})
    panel = Panel(
        today,
        Ratios.of(today),
        avg,
        VarianceCheck.of(today, avg),
        NoBudget.of(today, avg, 0),
        Pace.of(today, avg, 0, 2.0),
        (10, 16),
    )
    text = panel_markup(panel)
    assert "26 so far (no target set)" in text
    assert "Target" not in text


def test_binomial_tail_on_a_huge_day() -> None:
    # Thousands of dials would overflow a float with plain products; log space copes.
    assert binomial_tail(150, 3000, 0.05, upper=True) == pytest.approx(0.52, abs=0.02)
    assert binomial_tail(0, 3000, 0.05, upper=False) == pytest.approx(0.0, abs=1e-60)
    assert binomial_tail(0, 10, 0.0, upper=False) == 1.0
    assert binomial_tail(10, 10, 1.0, upper=True) == 1.0
    assert binomial_tail(1, 10, 0.0, upper=True) == 0.0

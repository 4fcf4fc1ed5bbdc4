"""The follow-up picker's dates."""

from datetime import date

from nextcall.domain.follow_ups import add_months, quick_pick, working_day


def test_quick_picks_from_a_wednesday() -> None:
    wed = date(2026, 11, 18)
    picks = [quick_pick(k, wed) for k in "123456"]
    assert picks == [
        date(2026, 11, 19),
        date(2026, 11, 20),
        date(2026, 11, 25),
        date(2026, 12, 18),
        date(2027, 2, 18),
        date(2027, 11, 18),
    ]


def test_quick_picks_skip_the_weekend() -> None:
    friday = date(2026, 11, 20)
    assert quick_pick("1", friday) == date(2026, 11, 23)  # Monday, not Saturday
    assert working_day(date(2026, 11, 22)) == date(2026, 11, 23)
    assert working_day(friday) == friday


def test_months_clamp_to_the_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)

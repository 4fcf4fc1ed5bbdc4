"""Follow-up dates: the picker's quick picks (moved off weekends) and month arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

from nextcall.domain.plan import is_working_day

MAX_YEARS_AHEAD = 5
"""The furthest a typed follow-up date may be."""

QUICK_PICKS: tuple[tuple[str, str], ...] = (
    ("1", "tomorrow"),
    ("2", "in 2 days"),
    ("3", "next week"),
    ("4", "next month"),
    ("5", "next quarter"),
    ("6", "in 12 months"),
)
"""The picker's keys and what each stands for, in its order."""


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def working_day(day: date) -> date:
    """`day`, or the Monday after it when it falls on a weekend."""
    return day if is_working_day(day) else day + timedelta(days=7 - day.weekday())


def quick_pick(key: str, today: date) -> date:
    """The date a quick-pick key stands for, moved off a weekend to the Monday after."""
    return working_day(
        {
            "1": today + timedelta(days=1),
            "2": today + timedelta(days=2),
            "3": today + timedelta(days=7),
            "4": add_months(today, 1),
            "5": add_months(today, 3),
            "6": add_months(today, 12),
        }[key]
    )

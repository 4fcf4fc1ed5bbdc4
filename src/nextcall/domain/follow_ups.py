"""Follow-up dates and times: the picker's quick picks (moved off weekends), month arithmetic,
and a time of day read at the prospect's location."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from nextcall.domain.plan import is_working_day
from nextcall.domain.prospects import follow_up_start

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


_TIME = re.compile(r"(\d{1,2})(?:[:.h]?(\d{2}))?(am|pm|a|p|a\.m\.|p\.m\.)?")


def parse_time_of_day(text: str) -> time:
    """A time of day as a rep types it: "14:30", "9" (09:00), "2:30pm", "2 pm", "9.15",
    "1430". ValueError, saying why, for anything else."""
    typed = text.strip()
    found = _TIME.fullmatch(typed.lower().replace(" ", ""))
    if found is None:
        raise ValueError(f"{typed!r} is not a time of day like 14:30 or 2:30pm.")
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    half = (found.group(3) or "")[:1]
    if minute > 59:
        raise ValueError(f"{typed!r}: minutes go up to 59.")
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"{typed!r}: with am or pm, hours go from 1 to 12.")
        hour = hour % 12 + (12 if half == "p" else 0)
    elif hour > 23:
        raise ValueError(f"{typed!r}: hours go from 0 to 23.")
    return time(hour, minute)


@dataclass(frozen=True)
class TimeContext:
    """What reading a follow-up's time of day needs: whose clock it is on, and now."""

    here: tzinfo
    """The rep's zone."""
    now: datetime
    there: tzinfo | None = None
    """The prospect's zone; None when unknown (the time is then read on the rep's clock)."""
    hours: tuple[time, time] = (time(8, 0), time(21, 0))
    """The calling window at the prospect's location."""

    @property
    def zone(self) -> tzinfo:
        """The zone a typed time is read in."""
        return self.there or self.here

    @property
    def today(self) -> date:
        """The rep's local day."""
        return self.now.astimezone(self.here).date()


def follow_up_due(day: date, at: time | None, there: tzinfo | None, here: tzinfo) -> datetime:
    """When a follow-up falls due, UTC. With no time: the start of the rep's local `day` (it
    leads the queue all day). With a time: `at` on `day` at the prospect's location (`there`;
    the rep's zone `here` when unknown). A time the clocks skip is read in the offset before
    the change (02:30 on a spring-forward night lands at 03:30); a repeated one is its first."""
    if at is None:
        return follow_up_start(day, here)
    return datetime.combine(day, at, tzinfo=there or here).astimezone(UTC)


def skipped(day: date, at: time, tz: tzinfo) -> bool:
    """True when `at` does not exist on `day` in `tz` (the clocks jump over it)."""
    local = datetime.combine(day, at, tzinfo=tz)
    back = local.astimezone(UTC).astimezone(tz)
    return back.replace(tzinfo=None) != local.replace(tzinfo=None)


def outside_hours(at: time, hours: tuple[time, time]) -> bool:
    """True when `at` falls outside the calling window `hours`."""
    start, end = hours
    return not start <= at < end


def follow_up_problem(day: date, at: time | None, context: TimeContext) -> str | None:
    """Why a follow-up on `day` (at `at`, if given) can't be set, or None when it can: today
    needs a time still ahead; a time the clocks skip that day is refused."""
    if at is None:
        return "Today needs a time (shift+tab to the time field)." if day <= context.today else None
    if skipped(day, at, context.zone):
        return f"{at:%H:%M} does not exist on {day:%a %d %b} there: the clocks jump past it."
    due = follow_up_due(day, at, context.there, context.here)
    if due <= context.now:
        there = context.now.astimezone(context.zone)
        return f"{at:%H:%M} has passed there (it is {there:%H:%M}): pick a later time."
    return None

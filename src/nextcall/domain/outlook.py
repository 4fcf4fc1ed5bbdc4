"""When work comes back to a queue with nobody to call now: the next retries, the next
follow-ups, and the prospects calling hours hold back, in plain sentences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo


@dataclass(frozen=True)
class ComingBack:
    """What the store says will come back to the queue (instants are aware, any zone)."""

    next_retry_at: datetime | None = None
    """When the first waiting retry comes back; None when no retry waits."""
    retries_then: int = 0
    """Retries that come back within that same minute."""
    retries_later_today: int = 0
    """Retries that come back after that minute and before the end of the rep's day."""
    next_follow_up_at: datetime | None = None
    """When the first follow-up after today is due; None when none is set."""
    follow_ups_that_day: int = 0
    """Follow-ups due on that follow-up's day (the rep's day)."""


@dataclass(frozen=True)
class HeldBack:
    """Queued prospects that are all outside their calling hours (the queue skips them)."""

    count: int
    first_opens_at: datetime
    """When the first of them may be called (aware)."""
    hours_start: time
    """The calling window's start, read at each prospect's location."""
    complete: bool = True
    """True when `count` is the whole queue; False when only its first rows were looked at."""


@dataclass(frozen=True)
class QueueOutlook:
    """The empty-queue card's words: a headline and the sentences under it (plain text)."""

    headline: str
    lines: tuple[str, ...]
    held: bool = False
    """True when prospects are queued but all outside their calling hours."""


def outlook(back: ComingBack, held: HeldBack | None, now: datetime, tz: tzinfo) -> QueueOutlook:
    """What to tell a rep who has nobody to call right now; times are shown in `tz`, the
    rep's zone, with 'tomorrow' or the date when they are not today."""
    today = now.astimezone(tz).date()
    lines = []
    if held is not None:
        lines.append(_held(held, today, tz))
    nexts = [part for part in (_retries(back, today, tz), _follow_ups(back, today, tz)) if part]
    if nexts:
        lines.append("Next: " + ", ".join(nexts) + ".")
    elif held is None:
        lines.append("No retries or follow-ups are waiting.")
    headline = "Nobody can be called right now." if held else "Nobody left to call right now."
    return QueueOutlook(headline, tuple(lines), held is not None)


def _held(held: HeldBack, today: date, tz: tzinfo) -> str:
    start = f"{held.hours_start:%H:%M}"
    first = _at(held.first_opens_at, today, tz)
    if held.count == 1:
        who = "The one queued prospect is"
    elif held.complete:
        who = f"All {held.count} queued prospects are"
    else:
        who = f"The first {held.count} queued prospects are all"
    return f"{who} held until {start} their time; the first can be called {first} your time."


def _retries(back: ComingBack, today: date, tz: tzinfo) -> str:
    if back.next_retry_at is None or back.retries_then < 1:
        return ""
    words = _count(back.retries_then, "retry", "retries")
    later = back.retries_later_today
    more = f" ({later} more later today)" if later and _day(back.next_retry_at, tz) == today else ""
    return f"{words} {_at(back.next_retry_at, today, tz)}{more}"


def _follow_ups(back: ComingBack, today: date, tz: tzinfo) -> str:
    if back.next_follow_up_at is None or back.follow_ups_that_day < 1:
        return ""
    words = _count(back.follow_ups_that_day, "follow-up")
    return f"{words} {_on(_day(back.next_follow_up_at, tz), today)}"


def _at(instant: datetime, today: date, tz: tzinfo) -> str:
    """'at 15:40' today, 'tomorrow at 09:10', 'on Fri 20 Nov at 09:10' (in `tz`)."""
    local = instant.astimezone(tz)
    day = _on(local.date(), today)
    return f"at {local:%H:%M}" if day == "today" else f"{day} at {local:%H:%M}"


def _on(day: date, today: date) -> str:
    if day <= today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"on {day:%a %d %b}" if day.year == today.year else f"on {day:%a %d %b %Y}"


def _day(instant: datetime, tz: tzinfo) -> date:
    return instant.astimezone(tz).date()


def _count(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"

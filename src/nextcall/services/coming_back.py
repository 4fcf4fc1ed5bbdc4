"""What comes back to the queue after now, read from the store for the empty-queue card."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nextcall.domain.clock import Clock, day_bounds, today
from nextcall.domain.outlook import ComingBack
from nextcall.store import Store

NEVER = datetime(9999, 1, 1, tzinfo=UTC)
"""Later than any follow-up."""
WAITING = timedelta(milliseconds=1)
"""A retry due at `now` is back in the queue (see `queue_ids`): waiting ones are due after."""


def coming_back(store: Store, clock: Clock) -> ComingBack:
    """The next retries (those in the same minute, and how many more today) and the next day
    with follow-ups after today (today's are queued already). Five index range scans at most."""
    now, tz = clock.now(), clock.local_tz()
    _, end_of_today = day_bounds(today(clock), tz)
    retry_at = store.next_retry_at(now + WAITING)
    then = later = 0
    if retry_at is not None:
        minute = retry_at.replace(second=0, microsecond=0) + timedelta(minutes=1)
        then = store.count_retries(retry_at, minute)
        later = store.count_retries(minute, end_of_today) if minute < end_of_today else 0
    first = store.follow_ups(end_of_today, NEVER, limit=1)
    follow_at = first[0].due_at if first else None
    that_day = 0
    if follow_at is not None:
        that_day = store.count_follow_ups(*day_bounds(follow_at.astimezone(tz).date(), tz))
    return ComingBack(retry_at, then, later, follow_at, that_day)

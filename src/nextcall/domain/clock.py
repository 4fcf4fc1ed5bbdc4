"""Injectable time: the wall clock (UTC), the rep's local zone and a monotonic clock."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Where the domain and the UI get the time from."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...

    def local_tz(self) -> tzinfo:
        """The rep's local time zone: it decides what 'today' is."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (for countdowns)."""
        ...


def local_now(clock: Clock) -> datetime:
    """The current instant in the rep's local zone."""
    return clock.now().astimezone(clock.local_tz())


def today(clock: Clock) -> date:
    """The rep's local calendar day."""
    return local_now(clock).date()


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The UTC instants at which a local day starts and ends (DST-safe)."""
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    end_day = day + timedelta(days=1)
    end = datetime(end_day.year, end_day.month, end_day.day, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


class SystemClock:
    """The real clock of the machine."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def local_tz(self) -> tzinfo:
        # The named zone, so dates across a daylight-saving change land on the right day;
        # today's fixed offset only when the system names no zone.
        try:
            import tzlocal

            return tzlocal.get_localzone()
        except Exception:  # tzlocal raises several kinds on odd systems; the offset still works
            tz = datetime.now().astimezone().tzinfo
            assert tz is not None
            return tz

    def monotonic(self) -> float:
        # CLOCK_BOOTTIME keeps counting while a laptop sleeps (CLOCK_MONOTONIC stops), so a
        # countdown the lid interrupted is over on wake rather than resuming where it froze.
        if _BOOTTIME is not None:
            return time.clock_gettime(_BOOTTIME)
        return time.monotonic()


_BOOTTIME: int | None = getattr(time, "CLOCK_BOOTTIME", None)
"""Linux's suspend-aware monotonic clock, where the platform has one."""

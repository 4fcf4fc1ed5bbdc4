"""A clock for tests and snapshots (the program runs on `SystemClock`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo


@dataclass
class FakeClock:
    """A clock for tests and snapshots: fixed until moved with `advance`."""

    current: datetime
    """The current instant (aware)."""
    tz: tzinfo = UTC
    """The rep's local zone."""
    mono: float = field(default=1000.0)

    def now(self) -> datetime:
        return self.current.astimezone(UTC)

    def local_tz(self) -> tzinfo:
        return self.tz

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        """Move both clocks forward by real (elapsed) seconds: the step is taken in UTC, so
        it crosses a daylight-saving change as a real clock does."""
        self.current = self.current.astimezone(UTC) + timedelta(seconds=seconds)
        self.mono += seconds

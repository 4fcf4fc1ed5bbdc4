"""The call block: a timed stretch of dialing with its own counts, read off a monotonic clock."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from nextcall.domain.funnel import Averages, DayCounts, pace_per_hour
from nextcall.domain.outcomes import OutcomeName


@dataclass(frozen=True)
class CallBlock:
    """A running block. The wall clock stamps it; the monotonic clock times it (sleep-safe)."""

    id: int
    started_at: datetime
    started_mono: float
    planned_minutes: int
    counts: DayCounts = DayCounts()

    def elapsed_s(self, mono: float) -> float:
        return max(0.0, mono - self.started_mono)

    def remaining_s(self, mono: float) -> float:
        return max(0.0, self.planned_minutes * 60 - self.elapsed_s(mono))

    def is_over(self, mono: float) -> bool:
        return self.remaining_s(mono) <= 0

    def plus(self, outcome: OutcomeName, n: int = 1) -> CallBlock:
        return replace(self, counts=self.counts.plus(outcome, n))

    def clock_text(self, mono: float) -> str:
        """Time left as M:SS (H:MM:SS for long blocks), rounded up so 0:00 means done."""
        left = int(-(-self.remaining_s(mono) // 1))
        hours, rest = divmod(left, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@dataclass(frozen=True)
class BlockSummary:
    """One block's result against the rep's own rates."""

    counts: DayCounts
    minutes: float
    planned_minutes: int
    averages: Averages

    @property
    def dials_per_hour(self) -> float | None:
        """The block's pace, by the ratio panel's rule (`pace_per_hour`)."""
        return pace_per_hour(self.counts.dials, self.minutes)

    @property
    def expected_meetings(self) -> float | None:
        """Meetings the rep's average rate predicts for the block's dials."""
        rate = self.averages.ratios.meeting_rate
        return None if rate is None or not self.averages.has_history else rate * self.counts.dials

"""The day plan: today's target (meetings or conversations) and what it asks of the day in dials
and in no's, at the rep's own averages (or a rule of thumb until they have some)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from nextcall.domain.funnel import AVERAGE_WINDOW_DAYS, CONVERSATIONS, MEETINGS, Averages, PlanKind

KINDS = (MEETINGS, CONVERSATIONS)
MAX_TARGET = 100


def is_working_day(day: date) -> bool:
    """Monday to Friday: the days the plan dialog greets the rep (weekends keep the last plan)."""
    return day.weekday() < 5


T = TypeVar("T")


def recent_working_days(days: Mapping[date, T], limit: int = AVERAGE_WINDOW_DAYS) -> list[T]:
    """The values of the last `limit` working days among `days` (weekends left out), most
    recent first: the days the rep's averages are taken over."""
    worked = [d for d in sorted(days, reverse=True) if is_working_day(d)]
    return [days[d] for d in worked[:limit]]


@dataclass(frozen=True)
class DayPlan:
    """What the rep aims for today."""

    kind: PlanKind
    target: int

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"a target is {' or '.join(KINDS)}, not {self.kind!r}")
        # A kind read back from storage is a plain string: the plan holds the enum member.
        object.__setattr__(self, "kind", PlanKind(self.kind))
        if not 0 <= self.target <= MAX_TARGET:
            raise ValueError(f"a target is a whole number from 0 to {MAX_TARGET}")

    def label(self) -> str:
        unit = self.kind if self.target != 1 else self.kind[:-1]
        return f"{self.target} {unit}"


@dataclass(frozen=True)
class Forecast:
    """A plan in dials and no's at the rep's averages."""

    plan: DayPlan
    dials: int
    nos: int
    average_per_day: float | None
    """The rep's usual count of the target's kind on a working day (None without history)."""
    dials_per_unit: float
    rule_of_thumb: bool
    """True when the rep has no history yet and the figures are a rule of thumb."""

    @classmethod
    def of(cls, plan: DayPlan, averages: Averages) -> Forecast:
        per = averages.dials_per(plan.kind)
        dials = round(plan.target * per)
        meetings = (
            plan.target if plan.kind == MEETINGS else round(dials / averages.dials_per_meeting)
        )
        history = averages.has_history
        return cls(
            plan,
            dials,
            max(0, dials - meetings),
            averages.per_day(plan.kind) if averages.days else None,
            per,
            not history,
        )

    def sentence(self) -> str:
        """The plan in plain words."""
        if self.plan.target == 0:
            return "No target today: every dial still counts, and the panel keeps score."
        basis = (
            "a common rule of thumb until your own history builds up"
            if self.rule_of_thumb
            else f"your 30-day average of 1 in {self.dials_per_unit:.0f}"
        )
        return (
            f"{self.plan.label()} is about {self.dials} dials at {basis}. "
            f"Expect around {self.nos} no's on the way: each one is part of the price, not a verdict."
        )

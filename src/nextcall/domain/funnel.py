"""The funnel: counts of a day, the rep's averages, ratios, the variance check and the no budget.

Everything here is arithmetic on counts; the live panel keeps a `DayCounts` and adds each logged
outcome to it, so per-keypress work never grows with the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from nextcall.domain.chance import RECORD_MIN_DAYS
from nextcall.domain.chance import beta_binomial_tail as beta_binomial_tail  # re-exported
from nextcall.domain.chance import binomial_tail as binomial_tail
from nextcall.domain.chance import dispersion as dispersion
from nextcall.domain.outcomes import BY_NAME, OUTCOMES, OutcomeName

RULE_OF_THUMB_DIALS_PER_MEETING = 20.0
"""Used for the no budget until the rep has history of their own (one meeting per twenty dials)."""

RULE_OF_THUMB_DIALS_PER_CONVERSATION = 8.0
"""Used for a conversations target until the rep has history (one real conversation per eight dials)."""


class PlanKind(StrEnum):
    """The kinds of daily target a rep can set (the day plan); stored as these strings."""

    MEETINGS = "meetings"
    CONVERSATIONS = "conversations"


MEETINGS, CONVERSATIONS = PlanKind.MEETINGS, PlanKind.CONVERSATIONS

AVERAGE_WINDOW_DAYS = 30
"""The rep's averages cover this many of their most recent working days (days with dials)."""

AVERAGE_LOOKBACK_DAYS = 120
"""How far back the 30-day averages look for working days with dials (30 working days span six
calendar weeks; a rep back from a long break starts from the rule of thumb again)."""


def _frozen(counts: Mapping[str, int]) -> Mapping[OutcomeName, int]:
    """Every outcome's count, keyed by its name (a stored string key finds its outcome)."""
    return MappingProxyType({o.name: int(counts.get(o.name, 0)) for o in OUTCOMES})


@dataclass(frozen=True)
class DayCounts:
    """How many of each outcome were logged in a span (a day, a block, a window of days)."""

    by_outcome: Mapping[OutcomeName, int] = field(default_factory=lambda: _frozen({}))
    """Outcome name -> count; every outcome name is present."""

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> DayCounts:
        unknown = set(counts) - set(BY_NAME)
        if unknown:
            raise ValueError(f"unknown outcome names: {sorted(unknown)}")
        return cls(_frozen(counts))

    def plus(self, name: OutcomeName, n: int = 1) -> DayCounts:
        """These counts with `n` more (or fewer, if negative) of one outcome."""
        member = BY_NAME[name].name  # a plain string finds its member too
        counts = dict(self.by_outcome)
        counts[member] = max(0, counts[member] + n)
        return DayCounts(MappingProxyType(counts))

    def __add__(self, other: DayCounts) -> DayCounts:
        return DayCounts(_frozen({k: v + other.by_outcome[k] for k, v in self.by_outcome.items()}))

    def _sum(self, flag: str) -> int:
        return sum(self.by_outcome[o.name] for o in OUTCOMES if getattr(o, flag))

    @property
    def dials(self) -> int:
        """Every logged outcome is one dial."""
        return sum(self.by_outcome.values())

    @property
    def connects(self) -> int:
        return self._sum("connect")

    @property
    def conversations(self) -> int:
        return self._sum("conversation")

    @property
    def meetings(self) -> int:
        return self._sum("meeting")

    @property
    def rejections(self) -> int:
        return self.by_outcome[OutcomeName.REJECTED]

    @property
    def nos(self) -> int:
        """Dials that did not book a meeting."""
        return self.dials - self.meetings


def ratio(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Ratios:
    """The funnel's conversion rates for a span."""

    connect_rate: float | None
    """Connects per dial."""
    conversation_rate: float | None
    """Conversations per connect."""
    meeting_rate: float | None
    """Meetings per dial."""
    dials_per_meeting: float | None

    @classmethod
    def of(cls, counts: DayCounts) -> Ratios:
        return cls(
            connect_rate=ratio(counts.connects, counts.dials),
            conversation_rate=ratio(counts.conversations, counts.connects),
            meeting_rate=ratio(counts.meetings, counts.dials),
            dials_per_meeting=ratio(counts.dials, counts.meetings),
        )


@dataclass(frozen=True)
class Averages:
    """The rep's own averages over their recent working days."""

    days: int
    """How many working days the averages cover (0 = no history yet)."""
    totals: DayCounts
    """The pooled counts of those days."""
    daily: tuple[tuple[int, int], ...] = ()
    """(dials, meetings) of each of those days, most recent first: the day-to-day spread."""

    @classmethod
    def of(cls, days: Iterable[DayCounts]) -> Averages:
        """Pool the given days, most recent first, keeping the last 30 days that had dials."""
        worked = [d for d in days if d.dials][:AVERAGE_WINDOW_DAYS]
        total = DayCounts()
        for day in worked:
            total = total + day
        return cls(len(worked), total, tuple((d.dials, d.meetings) for d in worked))

    @property
    def ratios(self) -> Ratios:
        return Ratios.of(self.totals)

    def per_day(self, attr: str) -> float | None:
        """The average of one funnel count per working day, e.g. per_day('dials')."""
        return getattr(self.totals, attr) / self.days if self.days else None

    @property
    def dials_per_meeting(self) -> float:
        """The rep's dials per meeting, or the rule of thumb until history exists."""
        return self.ratios.dials_per_meeting or RULE_OF_THUMB_DIALS_PER_MEETING

    @property
    def dials_per_conversation(self) -> float:
        """The rep's dials per conversation, or the rule of thumb until history exists."""
        per = ratio(self.totals.dials, self.totals.conversations) if self.days else None
        return per or RULE_OF_THUMB_DIALS_PER_CONVERSATION

    def dials_per(self, kind: PlanKind) -> float:
        """Dials per unit of a target kind ('meetings' or 'conversations')."""
        return self.dials_per_conversation if kind == CONVERSATIONS else self.dials_per_meeting

    @property
    def has_history(self) -> bool:
        return self.days > 0 and self.totals.meetings > 0


USUAL_P = 0.5
"""A day at least this likely in its direction is right in the rep's usual range."""
NEUTRAL_P = 0.25
"""Down to this likelihood a day is still called usual, neither good nor quiet: near p = 0.5 it
is simply an average day."""


@dataclass(frozen=True)
class PastDay:
    """One past working day as the 'how usual' check reads it: its dials and the dial numbers
    (1 = the day's first call) that booked a meeting."""

    dials: int
    meeting_dials: tuple[int, ...] = ()

    def meetings_by(self, n: int) -> int:
        """Meetings among the day's first `n` dials."""
        return sum(1 for k in self.meeting_dials if k <= n)


@dataclass(frozen=True)
class OwnRecord:
    """The rep's last working days (the same days the averages cover), most recent first."""

    days: tuple[PastDay, ...] = ()

    def at(self, n: int) -> list[int]:
        """Meetings by the `n`th dial on each past day that reached `n` dials."""
        return [d.meetings_by(n) for d in self.days if d.dials >= n]


@dataclass(frozen=True)
class VarianceCheck:
    """How usual today's meetings are: first against the rep's own past days at the same dial
    count, else at the rep's average rate widened for day-to-day variation. Calls are
    independent, so a quiet day is noise more often than it feels, and nothing is ever 'due'."""

    meetings: int
    dials: int
    expected: float
    """Meetings the rep's record (or average rate) predicts for today's dials."""
    probability: float | None
    """Chance of a day at least this far from the average in this direction; None = nothing to say."""
    above: bool
    working_days: int = 0
    """The past working days looked at (the averages' days)."""
    compared: int = 0
    """Of them, the days that reached today's dial count: the comparison is with these when
    there are RECORD_MIN_DAYS of them (`from_record`), else with the model."""
    like: int = 0
    """Of the compared days, those with as few meetings by today's dial count or fewer (as many
    or more when `above`)."""

    @property
    def from_record(self) -> bool:
        return self.compared >= RECORD_MIN_DAYS

    @classmethod
    def of(
        cls, today: DayCounts, averages: Averages, record: OwnRecord | None = None
    ) -> VarianceCheck:
        rate = averages.ratios.meeting_rate
        n, k = today.dials, today.meetings
        if not n:
            return cls(k, n, 0.0, None, False, averages.days)
        past = record.at(n) if record is not None else []
        if len(past) >= RECORD_MIN_DAYS:
            expected = sum(past) / len(past)
            above = k > expected
            like = sum(1 for m in past if (m >= k if above else m <= k))
            return cls(k, n, expected, like / len(past), above, averages.days, len(past), like)
        if rate is None or not averages.has_history:
            return cls(k, n, 0.0, None, False, averages.days, len(past))
        expected = n * rate
        above = k > expected
        rho = dispersion(averages.daily)
        chance = beta_binomial_tail(k, n, rate, rho, upper=above)
        return cls(k, n, expected, chance, above, averages.days, len(past))

    @property
    def one_in(self) -> int:
        """How rare a span like this is: about 1 in this many (at least 2; 1000 when the
        chance rounds to nothing). Meaningful only when `probability` is not None."""
        p = self.probability
        return max(2, round(1 / p)) if p else 1000


@dataclass(frozen=True)
class NoBudget:
    """The no's to expect today for the target at the rep's average, and how many have come in."""

    target_meetings: int
    """The day's target number (meetings, or conversations when `kind` says so)."""
    expected_nos: int
    collected: int
    kind: PlanKind = MEETINGS
    long_day_one_in: int = 0
    """Past the budget: a day needs this many no's or more before its target about 1 day in
    this many (at the rep's rate, widened for day-to-day spread); 0 while within it."""

    @classmethod
    def of(
        cls, today: DayCounts, averages: Averages, target_meetings: int, kind: PlanKind = MEETINGS
    ) -> NoBudget:
        dials = round(target_meetings * averages.dials_per(kind))
        meetings = (
            target_meetings if kind == MEETINGS else round(dials / averages.dials_per_meeting)
        )
        expected = max(0, dials - meetings)
        one_in = 0
        if expected and today.nos > expected:
            # At least c no's before the t-th yes = fewer than t yeses in the first c + t - 1 dials.
            t, c = target_meetings, today.nos
            rho = dispersion(averages.daily)
            chance = beta_binomial_tail(t - 1, c + t - 1, 1 / averages.dials_per(kind), rho, False)
            one_in = max(2, round(1 / chance)) if chance > 0.001 else 1000
        return cls(target_meetings, expected, today.nos, kind, one_in)

    @property
    def past(self) -> bool:
        """More no's have come in than the target usually brings."""
        return self.long_day_one_in > 0

    @property
    def fill(self) -> float:
        """How full the budget is, 0..1 (it can overflow; the bar stops at full)."""
        return min(1.0, self.collected / self.expected_nos) if self.expected_nos else 1.0


MIN_PACE_MINUTES = 1.0
"""Before a minute of dialing there is no pace to speak of (shown as '—')."""
BREAK_MINUTES = 15.0
"""A gap between calls longer than this was a break: it counts as this much dialing, no more."""


def pace_per_hour(dials: int, minutes: float) -> float | None:
    """Dials per hour over `minutes` of dialing (the panel and the block summary both use this);
    None with no dials or under MIN_PACE_MINUTES: no floor that makes a fast start read slow."""
    return dials / (minutes / 60) if dials and minutes >= MIN_PACE_MINUTES else None


def dialing_minutes(times: Sequence[datetime], now: datetime) -> float:
    """The minutes actually spent dialing: from the first logged call to `now`, each gap between
    calls (and since the last) counted up to BREAK_MINUTES, so lunch does not drag the pace."""
    marks = [*times, now] if times else []
    gaps = ((b - a).total_seconds() / 60 for a, b in zip(marks, marks[1:], strict=False))
    return sum(min(BREAK_MINUTES, max(0.0, g)) for g in gaps)


@dataclass(frozen=True)
class Pace:
    """Target progress and dials per hour."""

    meetings: int
    """Progress toward the target: meetings, or conversations when `kind` says so."""
    target_meetings: int
    dials_per_hour: float | None
    dials_to_go: int
    """Dials still expected, at the rep's average, to reach the target."""
    kind: PlanKind = MEETINGS

    @classmethod
    def of(
        cls,
        today: DayCounts,
        averages: Averages,
        target_meetings: int,
        hours_dialing: float,
        kind: PlanKind = MEETINGS,
    ) -> Pace:
        per_hour = pace_per_hour(today.dials, hours_dialing * 60)
        done = today.conversations if kind == CONVERSATIONS else today.meetings
        to_go = max(0, target_meetings - done)
        return cls(done, target_meetings, per_hour, round(to_go * averages.dials_per(kind)), kind)

"""The review's data: one read of indexed aggregates for a day or a week, turned into figures by
the domain. No Textual here: the review screen and `nextcall stats` both read a `Review`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta, tzinfo

from nextcall.domain.clock import Clock, day_bounds, today
from nextcall.domain.funnel import Averages, DayCounts, OwnRecord, Ratios, VarianceCheck
from nextcall.domain.plan import DayPlan
from nextcall.domain.review_figures import (
    WEEKS,
    Audit,
    Recovery,
    TalkTime,
    audit,
    dials_per_hour,
    week_starts,
    weekly_dials_per_meeting,
)
from nextcall.store import BlockRecord, FollowUp, Store, Win

WINS_SHOWN = 40
"""The wins jar lists this many (newest first) and counts the rest."""
DUE_SHOWN = 10
"""Follow-ups listed per group (the rest are counted)."""
AHEAD_DAYS = 7
"""Follow-ups 'this week': the seven local days after the reviewed day."""


@dataclass(frozen=True)
class Headline:
    """The top of the review: the span's funnel and pace, read from the per-day counters
    (a few index lookups, cheap enough to read before the screen's first frame)."""

    day: date
    today: date
    """The rep's current day when the review was read."""
    first: date
    """The span's first day (`day` itself, or six days before it for the week)."""
    counts: DayCounts
    averages: Averages
    """The 30 working days before the span."""
    per_hour: tuple[tuple[int, int], ...]
    """(local hour, dials) on `day`."""
    by_day: tuple[tuple[date, DayCounts], ...]
    """(day, counts) for each day of the span."""
    trend: tuple[float | None, ...]
    """Dials per meeting, week by week, oldest first."""
    plan: DayPlan | None
    tz: tzinfo
    """The rep's zone, for showing times."""
    talk: TalkTime
    """The span's answered calls whose length the softphone measured, and their total."""
    record: OwnRecord | None
    """A day's span: the 30 working days before it, for 'how usual' (None for a week)."""

    @property
    def week(self) -> bool:
        return self.first != self.day

    @property
    def per_day(self) -> tuple[tuple[date, int], ...]:
        """(day, dials) for each day of the span."""
        return tuple((d, c.dials) for d, c in self.by_day)

    @property
    def is_today(self) -> bool:
        return not self.week and self.day == self.today

    @property
    def ratios(self) -> Ratios:
        return Ratios.of(self.counts)

    @property
    def variance(self) -> VarianceCheck:
        return VarianceCheck.of(self.counts, self.averages, self.record)


@dataclass(frozen=True)
class Review(Headline):
    """Everything the review shows for one day or the week ending with it."""

    reasons: Mapping[str, int]
    """The span's tagged rejection reasons (reason -> count)."""
    audit: Audit
    """The 80% rule over the week ending with `day` (a day alone holds too few no's)."""
    recovery: Recovery
    wins: tuple[Win, ...]
    wins_by_kind: dict[str, int]
    due_today: tuple[FollowUp, ...]
    """Follow-ups still waiting that fell due by the end of `day` (overdue ones included),
    the first DUE_SHOWN."""
    due_ahead: tuple[FollowUp, ...]
    """Follow-ups due in the seven local days after `day`, the first DUE_SHOWN."""
    due_counts: tuple[int, int]
    """How many are due today and in the seven days after."""
    blocks: tuple[BlockRecord, ...]

    @property
    def wins_total(self) -> int:
        return sum(self.wins_by_kind.values())


def span(day: date, week: bool) -> tuple[date, date]:
    return (day - timedelta(days=6) if week else day), day


def _recovery(store: Store, first: date, last: date) -> Recovery:
    rituals, skipped = store.ritual_counts(first, last)
    weekly = tuple(store.ritual_weekly_median_s(week_starts(last, WEEKS)[0], WEEKS))
    return Recovery(store.recovery_median_s(first, last), weekly, rituals, skipped)


def load_headline(store: Store, clock: Clock, day: date, week: bool = False) -> Headline:
    """Read the span's funnel and pace (day_totals and the day's call times, by index)."""
    first, last = span(day, week)
    tz = clock.local_tz()
    days = store.days_counts(week_starts(last, WEEKS)[0], last)
    by_day = tuple(
        (d, days.get(d, DayCounts()))
        for d in (first + timedelta(days=k) for k in range((last - first).days + 1))
    )
    counts = DayCounts()
    for _, c in by_day:
        counts = counts + c
    return Headline(
        day=day,
        today=today(clock),
        first=first,
        counts=counts,
        averages=Averages.of(store.recent_days(first)),
        per_hour=() if week else dials_per_hour(store.call_times(day), tz),
        by_day=by_day,
        trend=weekly_dials_per_meeting(days, last),
        plan=store.day_plan(day),
        tz=tz,
        talk=TalkTime(*store.talk_time(first, last)),
        record=None if week else OwnRecord(tuple(store.past_days(first))),
    )


def _audit(store: Store, head: Headline, reasons: Mapping[str, int], week_first: date) -> Audit:
    """The week's audit (the reviewed week, or the week ending with the reviewed day), with
    its rejections that carry no reason counted as not tagged."""
    if head.week:
        return audit(reasons, head.counts.rejections)
    week = store.days_counts(week_first, head.day).values()
    return audit(store.by_reason(week_first, head.day), sum(c.rejections for c in week))


def load_review(store: Store, clock: Clock, day: date, week: bool = False) -> Review:
    """Read all the span's figures: every query is an index range (never a full scan)."""
    head = load_headline(store, clock, day, week)
    first, last = head.first, head.day
    _, end = day_bounds(day, head.tz)
    _, ahead = day_bounds(day + timedelta(days=AHEAD_DAYS), head.tz)  # DST-safe local days
    reasons = store.by_reason(first, last)
    week_first, _ = span(day, True)
    return Review(
        **{f.name: getattr(head, f.name) for f in fields(Headline)},
        reasons=reasons,
        audit=_audit(store, head, reasons, week_first),
        recovery=_recovery(store, first, last),
        wins=tuple(store.wins(first, last, WINS_SHOWN)),
        wins_by_kind=store.count_wins(first, last),
        due_today=tuple(store.follow_ups(None, end, DUE_SHOWN)),
        due_ahead=tuple(store.follow_ups(end, ahead, DUE_SHOWN)),
        due_counts=(store.count_follow_ups(None, end), store.count_follow_ups(end, ahead)),
        blocks=tuple(store.blocks(first, last)),
    )

"""The team's figures (the floor and `nextcall stats --team`), made from one team read by the
same domain rules as one rep's review: the funnel's counts and ratios, pace over the time
actually dialing (`dialing_minutes`, `pace_per_hour`), the rejection audit and its 80% rule
(`audit`). No Textual, no driver: the store's `TeamView` gives the rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from nextcall.domain.clock import Clock, day_bounds, today
from nextcall.domain.funnel import DayCounts, Ratios, dialing_minutes, pace_per_hour
from nextcall.domain.review_figures import Audit, audit
from nextcall.store.team_records import ListProgress, Presence, TeamAsk, TeamRead
from nextcall.store.team_view import TeamView

NOBODY = Presence(None, None, False)
PROGRESS_SECONDS = 30.0
"""The floor counts the list by place at most this often (a count over every prospect); the
prospects held now are read every time."""


@dataclass(frozen=True)
class Figures:
    """A span's figures for one rep or the whole team."""

    counts: DayCounts = field(default_factory=DayCounts)
    reasons: Mapping[str, int] = field(default_factory=dict)
    """Tagged rejection reasons -> count."""
    wins: int = 0
    minutes: float = 0.0
    """Minutes spent dialing on the day (breaks capped, as the rep's own panel counts them);
    for the team, every rep's added up. 0 for a week."""
    pace: float | None = None
    """Dials an hour over `minutes` (for the team: an hour of one rep's dialing); None for a
    week, or under a minute of dialing."""

    @property
    def ratios(self) -> Ratios:
        return Ratios.of(self.counts)

    @property
    def not_tagged(self) -> int:
        """Rejections without a reason: shown as 'not tagged', never left out."""
        return max(0, self.counts.rejections - sum(self.reasons.values()))


@dataclass(frozen=True)
class RepFigures(Figures):
    """One rep's figures, and whether they are on the floor."""

    rep: str = ""
    first_call: datetime | None = None
    last_call: datetime | None = None
    presence: Presence = NOBODY


@dataclass(frozen=True)
class TeamFigures:
    """Everything the floor and `nextcall stats --team` show for a day or a week."""

    day: date
    """The reviewed day (the last of a week)."""
    first: date
    """The span's first day (`day` itself, or six days before it for a week)."""
    today: date
    reps: tuple[RepFigures, ...]
    """The reps who dialed in the span or (the span being today's) are on the floor, by name."""
    total: Figures
    on_call: int
    """Reps on a call right now."""
    audit: Audit
    """The team's rejection audit over the week ending with `day`, with the 80% rule."""
    progress: ListProgress
    by_day: tuple[tuple[date, DayCounts], ...]
    """The team's counts on each day of the span."""

    @property
    def week(self) -> bool:
        return self.first != self.day


class CallTimes:
    """The day's call times by rep, kept from one read to the next so that each read fetches
    only the calls logged since (the floor reads every few seconds all day)."""

    def __init__(self) -> None:
        self.day: date | None = None
        self.by_rep: dict[str, list[datetime]] = {}
        self.last_id = 0

    def ask(self, day: date) -> TeamAsk:
        """The read for `day`, past the calls already held (a new day starts afresh)."""
        if day != self.day:
            self.day, self.by_rep, self.last_id = day, {}, 0
        held = {rep: len(times) for rep, times in self.by_rep.items()}
        return TeamAsk(day, times=True, after_id=self.last_id, held=held)

    def take(self, read: TeamRead) -> None:
        """Add what a read brought (replacing the reps it read whole)."""
        for rep, times in read.times.items():
            if rep in read.whole:
                self.by_rep[rep] = list(times)
            else:
                self.by_rep.setdefault(rep, []).extend(times)
        self.last_id = read.last_id

    def of(self, rep: str) -> list[datetime]:
        return self.by_rep.get(rep, []) if self.day is not None else []


class Kept:
    """What the floor keeps from one read to the next: the day's call times, and the list's
    progress with when it was counted (monotonic seconds)."""

    def __init__(self) -> None:
        self.times = CallTimes()
        self.progress: ListProgress | None = None
        self.counted_at = 0.0

    def ask(self, day: date, now: float) -> TeamAsk:
        due = self.progress is None or now - self.counted_at >= PROGRESS_SECONDS
        return replace(self.times.ask(day), progress=due)

    def take(self, read: TeamRead, now: float) -> ListProgress:
        """Keep what a read brought; the list's progress as it now stands."""
        self.times.take(read)
        if read.progress is not None:
            self.progress, self.counted_at = read.progress, now
        return replace(self.progress or ListProgress(), claimed=read.claimed)


def read_figures(
    view: TeamView, clock: Clock, day: date, week: bool = False, kept: Kept | None = None
) -> TeamFigures:
    """Read the team's figures for `day` (or the week ending with it). `kept`: what the last
    read of the same day left (the floor's), brought up to date here."""
    if week:
        read = view.read_team(TeamAsk(day))
        return figures(read, clock, read.progress or ListProgress(), week=True)
    kept = kept or Kept()
    read = view.read_team(kept.ask(day, clock.monotonic()))
    progress = kept.take(read, clock.monotonic())
    return figures(read, clock, progress, times=kept.times)


def figures(
    read: TeamRead,
    clock: Clock,
    progress: ListProgress,
    week: bool = False,
    times: CallTimes | None = None,
) -> TeamFigures:
    """The team's figures for `read.last` (or its week) from a read, the list's progress and
    the day's call times."""
    day = read.last
    first = read.first if week else day
    span = [first + timedelta(days=k) for k in range((day - first).days + 1)]
    _, end = day_bounds(day, clock.local_tz())
    now = min(clock.now(), end)
    reps = tuple(
        _rep(rep, read, span, [] if week or times is None else times.of(rep), now)
        for rep in _listed(read, span, clock)
    )
    return TeamFigures(
        day=day,
        first=first,
        today=today(clock),
        reps=reps,
        total=_total(reps, week),
        on_call=sum(1 for r in reps if r.presence.on_call),
        audit=_audit(read),
        progress=progress,
        by_day=tuple((d, _sum(c.get(d) for c in read.days.values())) for d in span),
    )


def _listed(read: TeamRead, span: list[date], clock: Clock) -> list[str]:
    """The reps to show: those who dialed or logged a win in the span; for a span that ends
    today also those on a call or seen since it began (by the server's clock: how long ago,
    set against how long the span has run here)."""
    reps = {
        rep
        for rows in (read.days, read.wins)
        for rep, by_day in rows.items()
        if any(d in by_day for d in span)
    }
    if span[-1] == today(clock):
        running = (clock.now() - day_bounds(span[0], clock.local_tz())[0]).total_seconds()
        for rep, p in read.presence.items():
            if p.on_call or (p.seen_ago_s is not None and p.seen_ago_s <= running):
                reps.add(rep)
    return sorted(reps, key=lambda r: (r.casefold(), r))


def _rep(
    rep: str, read: TeamRead, span: list[date], times: list[datetime], now: datetime
) -> RepFigures:
    by_day = read.days.get(rep, {})
    counts = _sum(by_day.get(d) for d in span)
    reasons: dict[str, int] = {}
    for d in span:
        for reason, n in read.reasons.get(rep, {}).get(d, {}).items():
            reasons[reason] = reasons.get(reason, 0) + n
    minutes = dialing_minutes(sorted(times), now) if times else 0.0
    return RepFigures(
        counts=counts,
        reasons=reasons,
        wins=sum(read.wins.get(rep, {}).get(d, 0) for d in span),
        minutes=minutes,
        pace=pace_per_hour(counts.dials, minutes) if times else None,
        rep=rep,
        first_call=min(times, default=None),
        last_call=max(times, default=None),
        presence=read.presence.get(rep, NOBODY),
    )


def _total(reps: tuple[RepFigures, ...], week: bool) -> Figures:
    counts = _sum(r.counts for r in reps)
    reasons: dict[str, int] = {}
    for r in reps:
        for reason, n in r.reasons.items():
            reasons[reason] = reasons.get(reason, 0) + n
    minutes = sum(r.minutes for r in reps)
    return Figures(
        counts=counts,
        reasons=reasons,
        wins=sum(r.wins for r in reps),
        minutes=minutes,
        pace=None if week else pace_per_hour(counts.dials, minutes),
    )


def _audit(read: TeamRead) -> Audit:
    """The 80% rule over the whole week read, every rep's no's together."""
    reasons: dict[str, int] = {}
    for by_day in read.reasons.values():
        for counts in by_day.values():
            for reason, n in counts.items():
                reasons[reason] = reasons.get(reason, 0) + n
    rejections = sum(c.rejections for by_day in read.days.values() for c in by_day.values())
    return audit(reasons, rejections)


def _sum(counts: Iterable[DayCounts | None]) -> DayCounts:
    total = DayCounts()
    for c in counts:
        if c is not None:
            total = total + c
    return total

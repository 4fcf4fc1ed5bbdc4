"""The review's figures as pure functions over aggregates: the rejection audit and its 80% rule,
recovery time and its trend, dials per meeting week by week, dials per hour."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from nextcall.domain.funnel import DayCounts, Ratios
from nextcall.domain.outcomes import REASONS

HUNG_UP = "hung_up"
WORKABLE: tuple[str, ...] = tuple(r for r in REASONS if r != HUNG_UP)
"""Reasons that point at something to work on. A hang-up says nothing about why, so it is shown
in the bars but left out of the 80% rule (in neither the top reasons nor the total)."""
MIN_TAGGED = 5
"""Below this many tagged no's in the week, a pattern would be noise: the audit says so."""
FOCUS_NUM, FOCUS_DEN = 4, 5
"""The 80% rule as a fraction (integers, so 80% exactly counts without float rounding)."""

ADVICE: Mapping[str, str] = {
    "timing": "Targeting and urgency: call people with a reason to act now, and give them one.",
    "budget": "Targeting and urgency: call people with a reason to act now, and give them one.",
    "value": "Discovery and the value story: ask more before you pitch; tie it to their numbers.",
    "authority": "Reach the decision-maker: ask who signs, and open higher up the org chart.",
    "need": "Qualification: check the fit before the call, so fewer calls go to poor matches.",
    "competitor": "Positioning: have a crisp answer to 'we already use X' and what you do better.",
}
REASON_LABELS: Mapping[str, str] = {r: r.replace("_", " ") for r in REASONS}
WEEKS = 8
"""How many weeks the trends look back over."""


@dataclass(frozen=True)
class Audit:
    """Where the span's no's came from, and whether one or two reasons dominate."""

    counts: Mapping[str, int]
    """Every reason name (hung_up included) -> count."""
    tagged: int
    """Tagged no's with a workable reason (hung_up excluded)."""
    focus: tuple[str, ...]
    """The one or two reasons holding >= 80% of the tagged no's; empty when none do."""
    untagged: int = 0
    """Rejections with no reason tagged: shown as 'not tagged', never left out."""

    @property
    def share(self) -> float | None:
        """The focus reasons' share of the tagged no's."""
        if not self.focus or not self.tagged:
            return None
        return sum(self.counts[r] for r in self.focus) / self.tagged

    @property
    def ties(self) -> tuple[str, ...]:
        """Reasons left out of the focus with as many no's as its last reason (the order of
        REASONS broke the tie)."""
        if not self.focus:
            return ()
        edge = self.counts[self.focus[-1]]
        return tuple(r for r in WORKABLE if r not in self.focus and self.counts[r] == edge)

    def advice(self) -> list[str]:
        """The suggestions for the focus reasons (timing and budget share one)."""
        return list(dict.fromkeys(ADVICE[r] for r in self.focus))

    def sentence(self, so_far: bool = True) -> str:
        """The audit's verdict in plain words (`so_far`: the span is still going on)."""
        if self.tagged < MIN_TAGGED:
            tagged = "1 tagged no" if self.tagged == 1 else f"{self.tagged} tagged no's"
            return (
                f"{tagged}{' so far' if so_far else ''}: too few to show a pattern. "
                "Tag the reason (1-6) during the reset."
            )
        if not self.focus or self.share is None:
            return "Your no's are spread across reasons: no single thing to fix. Keep dialing."
        names = " and ".join(REASON_LABELS[r] for r in self.focus)
        tie = ""
        if self.ties:
            others = " and ".join(REASON_LABELS[r] for r in self.ties)
            tie = f" ({others} tied with {REASON_LABELS[self.focus[-1]]})"
        return f"{self.share:.0%} of your tagged no's are {names}{tie}. Where to work:"


def audit(counts: Mapping[str, int], rejections: int = 0) -> Audit:
    """Apply the 80% rule to a span's reason counts; `rejections`: the span's rejections, the
    ones without a reason counted as not tagged (the rule itself reads the tagged ones)."""
    full = {r: int(counts.get(r, 0)) for r in REASONS}
    tagged = sum(full[r] for r in WORKABLE)
    ranked = sorted(WORKABLE, key=lambda r: (-full[r], WORKABLE.index(r)))
    focus: tuple[str, ...] = ()
    if tagged >= MIN_TAGGED:
        for size in (1, 2):
            top = ranked[:size]
            if sum(full[r] for r in top) * FOCUS_DEN >= tagged * FOCUS_NUM and full[top[-1]]:
                focus = tuple(top)
                break
    untagged = max(0, rejections - sum(full.values()))
    return Audit(full, tagged, focus, untagged)


@dataclass(frozen=True)
class Recovery:
    """Recovery time for a span and its weekly trend."""

    median_s: float | None
    """The span's median time from a rejection to the next dial."""
    weekly_median_s: tuple[float | None, ...]
    """One per week, oldest first, the last ending with the span's last day."""
    rituals: int
    """Rejections in the span that went through (or skipped) the ritual."""
    skipped: int

    @property
    def has_data(self) -> bool:
        return self.rituals > 0 or any(m is not None for m in self.weekly_median_s)

    @property
    def skipped_share(self) -> float | None:
        return self.skipped / self.rituals if self.rituals else None

    def trend_sentence(self) -> str:
        """Whether the weekly median is shrinking (the callus growing)."""
        known = [m for m in self.weekly_median_s if m is not None]
        if len(known) < 2:
            return "A trend needs two weeks of ritual data."
        first, last = known[0], known[-1]
        if last < first * 0.9:
            return f"Down from {first:.0f}s to {last:.0f}s: you bounce back faster."
        if last > first * 1.1:
            return f"Up from {first:.0f}s to {last:.0f}s: slower back to the phone lately."
        return f"Steady around {last:.0f}s."


@dataclass(frozen=True)
class TalkTime:
    """Time on the phone with someone: the calls whose length the softphone measured (from
    answer to hang-up, so answered calls only) and their total."""

    calls: int = 0
    total_s: float = 0.0

    @property
    def seconds(self) -> int | None:
        """The total in whole seconds; None when no call has a length."""
        return round(self.total_s) if self.calls else None

    def sentence(self) -> str:
        """'talk time 1:42:10 over 38 answered calls (avg 2:41)'; '' without any."""
        if not self.calls:
            return ""
        calls = "1 answered call" if self.calls == 1 else f"{self.calls} answered calls"
        average = clock_text(self.total_s / self.calls)
        return f"talk time {clock_text(self.total_s)} over {calls} (avg {average})"


def clock_text(seconds: float) -> str:
    """A length as a clock shows it: '2:41', '1:42:10'."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def week_starts(last: date, weeks: int = WEEKS) -> list[date]:
    """The first days of `weeks` seven-day windows, oldest first, the last ending with `last`."""
    return [last - timedelta(days=7 * k + 6) for k in range(weeks - 1, -1, -1)]


def weekly_dials_per_meeting(
    days: Mapping[date, DayCounts], last: date, weeks: int = WEEKS
) -> tuple[float | None, ...]:
    """Dials per meeting in each seven-day window, oldest first (None: no meeting that week)."""
    result = []
    for start in week_starts(last, weeks):
        total = DayCounts()
        for offset in range(7):
            total = total + days.get(start + timedelta(days=offset), DayCounts())
        result.append(Ratios.of(total).dials_per_meeting)
    return tuple(result)


def dials_per_hour(times: Sequence[datetime], tz: tzinfo) -> tuple[tuple[int, int], ...]:
    """(local hour, dials) from the first dial's hour to the last's, hours without dials as 0.
    Hours are wall-clock labels: on a DST change the repeated hour shares one bar."""
    if not times:
        return ()
    hours = [t.astimezone(tz).hour for t in times]
    counts = {h: 0 for h in range(min(hours), max(hours) + 1)}
    for h in hours:
        counts[h] += 1
    return tuple(sorted(counts.items()))

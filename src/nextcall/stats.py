"""`nextcall stats`: a day's (or a week's) numbers, as a compact Rich report or one JSON object.
The report reads the same `Review` as the review screen, so the two never disagree."""

from __future__ import annotations

import json
from datetime import date, timedelta, tzinfo
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from nextcall.charts import hbar, spark
from nextcall.domain.clock import Clock, SystemClock, day_bounds
from nextcall.domain.funnel import DayCounts, Ratios
from nextcall.domain.outcomes import BY_NAME, REASONS
from nextcall.domain.review import REASON_LABELS
from nextcall.review import Review, load_review
from nextcall.store.repository import Store

BAR = 24
"""Width of the report's bars."""


def collect(
    store: Store, day: date, week: bool = False, tz: tzinfo | None = None
) -> dict[str, Any]:
    """The numbers of SPEC section 7 for `day`, or the seven days ending with it. `tz` is the
    rep's zone (default: the system's), which says when `day` ends."""
    first = day - timedelta(days=6) if week else day
    days = store.days_counts(first, day)
    counts = DayCounts()
    for d in days.values():
        counts = counts + d
    ratios = Ratios.of(counts)
    reasons = store.by_reason(first, day)
    rituals, skipped = store.ritual_counts(first, day)
    plan = store.day_plan(day)
    data: dict[str, Any] = {
        "day": day.isoformat(),
        "dials": counts.dials,
        "connects": counts.connects,
        "conversations": counts.conversations,
        "meetings": counts.meetings,
        "rejections": counts.rejections,
        "by_outcome": dict(counts.by_outcome),
        "by_reason": {r: reasons.get(r, 0) for r in REASONS},
        "dials_per_meeting": None
        if ratios.dials_per_meeting is None
        else round(ratios.dials_per_meeting, 2),
        "recovery_median_s": store.recovery_median_s(first, day),
        "wins": sum(store.count_wins(first, day).values()),
        "prospects": store.count_prospects(),
        "follow_ups_due": follow_ups_due(store, day, tz or SystemClock().local_tz()),
        "rituals": rituals,
        "rituals_skipped": skipped,
        "plan": None if plan is None else {"kind": plan.kind, "target": plan.target},
        "blocks": len(store.blocks(first, day)),
    }
    if week:
        data["week_start"] = first.isoformat()
        data["by_day"] = {
            (first + timedelta(days=k)).isoformat(): _day_fields(
                days.get(first + timedelta(days=k), DayCounts())
            )
            for k in range(7)
        }
    return data


def follow_ups_due(store: Store, day: date, tz: tzinfo) -> int:
    """Follow-ups due by the end of local `day` and not yet called (overdue ones included)."""
    return store.count_follow_ups(None, day_bounds(day, tz)[1])


def _day_fields(counts: DayCounts) -> dict[str, int]:
    return {
        "dials": counts.dials,
        "connects": counts.connects,
        "conversations": counts.conversations,
        "meetings": counts.meetings,
        "rejections": counts.rejections,
    }


def review(store: Store, clock: Clock, day: date, week: bool = False) -> Review:
    """The review's figures, for the printed report."""
    return load_review(store, clock, day, week)


def print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, indent=2))


def _bar(n: float, top: float, style: str) -> Text:
    return Text(f"{hbar(n, top, BAR):<{BAR}}", style=style)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.0%}"


def print_table(
    data: dict[str, Any], console: Console | None = None, report: Review | None = None
) -> None:
    """The funnel as bars with rates (and the rep's averages when `report` is given), then the
    audit, recovery, wins and follow-ups."""
    console = console or Console()
    span = f"week {data['week_start']} to {data['day']}" if "week_start" in data else data["day"]
    table = Table(title=f"nextcall · {span}", show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column()
    table.add_column(style="dim")
    avg = report.averages.ratios if report is not None else None
    dpm = data["dials_per_meeting"]
    meetings = "none yet" if dpm is None else f"1 in {dpm:.0f} dials"
    if avg is not None and avg.dials_per_meeting is not None:
        meetings += f" · avg 1 in {avg.dials_per_meeting:.0f}"
    d, c = data["dials"], data["connects"]
    rows = [
        ("Dials", d, "blue", ""),
        ("Connects", c, "cyan", _rate(c, d, "of dials", avg.connect_rate if avg else None)),
        (
            "Conversations",
            data["conversations"],
            "cyan",
            _rate(data["conversations"], c, "of connects", avg.conversation_rate if avg else None),
        ),
        ("Meetings", data["meetings"], "green", meetings),
        ("Rejections", data["rejections"], "red", _rate(data["rejections"], d, "of dials", None)),
    ]
    for label, n, style, note in rows:
        table.add_row(label, str(n), _bar(n, data["dials"], style), note)
    table.add_row("Wins", str(data["wins"]), "", "meetings and small wins")
    table.add_row("Prospects", str(data["prospects"]), "", "still being worked")
    console.print(table)
    outcomes = ", ".join(f"{BY_NAME[k].label} {v}" for k, v in data["by_outcome"].items() if v)
    console.print(f"[dim]Outcomes:[/] {outcomes or 'none yet'}")
    if report is not None:
        _print_review(report, console)
    else:
        reasons = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in data["by_reason"].items() if v)
        if reasons:
            console.print(f"[dim]Reasons for no:[/] {reasons}")


def _rate(part: int, whole: int, of: str, average: float | None) -> str:
    if not whole:
        return ""
    text = f"{part / whole:.0%} {of}"
    return text if average is None else f"{text} · avg {_pct(average)}"


def _print_review(r: Review, console: Console) -> None:
    console.print()
    console.print(f"[i]{r.variance_sentence()}[/]")
    known = [v for v in r.trend if v is not None]
    if known:
        console.print(f"Dials per meeting by week: [blue]{spark(r.trend)}[/] {known[-1]:.0f} now")
    a = r.audit
    top = max(a.counts.values(), default=0)
    console.print()
    console.print("[b]Where the no's came from[/]")
    for reason in REASONS:
        n = a.counts[reason]
        style = "red" if reason in a.focus else "blue"
        console.print(Text(f"  {REASON_LABELS[reason]:<11}{n:>4} ") + _bar(n, top, style))
    console.print(a.sentence(), highlight=False)
    for line in a.advice():
        console.print(f"  → {line}", highlight=False)
    rec = r.recovery
    console.print()
    if rec.has_data:
        median = "—" if rec.median_s is None else f"{rec.median_s:.0f}s"
        console.print(
            f"[b]Recovery[/] median {median}, ritual skipped {rec.skipped} of {rec.rituals} · "
            f"by week [blue]{spark(rec.weekly_median_s)}[/] {rec.trend_sentence()}",
            highlight=False,
        )
    else:
        console.print("[b]Recovery[/] no ritual records yet", highlight=False)
    console.print(f"[b]Wins jar[/] {r.wins_total}", highlight=False)
    for win in r.wins[:5]:
        console.print(
            f"  [dim]{win.at.astimezone(r.tz):%a %d %b %H:%M}[/] {win.kind}: {win.text}",
            highlight=False,
        )
    console.print(
        f"[b]Follow-ups due[/] today {r.due_counts[0]}, next 7 days {r.due_counts[1]}",
        highlight=False,
    )

"""`nextcall stats`: a day's (or a week's) numbers, as a compact Rich report or one JSON object.
The report reads the same `Review` as the review screen, so the two never disagree."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from nextcall.cli.exits import EXIT_USAGE, fail, piped
from nextcall.domain.clock import Clock, today
from nextcall.domain.funnel import CONVERSATIONS, DayCounts
from nextcall.domain.outcomes import BY_NAME, REASONS
from nextcall.domain.review_figures import REASON_LABELS
from nextcall.io.inert import inert
from nextcall.services.review_data import Review, load_review
from nextcall.store import Store
from nextcall.ui.text import columns, hbar, one_in, percent, plural, spark, variance_sentence

BAR = 24
"""Width of the report's bars."""
PACE_ROWS = 3
"""Height of the report's dials-per-hour chart."""


def run(args: argparse.Namespace, store: Store, clock: Clock) -> int:
    """`nextcall stats [--day D] [--week] [--json]`; a day after today is a usage error."""
    return piped(lambda: _run(args, store, clock))


def _run(args: argparse.Namespace, store: Store, clock: Clock) -> int:
    now = today(clock)
    day = args.day or now
    if day > now:
        return fail(
            f"{day} is in the future: today ({now}) is the latest day with numbers.", EXIT_USAGE
        )
    report = review(store, clock, day, args.week)
    data = collect(report, store.count_kept())
    if args.json:
        print_json(data)
    else:
        print_table(data, report)
    return 0


def collect(report: Review, prospects: int) -> dict[str, Any]:
    """The numbers of SPEC section 7 for the reviewed day (or the seven days ending with it),
    read from the same `Review` as the review screen. `prospects`: `Store.count_kept()`."""
    counts, ratios = report.counts, report.ratios
    data: dict[str, Any] = {
        "day": report.day.isoformat(),
        "dials": counts.dials,
        "connects": counts.connects,
        "conversations": counts.conversations,
        "meetings": counts.meetings,
        "rejections": counts.rejections,
        "by_outcome": dict(counts.by_outcome),
        "by_reason": {r: int(report.reasons.get(r, 0)) for r in REASONS},
        "not_tagged": max(0, counts.rejections - sum(report.reasons.values())),
        "dials_per_meeting": None
        if ratios.dials_per_meeting is None
        else round(ratios.dials_per_meeting, 2),
        "recovery_median_s": report.recovery.median_s,
        "talk_time_s": report.talk.seconds,
        "talk_calls": report.talk.calls,
        "wins": report.wins_total,
        "prospects": prospects,
        "follow_ups_due": report.due_counts[0],
        "rituals": report.recovery.rituals,
        "rituals_skipped": report.recovery.skipped,
        "plan": None
        if report.plan is None
        else {"kind": report.plan.kind, "target": report.plan.target},
        "blocks": len(report.blocks),
    }
    if report.week:
        data["week_start"] = report.first.isoformat()
        data["by_day"] = {d.isoformat(): _day_fields(c) for d, c in report.by_day}
    return data


def _day_fields(counts: DayCounts) -> dict[str, int]:
    return {
        "dials": counts.dials,
        "connects": counts.connects,
        "conversations": counts.conversations,
        "meetings": counts.meetings,
        "rejections": counts.rejections,
    }


def review(store: Store, clock: Clock, day: date, week: bool = False) -> Review:
    """The review's figures, for the JSON object and the printed report."""
    return load_review(store, clock, day, week)


def print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, indent=2))


def _bar(n: float, top: float, style: str) -> Text:
    return Text(f"{hbar(n, top, BAR):<{BAR}}", style=style)


def print_table(data: dict[str, Any], report: Review, console: Console | None = None) -> None:
    """The funnel as bars with rates against the rep's averages, the plan, the pace chart,
    then the audit, recovery, wins, follow-ups and call blocks."""
    console = console or Console()
    span = f"week {data['week_start']} to {data['day']}" if "week_start" in data else data["day"]
    table = Table(title=f"nextcall · {span}", show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column()
    table.add_column(style="dim")
    avg = report.averages.ratios
    dpm = data["dials_per_meeting"]
    meetings = "none yet" if dpm is None else f"{one_in(dpm)} dials"
    if avg is not None and avg.dials_per_meeting is not None:
        meetings += f" · avg {one_in(avg.dials_per_meeting)}"
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
    table.add_row("Prospects", str(data["prospects"]), "", "in the database, not archived")
    console.print(table)
    outcomes = ", ".join(f"{BY_NAME[k].label} {v}" for k, v in data["by_outcome"].items() if v)
    console.print(f"[dim]Outcomes:[/] {outcomes or 'none yet'}")
    if report.talk.calls:
        talk = report.talk.sentence()
        console.print(f"[b]Talk[/]{talk.removeprefix('talk')}", highlight=False)
    _print_plan(report, console)
    _print_pace(report, console)
    _print_review(report, console)
    _print_blocks(report, console)


def _print_plan(r: Review, console: Console) -> None:
    if r.week or r.plan is None:
        return
    done = r.counts.conversations if r.plan.kind == CONVERSATIONS else r.counts.meetings
    short = "to go" if r.day == r.today else "short"
    verdict = "target reached" if done >= r.plan.target else f"{r.plan.target - done} {short}"
    console.print(f"[b]Plan[/] {done} of {r.plan.label()} ({verdict})", highlight=False)


def _print_pace(r: Review, console: Console) -> None:
    """Dials per hour (a day) or per day (a week) as a column chart."""
    if r.week:
        values, labels = [n for _, n in r.per_day], [f"{d:%a}" for d, _ in r.per_day]
        title = "Dials per day"
    else:
        values, labels = [n for _, n in r.per_hour], [f"{h:02d}" for h, _ in r.per_hour]
        title = "Dials per hour"
    console.print()
    if not any(values):
        console.print(f"[b]{title}[/] [dim]no dials[/]", highlight=False)
        return
    console.print(f"[b]{title}[/] [dim]busiest {max(values)}[/]", highlight=False)
    for row in columns(values, labels, PACE_ROWS, "blue"):
        console.print("  " + row, highlight=False)


def _print_blocks(r: Review, console: Console) -> None:
    console.print()
    if not r.blocks:
        console.print("[b]Call blocks[/] none", highlight=False)
        return
    console.print("[b]Call blocks[/]", highlight=False)
    for b in r.blocks:
        start = b.started_at.astimezone(r.tz)
        if b.ended_at is None:
            line = f"{start:%a %H:%M} not ended ({b.planned_minutes} min planned)"
        else:
            minutes = (b.ended_at - b.started_at).total_seconds() / 60
            line = (
                f"{start:%a %H:%M}–{b.ended_at.astimezone(r.tz):%H:%M} ({minutes:.0f} of "
                f"{b.planned_minutes} min): {plural(b.counts.dials, 'dial')}, "
                f"{b.counts.conversations} conv, {plural(b.counts.meetings, 'meeting')}"
            )
        console.print(f"  {line}", highlight=False)


def _rate(part: int, whole: int, of: str, average: float | None) -> str:
    if not whole:
        return ""
    text = f"{part / whole:.0%} {of}"
    return text if average is None else f"{text} · avg {percent(average)}"


def _print_review(r: Review, console: Console) -> None:
    console.print()
    unit = "week" if r.week else "day"
    sentence = variance_sentence(r.variance, unit, today=r.is_today, figures=True)
    console.print(f"[i]{sentence}[/]")
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
    if a.untagged:
        bar = _bar(a.untagged, max(top, a.untagged), "dim")
        console.print(Text(f"  {'not tagged':<11}{a.untagged:>4} ") + bar)
    console.print(f"[dim]the week to {r.day:%a %d %b}[/]", highlight=False)
    console.print(a.sentence(so_far=r.day == r.today), highlight=False)
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
            f"  [dim]{win.at.astimezone(r.tz):%a %d %b %H:%M}[/] {win.kind}: {escape(inert(win.text))}",
            highlight=False,
        )
    due, ahead = r.due_counts
    if r.day == r.today:
        line = f"today {due}, next 7 days {ahead}"
    else:
        line = f"still waiting from {r.day:%a %d %b} or before {due}, the 7 days after {ahead}"
    console.print(f"[b]Follow-ups due[/] {line}", highlight=False)

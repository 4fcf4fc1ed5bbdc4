"""`nextcall stats --team [--day D | --week] [--json]`: the team's day (or week) on the team
database: every rep's funnel and pace and the team's together, the team's rejection audit for
the week with the 80% rule, the list's progress. The private parts of calls (recovery times,
rituals, debriefs) are each rep's own: `recovery_median_s` is always null here."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from nextcall.cli.exits import EXIT_USAGE, fail, piped
from nextcall.domain.clock import Clock, today
from nextcall.domain.outcomes import REASONS
from nextcall.domain.review_figures import REASON_LABELS
from nextcall.io.inert import inert
from nextcall.services.team_figures import Figures, RepFigures, TeamFigures, read_figures
from nextcall.store import Store
from nextcall.store.codec import iso
from nextcall.store.team_view import TeamView
from nextcall.ui.team_text import audit_sentence, pace_text, presence_text, progress_parts
from nextcall.ui.text import hbar, one_in, percent

BAR = 24
"""Width of the audit's bars."""
AUDIT_DAYS = 7
"""The audit covers the week ending with the reviewed day."""
NEEDS_TEAM = (
    "the team's numbers need the team database: set [team] database in config.toml"
    " (or NEXTCALL_DATABASE_URL)."
)


def run(args: argparse.Namespace, store: Store | TeamView, clock: Clock) -> int:
    """`nextcall stats --team`; a day after today is a usage error, and so is a store with no
    team (one rep's own file)."""
    return piped(lambda: _run(args, store, clock))


def _run(args: argparse.Namespace, store: object, clock: Clock) -> int:
    if not isinstance(store, TeamView):
        return fail(NEEDS_TEAM, EXIT_USAGE)
    now = today(clock)
    day = args.day or now
    if day > now:
        return fail(
            f"{day} is in the future: today ({now}) is the latest day with numbers.", EXIT_USAGE
        )
    figs = read_figures(store, clock, day, bool(args.week))
    if args.json:
        print(json.dumps(collect(figs), indent=2))
    else:
        print_report(figs)
    return 0


def collect(figs: TeamFigures) -> dict[str, Any]:
    """SPEC section 7's fields for the team as a whole, then `reps`: one object per rep with
    `rep` and the same fields, and whether they are on the floor."""
    prospects = figs.progress.kept
    data: dict[str, Any] = {"day": figs.day.isoformat(), **fields(figs.total, prospects)}
    data["on_call"] = figs.on_call
    if figs.week:
        data["week_start"] = figs.first.isoformat()
        data["by_day"] = {
            d.isoformat(): {"dials": c.dials, "connects": c.connects,
                            "conversations": c.conversations, "meetings": c.meetings,
                            "rejections": c.rejections}
            for d, c in figs.by_day
        }  # fmt: skip
    a = figs.audit
    data["audit"] = {
        "week_start": (figs.day - timedelta(days=AUDIT_DAYS - 1)).isoformat(),
        "by_reason": {r: int(a.counts[r]) for r in REASONS},
        "not_tagged": a.untagged,
        "tagged": a.tagged,
        "focus": list(a.focus),
        "share": None if a.share is None else round(a.share, 3),
    }
    data["list"] = {
        "new": figs.progress.new,
        "retry": figs.progress.retry,
        "follow_ups": figs.progress.follow_ups,
        "booked": figs.progress.booked,
        "archived": figs.progress.archived,
        "dnc": figs.progress.dnc,
        "claimed": figs.progress.claimed,
    }
    data["reps"] = [_rep(r, prospects) for r in figs.reps]
    return data


def fields(f: Figures, prospects: int) -> dict[str, Any]:
    """The SPEC 7 fields of one rep's figures or the team's."""
    counts = f.counts
    dpm = f.ratios.dials_per_meeting
    return {
        "dials": counts.dials,
        "connects": counts.connects,
        "conversations": counts.conversations,
        "meetings": counts.meetings,
        "rejections": counts.rejections,
        "by_outcome": dict(counts.by_outcome),
        "by_reason": {r: int(f.reasons.get(r, 0)) for r in REASONS},
        "not_tagged": f.not_tagged,
        "dials_per_meeting": None if dpm is None else round(dpm, 2),
        "recovery_median_s": None,  # each rep's own: no team view reads it
        "wins": f.wins,
        "prospects": prospects,
        "pace_per_hour": None if f.pace is None else round(f.pace, 1),
    }


def _rep(r: RepFigures, prospects: int) -> dict[str, Any]:
    return {
        "rep": r.rep,
        **fields(r, prospects),
        "on_call": r.presence.on_call,
        "first_call_at": _instant(r.first_call),
        "last_call_at": _instant(r.last_call),
        "last_seen_at": _instant(r.presence.seen_at),
    }


def _instant(at: datetime | None) -> str | None:
    return None if at is None else iso(at)


def print_report(figs: TeamFigures, console: Console | None = None) -> None:
    """Each rep's funnel and pace with the team's below, the ratios, the week's audit and the
    list's progress."""
    console = console or Console()
    span = f"week {figs.first} to {figs.day}" if figs.week else str(figs.day)
    table = Table(title=f"nextcall · the team · {span}", box=None, pad_edge=False)
    table.add_column("Rep", overflow="ellipsis", max_width=24)
    for head in ("Dials", "Connects", "Conv", "Meetings", "Rej", "Pace"):
        table.add_column(head, justify="right")
    table.add_column("Now")
    for r in figs.reps:
        table.add_row(Text(inert(r.rep)), *_row(r), presence_text(r.presence))
    on_call = f"{figs.on_call} on a call" if figs.on_call else ""
    table.add_row(Text("Team", style="bold"), *_row(figs.total), on_call, end_section=True)
    console.print(table)
    if not figs.reps:
        console.print("[dim]No rep has dialed yet.[/]", highlight=False)
    console.print(_ratios(figs.total), highlight=False)
    console.print(
        f"[b]Wins[/] {figs.total.wins} · [b]Prospects[/] {figs.progress.kept}"
        " in the list, not archived",
        highlight=False,
    )
    _print_audit(figs, console)
    parts = " · ".join(f"{label} {n}" for label, n in progress_parts(figs.progress))
    console.print()
    console.print(f"[b]The list[/] {parts}", highlight=False, soft_wrap=True)


def _row(f: Figures) -> list[str]:
    c = f.counts
    numbers = (c.dials, c.connects, c.conversations, c.meetings, c.rejections)
    return [*(str(n) for n in numbers), pace_text(f.pace)]


def _ratios(f: Figures) -> str:
    r = f.ratios
    if not f.counts.dials:
        return "[dim]No dials yet.[/]"
    return (
        f"[b]Rates[/] {percent(r.connect_rate)} of dials connect · "
        f"{percent(r.conversation_rate)} of connects talk · meetings {one_in(r.dials_per_meeting)}"
        " dials"
    )


def _print_audit(figs: TeamFigures, console: Console) -> None:
    a = figs.audit
    first = figs.day - timedelta(days=AUDIT_DAYS - 1)
    console.print()
    console.print(
        f"[b]Where the team's no's came from[/] [dim]{first:%a %d %b} to {figs.day:%a %d %b}[/]"
    )
    top = max([*a.counts.values(), a.untagged], default=0)
    for reason in REASONS:
        n = a.counts[reason]
        style = "red" if reason in a.focus else "blue"
        bar = Text(f"{hbar(n, top, BAR):<{BAR}}", style=style)
        console.print(Text(f"  {REASON_LABELS[reason]:<11}{n:>4} ") + bar)
    if a.untagged:
        bar = Text(f"{hbar(a.untagged, top, BAR):<{BAR}}", style="dim")
        console.print(Text(f"  {'not tagged':<11}{a.untagged:>4} ") + bar)
    console.print(audit_sentence(a, so_far=figs.day == figs.today), highlight=False)
    for line in a.advice():
        console.print(f"  → {line}", highlight=False)

"""`nextcall stats`: a day's (or a week's) numbers, as a compact table or one JSON object."""

from __future__ import annotations

import json
from datetime import date, timedelta, tzinfo
from typing import Any

from rich.console import Console
from rich.table import Table

from nextcall.domain.clock import SystemClock, day_bounds
from nextcall.domain.funnel import DayCounts, Ratios
from nextcall.domain.outcomes import BY_NAME, REASONS
from nextcall.store.repository import Store


def collect(
    store: Store, day: date, week: bool = False, tz: tzinfo | None = None
) -> dict[str, Any]:
    """The numbers of SPEC section 7 for `day`, or the seven days ending with it. `tz` is the
    rep's zone (default: the system's), which says when `day` ends."""
    first = day - timedelta(days=6) if week else day
    counts = DayCounts()
    for offset in range((day - first).days + 1):
        counts = counts + store.day_counts(first + timedelta(days=offset))
    ratios = Ratios.of(counts)
    reasons = store.by_reason(first, day)
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
        "wins": len(store.wins(first, day)),
        "prospects": store.count_prospects(),
        "follow_ups_due": follow_ups_due(store, day, tz or SystemClock().local_tz()),
    }
    if week:
        data["week_start"] = first.isoformat()
    return data


def follow_ups_due(store: Store, day: date, tz: tzinfo) -> int:
    """Follow-ups due by the end of local `day` and not yet called (overdue ones included)."""
    return store.count_follow_ups(None, day_bounds(day, tz)[1])


def print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, indent=2))


def print_table(data: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    span = f"week {data['week_start']} to {data['day']}" if "week_start" in data else data["day"]
    table = Table(title=f"nextcall · {span}", show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column(style="dim")
    # The same rates as the app's ratio panel: connects per dial, conversations per connect.
    shares = {
        "connects": (data["connects"], data["dials"], "of dials"),
        "conversations": (data["conversations"], data["connects"], "of connects"),
        "rejections": (data["rejections"], data["dials"], "of dials"),
    }
    dpm = data["dials_per_meeting"]
    for key in ("dials", "connects", "conversations", "meetings", "rejections"):
        part, whole, of = shares.get(key, (0, 0, ""))
        note = f"{part / whole:.0%} {of}" if whole else ""
        if key == "meetings":
            note = "" if dpm is None else f"1 in {dpm:.0f} dials"
        table.add_row(key.capitalize(), str(data[key]), note)
    table.add_row("Wins", str(data["wins"]), "meetings and small wins")
    table.add_row("Prospects", str(data["prospects"]), "still being worked")
    console.print(table)
    outcomes = ", ".join(f"{BY_NAME[k].label} {v}" for k, v in data["by_outcome"].items() if v)
    console.print(f"[dim]Outcomes:[/] {outcomes or 'none yet'}")
    reasons = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in data["by_reason"].items() if v)
    if reasons:
        console.print(f"[dim]Reasons for no:[/] {reasons}")

"""The team's figures in words, as `nextcall stats --team` prints them and the floor shows them:
pace, who is on the floor, the team's rejection audit, the list's progress. Plain Python (no
Textual): the command line and the screen say the same things."""

from __future__ import annotations

from nextcall.domain.review_figures import MIN_TAGGED, REASON_LABELS, Audit
from nextcall.store.team_records import ListProgress, Presence
from nextcall.ui.text import plural

RECENT_S = 60
"""A sign of life younger than this reads 'just now'."""


def pace_text(pace: float | None) -> str:
    """'38/h', or '—' before a minute of dialing (or for a week)."""
    return "—" if pace is None else f"{pace:.0f}/h"


def ago_text(seconds: float) -> str:
    """'just now', '4 min ago', '2 h ago', '3 days ago'."""
    if seconds < RECENT_S:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    return f"{hours} h ago" if hours < 48 else f"{hours // 24} days ago"


def presence_text(presence: Presence) -> str:
    """'on a call', else when the rep was last seen ('—' when never)."""
    if presence.on_call:
        return "on a call"
    if presence.seen_ago_s is None:
        return "—"
    return ago_text(max(0.0, presence.seen_ago_s))


def audit_sentence(a: Audit, so_far: bool = True) -> str:
    """The team's audit verdict, by the same 80% rule as one rep's review (`Audit.focus`)."""
    if a.tagged < MIN_TAGGED:
        tagged = plural(a.tagged, "tagged no", "tagged no's")
        return f"{tagged} across the team{' so far' if so_far else ''}: too few to show a pattern."
    if not a.focus or a.share is None:
        return "The team's no's are spread across reasons: no single thing to work on."
    names = " and ".join(REASON_LABELS[r] for r in a.focus)
    tie = ""
    if a.ties:
        others = " and ".join(REASON_LABELS[r] for r in a.ties)
        tie = f" ({others} tied with {REASON_LABELS[a.focus[-1]]})"
    return f"{a.share:.0%} of the team's tagged no's are {names}{tie}. Where to work:"


def progress_parts(p: ListProgress) -> list[tuple[str, int]]:
    """(label, count) for each place on the list, then the prospects held now."""
    return [
        ("new", p.new),
        ("in retry", p.retry),
        ("follow-ups", p.follow_ups),
        ("booked", p.booked),
        ("archived", p.archived),
        ("do-not-call", p.dnc),
        ("held by a rep now", p.claimed),
    ]

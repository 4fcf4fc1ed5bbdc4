"""Why a prospect is or isn't in today's queue, in words a rep reads at a glance."""

from __future__ import annotations

from datetime import datetime, tzinfo

from nextcall.domain.prospects import Lifecycle, Prospect, Slot


def standing(
    prospect: Prospect,
    now: datetime,
    tz: tzinfo,
    queued: bool,
    dnc_since: tuple[datetime, str] | None = None,
) -> str:
    """One line on where `prospect` stands: on the do-not-call list (since when, from where),
    archived, done, waiting for a retry or a follow-up, or queued. `tz` is the rep's zone."""
    state = prospect.state
    if state.lifecycle is Lifecycle.DNC:
        if dnc_since is None:
            return "on the do-not-call list: never queued"
        at, source = dnc_since
        origin = f" from {source}" if source else ""
        return f"on the do-not-call list since {_day(at, tz)}{origin}: never queued"
    if state.lifecycle is Lifecycle.ARCHIVED:
        tries = f"after {state.attempts} dial{'s' if state.attempts != 1 else ''}"
        return f"archived {tries}: not queued again"
    if state.lifecycle is Lifecycle.DONE:
        return "meeting booked: done"
    if queued:
        return f"in today's queue ({state.slot.label})"
    due = state.due_at.astimezone(tz)
    if state.slot is Slot.FOLLOW_UP:
        hour = f" at {due:%H:%M}" if state.timed else ""
        return f"follow-up due {_day(due, tz)}{hour}"
    if due.date() == now.astimezone(tz).date():
        return f"retry after {due:%H:%M}"
    return f"retry from {_day(due, tz)}"


def _day(at: datetime, tz: tzinfo) -> str:
    return f"{at.astimezone(tz):%a %d %b %Y}"

"""The prospect card: who is on the line next, what happened before, and any reason to wait."""

from __future__ import annotations

from datetime import datetime, tzinfo

from textual.widgets import Static

from nextcall.domain.outcomes import BY_NAME
from nextcall.domain.outlook import QueueOutlook
from nextcall.domain.prospects import CallingWindow, CallRecord, Prospect, Slot, zone
from nextcall.ui.key_map import Keys
from nextcall.ui.markup import escape
from nextcall.ui.text import here_and_there

EMPTY_QUEUE = (
    "[b]Nobody left to call right now.[/b]\n\n"
    "Retries come back when their wait is over, and follow-ups on their day.\n"
    "[dim]u undoes the last outcome; q quits.[/dim]"
)
EMPTY_DATABASE = (
    "[b]No prospects here yet.[/b]\n\n"
    "Bring your list in from a terminal:\n"
    "  [b]nextcall import FILE.csv[/b]\n"
    "A HubSpot, Salesforce or Pipedrive export works as it is.\n"
    "[dim]nextcall --demo shows the app on sample prospects.[/dim]"
)


def outlook_markup(outlook: QueueOutlook, keys: Keys | None = None) -> str:
    """The card when nobody can be called now: why, and when work comes back (and the keys
    that help then, the rep's own)."""
    keys = keys or Keys()
    undo, quit_key = escape(keys["undo"]), escape(keys["quit"])
    hint = "up/down show who is held" if outlook.held else f"{undo} undoes the last outcome"
    return "\n".join(
        (f"[b]{outlook.headline}[/b]", "", *outlook.lines, f"[dim]{hint}; {quit_key} quits.[/]")
    )


def follow_up_when(prospect: Prospect, local_tz: tzinfo, now: datetime) -> str:
    """When a follow-up is due, in the rep's words: 'today', 'Thu 26 Nov', and for one set for
    a time of day, 'today at 15:00 (14:00 there)' (its day as it is, even overdue)."""
    state = prospect.state
    due, day = state.due_at.astimezone(local_tz), now.astimezone(local_tz).date()
    if not state.timed:
        return "today" if due.date() <= day else f"{due:%a %d %b}"
    when = "today" if due.date() == day else f"{due:%a %d %b}"
    return f"{when} at {here_and_there(state.due_at, zone(prospect.timezone), local_tz)}"


def card_markup(
    prospect: Prospect | None,
    history: list[CallRecord],
    window: CallingWindow | None,
    local_tz: tzinfo,
    now: datetime,
) -> str:
    """The card's text, as Textual markup (user data escaped). What matters for the next dial
    comes first; notes come last, since they are the part that may not fit."""
    if prospect is None:
        return EMPTY_QUEUE
    title = f"  [dim]{escape(prospect.title)}[/]" if prospect.title else ""
    lines = [f"[b]{escape(prospect.name)}[/b]{title}"]
    if prospect.company:
        lines.append(escape(prospect.company))
    local = f"  [dim]{window.local:%H:%M %Z} there[/]" if window and window.local else ""
    lines.append(f"[b $primary]{escape(prospect.phone_display)}[/]{local}")
    if window and not window.open and window.opens_at:
        lines.append(
            f"[$warning]Outside calling hours there: held until "
            f"{window.opens_at:%H:%M} their time.[/]"
        )
    if prospect.state.slot is Slot.FOLLOW_UP:
        when = follow_up_when(prospect, local_tz, now)
        note = history[0].note if history and history[0].note else ""
        lines.append(f"[$accent]Follow-up due {when}[/]" + (f": {escape(note)}" if note else ""))
    if history:
        past = ", ".join(
            f"{call.at.astimezone(local_tz):%d %b} {BY_NAME[call.outcome].label}"
            for call in history[:3]
        )
        lines.append(f"[dim]Before:[/] {past}")
    else:
        lines.append("[dim]First call to this prospect.[/]")
    if prospect.notes:
        lines.append(f"[dim]Notes:[/] {escape(prospect.notes)}")
    return "\n".join(lines)


class ProspectCard(Static):
    """Shows one prospect; the dial screen calls `show` when the cursor moves."""

    def show(self, markup: str) -> None:
        """Show `markup` in the room the layout gives the card (the stylesheet sizes it: no
        layout pass per keypress)."""
        self.update(markup, layout=False)

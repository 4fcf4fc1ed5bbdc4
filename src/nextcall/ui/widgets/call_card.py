"""The prospect on the call screen: who they are, their time, their last three calls and the
notes (the note being written included), for a rep who is talking to them."""

from __future__ import annotations

from datetime import datetime, tzinfo

from textual.widgets import Static

from nextcall.domain.outcomes import BY_NAME
from nextcall.domain.prospects import CallRecord, Prospect, Slot
from nextcall.ui.markup import escape
from nextcall.ui.widgets.prospect_card import follow_up_when

CALLS_SHOWN = 3
NOTE_LINES = 5


def past_call(call: CallRecord, local_tz: tzinfo) -> str:
    """'Tue 17 Nov  rejected · budget' (markup)."""
    reason = f" · {call.reason.replace('_', ' ')}" if call.reason else ""
    label = BY_NAME[call.outcome].label
    return f"{call.at.astimezone(local_tz):%a %d %b}  {escape(label)}{escape(reason)}"


def latest_notes(notes: str) -> str:
    """The notes' last NOTE_LINES lines, and how many came before (the prospect view shows
    them all)."""
    lines = notes.split("\n")
    if len(lines) <= NOTE_LINES:
        return notes
    earlier = len(lines) - NOTE_LINES
    return f"({earlier} earlier {'line' if earlier == 1 else 'lines'})\n" + "\n".join(
        lines[-NOTE_LINES:]
    )


def call_card_markup(
    prospect: Prospect,
    history: list[CallRecord],
    their_time: datetime | None,
    local_tz: tzinfo,
    now: datetime,
    draft: str = "",
) -> str:
    """The card's text as Textual markup, every stored string escaped; `draft` is the note being
    written in this call (kept whole: the older notes give way first). The number is not
    repeated: the call screen shows it big above."""
    title = f"  [dim]{escape(prospect.title)}[/]" if prospect.title else ""
    lines = [f"[b]{escape(prospect.name)}[/b]{title}"]
    where = [escape(prospect.company)] if prospect.company else []
    if their_time is not None:
        where.append(f"[dim]{their_time:%H:%M %Z} there[/]")
    if where:
        lines.append("  ·  ".join(where))
    if prospect.state.slot is Slot.FOLLOW_UP:
        when = follow_up_when(prospect, local_tz, now)
        note = history[0].note if history and history[0].note else ""
        lines.append(f"[$accent]Follow-up due {when}[/]" + (f": {escape(note)}" if note else ""))
    if history:
        calls = [past_call(call, local_tz) for call in history[:CALLS_SHOWN]]
        lines.append(f"[dim]Last calls:[/] {calls[0]}")
        lines.extend(f"{'':11} {call}" for call in calls[1:])
    else:
        lines.append("[dim]First call to this prospect.[/]")
    notes = "\n".join(n for n in (latest_notes(prospect.notes), draft) if n)
    if notes:
        lines.append(f"[dim]Notes:[/] {escape(notes)}")
    else:
        lines.append("[dim]No notes yet: e writes one.[/]")
    return "\n".join(lines)


class CallCard(Static):
    """Shows the prospect on the call; the call screen calls `show` when the note changes."""

    def show(self, markup: str) -> None:
        self.update(markup)

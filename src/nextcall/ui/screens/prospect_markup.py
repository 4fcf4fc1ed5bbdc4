"""The prospect view's text: who they are, where they stand, every call with what the ritual
stored, the notes, and the changes made by hand (on a team's list, with who made them). Textual markup; everything stored is shown
as text (escaped, control characters dropped)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from nextcall.domain.outcomes import BY_NAME
from nextcall.domain.prospect_edits import QUEUE_FIELD, EditField
from nextcall.domain.prospects import Lifecycle, Slot, zone
from nextcall.domain.ritual import Debrief, RitualEnd
from nextcall.store.records import ProspectEdit, ProspectStory, StoryCall
from nextcall.ui.markup import escape
from nextcall.ui.text import duration, here_and_there

WHEN = "%a %d %b %Y %H:%M"
"""A call's or an edit's time, in the rep's zone."""

RITUAL_ENDS = {
    RitualEnd.DONE: "ritual: ran to the next dial",
    RitualEnd.SKIPPED: "ritual: skipped",
    RitualEnd.FEEL_IT: "ritual: turned into the feel-it timer",
}
LIFECYCLES = {
    Lifecycle.ACTIVE: "being worked",
    Lifecycle.ARCHIVED: "archived",
    Lifecycle.DONE: "meeting booked",
    Lifecycle.DNC: "do-not-call",
}


def shown(text: str) -> str:
    """Stored text as markup that shows it as it is: control characters dropped, escaped."""
    return escape(text)


def title(story: ProspectStory) -> str:
    p = story.prospect
    parts = [f"[b]{shown(p.name)}[/]"] + [shown(x) for x in (p.title, p.company) if x]
    return " · ".join(parts)


def about(story: ProspectStory, now: datetime, tz: tzinfo) -> str:
    """Name, title, company, number, email, zone (with the time there), CRM id, when added
    and how (imported, or by hand from the palette's Dial a number…)."""
    p = story.prospect
    there = zone(p.timezone)
    local = f"  [dim]{now.astimezone(there):%H:%M} there[/]" if there else ""
    rows = [
        ("name", shown(p.name)),
        ("title", shown(p.title)),
        ("company", shown(p.company)),
        ("phone", f"[b $primary]{shown(p.phone_display)}[/]"),
        ("email", shown(story.email)),
        ("time zone", (shown(p.timezone) or "[dim]unknown[/]") + local),
        ("crm id", shown(story.crm_id)),
    ]
    lines = [f"[dim]{label:>9}[/]  {value or '[dim]—[/]'}" for label, value in rows]
    how = "by hand (Dial a number…)" if p.added_by_hand else "imported"
    lines.append(f"[dim]{'added':>9}[/]  {story.added_at.astimezone(tz):%a %d %b %Y} · {how}")
    return "\n".join(lines)


def status(
    story: ProspectStory, standing: str, tz: tzinfo, confirm_dnc: bool = False, dnc_key: str = "x"
) -> str:
    """Where they stand: in words, then lifecycle, queue slot, dials, follow-up, do-not-call
    (and, while it waits for its confirming key `dnc_key`, what that will do)."""
    state = story.prospect.state
    dials = f"{state.attempts} dial{'s' if state.attempts != 1 else ''}"
    slot = f" · {state.slot.label}" if state.lifecycle is Lifecycle.ACTIVE else ""
    lines = [
        f"[b]{shown(standing[:1].upper() + standing[1:])}[/]",
        f"[dim]{LIFECYCLES[state.lifecycle]}{slot} · {dials}[/]",
    ]
    if state.lifecycle is Lifecycle.ACTIVE and state.slot is Slot.FOLLOW_UP:
        latest = story.calls[0].note if story.calls else None  # the call that set it
        said = f": {shown(latest)}" if latest else ""
        due = f"{state.due_at.astimezone(tz):%a %d %b %Y}"
        if state.timed:  # both clocks, as on the card
            due += f" at {here_and_there(state.due_at, zone(story.prospect.timezone), tz)}"
        lines.append(f"[$accent]Follow-up due {due}[/]{said}")
    if story.dnc is not None and state.lifecycle is not Lifecycle.DNC:  # (standing says it)
        at, source = story.dnc
        origin = f" from {shown(source)}" if source else ""
        lines.append(f"[$error]Do-not-call since {at.astimezone(tz):%a %d %b %Y}{origin}.[/]")
    if confirm_dnc:
        who = shown(story.prospect.name)
        again = escape(dnc_key)
        lines.append(f"[b $warning]{again} again puts {who} on the do-not-call list for good.[/]")
    return "\n".join(lines)


def calls(story: ProspectStory, tz: tzinfo) -> str:
    if not story.calls:
        return "[dim]Not called yet.[/]"
    return "\n".join(_call(call, tz) for call in story.calls)


def _call(call: StoryCall, tz: tzinfo) -> str:
    head = [f"[b]{call.at.astimezone(tz):{WHEN}}[/]", BY_NAME[call.outcome].label]
    if call.rep is not None:  # a team's list: who made the call
        head.append(f"by {shown(call.rep)}")
    if call.reason:
        head.append(f"reason: {call.reason.replace('_', ' ')}")
    if call.duration_s is not None:
        head.append(f"{duration(call.duration_s)} on the line")
    lines = ["  ".join(head[:2]) + "".join(f" · {h}" for h in head[2:])]
    after = []
    if call.ritual:
        after.append(RITUAL_ENDS.get(RitualEnd(call.ritual), call.ritual))
    if call.recovery_s is not None:
        after.append(f"dialing again after {duration(call.recovery_s)}")
    if after:
        lines.append("  [dim]" + " · ".join(after) + "[/]")
    if call.debrief is not None and not call.debrief.empty:
        lines.extend(f"  {line}" for line in _debrief(call.debrief))
    if call.note:
        lines.append(f"  [dim]note:[/] {shown(call.note)}")
    return "\n".join(lines)


def _debrief(d: Debrief) -> list[str]:
    answers = [
        ("they said", d.stated_reason),
        ("really", d.real_reason),
        ("it slipped", d.lost_momentum),
        ("next time", d.differently),
    ]
    lines = [f"[dim]{label}:[/] {shown(text)}" for label, text in answers if text]
    if d.bad_luck:
        lines.append("[dim]nothing to change: bad luck[/]")
    if d.touchpoint is not None:
        worth = "worth a future touchpoint" if d.touchpoint else "not worth a touchpoint"
        day = f" ({d.follow_up:%a %d %b %Y})" if d.follow_up else ""
        lines.append(f"[dim]{worth}{day}[/]")
    return lines


def notes(story: ProspectStory) -> str:
    return shown(story.prospect.notes) if story.prospect.notes else "[dim]No notes.[/]"


def edits(story: ProspectStory, tz: tzinfo) -> str:
    if not story.edits:
        return "[dim]Nothing changed by hand.[/]"
    return "\n".join(_edit(e, tz) for e in story.edits)


def _edit(edit: ProspectEdit, tz: tzinfo) -> str:
    when = f"[dim]{edit.at.astimezone(tz):{WHEN}}[/]"
    if edit.field == QUEUE_FIELD:
        return f"{when}  put back in the queue (was {LIFECYCLES[Lifecycle(edit.old)]}){_by(edit)}"
    label = EditField(edit.field).label
    old = shown(edit.old) or "[dim](empty)[/]"
    return f"{when}  {label}: {old} → {shown(edit.new)}{_by(edit)}"


def _by(edit: ProspectEdit) -> str:
    """Who made the change, on a team's list."""
    return "" if edit.rep is None else f" [dim]· by {shown(edit.rep)}[/]"

"""What the recovery ritual shows besides its countdown: what it knows of the rejection
(`RitualContext`), the reason tags' row, and the reframe's lines from the day's real numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nextcall.domain.outcomes import REASONS
from nextcall.domain.prospects import CallRecord, Prospect
from nextcall.domain.ritual import ReframeNumbers, reframe_line
from nextcall.services.session import Logged, Session
from nextcall.ui.key_map import Keys
from nextcall.ui.markup import escape
from nextcall.ui.text import meter, plural


@dataclass(frozen=True)
class RitualContext:
    """What the overlay needs to know about the rejection and the day."""

    call: CallRecord
    rejected: Prospect
    """Who said no."""
    next_up: Prospect | None
    """Who the dial phase offers (None: the queue is empty)."""
    next_number: str
    """The next prospect's number as read aloud."""
    numbers: ReframeNumbers
    today: date

    @classmethod
    def after(cls, session: Session, logged: Logged) -> RitualContext:
        """The context for a rejection just logged (the session has moved on to who is next)."""
        panel = session.panel()
        nxt = session.current
        return cls(
            call=logged.call,
            rejected=logged.prospect,
            next_up=nxt,
            next_number=nxt.phone_display.replace("-", " ") if nxt else "",
            numbers=ReframeNumbers.of(panel.budget, panel.pace, panel.averages),
            today=session.day,
        )


def tag_row(chosen: str | None, keys: Keys) -> str:
    """The reason tags on one line, the chosen one shown reversed, with the rep's keys."""
    cells = []
    for reason in REASONS:
        key, label = escape(keys[reason]), reason.replace("_", " ")
        if reason == chosen:
            cells.append(f"[reverse b] {key} {label} [/]")
        else:
            cells.append(f"[b $accent]{key}[/] {label}")
    return "  ".join(cells)


def reframe_markup(numbers: ReframeNumbers, call_id: int) -> str:
    """The reframe: one line that turns the no into data, then today's real numbers."""
    n = numbers
    lines = [f"[b]{reframe_line(call_id)}[/]", ""]
    if n.nos_expected and n.long_day_one_in:
        lines.append(
            f"No's today   {n.nos}: past the ~{n.nos_expected} a {n.target_meetings}-meeting day"
            f" usually brings; long days like this come 1 in {n.long_day_one_in}"
        )
    elif n.nos_expected:
        lines.append(
            f"No's today   [$outcome-rejected]{meter(n.fill, 24)}[/]  {n.nos} of the ~{n.nos_expected}"
            f" a {n.target_meetings}-meeting day brings"
        )
    else:
        lines.append(f"No's today   {n.nos}  (no meeting target set)")
    if n.target_met:
        lines.append(f"Target       met: {n.meetings} of {n.target_meetings} meetings")
    elif n.target_meetings:
        to_go = n.target_meetings - n.meetings
        talk = (
            f"~{n.conversations_to_go} conversations, " if n.conversations_to_go is not None else ""
        )
        lines.append(f"Still to go  {plural(to_go, 'meeting')}: {talk}~{n.dials_to_go} dials")
    source = "your average" if n.own_average else "the usual rule of thumb"
    lines.append(
        f"[dim]At {source}, one meeting comes in about {n.dials_per_meeting:.0f} dials.[/]"
    )
    return "\n".join(lines)

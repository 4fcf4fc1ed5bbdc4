"""`nextcall export`: calls, prospects and follow-ups as CSV a CRM can import, follow-ups as an
iCalendar file. Read-only: it works beside a running app."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, tzinfo
from typing import IO

from nextcall.domain.e164 import is_e164
from nextcall.domain.outcomes import BY_NAME
from nextcall.domain.prospects import Lifecycle, Prospect, Slot, zone
from nextcall.store import ExportedCall, ExportedProspect, FollowUp

FORMULA_STARTS = "=+-@\t\r"
"""A cell starting with one of these is run as a formula by spreadsheets (CSV injection)."""
STATUS = {
    Lifecycle.ACTIVE: "active",
    Lifecycle.ARCHIVED: "archived",
    Lifecycle.DONE: "meeting booked",
    Lifecycle.DNC: "do not call",
}
HAND, IMPORT = "added by hand", "import"
"""The prospects export's Source: dialed by hand from the palette, or imported (the demo too)."""

CALL_COLUMNS = (
    "Call Time",
    "First Name",
    "Last Name",
    "Full Name",
    "Company",
    "Job Title",
    "Phone",
    "Email",
    "CRM ID",
    "Outcome",
    "Reason",
    "Notes",
    "Duration Seconds",
    "Recovery Seconds",
)
PROSPECT_COLUMNS = (
    "First Name",
    "Last Name",
    "Full Name",
    "Company",
    "Job Title",
    "Phone",
    "Email",
    "CRM ID",
    "Source",
    "Time Zone",
    "Status",
    "Dials",
    "Last Outcome",
    "Last Call Time",
    "Next Follow-up",
    "Notes",
)
FOLLOW_UP_COLUMNS = (
    "Due",
    "Due At",
    "First Name",
    "Last Name",
    "Full Name",
    "Company",
    "Job Title",
    "Phone",
    "Email",
    "CRM ID",
    "Notes",
)


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text: a leading apostrophe before anything it would run
    as a formula. E.164 numbers (+15551234567) are left as they are: they can't compute."""
    if cell and cell[0] in FORMULA_STARTS and not is_e164(cell):
        return "'" + cell
    return cell


def stamp(at: datetime | None, tz: tzinfo) -> str:
    """ISO 8601 in the rep's zone with its offset, to the second ('' for none)."""
    return "" if at is None else at.astimezone(tz).isoformat(timespec="seconds")


def split_name(name: str) -> tuple[str, str]:
    """First and last name for CRMs that want both: the last word is the last name."""
    first, _, last = name.rpartition(" ")
    return (first, last) if first else (name, "")


def _person(p: Prospect) -> list[str]:
    return [*split_name(p.name), p.name, p.company, p.title, p.phone]


def write_csv(out: IO[str], columns: tuple[str, ...], rows: Iterable[list[str]]) -> int:
    """Write a header and rows (every cell neutralised); returns the number of rows."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        count += 1
    return count


def call_rows(calls: Iterable[ExportedCall], tz: tzinfo) -> Iterator[list[str]]:
    for call in calls:
        recovery = "" if call.recovery_s is None else f"{call.recovery_s:.1f}"
        outcome = BY_NAME[call.outcome].label if call.outcome in BY_NAME else call.outcome
        yield [
            stamp(call.at, tz),
            *_person(call.prospect),
            call.email,
            call.crm_id,
            outcome,
            (call.reason or "").replace("_", " "),
            call.note or "",
            seconds(call.duration_s),
            recovery,
        ]


def seconds(duration_s: float | None) -> str:
    """A call's length in whole seconds ('' when not measured)."""
    return "" if duration_s is None else str(round(duration_s))


def prospect_rows(prospects: Iterable[ExportedProspect], tz: tzinfo) -> Iterator[list[str]]:
    for item in prospects:
        p = item.prospect
        state = p.state
        follow_up = (
            state.due_at
            if state.slot is Slot.FOLLOW_UP and state.lifecycle is Lifecycle.ACTIVE
            else None
        )
        last = item.last_outcome
        yield [
            *_person(p),
            item.email,
            item.crm_id,
            HAND if p.added_by_hand else IMPORT,
            p.timezone,
            STATUS[state.lifecycle],
            str(item.calls),
            BY_NAME[last].label if last in BY_NAME else (last or ""),
            stamp(item.last_call_at, tz),
            stamp(follow_up, tz)[:10],
            p.notes,
        ]


TIMED_EVENT = timedelta(minutes=15)
"""How long a timed follow-up's calendar event lasts."""


def follow_up_rows(follow_ups: Iterable[FollowUp], tz: tzinfo) -> Iterator[list[str]]:
    """Due is the rep's local day; Due At the instant of a follow-up set for a time of day
    (ISO 8601 with the rep's offset), empty for one set for a day."""
    for f in follow_ups:
        day = f.due_at.astimezone(tz).date().isoformat()
        due_at = stamp(f.due_at, tz) if f.timed else ""
        yield [day, due_at, *_person(f.prospect), f.email, f.crm_id, f.note]


def follow_ups_ics(follow_ups: Iterable[FollowUp], tz: tzinfo, now: datetime) -> bytes:
    """An iCalendar file with one event per follow-up: all day on its due day (marked free),
    or for one set for a time of day, TIMED_EVENT from that instant. A prospect has one
    follow-up waiting at a time, so the UID names the prospect: importing a newer export
    moves a moved follow-up's event rather than adding a second one."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//nextcall//follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "nextcall follow-ups")
    for f in follow_ups:
        p = f.prospect
        day = f.due_at.astimezone(tz).date()
        event = Event()
        event.add("uid", f"follow-up-{p.id}@nextcall")
        event.add("dtstamp", now)
        event.add("summary", f"Call {p.name} ({p.company})" if p.company else f"Call {p.name}")
        lines = [f"Phone: {p.phone_display} ({p.phone})"]
        if p.title:
            lines.append(f"Title: {p.title}")
        lines += [
            f"{label}: {value}"
            for label, value in (("Email", f.email), ("CRM ID", f.crm_id))
            if value
        ]
        there = zone(p.timezone)
        if f.timed:
            event.add("dtstart", f.due_at)  # UTC: every calendar shows it in its own zone
            event.add("dtend", f.due_at + TIMED_EVENT)
            if there is not None:
                lines.append(f"Their time: {f.due_at.astimezone(there):%H:%M} ({p.timezone})")
        else:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")  # a reminder, not a busy block
        if f.note:
            lines.append(f"Note: {f.note}")
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical

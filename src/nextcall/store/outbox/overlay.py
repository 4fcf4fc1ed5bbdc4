"""What the entries waiting in the outbox change in what the dial loop reads: the team's data (or
the last read of it) with the rep's unsent writes laid over, as the team database will hold it
once they are sent. Plain functions over the entries, which are few."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from nextcall.domain.funnel import DayCounts
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import CallRecord, Prospect
from nextcall.store.outbox.entries import Entry, Kind


def noted(notes: str, text: str, day: date) -> str:
    """The notes after `add_note` (a dated line at the end), as both stores write them."""
    line = f"{day:%d %b}: {text}"
    return line if notes == "" else f"{notes}\n{line}"


def call_noted(notes: str, start: int, entry: str) -> str:
    """The notes after `set_call_note`: their first `start` characters, then `entry`."""
    return notes[:start] + entry


def outcomes(entries: Sequence[Entry]) -> list[Entry]:
    return [e for e in entries if e.kind is Kind.OUTCOME]


def outcome_for(entries: Sequence[Entry], call_id: int) -> Entry | None:
    """The waiting outcome known by the local call id `call_id` (< 0)."""
    return next((e for e in outcomes(entries) if e.local_call_id == call_id), None)


def tags_on(entries: Sequence[Entry], call_id: int) -> list[Entry]:
    """The entries written on one call (reason, ritual, recovery, debrief)."""
    return [e for e in entries if e.call_id == call_id]


def prospect(p: Prospect, entries: Sequence[Entry]) -> Prospect:
    """`p` with the waiting writes about them done: their new state, their notes."""
    for e in entries:
        if e.prospect_id != p.id:
            continue
        if e.kind in (Kind.OUTCOME, Kind.FOLLOW_UP):
            p = replace(p, state=e.state)
        elif e.kind is Kind.NOTE:
            p = replace(p, notes=noted(p.notes, e.body["text"], date.fromisoformat(e.body["day"])))
        elif e.kind is Kind.CALL_NOTE:
            p = replace(p, notes=call_noted(p.notes, int(e.body["start"]), e.body["entry"]))
    return p


def queue(ids: list[int], entries: Sequence[Entry]) -> list[int]:
    """The queue without the prospects whose outcome waits (they left it when logged)."""
    gone = {e.prospect_id for e in outcomes(entries)}
    return ids if not gone else [i for i in ids if i not in gone]


def reasons(entries: Sequence[Entry]) -> dict[int, str | None]:
    """Call id -> the reason tag set on it last."""
    tags: dict[int, str | None] = {}
    for e in entries:
        if e.kind is Kind.REASON and e.call_id is not None:
            tags[e.call_id] = e.body["reason"]
    return tags


def retagged(call: CallRecord, tags: dict[int, str | None]) -> CallRecord:
    return replace(call, reason=tags[call.id]) if call.id in tags else call


def as_call(entry: Entry, entries: Sequence[Entry]) -> CallRecord:
    """A waiting outcome as the app knows its call, with the reason tag set on it since."""
    return entry.record(reasons(entries).get(entry.local_call_id, entry.body["reason"]))


def waiting_calls(entries: Sequence[Entry], pid: int | None = None) -> list[CallRecord]:
    """The outcomes waiting (for one prospect), newest first, with their tags."""
    tags = reasons(entries)
    found = [e for e in outcomes(entries) if pid is None or e.prospect_id == pid]
    return [e.record(tags.get(e.local_call_id, e.body["reason"])) for e in reversed(found)]


def history(
    pid: int, read: Sequence[CallRecord], entries: Sequence[Entry], limit: int
) -> list[CallRecord]:
    """The prospect's calls, newest first: those waiting, then those read."""
    tags = reasons(entries)
    calls = waiting_calls(entries, pid) + [retagged(c, tags) for c in read]
    return calls[:limit] if limit >= 0 else calls


def day_counts(read: DayCounts, entries: Sequence[Entry], day: date) -> DayCounts:
    for e in outcomes(entries):
        if e.day == day:
            read = read.plus(e.outcome)
    return read


def call_times(read: Sequence[datetime], entries: Sequence[Entry], day: date) -> list[datetime]:
    return [*read, *(e.at for e in outcomes(entries) if e.day == day)]


def last_rejection(
    read: CallRecord | None, entries: Sequence[Entry], day: date
) -> CallRecord | None:
    """The day's newest rejection: one waiting, else the one read."""
    for e in reversed(outcomes(entries)):
        if e.outcome is OutcomeName.REJECTED and e.day == day:
            return as_call(e, entries)
    return None if read is None else retagged(read, reasons(entries))


def debrief(entries: Sequence[Entry], call_id: int) -> tuple[bool, str | None]:
    """(True, the debrief) when one waits for this call; (False, None) otherwise."""
    for e in reversed(entries):
        if e.kind is Kind.DEBRIEF and e.call_id == call_id:
            return True, e.body["debrief"]
    return False, None

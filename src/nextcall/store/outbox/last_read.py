"""The last good read of what the dial loop shows (the queue, the prospects in view, their
calls, today's counts), kept up to date with the rep's own writes as they reach the team
database, so the loop goes on from it while the team database can't be reached. Only this rep
changes their day's counts; a change another rep makes is seen at the next read."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from nextcall.domain.funnel import DayCounts
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import CallRecord, Lifecycle, Prospect, ProspectState
from nextcall.store.outbox.entries import Entry, Kind
from nextcall.store.outbox.overlay import call_noted, noted

PROSPECTS_KEPT = 4096
"""Prospects remembered (the queue's rows read so far, the oldest forgotten first)."""
HISTORIES_KEPT = 512


class LastRead:
    """What was read last, by kind; None (or absent) where nothing was read yet."""

    def __init__(self) -> None:
        self.queue: list[int] | None = None
        self.left: set[int] = set()
        """Prospects whose outcome was logged since the queue was read (they left it)."""
        self.prospects: OrderedDict[int, Prospect] = OrderedDict()
        self.histories: OrderedDict[int, list[CallRecord]] = OrderedDict()
        self.counts: dict[date, DayCounts] = {}
        self.times: dict[date, list[datetime]] = {}
        self.rejections: dict[date, CallRecord | None] = {}
        self.debriefs: dict[int, str | None] = {}
        self.dnc: dict[str, bool] = {}
        self.any_prospects: bool | None = None
        self.stamp: int | None = None

    # -- reads -------------------------------------------------------------------------------------

    def read_queue(self, ids: list[int]) -> None:
        self.queue, self.left = list(ids), set()

    def offline_queue(self) -> list[int] | None:
        if self.queue is None:
            return None
        return [i for i in self.queue if i not in self.left]

    def read_prospects(self, found: Iterable[Prospect]) -> None:
        for p in found:
            self.prospects[p.id] = p
            self.prospects.move_to_end(p.id)
        while len(self.prospects) > PROSPECTS_KEPT:
            self.prospects.popitem(last=False)

    def read_history(self, pid: int, calls: list[CallRecord], limit: int) -> None:
        """A read of the prospect's newest `limit` calls: a shorter read (the call screen's
        three) keeps the older ones of a longer one (the card's five)."""
        older = self.histories.get(pid, [])
        if calls and len(calls) >= limit >= 0:
            oldest = calls[-1].at
            calls = [*calls, *(c for c in older if c.at < oldest)]
        self.histories[pid] = list(calls)
        self.histories.move_to_end(pid)
        while len(self.histories) > HISTORIES_KEPT:
            self.histories.popitem(last=False)

    def newest_call(self, pid: int) -> int | None:
        """The newest team call read for the prospect (0: they had none; None: not read)."""
        calls = self.histories.get(pid)
        if calls is None:
            return None
        return max((c.id for c in calls if c.id > 0), default=0)

    def is_dnc(self, phone: str) -> bool | None:
        if phone in self.dnc:
            return self.dnc[phone]
        for p in self.prospects.values():  # a few thousand at most, once a dial
            if p.phone == phone:
                return p.state.lifecycle is Lifecycle.DNC
        return None

    # -- the rep's writes that reached the team database -------------------------------------------

    def logged(self, call: CallRecord, prospect: Prospect, state: ProspectState, day: date) -> None:
        pid = prospect.id
        self.left.add(pid)
        self.prospects[pid] = replace(self.prospects.get(pid, prospect), state=state)
        if pid in self.histories:
            self.histories[pid].insert(0, call)
        if day in self.counts:
            self.counts[day] = self.counts[day].plus(call.outcome)
        self.times.get(day, []).append(call.at)
        if call.outcome is OutcomeName.REJECTED:
            self.rejections[day] = call

    def undone(self, call: CallRecord, day: date) -> None:
        pid = call.prospect_id
        self.left.discard(pid)
        if self.queue is not None and pid not in self.queue:
            self.queue.insert(0, pid)
        self.prospects.pop(pid, None)  # its earlier state is read again
        if pid in self.histories:
            self.histories[pid] = [c for c in self.histories[pid] if c.id != call.id]
        if day in self.counts:
            self.counts[day] = self.counts[day].plus(call.outcome, -1)
        times = self.times.get(day)
        if times and call.at in times:
            times.reverse()
            times.remove(call.at)
            times.reverse()
        self.rejections.pop(day, None)

    def tagged(self, call_id: int, reason: str | None) -> None:
        for calls in self.histories.values():
            for i, c in enumerate(calls):
                if c.id == call_id:
                    calls[i] = replace(c, reason=reason)
        for day, rejection in self.rejections.items():
            if rejection is not None and rejection.id == call_id:
                self.rejections[day] = replace(rejection, reason=reason)

    def noted(self, pid: int, text: str, day: date) -> None:
        if pid in self.prospects:
            p = self.prospects[pid]
            self.prospects[pid] = replace(p, notes=noted(p.notes, text, day))

    def call_noted(self, pid: int, start: int, entry: str) -> None:
        if pid in self.prospects:
            p = self.prospects[pid]
            self.prospects[pid] = replace(p, notes=call_noted(p.notes, start, entry))

    def moved(self, pid: int, state: ProspectState) -> None:
        if pid in self.prospects:
            self.prospects[pid] = replace(self.prospects[pid], state=state)

    def sent(self, entry: Entry, call_id: int | None) -> None:
        """An entry of the outbox reached the team database: `call_id` is the team's id of
        the call it made (an outcome) or was written on (a tag)."""
        b, pid = entry.body, entry.prospect_id
        if entry.kind is Kind.OUTCOME and call_id is not None:
            call = replace(entry.record(b["reason"]), id=call_id)
            self.logged(call, entry.prospect, entry.state, entry.day)
        elif entry.kind is Kind.REASON and call_id is not None:
            self.tagged(call_id, b["reason"])
        elif entry.kind is Kind.DEBRIEF and call_id is not None:
            self.debriefs[call_id] = b["debrief"]
        elif pid is not None and entry.kind is Kind.NOTE:
            self.noted(pid, b["text"], date.fromisoformat(b["day"]))
        elif pid is not None and entry.kind is Kind.CALL_NOTE:
            self.call_noted(pid, int(b["start"]), b["entry"])
        elif pid is not None and entry.kind is Kind.FOLLOW_UP:
            self.moved(pid, entry.state)

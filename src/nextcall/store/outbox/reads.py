"""What the dial loop reads, with an answer while the team database can't be reached: the last
good read (`LastRead`) with the writes waiting in the outbox laid over (`overlay`), so the rep
keeps dialing what is in view. Claims: offline, only a claim this app holds and whose lease has
not run out is granted (no one else may be dialing them); every other is refused."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

import nextcall.store.outbox.overlay as overlay
from nextcall.domain.funnel import DayCounts
from nextcall.domain.prospects import CallRecord, Prospect
from nextcall.store.errors import StoreError
from nextcall.store.outbox.core import OFFLINE, OutboxCore
from nextcall.store.outbox.sending import TeamStore
from nextcall.store.postgres.boundary import TeamUnreachable

T = TypeVar("T")
LEASE_MARGIN_S = 30.0
"""A claim counts as ended this much before its lease runs out on the server's clock."""


class _Missing:
    """Nothing was read before."""


MISSING = _Missing()


class Reads(OutboxCore):
    def _read(
        self,
        fetch: Callable[[TeamStore], T],
        remember: Callable[[T], None],
        last: Callable[[], T | _Missing],
        what: str,
    ) -> T:
        """`fetch` on the team database (its answer remembered), or offline the last answer;
        TeamUnreachable when there is none."""
        with self._lock:
            team = self._team
            if team is not None:
                try:
                    found = fetch(team)
                except TeamUnreachable as exc:
                    self._lost(exc)
                else:
                    remember(found)
                    return found
            kept = last()
            if isinstance(kept, _Missing):
                raise TeamUnreachable(f"{OFFLINE}, and {what} was not read before it went")
            return kept

    # -- the queue -----------------------------------------------------------------------------

    def queue_ids(self, now: datetime, end_of_today: datetime) -> list[int]:
        last = self.last
        ids = self._read(
            lambda team: team.queue_ids(now, end_of_today),
            last.read_queue,
            lambda: MISSING if last.queue is None else last.offline_queue() or [],
            "the queue",
        )
        with self._lock:
            return overlay.queue(ids, self.pending)

    def prospects(self, ids: Sequence[int]) -> dict[int, Prospect]:
        """Offline: the ones read before (others are left out, as ones no longer stored)."""
        last = self.last
        found = self._read(
            lambda team: team.prospects(ids),
            lambda read: last.read_prospects(read.values()),
            lambda: {i: last.prospects[i] for i in ids if i in last.prospects},
            "",
        )
        with self._lock:
            if not self.pending:
                return found
            return {pid: overlay.prospect(p, self.pending) for pid, p in found.items()}

    def prospect(self, prospect_id: int) -> Prospect | None:
        last = self.last
        found = self._read(
            lambda team: team.prospect(prospect_id),
            lambda p: last.read_prospects([] if p is None else [p]),
            lambda: last.prospects.get(prospect_id, MISSING),
            "that prospect",
        )
        with self._lock:
            return None if found is None else overlay.prospect(found, self.pending)

    def has_prospects(self) -> bool:
        last = self.last

        def remember(found: bool) -> None:
            last.any_prospects = found

        found = self._read(
            lambda team: team.has_prospects(),
            remember,
            lambda: MISSING if last.any_prospects is None else last.any_prospects,
            "the list",
        )
        return found

    def is_dnc(self, phone: str) -> bool:
        last = self.last

        def remember(found: bool) -> None:
            last.dnc[phone] = found

        def kept() -> bool | _Missing:
            listed = last.is_dnc(phone)
            return MISSING if listed is None else listed

        return self._read(lambda team: team.is_dnc(phone), remember, kept, "that number")

    # -- calls and counts ----------------------------------------------------------------------

    def history(self, prospect_id: int, limit: int = 5) -> list[CallRecord]:
        """Offline: the calls read before (none, for a prospect whose calls were not read)."""
        last = self.last
        read = self._read(
            lambda team: team.history(prospect_id, limit),
            lambda calls: last.read_history(prospect_id, calls, limit),
            lambda: last.histories.get(prospect_id, [])[: max(0, limit)],
            "",
        )
        with self._lock:
            if not self.pending:
                return read
            return overlay.history(prospect_id, read, self.pending, limit)

    def day_counts(self, day: date) -> DayCounts:
        last = self.last

        def remember(counts: DayCounts) -> None:
            last.counts[day] = counts

        read = self._read(
            lambda team: team.day_counts(day),
            remember,
            lambda: last.counts.get(day, MISSING),
            "the day's counts",
        )
        with self._lock:
            return overlay.day_counts(read, self.pending, day)

    def call_times(self, day: date) -> list[datetime]:
        last = self.last

        def remember(times: list[datetime]) -> None:
            last.times[day] = list(times)

        read = self._read(
            lambda team: team.call_times(day),
            remember,
            lambda: list(last.times[day]) if day in last.times else MISSING,
            "the day's calls",
        )
        with self._lock:
            return overlay.call_times(read, self.pending, day)

    def last_rejection(self, day: date) -> CallRecord | None:
        last = self.last

        def remember(found: CallRecord | None) -> None:
            last.rejections[day] = found

        read = self._read(
            lambda team: team.last_rejection(day),
            remember,
            lambda: last.rejections.get(day, MISSING),
            "the day's last rejection",
        )
        with self._lock:
            return overlay.last_rejection(read, self.pending, day)

    def debrief(self, call_id: int) -> str | None:
        with self._lock:
            waiting, text = overlay.debrief(self.pending, call_id)
            if waiting:
                return text
            if call_id < 0:
                if overlay.outcome_for(self.pending, call_id) is not None:
                    return None  # its call waits here: no debrief was written on it yet
                team_id = self.outbox.team_call(call_id)
                if team_id is None:
                    raise StoreError("that call is not stored (undone, or see the conflicts)")
                call_id = team_id
            waiting, text = overlay.debrief(self.pending, call_id)
            if waiting:
                return text
        last, team_call = self.last, call_id

        def remember(found: str | None) -> None:
            last.debriefs[team_call] = found

        return self._read(
            lambda team: team.debrief(team_call),
            remember,
            lambda: last.debriefs.get(team_call, MISSING),
            "that call's debrief",
        )

    # -- claims and the team's changes -----------------------------------------------------------

    def claim(self, prospect_id: int, minutes: int) -> bool:
        """Offline: granted only for a prospect this app holds a claim on that has not run out
        (no other rep may take it meanwhile), never renewed."""
        with self._lock:
            team = self._team
            if team is not None:
                try:
                    granted = team.claim(prospect_id, minutes)
                except TeamUnreachable as exc:
                    self._lost(exc)
                else:
                    if granted:
                        until = self._monotonic() + minutes * 60 - LEASE_MARGIN_S
                        self.held[prospect_id] = until
                    else:
                        self.held.pop(prospect_id, None)
                    return granted
            held = self.held.get(prospect_id)
            return held is not None and held > self._monotonic()

    def release(self, prospect_id: int) -> None:
        """Offline the claim is forgotten here; its lease ends on the server by itself."""
        with self._lock:
            self.held.pop(prospect_id, None)
            team = self._team
            if team is not None:
                try:
                    team.release(prospect_id)
                except TeamUnreachable as exc:
                    self._lost(exc)

    def set_on_call(self, prospect_id: int | None) -> None:
        """Offline the floor can't be told: nothing to do."""
        with self._lock:
            team = self._team
            if team is not None:
                try:
                    team.set_on_call(prospect_id)
                except TeamUnreachable as exc:
                    self._lost(exc)

    def queue_stamp(self) -> int:
        """Offline: the last stamp read (the queue is not read again until it moves)."""
        last = self.last

        def remember(stamp: int) -> None:
            last.stamp = stamp

        return self._read(
            lambda team: team.queue_stamp(),
            remember,
            lambda: 0 if last.stamp is None else last.stamp,
            "",
        )

    def taken_by_others(self, minutes: int) -> set[int]:
        """Offline: none known (the queue stays as last read; a claim decides at the dial)."""
        with self._lock:
            team = self._team
            if team is not None:
                try:
                    return team.taken_by_others(minutes)
                except TeamUnreachable as exc:
                    self._lost(exc)
            return set()

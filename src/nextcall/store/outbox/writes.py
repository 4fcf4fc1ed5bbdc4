"""The rep's writes in the dial loop: made on the team database while it answers and nothing
waits before them, kept in the outbox otherwise (committed before they return, as one rep's own
database does). An outcome kept here is known by a local call id (< 0) that its tags use; undo
takes back an outcome still waiting without asking the team database."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from uuid import uuid4

import nextcall.store.outbox.overlay as overlay
from nextcall.domain.outcomes import REASONS, OutcomeName
from nextcall.domain.prospects import CallRecord, Prospect, ProspectState
from nextcall.domain.ritual import RitualEnd
from nextcall.store.codec import iso, state_json
from nextcall.store.errors import StoreError
from nextcall.store.outbox.core import OutboxCore
from nextcall.store.outbox.entries import Kind, outcome_body
from nextcall.store.outbox.sending import TeamStore
from nextcall.store.postgres.boundary import CommitUnanswered, TeamUnreachable

IN_FLIGHT = (
    "that call may already be on the team database: undo it again once it is sent (the top"
    " bar then says nothing waits)"
)
GONE = "that call is not waiting to be sent any more (undone, or refused: see the conflicts)"


class Writes(OutboxCore):
    def log_outcome(
        self,
        prospect: Prospect,
        outcome: OutcomeName,
        at: datetime,
        day: date,
        new_state: ProspectState,
        *,
        reason: str | None = None,
        note: str | None = None,
        duration_s: float | None = None,
    ) -> CallRecord:
        """One call, committed on the team database or in the outbox before this returns. The
        key sent with it makes a send whose answer was lost count once."""
        key = uuid4().hex
        maybe_kept = False
        with self._lock:
            self.held.pop(prospect.id, None)  # its claim ends with the outcome
            team = self._direct()
            if team is not None:
                try:
                    call = team.log_outcome(
                        prospect,
                        outcome,
                        at,
                        day,
                        new_state,
                        reason=reason,
                        note=note,
                        duration_s=duration_s,
                        outbox_key=key,
                    )
                except TeamUnreachable as exc:
                    self._lost(exc)
                    maybe_kept = isinstance(exc, CommitUnanswered)
                else:
                    self.last.logged(call, prospect, new_state, day)
                    return call
            seen = self.last.newest_call(prospect.id)
            body = outcome_body(
                prospect, outcome, at, day, new_state, reason, note, duration_s, seen
            )
            entry = self._queue(Kind.OUTCOME, body, key=key, prospect_id=prospect.id)
            if maybe_kept:  # the team database may hold it already: undone there, once sent
                self.pending[-1] = entry = self.outbox.mark_sending(entry)
            return entry.record(reason)

    def undo_last(self, day: date) -> CallRecord | None:
        """The day's newest outcome taken back: one still waiting here leaves the outbox with
        its tags; otherwise the team database undoes this rep's newest (TeamUnreachable while
        it can't be reached)."""
        with self._lock:
            waiting = [e for e in overlay.outcomes(self.pending) if e.day == day]
            if waiting:
                entry = waiting[-1]
                if entry.sending:
                    raise StoreError(IN_FLIGHT)
                tags = overlay.tags_on(self.pending, entry.local_call_id)
                call = overlay.as_call(entry, self.pending)
                self._drop([entry, *tags])
                return call
            undone = self._pass(lambda team: team.undo_last(day))
            if undone is not None:
                self.last.undone(undone, day)
            return undone

    # -- what the ritual writes on a call ----------------------------------------------------------

    def set_reason(self, call_id: int, reason: str | None) -> None:
        if reason is not None and reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")

        def write(team: TeamStore, cid: int) -> None:
            team.set_reason(cid, reason)

        done = self._tag(Kind.REASON, call_id, {"reason": reason}, write)
        if done is not None:
            self.last.tagged(done, reason)

    def set_ritual(self, call_id: int, ritual: RitualEnd) -> None:
        try:
            value = RitualEnd(ritual)
        except ValueError:
            raise ValueError(f"unknown ritual ending {ritual!r}") from None

        def write(team: TeamStore, cid: int) -> None:
            team.set_ritual(cid, value)

        self._tag(Kind.RITUAL, call_id, {"ritual": value.value}, write)

    def set_recovery(self, call_id: int, seconds: float) -> None:
        seconds = float(seconds)

        def write(team: TeamStore, cid: int) -> None:
            team.set_recovery(cid, seconds)

        self._tag(Kind.RECOVERY, call_id, {"seconds": seconds}, write)

    def set_debrief(self, call_id: int, debrief_json: str | None) -> None:
        def write(team: TeamStore, cid: int) -> None:
            team.set_debrief(cid, debrief_json)

        done = self._tag(Kind.DEBRIEF, call_id, {"debrief": debrief_json}, write)
        if done is not None:
            self.last.debriefs[done] = debrief_json

    def _tag(
        self,
        kind: Kind,
        call_id: int,
        body: Mapping[str, Any],
        write: Callable[[TeamStore, int], None],
    ) -> int | None:
        """Write on a call, or keep it (for the call's team id once known, else its local
        id); the team id when it was written there."""
        with self._lock:
            team_id = self._team_id(call_id)
            team = self._direct()
            if team_id is not None and team is not None:
                try:
                    write(team, team_id)
                except TeamUnreachable as exc:
                    self._lost(exc)
                else:
                    return team_id
            self._queue(kind, body, call_id=call_id if team_id is None else team_id)
            return None

    def _team_id(self, call_id: int) -> int | None:
        """The team's id of a call the app knows by `call_id`; None while its outcome waits
        here."""
        if call_id > 0:
            return call_id
        if overlay.outcome_for(self.pending, call_id) is not None:
            return None
        found = self.outbox.team_call(call_id)
        if found is None:
            raise StoreError(GONE)
        return found

    # -- notes, wins, follow-ups ---------------------------------------------------------------

    def add_note(self, prospect_id: int, text: str, day: date) -> None:
        body = {"text": text, "day": day.isoformat()}
        if self._made_or_kept(
            lambda team: team.add_note(prospect_id, text, day), Kind.NOTE, body, prospect_id
        ):
            self.last.noted(prospect_id, text, day)

    def set_call_note(self, prospect_id: int, start: int, entry: str) -> None:
        """As the rep types: while offline, the entry typed on rewrites the one kept for it."""
        if start < 0:
            raise ValueError(f"a note starts at a character, not at {start}")
        body = {"start": start, "entry": entry}
        with self._lock:
            last = self.pending[-1] if self.pending else None
            if (
                last is not None
                and last.kind is Kind.CALL_NOTE
                and not last.sending
                and last.prospect_id == prospect_id
                and last.body["start"] == start
            ):
                self.pending[-1] = self.outbox.rewrite(last, body)
                return
            if self._made_or_kept(
                lambda team: team.set_call_note(prospect_id, start, entry),
                Kind.CALL_NOTE,
                body,
                prospect_id,
            ):
                self.last.call_noted(prospect_id, start, entry)

    def add_win(self, text: str, at: datetime, day: date, prospect_id: int | None = None) -> None:
        body = {"text": text, "at": iso(at), "day": day.isoformat()}
        self._made_or_kept(
            lambda team: team.add_win(text, at, day, prospect_id), Kind.WIN, body, prospect_id
        )

    def schedule_follow_up(
        self, prospect_id: int, state: ProspectState, note: str, *, anyone: bool = False
    ) -> None:
        def write(team: TeamStore) -> None:
            team.schedule_follow_up(prospect_id, state, note, anyone=anyone)

        body = {"state": state_json(state), "note": note, "anyone": anyone}
        if self._made_or_kept(write, Kind.FOLLOW_UP, body, prospect_id):
            self.last.moved(prospect_id, state)

    def _made_or_kept(
        self,
        write: Callable[[TeamStore], object],
        kind: Kind,
        body: Mapping[str, Any],
        prospect_id: int | None,
    ) -> bool:
        """Made on the team database now (True), or kept in the outbox (False). A note or a
        win (written twice, it would be there twice) is made under the key it is kept with:
        when the answer to its COMMIT was lost, sending it again stores nothing twice."""
        key = uuid4().hex
        with self._lock:
            team = self._direct()
            if team is not None:
                try:
                    if kind in ADDED:
                        team.send_once(key, lambda: _nothing(write(team)))
                    else:
                        write(team)
                except TeamUnreachable as exc:
                    self._lost(exc)
                else:
                    return True
            self._queue(kind, body, key=key, prospect_id=prospect_id)
            return False


ADDED = frozenset({Kind.NOTE, Kind.WIN})
"""The writes that add a row or a line each time they are made (the others set a value)."""


def _nothing(_: object) -> None:
    """A write made under `send_once`, which meets no conflict."""
    return None

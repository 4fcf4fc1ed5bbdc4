"""Sending one outbox entry to the team database, once (`nextcall.store.postgres.outbox_rows`
keeps its key in the same transaction), and what the outbox needs of the team store for it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import CallRecord, Prospect, ProspectState
from nextcall.domain.ritual import RitualEnd
from nextcall.store.codec import from_iso
from nextcall.store.errors import StoreError
from nextcall.store.interface import Store
from nextcall.store.outbox.entries import TAGS, Entry, Kind


class TeamStore(Store, Protocol):
    """The team database as one rep sees it (`PostgresStore`), with the outbox's own part."""

    @property
    def rep(self) -> str: ...

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
        outbox_key: str | None = None,
    ) -> CallRecord: ...

    def send_outcome(
        self,
        key: str,
        sent: Prospect,
        outcome: OutcomeName,
        at: datetime,
        day: date,
        new_state: ProspectState,
        *,
        reason: str | None,
        note: str | None,
        duration_s: float | None,
        seen_call: int | None,
    ) -> tuple[int, str | None]: ...

    def send_once(self, key: str, write: Callable[[], str | None]) -> str | None: ...

    def send_follow_up(
        self, prospect_id: int, state: ProspectState, note: str, anyone: bool
    ) -> str | None: ...


@dataclass(frozen=True)
class Sent:
    """What sending an entry did."""

    call_id: int | None = None
    """The team's id of the call an outcome made, or a tag was written on."""
    conflict: str | None = None
    """The change the team made meanwhile, in words (None: none)."""


class CallGone(StoreError):
    """A tag's call is not on the team database (its outcome was undone or refused)."""


def send(team: TeamStore, entry: Entry, team_call: Callable[[int], int | None]) -> Sent:
    """Send `entry`; `team_call` gives the team's id of an outcome sent from the outbox (by
    its local id). TeamUnreachable when the team database can't be reached (nothing was
    kept there, or all of it: sending it again stores it once)."""
    if entry.kind is Kind.OUTCOME:
        b = entry.body
        call_id, conflict = team.send_outcome(
            entry.key,
            entry.prospect,
            entry.outcome,
            entry.at,
            entry.day,
            entry.state,
            reason=b["reason"],
            note=b["note"],
            duration_s=b["duration_s"],
            seen_call=b["seen_call"],
        )
        return Sent(call_id, conflict)
    tagged = _call_of(entry, team_call)
    return Sent(tagged, team.send_once(entry.key, _write(team, entry, tagged)))


def _call_of(entry: Entry, team_call: Callable[[int], int | None]) -> int | None:
    if entry.kind not in TAGS or entry.call_id is None:
        return None
    if entry.call_id > 0:
        return entry.call_id
    found = team_call(entry.call_id)
    if found is None:
        raise CallGone(f"the call this {entry.kind.words} was for was not stored")
    return found


def _write(team: TeamStore, entry: Entry, call_id: int | None) -> Callable[[], str | None]:
    """The entry's write as the team store makes it (returning its conflict, or None)."""
    b, pid, kind = entry.body, entry.prospect_id, entry.kind

    def run() -> str | None:
        if kind is Kind.FOLLOW_UP and pid is not None:
            return team.send_follow_up(pid, entry.state, b["note"], bool(b["anyone"]))
        if call_id is not None and kind is Kind.REASON:
            team.set_reason(call_id, b["reason"])
        elif call_id is not None and kind is Kind.RITUAL:
            team.set_ritual(call_id, RitualEnd(b["ritual"]))
        elif call_id is not None and kind is Kind.RECOVERY:
            team.set_recovery(call_id, float(b["seconds"]))
        elif call_id is not None and kind is Kind.DEBRIEF:
            team.set_debrief(call_id, b["debrief"])
        elif pid is not None and kind is Kind.NOTE:
            team.add_note(pid, b["text"], date.fromisoformat(b["day"]))
        elif pid is not None and kind is Kind.CALL_NOTE:
            team.set_call_note(pid, int(b["start"]), b["entry"])
        elif kind is Kind.WIN:
            team.add_win(b["text"], from_iso(b["at"]), date.fromisoformat(b["day"]), pid)
        else:
            raise StoreError(f"an outbox entry of an unknown form ({kind})")
        return None

    return run

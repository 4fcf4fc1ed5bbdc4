"""The outbox's entries: one write each (an outcome, a tag, a note...), its arguments kept as
JSON in the forms the stores write (`nextcall.store.codec`), and read back as the domain's
values."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import CallRecord, Prospect, ProspectState
from nextcall.store.codec import from_iso, iso, state_from_json, state_json


class Kind(StrEnum):
    """Which Store write an entry holds (stored by these names)."""

    OUTCOME = "outcome"
    REASON = "reason"
    RITUAL = "ritual"
    RECOVERY = "recovery"
    DEBRIEF = "debrief"
    NOTE = "note"
    CALL_NOTE = "call_note"
    WIN = "win"
    FOLLOW_UP = "follow_up"

    @property
    def words(self) -> str:
        """What the rep calls it ('your note')."""
        return WORDS[self]


WORDS = {
    Kind.OUTCOME: "call",
    Kind.REASON: "reason tag",
    Kind.RITUAL: "ritual",
    Kind.RECOVERY: "recovery time",
    Kind.DEBRIEF: "feel-it debrief",
    Kind.NOTE: "note",
    Kind.CALL_NOTE: "call note",
    Kind.WIN: "win",
    Kind.FOLLOW_UP: "follow-up",
}
TAGS = frozenset({Kind.REASON, Kind.RITUAL, Kind.RECOVERY, Kind.DEBRIEF})
"""The kinds written on a call (by its id)."""


@dataclass(frozen=True)
class Entry:
    """One write waiting in the outbox."""

    id: int
    """Its place in the order; an outcome's call is known here as call id `-id`."""
    key: str
    """Sent with it: the team database stores a write with a key once."""
    kind: Kind
    body: Mapping[str, Any]
    prospect_id: int | None = None
    call_id: int | None = None
    """The call a tag is for: the team's id (> 0), or an outcome still here (< 0)."""
    sending: bool = False
    """Its sending began: it may already be on the team database."""

    @property
    def local_call_id(self) -> int:
        """The id the app knows an outcome's call by until it is sent."""
        return -self.id

    @property
    def day(self) -> date:
        return date.fromisoformat(self.body["day"])

    @property
    def at(self) -> datetime:
        return from_iso(self.body["at"])

    @property
    def outcome(self) -> OutcomeName:
        return OutcomeName(self.body["outcome"])

    @property
    def state(self) -> ProspectState:
        """An outcome's or a follow-up's new state for the prospect."""
        return state_from_json(self.body["state"])

    @property
    def prospect(self) -> Prospect:
        """The prospect an outcome was logged for, as the app saw them then."""
        return prospect_from(self.body["prospect"])

    def record(self, reason: str | None) -> CallRecord:
        """An outcome as the app knows its call (with the reason tag it has now)."""
        pid = int(self.body["prospect"]["id"])
        return CallRecord(self.local_call_id, pid, self.at, self.outcome, reason, self.body["note"])


def outcome_body(
    prospect: Prospect,
    outcome: OutcomeName,
    at: datetime,
    day: date,
    new_state: ProspectState,
    reason: str | None,
    note: str | None,
    duration_s: float | None,
    seen_call: int | None,
) -> dict[str, Any]:
    """`seen_call`: the newest call on the prospect the app had read (0: none; None: not
    read), so sending can tell whether another rep called them meanwhile."""
    return {
        "prospect": prospect_to(prospect),
        "outcome": str(outcome),
        "at": iso(at),
        "day": day.isoformat(),
        "state": state_json(new_state),
        "reason": reason,
        "note": note,
        "duration_s": duration_s,
        "seen_call": seen_call,
    }


def prospect_to(p: Prospect) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "company": p.company,
        "title": p.title,
        "phone": p.phone,
        "phone_display": p.phone_display,
        "timezone": p.timezone,
        "notes": p.notes,
        "state": state_json(p.state),
        "added_by_hand": p.added_by_hand,
    }


def prospect_from(d: Mapping[str, Any]) -> Prospect:
    return Prospect(
        int(d["id"]),
        d["name"],
        d["company"],
        d["title"],
        d["phone"],
        d["phone_display"],
        d["timezone"],
        d["notes"],
        state_from_json(d["state"]),
        bool(d["added_by_hand"]),
    )


def dumps(body: Mapping[str, Any]) -> str:
    return json.dumps(body, sort_keys=True)

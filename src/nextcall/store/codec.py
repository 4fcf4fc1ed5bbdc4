"""How domain values are written in the stores' columns (SQLite's and the team database's alike) and read back: instants as fixed-width UTC
text, a prospect's row, a queue state as JSON (kept on each call for undo)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from nextcall.domain.prospects import Lifecycle, Prospect, ProspectState, Slot


def iso(at: datetime) -> str:
    """A UTC instant as fixed-width ISO 8601 text (sortable as text)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


PROSPECT_COLUMNS = "id, name, company, title, phone, phone_display, timezone, notes, lifecycle, slot, due_at, attempts, timed, added_by_hand"
"""The columns `prospect` reads, in its order."""


def prospect(row: Sequence[Any]) -> Prospect:
    """A prospect from its PROSPECT_COLUMNS."""
    (
        pid,
        name,
        company,
        title,
        phone,
        display,
        tz,
        notes,
        life,
        slot,
        due,
        attempts,
        timed,
        hand,
    ) = row
    state = ProspectState(Lifecycle(life), Slot(slot), from_iso(due), attempts, bool(timed))
    return Prospect(pid, name, company, title, phone, display, tz, notes, state, bool(hand))


def state_json(state: ProspectState) -> str:
    data: dict[str, Any] = {
        "lifecycle": state.lifecycle.value,
        "slot": int(state.slot),
        "due_at": iso(state.due_at),
        "attempts": state.attempts,
    }
    if state.timed:  # only then: states stored before timed follow-ups read back the same
        data["timed"] = True
    return json.dumps(data)


def state_from_json(text: str) -> ProspectState:
    d = json.loads(text)
    return ProspectState(
        Lifecycle(d["lifecycle"]),
        Slot(d["slot"]),
        from_iso(d["due_at"]),
        int(d["attempts"]),
        bool(d.get("timed", False)),
    )

"""One prospect's whole story (calls, edits, do-not-call) for the prospect view, and the changes
made there by hand: an edited field, a prospect put back in the queue. Each change is written
with its row in `prospect_edits` in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from nextcall.domain.prospect_edits import QUEUE_FIELD, VIEW_SOURCE, EditField, EditRefused
from nextcall.domain.prospects import ProspectState
from nextcall.domain.ritual import Debrief
from nextcall.store.codec import PROSPECT_COLUMNS, from_iso, iso, prospect
from nextcall.store.records import ProspectEdit, ProspectStory, StoryCall
from nextcall.store.sqlite.base import Base


def _call(row: Sequence[Any]) -> StoryCall:
    pid, at, outcome, reason, note, duration_s, ritual, recovery_s, debrief = row
    return StoryCall(
        *(pid, from_iso(at), outcome, reason, note, duration_s, ritual, recovery_s),
        debrief=None if debrief is None else Debrief.from_json(debrief),
    )


class Stories(Base):
    def prospect_story(self, prospect_id: int) -> ProspectStory | None:
        """The prospect, their calls and edits (newest first) and their do-not-call entry;
        None when no such prospect is stored. One indexed query per table."""
        row = self.conn.execute(
            f"SELECT {PROSPECT_COLUMNS}, email, created_at, crm_id FROM prospects WHERE id = ?",
            (prospect_id,),
        ).fetchone()
        if row is None:
            return None
        found = prospect(row[:-3])
        calls = self.conn.execute(
            "SELECT id, at, outcome, reason, note, duration_s, ritual, recovery_s, debrief"
            " FROM calls WHERE prospect_id = ? ORDER BY at DESC, id DESC",
            (prospect_id,),
        )
        edits = self.conn.execute(
            "SELECT at, field, old, new FROM prospect_edits WHERE prospect_id = ? ORDER BY id DESC",
            (prospect_id,),
        )
        dnc = self.conn.execute(
            "SELECT added_at, source FROM dnc WHERE phone = ?", (found.phone,)
        ).fetchone()
        return ProspectStory(
            prospect=found,
            email=row[-3],
            added_at=from_iso(row[-2]),
            calls=tuple(map(_call, calls)),
            edits=tuple(ProspectEdit(from_iso(e[0]), *e[1:]) for e in edits),
            dnc=None if dnc is None else (from_iso(dnc[0]), dnc[1]),
            crm_id=row[-1],
        )

    def edit_prospect(
        self, prospect_id: int, field: EditField, value: str, at: datetime, *, display: str = ""
    ) -> ProspectEdit | None:
        """Set one field (a number: E.164 in `value`, as people write it in `display`) and keep
        the old value in the edit history; None when the value was already that. A prospect on
        the do-not-call list keeps its place on it: the new number joins the list with the old
        entry's date and source, and a number that is on the list makes its prospect
        do-not-call (migration 4's triggers). LookupError when no such prospect is stored."""
        column = EditField(field).value  # a fixed column name, never the caller's text
        with self._write():
            row = self.conn.execute(
                f"SELECT {column}, lifecycle, phone FROM prospects WHERE id = ?", (prospect_id,)
            ).fetchone()
            if row is None:
                raise LookupError("that prospect is no longer in the database")
            old, lifecycle, phone = row
            if old == value:
                return None
            if column == EditField.PHONE:
                self.conn.execute(
                    "UPDATE prospects SET phone = ?, phone_display = ? WHERE id = ?",
                    (value, display or value, prospect_id),
                )
                if lifecycle == "dnc":
                    self._keep_listed(phone, value, at)
            else:
                self.conn.execute(
                    f"UPDATE prospects SET {column} = ? WHERE id = ?", (value, prospect_id)
                )
            return self._record(prospect_id, at, column, old, value)

    def _keep_listed(self, old_phone: str, new_phone: str, at: datetime) -> None:
        """A do-not-call prospect's new number goes on the list as the old one was."""
        entry = self.conn.execute(
            "SELECT added_at, source FROM dnc WHERE phone = ?", (old_phone,)
        ).fetchone()
        added, source = entry if entry is not None else (iso(at), VIEW_SOURCE)
        self.conn.execute(
            "INSERT OR IGNORE INTO dnc (phone, added_at, source) VALUES (?, ?, ?)",
            (new_phone, added, source),
        )

    def requeue(self, prospect_id: int, state: ProspectState, at: datetime) -> ProspectEdit:
        """Put a prospect back in the queue in `state` (the domain's `requeue_state`) and keep
        it in the edit history (old and new lifecycle). EditRefused for a do-not-call prospect
        or number; LookupError when no such prospect is stored."""
        with self._write():
            row = self.conn.execute(
                "SELECT lifecycle, name, EXISTS (SELECT 1 FROM dnc WHERE dnc.phone = p.phone)"
                " FROM prospects p WHERE id = ?",
                (prospect_id,),
            ).fetchone()
            if row is None:
                raise LookupError("that prospect is no longer in the database")
            lifecycle, name, listed = row
            if lifecycle == "dnc" or listed:
                raise EditRefused(f"{name} is on the do-not-call list: never queued again")
            self._set_state(prospect_id, state)
            return self._record(prospect_id, at, QUEUE_FIELD, lifecycle, state.lifecycle.value)

    def _record(
        self, prospect_id: int, at: datetime, field: str, old: str, new: str
    ) -> ProspectEdit:
        self.conn.execute(
            "INSERT INTO prospect_edits (prospect_id, at, field, old, new) VALUES (?,?,?,?,?)",
            (prospect_id, iso(at), field, old, new),
        )
        return ProspectEdit(at, field, old, new)

"""One prospect's story for the prospect view: every rep's calls to them (outcome, reason, note,
length, who), this rep's private parts only (how the ritual ended, the recovery, the debrief), the
edits made by hand with who made them; and those changes: an edited field, a prospect put back
in the queue, each written with its row in `prospect_edits` in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from nextcall.domain.prospect_edits import QUEUE_FIELD, VIEW_SOURCE, EditField, EditRefused
from nextcall.domain.prospects import ProspectState
from nextcall.domain.ritual import Debrief
from nextcall.store.codec import PROSPECT_COLUMNS, from_iso, iso, prospect
from nextcall.store.postgres.base import PgBase
from nextcall.store.records import ProspectEdit, ProspectStory, StoryCall

STORY_CALLS_SQL = """
SELECT c.id, c.at, c.outcome, c.reason, c.note, c.duration_s,
       cp.ritual, cp.recovery_s, cp.debrief, c.rep
FROM calls c
LEFT JOIN call_private cp ON cp.call_id = c.id AND cp.rep = %(rep)s
WHERE c.prospect_id = %(id)s
ORDER BY c.at DESC, c.id DESC
"""
"""Every rep's calls to one prospect (the calls_prospect index), with this rep's private parts:
the join asks for them by name, and row-level security hides every other rep's anyway."""

NOT_STORED = "that prospect is no longer in the database"


def _call(row: Sequence[Any]) -> StoryCall:
    cid, at, outcome, reason, note, duration_s, ritual, recovery_s, debrief, rep = row
    return StoryCall(
        *(cid, from_iso(at), outcome, reason, note, duration_s, ritual, recovery_s),
        debrief=None if debrief is None else Debrief.from_json(debrief),
        rep=rep,
    )


class Stories(PgBase):
    def prospect_story(self, prospect_id: int) -> ProspectStory | None:
        """The prospect, every rep's calls and edits (newest first) and their do-not-call
        entry; None when no such prospect is stored. One indexed query per table."""
        row = self.conn.execute(
            f"SELECT {PROSPECT_COLUMNS}, email, created_at, crm_id FROM prospects WHERE id = %s",
            (prospect_id,),
        ).fetchone()
        if row is None:
            return None
        found = prospect(row[:-3])
        calls = self.conn.execute(STORY_CALLS_SQL, {"id": prospect_id, "rep": self.rep})
        edits = self.conn.execute(
            "SELECT at, field, old, new, rep FROM prospect_edits WHERE prospect_id = %s"
            " ORDER BY id DESC",
            (prospect_id,),
        )
        dnc = self.conn.execute(
            "SELECT added_at, source FROM dnc WHERE phone = %s", (found.phone,)
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
        the old value, with this rep's name, in the edit history; None when the value was
        already that. A prospect on the do-not-call list keeps its place on it: the new number
        joins the list with the old entry's date and source, and a number on the list makes
        its prospect do-not-call (the schema's trigger). LookupError when no such prospect is
        stored; StoreError for a number another prospect has."""
        column = EditField(field).value  # a fixed column name, never the caller's text
        with self._write():
            row = self.conn.execute(
                f"SELECT {column}, lifecycle, phone FROM prospects WHERE id = %s FOR UPDATE",
                (prospect_id,),
            ).fetchone()
            if row is None:
                raise LookupError(NOT_STORED)
            old, lifecycle, phone = row
            if old == value:
                return None
            if column == EditField.PHONE:
                self.conn.execute(
                    "UPDATE prospects SET phone = %s, phone_display = %s WHERE id = %s",
                    (value, display or value, prospect_id),
                )
                if lifecycle == "dnc":
                    self._keep_listed(phone, value, at)
            else:
                self.conn.execute(
                    f"UPDATE prospects SET {column} = %s WHERE id = %s", (value, prospect_id)
                )
            return self._record(prospect_id, at, column, old, value)

    def _keep_listed(self, old_phone: str, new_phone: str, at: datetime) -> None:
        """A do-not-call prospect's new number goes on the list as the old one was."""
        entry = self.conn.execute(
            "SELECT added_at, source FROM dnc WHERE phone = %s", (old_phone,)
        ).fetchone()
        added, source = entry if entry is not None else (iso(at), VIEW_SOURCE)
        self.conn.execute(
            "INSERT INTO dnc (phone, added_at, source) VALUES (%s, %s, %s)"
            " ON CONFLICT (phone) DO NOTHING",
            (new_phone, added, source),
        )

    def requeue(self, prospect_id: int, state: ProspectState, at: datetime) -> ProspectEdit:
        """Put a prospect back in the queue in `state` (the domain's `requeue_state`) and keep
        it in the edit history (old and new lifecycle); any rep may dial them. EditRefused for a do-not-call prospect
        or number; LookupError when no such prospect is stored."""
        with self._write():
            row = self.conn.execute(
                "SELECT lifecycle, name, EXISTS (SELECT 1 FROM dnc WHERE dnc.phone = p.phone)"
                " FROM prospects p WHERE id = %s FOR UPDATE",
                (prospect_id,),
            ).fetchone()
            if row is None:
                raise LookupError(NOT_STORED)
            lifecycle, name, listed = row
            if lifecycle == "dnc" or listed:
                raise EditRefused(f"{name} is on the do-not-call list: never queued again")
            self._set_state(prospect_id, state)
            # Back in the pool: whoever a past follow-up waited for, any rep may dial them now.
            self.conn.execute("UPDATE prospects SET owner = NULL WHERE id = %s", (prospect_id,))
            return self._record(prospect_id, at, QUEUE_FIELD, lifecycle, state.lifecycle.value)

    def _record(
        self, prospect_id: int, at: datetime, field: str, old: str, new: str
    ) -> ProspectEdit:
        self.conn.execute(
            "INSERT INTO prospect_edits (prospect_id, rep, at, field, old, new)"
            " VALUES (%s, %s, %s, %s, %s, %s)",
            (prospect_id, self.rep, iso(at), field, old, new),
        )
        return ProspectEdit(at, field, old, new, self.rep)

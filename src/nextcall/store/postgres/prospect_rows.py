"""Prospects on the team's shared list: adding and importing them, their queue state, the queue's
order as one rep sees it (without the prospects other reps hold, nor their follow-ups), finding and
counting them. The same rules and text forms as the SQLite store's (`nextcall.store.codec`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from nextcall.domain.merging import FILLED_FIELDS
from nextcall.domain.prospects import Prospect, ProspectState, Slot
from nextcall.store.codec import PROSPECT_COLUMNS, from_iso, iso, prospect
from nextcall.store.merges import STORED_COLUMNS, Stored, merge_updates
from nextcall.store.postgres.base import PgBase
from nextcall.store.postgres.dnc_rows import hold_dnc_list
from nextcall.store.records import ImportCounts, NewProspect

NEW_COLUMNS = (
    *("name", "company", "title", "phone", "phone_display"),
    *("email", "notes", "timezone", "crm_id"),
)
"""A new prospect's columns, as `NewProspect` holds them."""

_NEW = ", ".join(NEW_COLUMNS)
STAGE_NEW = (
    "CREATE TEMP TABLE incoming_prospects"
    f" (n BIGINT, {', '.join(c + ' TEXT' for c in NEW_COLUMNS)}) ON COMMIT DROP"
)
"""Where new prospects wait for their INSERT, filled by COPY (a 50,000-row import is about twice
as quick this way as with one array per column): the transaction's own table, gone at its end."""

INSERT_STAGED = (
    f"INSERT INTO prospects ({_NEW}, due_at, created_at) SELECT {_NEW}, %s, %s"
    " FROM incoming_prospects ORDER BY n ON CONFLICT (phone) DO NOTHING"
)
"""The staged prospects, ids in the rows' order; numbers already stored (also by another rep a
moment ago) are skipped, never doubled. The trigger `prospects_keep_dnc` makes a listed
number's prospect do-not-call."""

_MERGED = (*FILLED_FIELDS, "notes")
STAGE_MERGED = (
    "CREATE TEMP TABLE merged_prospects"
    f" ({', '.join(c + ' TEXT' for c in _MERGED)}, id BIGINT) ON COMMIT DROP"
)
"""Where an import's merges (`merge_updates`' rows) wait for their UPDATE."""

UPDATE_MERGED = (
    f"UPDATE prospects p SET {', '.join(f'{c} = m.{c}' for c in _MERGED)}"
    " FROM merged_prospects m WHERE p.id = m.id"
)

_UNCLAIMED = (
    "NOT EXISTS (SELECT 1 FROM claims c"
    " WHERE c.prospect_id = p.id AND c.rep <> %(rep)s AND c.until > now())"
)
QUEUE_SQL = (
    "SELECT ARRAY(SELECT p.id FROM prospects p WHERE p.lifecycle = 'active'"
    " AND p.slot = %(follow_up)s AND p.due_at < %(end)s"
    f" AND (p.owner IS NULL OR p.owner = %(rep)s) AND {_UNCLAIMED} ORDER BY p.due_at, p.id)"
    " || ARRAY(SELECT p.id FROM prospects p WHERE p.lifecycle = 'active'"
    f" AND p.slot = %(new)s AND {_UNCLAIMED} ORDER BY p.due_at, p.id)"
    " || ARRAY(SELECT p.id FROM prospects p WHERE p.lifecycle = 'active'"
    f" AND p.slot = %(retry)s AND p.due_at < %(retry_bound)s AND {_UNCLAIMED}"
    " ORDER BY p.due_at, p.id)"
)
"""The rep's queue as one array: follow-ups due by the end of today that are the rep's or
anyone's, then new prospects, then retries whose wait is over; none another rep holds by a
running claim (the server's clock). Three range scans of prospects_queue, each in its order
(~2x quicker on 50,000 prospects than one scan of every active prospect sorted after)."""


class Prospects(PgBase):
    def add_prospects(self, rows: Iterable[NewProspect], at: datetime) -> int:
        """Add prospects (numbers already known are skipped); returns how many were added."""
        batch = list(rows)
        if not batch:
            return 0
        with self._write():
            return len(self._insert(batch, at))

    def _insert(self, rows: Sequence[NewProspect], at: datetime) -> list[tuple[str, str]]:
        """Insert the rows whose numbers are not stored yet (inside `_write()`); (number,
        lifecycle) of each added. Shares the do-not-call list's lock (`dnc_rows`)."""
        hold_dnc_list(self.conn, shared=True)
        self.conn.execute(STAGE_NEW)
        self.conn.copy(
            f"COPY incoming_prospects (n, {_NEW}) FROM STDIN",
            ((n, *(getattr(r, c) for c in NEW_COLUMNS)) for n, r in enumerate(rows)),
        )
        stamp = iso(at)
        added = self.conn.execute(
            INSERT_STAGED + " RETURNING phone, lifecycle", (stamp, stamp)
        ).fetchall()
        return [(phone, lifecycle) for phone, lifecycle in added]

    def import_prospects(
        self,
        rows: Sequence[NewProspect],
        at: datetime,
        *,
        commit: bool = True,
        lines: Mapping[str, int] | None = None,
    ) -> ImportCounts:
        """Add `rows` (one per number) in one transaction. A number already stored is merged
        (`nextcall.store.merges`): empty fields filled, new notes appended, another person,
        email or CRM id written into its notes (with the row's line from `lines`). With
        `commit=False` nothing is written nor locked: it only reads (a dry run).

        The write inserts first (numbers another rep's import added meanwhile are skipped by
        the unique number, never doubled), then merges into the rest, locked in id order so
        that two imports never wait on each other in a circle."""
        phones = [r.phone for r in rows]
        if not commit:
            existing = self._by_phone(phones)
            blocked = self._dnc_among([p for p in phones if p not in existing])
            clashed = merge_updates(rows, existing, lines or {})[1]
            new = len(rows) - len(existing)
            return ImportCounts(new, len(existing), len(blocked), tuple(clashed))
        if not rows:
            return ImportCounts(0, 0, 0)
        with self._write():
            added = self._insert(rows, at)
            fresh = {phone for phone, _ in added}
            existing = self._by_phone([p for p in phones if p not in fresh], lock=True)
            updates, clashed = merge_updates(rows, existing, lines or {})
            if updates:
                self.conn.execute(STAGE_MERGED)
                self.conn.copy(
                    f"COPY merged_prospects ({', '.join(_MERGED)}, id) FROM STDIN", updates
                )
                self.conn.execute(UPDATE_MERGED)
        listed = sum(1 for _, lifecycle in added if lifecycle == "dnc")
        return ImportCounts(len(fresh), len(rows) - len(fresh), listed, tuple(clashed))

    def _by_phone(self, phones: Sequence[str], *, lock: bool = False) -> dict[str, Stored]:
        """Stored prospects with these numbers: number -> (id, name, (company, title, email,
        timezone, crm_id, notes)); with `lock`, locked for this transaction's update."""
        if not phones:
            return {}
        sql = f"SELECT {STORED_COLUMNS} FROM prospects WHERE phone = ANY(%s::text[])"
        if lock:
            sql += " ORDER BY id FOR UPDATE"
        rows = self.conn.execute(sql, (list(phones),))
        return {phone: (pid, name, tuple(fields)) for phone, pid, name, *fields in rows}

    def add_by_hand(self, row: NewProspect, at: datetime) -> Prospect:
        """Add one prospect for a number the rep dialed from the palette, marked added by hand
        (a new prospect, first in its group's order from `at`)."""
        stamp = iso(at)
        with self._write():
            hold_dnc_list(self.conn, shared=True)
            added = self.conn.execute(
                "INSERT INTO prospects (name, company, title, phone, phone_display, email, notes,"
                " timezone, due_at, created_at, added_by_hand)"
                f" VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,1) RETURNING {PROSPECT_COLUMNS}",
                (
                    *(row.name, row.company, row.title, row.phone, row.phone_display),
                    *(row.email, row.notes, row.timezone, stamp, stamp),
                ),
            ).fetchone()
        return prospect(added)

    def prospect_by_phone(self, phone: str) -> Prospect | None:
        """The prospect with this E.164 number (numbers are unique), of any standing."""
        row = self.conn.execute(
            f"SELECT {PROSPECT_COLUMNS} FROM prospects WHERE phone = %s", (phone,)
        ).fetchone()
        return None if row is None else prospect(row)

    def set_states(self, states: dict[int, ProspectState]) -> None:
        """Set many prospects' queue state at once (one statement)."""
        if not states:
            return
        values = [
            (pid, s.lifecycle.value, int(s.slot), iso(s.due_at), s.attempts, int(s.timed))
            for pid, s in states.items()
        ]
        with self._write():
            self.conn.execute(
                "UPDATE prospects p SET lifecycle = v.lifecycle, slot = v.slot,"
                " due_at = v.due_at, attempts = v.attempts, timed = v.timed"
                " FROM unnest(%s::bigint[], %s::text[], %s::smallint[], %s::text[],"
                " %s::integer[], %s::smallint[]) AS v (id, lifecycle, slot, due_at, attempts,"
                " timed) WHERE p.id = v.id",
                [list(c) for c in zip(*values, strict=True)],
            )

    def queue_ids(self, now: datetime, end_of_today: datetime) -> list[int]:
        """Prospect ids in dialing order, as this rep's queue: follow-ups due by the end of
        today (the rep's own and anyone's), then new prospects, then retries whose wait is
        over; none that another rep holds by a running claim. Do-not-call ones never."""
        row = self.conn.execute(
            QUEUE_SQL,
            {
                "new": int(Slot.NEW),
                "follow_up": int(Slot.FOLLOW_UP),
                "retry": int(Slot.RETRY),
                "end": iso(end_of_today),  # tomorrow's start is not today
                "retry_bound": iso(now + timedelta(milliseconds=1)),  # a wait ending now is over
                "rep": self.rep,
            },
        ).fetchone()
        return list(row[0])

    def next_retry_at(self, after: datetime) -> datetime | None:
        """When the first retry still waiting at `after` comes back (an index range scan)."""
        row = self.conn.execute(
            "SELECT due_at FROM prospects WHERE lifecycle = 'active' AND slot = %s"
            " AND due_at >= %s ORDER BY due_at LIMIT 1",
            (int(Slot.RETRY), iso(after)),
        ).fetchone()
        return None if row is None else from_iso(row[0])

    def count_retries(self, first: datetime, last: datetime) -> int:
        """How many retries come back from `first` (inclusive) to `last` (exclusive)."""
        row = self.conn.execute(
            "SELECT count(*) FROM prospects WHERE lifecycle = 'active' AND slot = %s"
            " AND due_at >= %s AND due_at < %s",
            (int(Slot.RETRY), iso(first), iso(last)),
        ).fetchone()
        return int(row[0])

    def prospects(self, ids: Sequence[int]) -> dict[int, Prospect]:
        """The prospects with these ids (a visible window of the queue)."""
        if not ids:
            return {}
        rows = self.conn.execute(
            f"SELECT {PROSPECT_COLUMNS} FROM prospects WHERE id = ANY(%s::bigint[])", (list(ids),)
        )
        return {p.id: p for p in map(prospect, rows)}

    def prospect(self, prospect_id: int) -> Prospect | None:
        row = self.conn.execute(
            f"SELECT {PROSPECT_COLUMNS} FROM prospects WHERE id = %s", (prospect_id,)
        ).fetchone()
        return None if row is None else prospect(row)

    def search(self, text: str, limit: int) -> list[Prospect]:
        """Prospects of any standing (queued, archived, done, do-not-call) whose name or company
        contains `text` (literally, whatever its case), active ones first, then by name in
        code point order (as SQLite sorts them)."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.conn.execute(
            f"SELECT {PROSPECT_COLUMNS} FROM prospects"
            " WHERE name ILIKE %(p)s OR company ILIKE %(p)s"
            " ORDER BY lifecycle <> 'active', name COLLATE \"C\", id LIMIT %(n)s",
            {"p": pattern, "n": limit if limit >= 0 else None},
        )
        return [prospect(r) for r in rows]

    def has_prospects(self) -> bool:
        """True once any prospect was ever added (worked or not)."""
        return self.conn.execute("SELECT 1 FROM prospects LIMIT 1").fetchone() is not None

    def count_kept(self) -> int:
        """Prospects on the list and not archived: those being worked and those booked.
        Do-not-call ones are left out too: they are never dialed, only kept as a block."""
        row = self.conn.execute(
            "SELECT count(*) FROM prospects WHERE lifecycle IN ('active', 'done')"
        ).fetchone()
        return int(row[0])

    def count_prospects(self) -> int:
        """Prospects still being worked (not archived, done or do-not-call)."""
        row = self.conn.execute(
            "SELECT count(*) FROM prospects WHERE lifecycle = 'active'"
        ).fetchone()
        return int(row[0])

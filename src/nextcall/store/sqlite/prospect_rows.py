"""Prospects: adding and importing them, their queue state, the queue's order, finding and
counting them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from nextcall.domain.merging import FILLED_FIELDS
from nextcall.domain.prospects import Prospect, ProspectState, Slot
from nextcall.store.codec import PROSPECT_COLUMNS, from_iso, iso, prospect
from nextcall.store.merges import STORED_COLUMNS, Stored, merge_updates
from nextcall.store.records import ImportCounts, NewProspect
from nextcall.store.sqlite.base import CHUNK, Base

IMPORT_CACHE_KIB = -65536
"""The page cache an import's write gets (64 MiB, SQLite's negative-KiB form): with the 2 MiB
default, the pages of a 50,000-row insert spill to the WAL again and again and the write lock
is held ~40% longer."""


class Prospects(Base):
    def add_prospects(self, rows: Iterable[NewProspect], at: datetime) -> int:
        """Add prospects (numbers already known are skipped); returns how many were added."""
        stamp = iso(at)
        with self._write():
            before = self.conn.total_changes
            self.conn.executemany(
                "INSERT OR IGNORE INTO prospects (name, company, title, phone, phone_display, email,"
                " notes, timezone, crm_id, due_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    (
                        r.name,
                        r.company,
                        r.title,
                        r.phone,
                        r.phone_display,
                        r.email,
                        r.notes,
                        r.timezone,
                        r.crm_id,
                        stamp,
                        stamp,
                    )
                    for r in rows
                ),
            )
            return self.conn.total_changes - before

    def import_prospects(
        self,
        rows: Sequence[NewProspect],
        at: datetime,
        *,
        commit: bool = True,
        lines: Mapping[str, int] | None = None,
    ) -> ImportCounts:
        """Add `rows` (one per number) in one transaction. A number already stored is merged:
        its empty company, title, email, zone and CRM id are filled and new notes appended; its
        name, CRM id and place in the queue stay, and another person, email or CRM id in the
        row is written into its notes (with the row's line from `lines`, number -> line).
        With `commit=False` nothing is written, nor locked: it only reads (a dry run).

        The stored numbers and the do-not-call list are read before the write lock is taken,
        so the app beside an import waits only for the writes; inside the lock, what another
        connection committed meanwhile is read again (numbers added since, the list grown, the
        prospects being merged), and only when something was."""
        phones = [r.phone for r in rows]
        seen = self._data_version()
        last_id, dnc_size = self._watermarks()
        existing = self._by_phone(phones)
        blocked = self._dnc_among([p for p in phones if p not in existing])
        if not commit:  # a dry run: the reads say it all, and no lock is taken
            fresh = [r for r in rows if r.phone not in existing]
            clashed = merge_updates(rows, existing, lines or {})[1]
            return ImportCounts(len(fresh), len(rows) - len(fresh), len(blocked), tuple(clashed))
        cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
        try:
            with self._write():
                if self._data_version() != seen:
                    existing, blocked = self._read_again(
                        phones, existing, blocked, last_id, dnc_size
                    )
                fresh = [r for r in rows if r.phone not in existing]
                self._insert_fresh(fresh, blocked, iso(at))
                updates, found_clashes = merge_updates(rows, existing, lines or {})
                self.conn.executemany(
                    f"UPDATE prospects SET {', '.join(f + ' = ?' for f in FILLED_FIELDS)},"
                    " notes = ? WHERE id = ?",
                    updates,
                )
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(cache)}")
        return ImportCounts(len(fresh), len(rows) - len(fresh), len(blocked), tuple(found_clashes))

    def _data_version(self) -> int:
        """Changes when another connection commits (SQLite's `PRAGMA data_version`)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def _watermarks(self) -> tuple[int, int]:
        """The last prospect id and the do-not-call list's size: what an import's re-check
        compares with (prospects and list entries are never deleted)."""
        row = self.conn.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM prospects), (SELECT count(*) FROM dnc)"
        ).fetchone()
        return int(row[0]), int(row[1])

    def _read_again(
        self,
        phones: Sequence[str],
        existing: dict[str, Stored],
        blocked: set[str],
        last_id: int,
        dnc_size: int,
    ) -> tuple[dict[str, Stored], set[str]]:
        """Inside the write: the import's reads brought up to date with what was committed
        since them. Costs the prospects added since, plus the merges; the list again only
        when it grew."""
        wanted = set(phones)
        added = [
            phone
            for (phone,) in self.conn.execute(
                "SELECT phone FROM prospects WHERE id > ?", (last_id,)
            )
            if phone in wanted
        ]
        existing = self._by_phone([*existing, *added])
        if self._watermarks()[1] != dnc_size:
            blocked = self._dnc_among([p for p in phones if p not in existing])
        else:
            blocked = {p for p in blocked if p not in existing}
        return existing, blocked

    def _insert_fresh(self, fresh: Sequence[NewProspect], blocked: set[str], stamp: str) -> None:
        self.conn.executemany(
            "INSERT INTO prospects (name, company, title, phone, phone_display, email, notes,"
            " timezone, crm_id, lifecycle, due_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    *(r.name, r.company, r.title, r.phone, r.phone_display),
                    *(r.email, r.notes, r.timezone, r.crm_id),
                    "dnc" if r.phone in blocked else "active",
                    stamp,
                    stamp,
                )
                for r in fresh
            ),
        )

    def add_by_hand(self, row: NewProspect, at: datetime) -> Prospect:
        """Add one prospect for a number the rep dialed from the palette, marked added by hand
        (a new prospect, first in its group's order from `at`)."""
        stamp = iso(at)
        with self._write():
            cursor = self.conn.execute(
                "INSERT INTO prospects (name, company, title, phone, phone_display, email, notes,"
                " timezone, due_at, created_at, added_by_hand) VALUES (?,?,?,?,?,?,?,?,?,?,1)",
                (
                    *(row.name, row.company, row.title, row.phone, row.phone_display),
                    *(row.email, row.notes, row.timezone, stamp, stamp),
                ),
            )
            pid = int(cursor.lastrowid or 0)
        added = self.prospect(pid)
        assert added is not None  # just written, in this connection
        return added

    def prospect_by_phone(self, phone: str) -> Prospect | None:
        """The prospect with this E.164 number (numbers are unique), of any standing."""
        row = self.conn.execute(
            f"SELECT {PROSPECT_COLUMNS} FROM prospects WHERE phone = ?", (phone,)
        ).fetchone()
        return None if row is None else prospect(row)

    def _by_phone(self, phones: Sequence[str]) -> dict[str, Stored]:
        """Stored prospects with these numbers: number -> (id, name, (company, title, email,
        timezone, crm_id, notes))."""
        found: dict[str, Stored] = {}
        for i in range(0, len(phones), CHUNK):
            chunk = phones[i : i + CHUNK]
            rows = self.conn.execute(
                f"SELECT {STORED_COLUMNS} FROM prospects"
                f" WHERE phone IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for phone, pid, name, *fields in rows:
                found[phone] = (pid, name, tuple(fields))
        return found

    def set_states(self, states: dict[int, ProspectState]) -> None:
        """Set many prospects' queue state at once."""
        with self._write():
            for pid, state in states.items():
                self._set_state(pid, state)

    def queue_ids(self, now: datetime, end_of_today: datetime) -> list[int]:
        """Prospect ids in dialing order: follow-ups due by the end of today, then new
        prospects, then retries whose wait is over. Three index range scans."""
        q = (
            "SELECT group_concat(id) FROM (SELECT id FROM prospects WHERE lifecycle = 'active'"
            " AND slot = ? AND due_at < ? ORDER BY due_at, id)"
        )
        ids: list[int] = []
        retry_bound = iso(now + timedelta(milliseconds=1))  # a wait that ends now is over
        for slot, bound in (
            (Slot.FOLLOW_UP, iso(end_of_today)),  # tomorrow's start is not today
            (Slot.NEW, "9999"),
            (Slot.RETRY, retry_bound),
        ):
            joined = self.conn.execute(q, (int(slot), bound)).fetchone()[0]
            if joined:  # one string per slot: 50,000 ids come back ~30% faster than as rows
                ids.extend(map(int, joined.split(",")))
        return ids

    def next_retry_at(self, after: datetime) -> datetime | None:
        """When the first retry still waiting at `after` comes back (an index range scan)."""
        row = self.conn.execute(
            "SELECT due_at FROM prospects WHERE lifecycle = 'active' AND slot = ? AND due_at >= ?"
            " ORDER BY due_at LIMIT 1",
            (int(Slot.RETRY), iso(after)),
        ).fetchone()
        return None if row is None else from_iso(row[0])

    def count_retries(self, first: datetime, last: datetime) -> int:
        """How many retries come back from `first` (inclusive) to `last` (exclusive)."""
        return int(
            self.conn.execute(
                "SELECT count(*) FROM prospects WHERE lifecycle = 'active' AND slot = ?"
                " AND due_at >= ? AND due_at < ?",
                (int(Slot.RETRY), iso(first), iso(last)),
            ).fetchone()[0]
        )

    def prospects(self, ids: Sequence[int]) -> dict[int, Prospect]:
        """The prospects with these ids (a visible window of the queue)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT {PROSPECT_COLUMNS} FROM prospects WHERE id IN ({marks})", tuple(ids)
        )
        return {p.id: p for p in map(prospect, rows)}

    def prospect(self, prospect_id: int) -> Prospect | None:
        return self.prospects([prospect_id]).get(prospect_id)

    def search(self, text: str, limit: int) -> list[Prospect]:
        """Prospects of any standing (queued, archived, done, do-not-call) whose name or company
        contains `text`, active ones first."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.conn.execute(
            f"SELECT {PROSPECT_COLUMNS} FROM prospects WHERE name LIKE ?1 ESCAPE '\\'"
            " OR company LIKE ?1 ESCAPE '\\' ORDER BY lifecycle != 'active', name LIMIT ?2",
            (pattern, limit),
        )
        return [prospect(r) for r in rows]

    def has_prospects(self) -> bool:
        """True once any prospect was ever added (worked or not)."""
        return self.conn.execute("SELECT 1 FROM prospects LIMIT 1").fetchone() is not None

    def count_kept(self) -> int:
        """Prospects in the database and not archived: those being worked and those booked.
        Do-not-call entries are left out too: they are never dialed, only kept as a block."""
        return int(
            self.conn.execute(
                "SELECT count(*) FROM prospects WHERE lifecycle IN ('active', 'done')"
            ).fetchone()[0]
        )

    def count_prospects(self) -> int:
        """Prospects still being worked (not archived, done or do-not-call)."""
        return int(
            self.conn.execute(
                "SELECT count(*) FROM prospects WHERE lifecycle = 'active'"
            ).fetchone()[0]
        )

"""The outbox file: the rep's writes kept on this machine while the team database can't be
reached, committed before the screen shows them (WAL, synchronous=FULL, 0600 in the data
folder), as one rep's own database is. Also kept here: which team call each sent outcome became
(the app may still name it by its local id), and the conflicts met on sending."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from nextcall.paths import ensure_private_dir
from nextcall.store.codec import from_iso, iso
from nextcall.store.errors import DatabaseError, StoreError
from nextcall.store.outbox.entries import Entry, Kind, dumps
from nextcall.store.sqlite.boundary import Connection
from nextcall.store.syncing import Conflict

OUTBOX_NAME = "outbox.db"
APPLICATION_ID = 0x4E434F42  # "NCOB": marks the file as nextcall's outbox
VERSION = 1
SCHEMA = """
CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,   -- the order, never reused (local call ids)
    target TEXT NOT NULL,                   -- the rep and team database it is for
    key TEXT NOT NULL UNIQUE,               -- sent with it: stored there once
    kind TEXT NOT NULL,
    prospect_id INTEGER,
    call_id INTEGER,                        -- a tag's call: team id > 0, local outcome < 0
    body TEXT NOT NULL,                     -- its arguments (JSON)
    sending INTEGER NOT NULL DEFAULT 0,     -- 1: its sending began
    queued_at TEXT NOT NULL
);
CREATE INDEX entries_target ON entries (target, id);
CREATE TABLE sent (
    local_id INTEGER PRIMARY KEY,           -- an outcome's local call id (< 0)
    call_id INTEGER NOT NULL,               -- the team database's id for it
    sent_at TEXT NOT NULL
);
CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target TEXT NOT NULL,
    found_at TEXT NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,                     -- the entry as it was, kept whole
    key TEXT NOT NULL,
    body TEXT NOT NULL,
    seen INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conflicts_target ON conflicts (target, seen, id);
"""
SENT_KEPT = timedelta(days=2)
"""How long the team's id of an outcome sent from here is kept (a tag set later names the call
by its local id; another nextcall beside the app may open the file meanwhile)."""
ENTRY_COLUMNS = "id, key, kind, body, prospect_id, call_id, sending"


class Outbox:
    """The outbox file at `path` (`Outbox.open`). Not shared between threads by itself: the
    store that owns it holds its lock around every call."""

    def __init__(self, conn: Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Outbox:
        """Open (or create, private) the outbox file; DatabaseError for a file that is not
        one."""
        ensure_private_dir(path.parent)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        try:
            raw = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=5)
        except sqlite3.Error as exc:
            raise DatabaseError(f"the outbox {path} can't be opened: {exc}") from exc
        conn = Connection(raw, path)
        try:
            _prepare(conn, path)
        except BaseException:
            conn.close()
            raise
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    # -- entries -------------------------------------------------------------------------------

    def entries(self, target: str) -> list[Entry]:
        """What waits for `target`, oldest first."""
        rows = self.conn.execute(
            f"SELECT {ENTRY_COLUMNS} FROM entries WHERE target = ? ORDER BY id", (target,)
        )
        return [_entry(r) for r in rows]

    def add(
        self,
        target: str,
        key: str,
        kind: Kind,
        body: Mapping[str, Any],
        prospect_id: int | None = None,
        call_id: int | None = None,
    ) -> Entry:
        """Keep one write (committed, durable, before this returns)."""
        with self.conn.transaction():
            cur = self.conn.execute(
                "INSERT INTO entries (target, key, kind, prospect_id, call_id, body, queued_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (target, key, kind.value, prospect_id, call_id, dumps(body), _now()),
            )
        return Entry(int(cur.lastrowid or 0), key, kind, body, prospect_id, call_id)

    def rewrite(self, entry: Entry, body: Mapping[str, Any]) -> Entry:
        """The same entry with new arguments (a call note typed on)."""
        with self.conn.transaction():
            self.conn.execute(
                "UPDATE entries SET body = ? WHERE id = ? AND sending = 0", (dumps(body), entry.id)
            )
        return replace(entry, body=body)

    def mark_sending(self, entry: Entry) -> Entry:
        with self.conn.transaction():
            self.conn.execute("UPDATE entries SET sending = 1 WHERE id = ?", (entry.id,))
        return replace(entry, sending=True)

    def done(self, entry: Entry, call_id: int | None = None) -> None:
        """The entry was stored on the team database (an outcome as call `call_id`)."""
        with self.conn.transaction():
            self._remember(entry, call_id)
            self.conn.execute("DELETE FROM entries WHERE id = ?", (entry.id,))

    def drop(self, ids: Sequence[int]) -> None:
        """Take entries back before they were sent (an undone outcome and its tags)."""
        with self.conn.transaction():
            self.conn.executemany("DELETE FROM entries WHERE id = ?", [(i,) for i in ids])

    def keep_conflict(
        self, target: str, entry: Entry, text: str, call_id: int | None = None
    ) -> None:
        """Move the entry to the conflicts, whole (an outcome stored anyway as `call_id`)."""
        with self.conn.transaction():
            self._remember(entry, call_id)
            self.conn.execute(
                "INSERT INTO conflicts (target, found_at, text, kind, key, body)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (target, _now(), text, entry.kind.value, entry.key, dumps(entry.body)),
            )
            self.conn.execute("DELETE FROM entries WHERE id = ?", (entry.id,))

    def _remember(self, entry: Entry, call_id: int | None) -> None:
        if entry.kind is Kind.OUTCOME and call_id is not None:
            self.conn.execute(
                "INSERT OR REPLACE INTO sent (local_id, call_id, sent_at) VALUES (?, ?, ?)",
                (entry.local_call_id, call_id, _now()),
            )

    def team_call(self, local_id: int) -> int | None:
        """The team database's id of an outcome sent from here (known by `local_id`)."""
        row = self.conn.execute("SELECT call_id FROM sent WHERE local_id = ?", (local_id,))
        found = row.fetchone()
        return None if found is None else int(found[0])

    # -- conflicts -----------------------------------------------------------------------------

    def conflicts(self, target: str, unseen: bool = False) -> list[Conflict]:
        rows = self.conn.execute(
            "SELECT id, found_at, text FROM conflicts WHERE target = ? AND seen <= ? ORDER BY id",
            (target, 0 if unseen else 1),
        )
        return [Conflict(int(r[0]), from_iso(r[1]), r[2]) for r in rows]

    def mark_seen(self, ids: Sequence[int]) -> None:
        with self.conn.transaction():
            self.conn.executemany("UPDATE conflicts SET seen = 1 WHERE id = ?", [(i,) for i in ids])


def _prepare(conn: Connection, path: Path) -> None:
    """Refuse another program's file; WAL, synchronous=FULL, the schema; private; the ids of
    outcomes sent long ago forgotten."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id != APPLICATION_ID and (tables or app_id):
        raise DatabaseError(f"{path} is not nextcall's outbox; move it out of the data folder")
    if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
        raise DatabaseError(f"the outbox {path} could not be switched to WAL mode")
    conn.execute("PRAGMA synchronous = FULL")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > VERSION:
        raise DatabaseError(f"the outbox {path} was written by a newer nextcall; please upgrade")
    if version < VERSION:
        with conn.transaction():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {VERSION}")
    os.chmod(path, 0o600)
    with conn.transaction():  # an app open that long is not still naming those calls
        conn.execute("DELETE FROM sent WHERE sent_at < ?", (_now(-SENT_KEPT),))


def _entry(row: Any) -> Entry:
    entry_id, key, kind, body, pid, call_id, sending = row
    try:
        args = json.loads(body)
    except ValueError as exc:
        raise StoreError(f"the outbox entry {entry_id} can't be read ({exc})") from exc
    return Entry(int(entry_id), key, Kind(kind), args, pid, call_id, bool(sending))


def _now(shift: timedelta = timedelta(0)) -> str:
    return iso(datetime.now().astimezone() + shift)

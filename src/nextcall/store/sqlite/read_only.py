"""Opening the database only to read it (`import --dry-run`): no file is created or changed,
no migration runs, no write lock is ever taken."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from nextcall.store.errors import DatabaseError
from nextcall.store.sqlite.boundary import Connection, store_error
from nextcall.store.sqlite.connection import _check_ours
from nextcall.store.sqlite.migrations import MIGRATIONS
from nextcall.store.sqlite.store import SQLiteStore


def open_read_only(path: Path) -> SQLiteStore:
    """The store in the existing file at `path`, opened read-only. `DatabaseError` for a file
    that is not nextcall's, or whose schema this nextcall would first have to bring up to date
    (a write)."""
    # With no -wal beside it, no nextcall has the file open and the file alone is the data:
    # read it as immutable (SQLite then makes no -wal or -shm either). With one, open it
    # read-only through the -wal and -shm already there, to see what the app wrote.
    live = path.with_name(path.name + "-wal").exists()
    mode = "mode=ro" if live else "immutable=1"
    try:
        raw = sqlite3.connect(
            f"{path.resolve().as_uri()}?{mode}", uri=True, isolation_level=None, timeout=5.0
        )
    except sqlite3.Error as exc:
        raise store_error(exc, path) from exc
    try:
        _check_ours(raw, path)
        version = raw.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as exc:
        raw.close()
        raise store_error(exc, path) from exc
    except DatabaseError:
        raw.close()
        raise
    if version != len(MIGRATIONS):
        raw.close()
        raise DatabaseError(
            f"{path} was made by an older nextcall: a dry run does not update it. Start "
            "nextcall once (it updates the file), then run the dry run again"
        )
    return SQLiteStore(Connection(raw, path), path)

"""Opening the database: private files, WAL, synchronous=FULL, foreign files refused, migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from nextcall.paths import ensure_private_dir
from nextcall.store.errors import BUSY_MESSAGE, DatabaseError, StoreBusy
from nextcall.store.sqlite.boundary import Connection
from nextcall.store.sqlite.migrations import MIGRATIONS

APPLICATION_ID = 0x4E43414C  # "NCAL": marks a file as nextcall's own


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True, timeout=5.0)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _check_ours(conn: sqlite3.Connection, path: Path) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"{path} is not a nextcall database ({exc}); it was left as it is"
        ) from exc
    if app_id != APPLICATION_ID and (tables or app_id):
        raise DatabaseError(
            f"{path} is a database of another program; nextcall left it as it is. "
            "Point --data-dir at another folder."
        )
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise DatabaseError(
            f"{path} was written by a newer nextcall (schema {version}); please upgrade nextcall"
        )


def statements(script: str) -> list[str]:
    """A migration script cut into whole statements (a trigger's body keeps its semicolons)."""
    out, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending)
            pending = ""
    return out


def migrate(conn: sqlite3.Connection) -> None:
    """Run the migrations the file has not seen, each in its own transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def open_database(path: Path, *, create: bool = True) -> Connection:
    """Open (or create, 0600 in a 0700 folder) nextcall's database at `path`, migrated. A file
    that can't be used raises `DatabaseError`; one another process is writing, `StoreBusy`."""
    ensure_private_dir(path.parent)
    if not path.exists():
        if not create:
            raise DatabaseError(f"{path} does not exist yet: start nextcall once to create it")
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path} can't be opened: {exc}") from exc
    try:
        _check_ours(conn, path)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise DatabaseError(f"{path}: could not switch the database to WAL mode ({mode})")
        conn.execute("PRAGMA synchronous = FULL")
        # No automatic checkpoint inside an outcome's commit: the app checkpoints on its
        # refresh timer (SQLiteStore.checkpoint) and SQLite does on close.
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
            os.chmod(path, 0o600)  # an empty file becomes our database: make it private
        migrate(conn)
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreBusy(BUSY_MESSAGE) from exc
        raise DatabaseError(
            f"{path} is damaged or not a database ({exc}); it was left as it is"
        ) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(
            f"{path} is damaged or not a database ({exc}); it was left as it is"
        ) from exc
    except DatabaseError:
        conn.close()
        raise
    return Connection(conn, path)

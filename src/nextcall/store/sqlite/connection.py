"""Opening the database: private files, WAL, synchronous=FULL, foreign files refused, migrations."""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path

from nextcall.paths import ensure_private_dir
from nextcall.store.errors import BUSY_MESSAGE, DatabaseError, StoreBusy
from nextcall.store.sqlite.boundary import Connection
from nextcall.store.sqlite.migrations import MIGRATIONS

APPLICATION_ID = 0x4E43414C  # "NCAL": marks a file as nextcall's own
SQLITE_HEADER = b"SQLite format 3\x00"
QUICK_CHECK_MAX = 16 * 1024 * 1024
"""Files up to this size get a `quick_check` at open (~4 ms a MB here); a larger one would slow
the start past its bar, so its damage is found as it is read (a `DatabaseError` message) and by
the daily backup's `integrity_check`."""
RESTORE_HINT = "`nextcall restore` lists your daily backups and puts one back"


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True, timeout=5.0)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _check_ours(conn: sqlite3.Connection, path: Path) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, exc) from exc
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


def _damaged(path: Path, detail: object) -> DatabaseError:
    return DatabaseError(
        f"{path} is damaged or not a database ({detail}); it was left as it is. {RESTORE_HINT}."
    )


def read_only_uri(path: Path) -> str:
    """A URI that opens `path` read-only: its WAL is read, never merged or removed."""
    return path.resolve().as_uri() + "?mode=ro"


def check_file(path: Path) -> None:
    """Refuse a damaged, foreign or newer file before anything opens it to write: its header is
    read, then it is checked (its schema read; `quick_check` up to `QUICK_CHECK_MAX`) through a
    read-only connection, so the file, its `-wal` and its journal are left exactly as they were.
    An empty file passes (it becomes ours)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise DatabaseError(
            f"{path} can't be read ({exc.strerror}); check its permissions"
        ) from exc
    if not head:
        return
    if not head.startswith(SQLITE_HEADER):
        raise DatabaseError(
            f"{path} is not a database (another program's file, or damaged); it was left as it "
            f"is. Point --data-dir at another folder, or {RESTORE_HINT}."
        )
    _check_wal(path, int.from_bytes(head[16:18], "big"))
    made = [
        side
        for side in (path.with_name(path.name + "-shm"), path.with_name(path.name + "-wal"))
        if not side.exists()
    ]
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=5.0)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path} can't be opened ({exc}); check its permissions") from exc
    try:
        _check_ours(conn, path)
        if path.stat().st_size <= QUICK_CHECK_MAX:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)").fetchall()]
            if problems != ["ok"]:
                raise _damaged(path, problems[0])
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreBusy(BUSY_MESSAGE) from exc
        raise _forget(made, _damaged(path, exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise _forget(made, _damaged(path, exc)) from exc
    except DatabaseError as exc:
        raise _forget(made, exc) from exc.__cause__
    finally:
        conn.close()


def _check_wal(path: Path, page_size: int) -> None:
    """Refuse a `-wal` beside `path` that is not a write-ahead log of a database with its page
    size (garbled, or another file's): opening to write would merge or discard it."""
    wal = path.with_name(path.name + "-wal")
    try:
        with wal.open("rb") as handle:
            header = handle.read(32)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DatabaseError(f"{wal} can't be read ({exc.strerror}); check its permissions") from exc
    if not header:
        return
    if not _wal_header_ok(header, 65536 if page_size == 1 else page_size):
        raise DatabaseError(
            f"{wal} is not this database's write-ahead log (garbled, or another file's); both "
            f"were left as they are. Move {wal.name} out of the folder to open the database "
            f"without it, or {RESTORE_HINT}."
        )


def _wal_header_ok(header: bytes, page_size: int) -> bool:
    """A WAL header with SQLite's magic, version, the database's page size and a good checksum."""
    if len(header) < 32:
        return False
    magic = int.from_bytes(header[0:4], "big")
    if magic not in (0x377F0682, 0x377F0683):
        return False
    fields = [int.from_bytes(header[i : i + 4], "big") for i in range(4, 32, 4)]
    version, wal_page_size = fields[0], fields[1]
    if version != 3007000 or (wal_page_size or 65536) != page_size:
        return False
    big = bool(magic & 1)
    words = [int.from_bytes(header[i : i + 4], "big" if big else "little") for i in range(0, 24, 4)]
    s0 = s1 = 0
    for i in range(0, 6, 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return (s0, s1) == (fields[5], fields[6])


def _forget(made: list[Path], error: DatabaseError) -> DatabaseError:
    """A refused file keeps its folder as it was: the `-shm` and empty `-wal` that the
    read-only check made go."""
    for side in made:
        with suppress(OSError):
            if side.stat().st_size == 0 or side.name.endswith("-shm"):
                side.unlink()
    return error


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


def open_database(path: Path, *, create: bool = True, check: bool = True) -> Connection:
    """Open (or create, 0600 in a 0700 folder) nextcall's database at `path`, migrated. A file
    that can't be used raises `DatabaseError` (checked read-only first unless `check` is off, as
    for a second connection beside an open one); one another process is writing, `StoreBusy`."""
    ensure_private_dir(path.parent)
    if not path.exists():
        if not create:
            raise DatabaseError(f"{path} does not exist yet: start nextcall once to create it")
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    for target in (path.parent, path):  # WAL needs its folder writable, as the file
        if not os.access(target, os.W_OK):
            raise DatabaseError(
                f"nextcall may not write to {target}: fix its permissions (chmod u+rw), or "
                "point --data-dir at another folder; the database was left as it is"
            )
    if check:
        check_file(path)
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
        raise _damaged(path, exc) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _damaged(path, exc) from exc
    except DatabaseError:
        conn.close()
        raise
    return Connection(conn, path)

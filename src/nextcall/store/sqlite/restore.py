"""Putting a daily backup back: the backups listed, the chosen one checked, the current
database (and its `-wal`/`-shm`) kept aside under a dated name, the copy put in place whole."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from nextcall.store.errors import DatabaseError, StoreError
from nextcall.store.sqlite.backup import NAME, backup_path, integrity_problem
from nextcall.store.sqlite.connection import APPLICATION_ID, SQLITE_HEADER
from nextcall.store.sqlite.migrations import MIGRATIONS

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SIDECARS = ("-wal", "-shm", "-journal")


class NoSuchBackup(StoreError):
    """The backup asked for is not there; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Backup:
    day: date
    path: Path
    size: int


@dataclass(frozen=True, slots=True)
class Restored:
    database: Path
    backup: Path
    aside: tuple[Path, ...]


def list_backups(folder: Path) -> list[Backup]:
    """The daily copies in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = NAME.match(path.name)
        if match and path.is_file():
            found.append(Backup(date.fromisoformat(match.group(1)), path, path.stat().st_size))
    return sorted(found, key=lambda b: b.day, reverse=True)


def find_backup(folder: Path, choice: str) -> Path:
    """The backup a rep named: a day (`2026-11-30`, in `folder`) or a file's path."""
    if DAY.match(choice):
        try:
            path = backup_path(folder, date.fromisoformat(choice))
        except ValueError:
            raise NoSuchBackup(f"{choice} is not a day (YYYY-MM-DD)") from None
        if not path.is_file():
            raise NoSuchBackup(f"there is no backup of {choice} in {folder}")
        return path
    path = Path(choice).expanduser()
    if not path.is_file():
        raise NoSuchBackup(f"{path} is not a file")
    return path


def restore(backup: Path, database: Path, now: datetime) -> Restored:
    """Check `backup`, keep `database` and its `-wal`/`-shm` aside, put the backup in its place.

    The caller holds the instance lock (no app has the database open). A damaged, foreign or
    newer backup raises `DatabaseError` before anything is moved; no file is ever overwritten.
    """
    folder = database.parent
    temporary = _copy_in(backup, folder)
    try:
        problem = _problem(temporary)
        if problem is not None:
            raise DatabaseError(f"{backup} can't be restored: {problem}; nothing was changed")
        aside = _keep_aside(database, now)
        os.replace(temporary, database)  # `database` was moved aside: nothing is replaced
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return Restored(database, backup, aside)


def _copy_in(backup: Path, folder: Path) -> Path:
    """The backup's bytes in a new private file beside the database, on disk (fsync)."""
    for number in range(1, 1000):
        temporary = folder / f".nextcall-restore-{os.getpid()}-{number}.tmp"
        try:
            fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        try:
            with backup.open("rb") as source, os.fdopen(fd, "wb") as target:
                while chunk := source.read(1 << 20):
                    target.write(chunk)
                target.flush()
                os.fsync(target.fileno())
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return temporary
    raise StoreError(f"could not make a temporary file in {folder}")


def _problem(path: Path) -> str | None:
    """Why the copy at `path` can't be nextcall's database, or None."""
    with path.open("rb") as handle:
        if not handle.read(100).startswith(SQLITE_HEADER):
            return "it is not a database"
    problem = integrity_problem(path)
    if problem is not None:
        return f"it is damaged ({problem})"
    conn = sqlite3.connect(path)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    if app_id != APPLICATION_ID:
        return "it is not a nextcall database"
    if version > len(MIGRATIONS):
        return f"it was written by a newer nextcall (schema {version}); upgrade nextcall first"
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())  # the check switched it to a rollback journal
    return None


def _keep_aside(database: Path, now: datetime) -> tuple[Path, ...]:
    """Move the database and its sidecar files to a dated name no file has yet."""
    if not database.exists():
        return ()
    stamp = now.strftime("%Y-%m-%dT%H%M")
    for number in range(1, 1000):
        base = f"{database.name}.before-restore-{stamp}" + (f"-{number}" if number > 1 else "")
        names = [database.with_name(base + s) for s in ("", *SIDECARS)]
        if not any(os.path.lexists(n) for n in names):
            break
    else:
        raise StoreError(f"could not find a free name to keep {database} aside")
    moved = []
    for suffix, target in zip(("", *SIDECARS), names, strict=True):
        source = database.with_name(database.name + suffix)
        if os.path.lexists(source):
            _move_new(source, target)
            moved.append(target)
    return tuple(moved)


def _move_new(source: Path, target: Path) -> None:
    """Rename `source` to `target`, which must not exist (a hard link refuses to replace)."""
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise StoreError(f"{target} appeared while restoring; nothing was replaced") from None
    except OSError:
        if os.path.lexists(target):
            raise StoreError(f"{target} exists; nothing was replaced") from None
        os.rename(source, target)
        return
    os.unlink(source)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""A rolling daily backup: one copy per local day, made with SQLite's backup API, checked
(`PRAGMA integrity_check`) before it takes its name, last 7 kept."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import date
from pathlib import Path

from nextcall.paths import ensure_private_dir
from nextcall.store.errors import DatabaseError

KEEP = 7
NAME = re.compile(r"^nextcall-(\d{4}-\d{2}-\d{2})\.db$")
PARTIAL = re.compile(r"^nextcall-\d{4}-\d{2}-\d{2}\.partial(-wal|-shm|-journal)?$")


def backup_path(folder: Path, day: date) -> Path:
    return folder / f"nextcall-{day.isoformat()}.db"


def daily_backup(database: Path, folder: Path, day: date, keep: int = KEEP) -> Path | None:
    """Copy `database` to `folder` unless today's copy exists; prune to the newest `keep`.

    Runs beside the app (its own connections, small steps with pauses, so writers are never
    held up for long). Returns the new copy, or None when today's already existed. A copy that
    fails its integrity check is deleted and reported (`DatabaseError`): the good days stay.
    """
    ensure_private_dir(folder)
    remove_partials(folder)
    target = backup_path(folder, day)
    made = None
    if not target.exists():
        partial = target.with_suffix(".partial")
        fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        os.close(fd)
        try:
            _copy(database, partial)
            problem = integrity_problem(partial)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if problem is not None:
            partial.unlink(missing_ok=True)
            raise DatabaseError(
                f"today's backup was not made: {database} is damaged ({problem}); the earlier "
                "backups were kept. Quit nextcall and run `nextcall restore` to put one back."
            )
        os.replace(partial, target)
        made = target
    prune(folder, keep)
    return made


def _copy(database: Path, partial: Path) -> None:
    source = sqlite3.connect(database.resolve().as_uri() + "?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy, pages=256, sleep=0.002)
    finally:
        copy.close()
        source.close()


def integrity_problem(path: Path) -> str | None:
    """The first problem `PRAGMA integrity_check` finds in a file of ours, or None when it is
    sound. The file is left in rollback-journal mode, alone: no `-wal` or `-shm` beside it."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        rows = conn.execute("PRAGMA integrity_check(3)").fetchall()
        if [row[0] for row in rows] != ["ok"]:
            return str(rows[0][0])
        conn.execute("PRAGMA journal_mode = DELETE")
        return None
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def remove_partials(folder: Path) -> list[Path]:
    """Delete copies a crash left half-made (only files named like ours)."""
    left = [p for p in folder.iterdir() if PARTIAL.match(p.name)]
    for path in left:
        path.unlink(missing_ok=True)
    return left


def prune(folder: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` daily copies (only files named like ours)."""
    ours = sorted((p for p in folder.iterdir() if NAME.match(p.name)), key=lambda p: p.name)
    old = ours[:-keep] if keep else ours
    for path in old:
        path.unlink(missing_ok=True)
    return old

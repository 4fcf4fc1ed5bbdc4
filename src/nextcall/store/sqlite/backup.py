"""A rolling daily backup: one copy per local day, made with SQLite's backup API, last 7 kept."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import date
from pathlib import Path

from nextcall.paths import ensure_private_dir

KEEP = 7
NAME = re.compile(r"^nextcall-(\d{4}-\d{2}-\d{2})\.db$")


def backup_path(folder: Path, day: date) -> Path:
    return folder / f"nextcall-{day.isoformat()}.db"


def daily_backup(database: Path, folder: Path, day: date, keep: int = KEEP) -> Path | None:
    """Copy `database` to `folder` unless today's copy exists; prune to the newest `keep`.

    Runs beside the app (its own connections, small steps with pauses, so writers are never
    held up for long). Returns the new copy, or None when today's already existed.
    """
    ensure_private_dir(folder)
    target = backup_path(folder, day)
    made = None
    if not target.exists():
        partial = target.with_suffix(".partial")
        fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        os.close(fd)
        source = sqlite3.connect(database.resolve().as_uri() + "?mode=ro", uri=True)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy, pages=256, sleep=0.002)
        finally:
            copy.close()
            source.close()
        os.replace(partial, target)
        made = target
    prune(folder, keep)
    return made


def prune(folder: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` daily copies (only files named like ours)."""
    ours = sorted((p for p in folder.iterdir() if NAME.match(p.name)), key=lambda p: p.name)
    old = ours[:-keep] if keep else ours
    for path in old:
        path.unlink(missing_ok=True)
    return old

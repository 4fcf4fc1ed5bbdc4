"""`SQLiteStore`: nextcall's data in one SQLite file, the parts put together."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from nextcall.store.sqlite.backup import backup_path, daily_backup
from nextcall.store.sqlite.boundary import store_error
from nextcall.store.sqlite.call_rows import Calls
from nextcall.store.sqlite.connection import open_database
from nextcall.store.sqlite.day_rows import Days
from nextcall.store.sqlite.follow_up_rows import FollowUps
from nextcall.store.sqlite.prospect_rows import Prospects
from nextcall.store.sqlite.report_queries import Reports
from nextcall.store.sqlite.solo import Solo
from nextcall.store.sqlite.story_rows import Stories


class SQLiteStore(Prospects, Calls, Days, FollowUps, Reports, Stories, Solo):
    """nextcall's data in one SQLite file (`nextcall.store.Store`). Each write is one committed
    transaction; every failure is a `StoreError`. A connection belongs to one thread: a thread
    that reads beside the app opens its own."""

    @classmethod
    def open(cls, path: Path, *, create: bool = True, check: bool = True) -> SQLiteStore:
        return cls(open_database(path, create=create, check=check), path)

    def close(self) -> None:
        self.conn.close()

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file (off the keypress path)."""
        self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def reader(self) -> SQLiteStore | None:
        """A second connection to the same file, for a worker thread."""
        return None if self.path is None else SQLiteStore.open(self.path, create=False, check=False)

    def backup_due(self, folder: Path, day: date) -> bool:
        return self.path is not None and not backup_path(folder, day).exists()

    def backup(self, folder: Path, day: date) -> Path | None:
        """SQLite's backup API, from a read-only connection of its own (see backup.py)."""
        if self.path is None:
            return None
        try:
            return daily_backup(self.path, folder, day)
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

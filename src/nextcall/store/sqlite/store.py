"""`SQLiteStore`: nextcall's data in one SQLite file, the parts put together."""

from __future__ import annotations

from pathlib import Path

from nextcall.store.sqlite.calls import Calls
from nextcall.store.sqlite.connection import open_database
from nextcall.store.sqlite.days import Days
from nextcall.store.sqlite.follow_ups import FollowUps
from nextcall.store.sqlite.prospects import Prospects
from nextcall.store.sqlite.reports import Reports


class SQLiteStore(Prospects, Calls, Days, FollowUps, Reports):
    """nextcall's data in one SQLite file (`nextcall.store.Store`). Each write is one committed
    transaction; every failure is a `StoreError`. A connection belongs to one thread: a thread
    that reads beside the app opens its own."""

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> SQLiteStore:
        return cls(open_database(path, create=create), path)

    def close(self) -> None:
        self.conn.close()

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file (off the keypress path)."""
        self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

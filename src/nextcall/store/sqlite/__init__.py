"""The SQLite backend: one file per rep, WAL, migrations keyed on `PRAGMA user_version`; the
store's parts (`store.py` puts them together), the rolling backup and the instance lock."""

from __future__ import annotations

from pathlib import Path

from nextcall.store.interface import Store
from nextcall.store.sqlite.store import SQLiteStore


def open_store(path: Path, *, create: bool = True) -> Store:
    """The store in the SQLite file at `path` (created unless `create` is False)."""
    return SQLiteStore.open(path, create=create)


__all__ = ["SQLiteStore", "open_store"]

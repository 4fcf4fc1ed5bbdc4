"""The store's interface and its one error family: SQLiteStore is a `Store`, and whatever fails
in SQLite reaches callers as a `StoreError` a rep can read, chained from the sqlite3 error."""

import inspect
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from factories import people
from nextcall.store import DatabaseError, Store, StoreBusy, StoreError
from nextcall.store.errors import BUSY_MESSAGE
from nextcall.store.sqlite import SQLiteStore, open_store
from nextcall.store.sqlite.boundary import store_error

AT = datetime(2026, 11, 18, 19, 30, tzinfo=UTC)
DAY = date(2026, 11, 18)


def test_the_sqlite_store_is_a_store(tmp_path: Path) -> None:
    store: Store = SQLiteStore.open(tmp_path / "nextcall.db")  # checked by mypy too
    try:
        assert isinstance(store, Store)
        assert isinstance(open_store(tmp_path / "nextcall.db"), Store)
    finally:
        store.close()


def test_the_protocol_says_all_the_backend_offers() -> None:
    """Every public method of the SQLite store is on the protocol (nothing reached around it)."""
    offered = {
        name
        for name, _ in inspect.getmembers(SQLiteStore, callable)
        if not name.startswith("_") and name != "open"
    }
    declared = {name for name in dir(Store) if not name.startswith("_")}
    assert offered - declared == set()
    assert declared - offered == {"path", "rep"}  # properties, not methods


def test_a_failed_write_is_a_store_error_from_the_sqlite_error(store: SQLiteStore) -> None:
    store.add_prospects(people(1), AT)
    store.conn.execute(
        "CREATE TRIGGER no_wins BEFORE INSERT ON wins BEGIN SELECT RAISE(ABORT, 'no wins today'); END"
    )
    with pytest.raises(StoreError, match="no wins today") as info:
        store.add_win("got the direct line", AT, DAY)
    assert isinstance(info.value.__cause__, sqlite3.Error)
    assert store.wins(DAY, DAY) == []
    store.add_note(store.queue_ids(AT, AT)[0], "still usable", DAY)  # the transaction ended


def test_a_full_disk_says_so(store: SQLiteStore) -> None:
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError) as info:
        store.add_prospects(people(2000), AT)
    assert str(info.value) == f"could not write to {store.path}: the disk is full; free some space"
    assert isinstance(info.value.__cause__, sqlite3.Error)
    assert not store.has_prospects()


def test_a_locked_database_is_busy(store: SQLiteStore) -> None:
    assert store.path is not None
    store.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy) as info:
            store.add_prospects(people(1), AT)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert (
        str(info.value)
        == BUSY_MESSAGE
        == ("the database is locked by another nextcall command; try again")
    )
    assert isinstance(info.value.__cause__, sqlite3.OperationalError)
    assert store.add_prospects(people(1), AT) == 1  # nothing was left half-done


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    store = SQLiteStore.open(tmp_path / "nextcall.db")
    store.close()
    with pytest.raises(StoreError, match="already closed") as info:
        store.count_prospects()
    assert isinstance(info.value.__cause__, sqlite3.ProgrammingError)


def test_an_error_at_commit_is_a_store_error_and_rolls_back(store: SQLiteStore) -> None:
    with pytest.raises(StoreError, match="FOREIGN KEY") as info, store.conn.transaction():
        store.conn.execute("PRAGMA defer_foreign_keys = ON")  # checked at COMMIT
        store.conn.execute(
            "INSERT INTO wins (at, day, kind, text, prospect_id) VALUES ('', '', '', '', 99)"
        )
    assert isinstance(info.value.__cause__, sqlite3.IntegrityError)
    assert not store.conn.raw.in_transaction
    assert store.wins(date.min, date.max) == []


def test_an_error_inside_a_write_keeps_its_cause(store: SQLiteStore) -> None:
    """A ROLLBACK that can't run (SQLite ended the transaction already) hides nothing."""
    with pytest.raises(RuntimeError, match="the real cause"), store.conn.transaction():
        store.conn.raw.execute("ROLLBACK")
        raise RuntimeError("the real cause")
    assert store.add_prospects(people(1), AT) == 1


def test_errors_a_rep_can_read(tmp_path: Path) -> None:
    path = tmp_path / "nextcall.db"

    def error(text: str, code: int) -> sqlite3.Error:
        exc = sqlite3.OperationalError(text)
        exc.sqlite_errorcode = code
        return exc

    assert str(store_error(error("disk I/O error", sqlite3.SQLITE_IOERR_WRITE), path)) == (
        f"could not read or write {path} (disk I/O error)"
    )
    readonly = store_error(error("attempt to write a readonly database", 8), path)
    assert str(readonly).startswith(f"could not write to {path}: it can only be read")
    damaged = store_error(error("database disk image is malformed", sqlite3.SQLITE_CORRUPT), path)
    assert isinstance(damaged, DatabaseError) and "damaged" in str(damaged)
    assert isinstance(store_error(sqlite3.OperationalError("database is locked"), path), StoreBusy)

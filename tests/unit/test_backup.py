"""The rolling daily backup."""

import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from factories import people
from nextcall.store import Store, StoreError
from nextcall.store.sqlite import SQLiteStore
from nextcall.store.sqlite.backup import backup_path, daily_backup

DAY = date(2026, 11, 18)


def test_one_copy_a_day_private_and_readable(store: Store, tmp_path: Path) -> None:
    store.add_prospects(people(5), datetime(2026, 11, 18, tzinfo=UTC))
    assert store.path is not None
    folder = tmp_path / "backups"
    made = daily_backup(store.path, folder, DAY)
    assert made == backup_path(folder, DAY)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    copy = sqlite3.connect(made)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM prospects").fetchone()[0] == 5
    assert daily_backup(store.path, folder, DAY) is None  # already made today


def test_only_the_last_seven_are_kept(store: Store, tmp_path: Path) -> None:
    assert store.path is not None
    folder = tmp_path / "backups"
    folder.mkdir()
    keepsake = folder / "my-notes.txt"
    keepsake.write_text("not ours")
    for back in range(10, 0, -1):
        daily_backup(store.path, folder, DAY - timedelta(days=back))
    daily_backup(store.path, folder, DAY)
    names = sorted(p.name for p in folder.glob("nextcall-*.db"))
    assert names[0] == "nextcall-2026-11-12.db" and names[-1] == "nextcall-2026-11-18.db"
    assert len(names) == 7
    assert keepsake.exists()  # files that are not our copies are left alone


def test_a_path_with_uri_characters_is_backed_up_whole(tmp_path: Path) -> None:
    folder = tmp_path / "data#1?x=%20"
    store = SQLiteStore.open(folder / "nextcall.db")
    store.add_prospects(people(3), datetime(2026, 11, 18, tzinfo=UTC))
    made = daily_backup(folder / "nextcall.db", folder / "backups", DAY)
    assert made is not None
    count = sqlite3.connect(made).execute("SELECT count(*) FROM prospects").fetchone()[0]
    assert count == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data#1?x=%20"]  # no stray files


def test_the_store_backs_itself_up_once_a_day(store: Store, tmp_path: Path) -> None:
    """What the app asks of any store: is today's backup due, and make it."""
    folder = tmp_path / "backups"
    assert store.backup_due(folder, DAY)
    assert store.backup(folder, DAY) == backup_path(folder, DAY)
    assert not store.backup_due(folder, DAY)
    assert store.backup(folder, DAY) is None
    assert store.backup_due(folder, DAY + timedelta(days=1))


def test_a_store_without_a_file_has_nothing_to_back_up(tmp_path: Path) -> None:
    store = SQLiteStore.open(tmp_path / "nextcall.db")
    store.path = None  # as a store with no file of its own
    assert not store.backup_due(tmp_path / "backups", DAY)
    assert store.backup(tmp_path / "backups", DAY) is None
    assert store.reader() is None
    assert not (tmp_path / "backups").exists()


def test_a_failed_backup_is_a_store_error(store: Store, tmp_path: Path) -> None:
    """The source can't be read (here: it is gone): the store's own error, not sqlite3's."""
    assert store.path is not None
    store.path.rename(store.path.with_name("moved.db"))
    with pytest.raises(StoreError) as caught:
        store.backup(tmp_path / "backups", DAY)
    assert isinstance(caught.value.__cause__, sqlite3.Error)
    assert str(store.path) in str(caught.value)


def test_a_reader_is_a_second_connection_to_the_same_data(store: Store) -> None:
    store.add_prospects(people(2), datetime(2026, 11, 18, tzinfo=UTC))
    reader = store.reader()
    assert reader is not None and reader is not store
    try:
        assert reader.count_kept() == 2
    finally:
        reader.close()

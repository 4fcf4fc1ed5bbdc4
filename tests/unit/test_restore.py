"""`nextcall restore`: the backups listed, one checked and put back, the old database kept
aside, refused beside a running app; the daily backup checked before it takes its name."""

import os
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from factories import people
from nextcall.__main__ import main
from nextcall.store.errors import DatabaseError
from nextcall.store.sqlite import SQLiteStore
from nextcall.store.sqlite.backup import backup_path, daily_backup
from nextcall.store.sqlite.lock import InstanceLock

AT = datetime(2026, 11, 18, 19, 30, tzinfo=UTC)


def count(path: Path) -> int:
    store = SQLiteStore.open(path)
    try:
        return len(store.queue_ids(AT, AT))
    finally:
        store.close()


def with_backups(folder: Path) -> Path:
    """A database of 5 prospects backed up on 11-29 and, grown to 8, on 11-30; then 12 now."""
    path = folder / "nextcall.db"
    store = SQLiteStore.open(path)
    store.add_prospects(people(5), AT)
    daily_backup(path, folder / "backups", date(2026, 11, 29))
    store.add_prospects(people(8), AT)
    daily_backup(path, folder / "backups", date(2026, 11, 30))
    store.add_prospects(people(12), AT)
    store.close()
    return path


def test_without_an_argument_the_backups_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_backups(tmp_path)
    assert main(["--data-dir", str(tmp_path), "restore"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Backups in {tmp_path / 'backups'}, newest first:"
    assert out[1].split()[0] == "2026-11-30" and out[2].split()[0] == "2026-11-29"
    assert out[1].split()[2] == "KB" and out[1].endswith("nextcall-2026-11-30.db")
    assert "nextcall restore 2026-11-30" in out[-1]


def test_no_backups_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "restore"]) == 0
    assert "No backups yet" in capsys.readouterr().out


def test_restore_by_day_keeps_the_old_database_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = with_backups(tmp_path)
    old = path.read_bytes()
    assert main(["--data-dir", str(tmp_path), "restore", "2026-11-29"]) == 0
    out = capsys.readouterr().out
    assert f"Restored {path} from {backup_path(tmp_path / 'backups', date(2026, 11, 29))}" in out
    aside = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == old and str(aside[0]) in out
    assert not path.with_name("nextcall.db-wal").exists()
    assert count(path) == 5


def test_restore_by_path(tmp_path: Path) -> None:
    path = with_backups(tmp_path)
    chosen = tmp_path / "elsewhere.db"
    chosen.write_bytes(backup_path(tmp_path / "backups", date(2026, 11, 30)).read_bytes())
    assert main(["--data-dir", str(tmp_path), "restore", str(chosen)]) == 0
    assert count(path) == 8
    assert chosen.exists()  # the backup itself is only read


def test_an_old_wal_is_kept_aside_not_applied(tmp_path: Path) -> None:
    """The current database's `-wal` (an app killed mid-day) goes aside with it: applied to the
    restored file it would corrupt it."""
    path = with_backups(tmp_path)
    store = SQLiteStore.open(path)
    store.add_prospects(people(20), AT)  # in the -wal, not yet checkpointed
    wal = path.with_name("nextcall.db-wal").read_bytes()
    main_db = path.read_bytes()
    main_wal = wal
    assert wal
    store.close()
    path.write_bytes(main_db)
    path.with_name("nextcall.db-wal").write_bytes(main_wal)  # as a killed app left them
    assert main(["--data-dir", str(tmp_path), "restore", "2026-11-29"]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    stamp = next(n for n in names if ".before-restore-" in n and not n.endswith("-wal"))
    assert stamp + "-wal" in names
    assert (tmp_path / (stamp + "-wal")).read_bytes() == main_wal
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert count(path) == 5


def test_a_second_restore_the_same_minute_never_overwrites(tmp_path: Path) -> None:
    path = with_backups(tmp_path)
    assert main(["--data-dir", str(tmp_path), "restore", "2026-11-29"]) == 0
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir() if "before-restore" in p.name}
    assert main(["--data-dir", str(tmp_path), "restore", "2026-11-30"]) == 0
    now = {p.name: p.read_bytes() for p in tmp_path.iterdir() if "before-restore" in p.name}
    assert len(now) == len(first) + 1
    assert all(now[name] == data for name, data in first.items())
    assert count(path) == 8


def test_a_damaged_backup_is_refused_and_nothing_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_backups(tmp_path)
    chosen = backup_path(tmp_path / "backups", date(2026, 11, 29))
    with chosen.open("r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xff" * (chosen.stat().st_size - 4096))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix == ".db"}
    assert main(["--data-dir", str(tmp_path), "restore", "2026-11-29"]) == 1
    err = capsys.readouterr().err
    assert f"{chosen} can't be restored: it is damaged" in err and "nothing was changed" in err
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.suffix == ".db"}
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name or ".tmp" in p.name]
    assert after == before


@pytest.mark.parametrize(
    ("content", "said"),
    [(b"plain text" * 50, "it is not a database"), (None, "not a nextcall database")],
)
def test_a_foreign_backup_is_refused(
    content: bytes | None, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_backups(tmp_path)
    chosen = tmp_path / "other.db"
    if content is None:
        conn = sqlite3.connect(chosen)
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.commit()
        conn.close()
    else:
        chosen.write_bytes(content)
    assert main(["--data-dir", str(tmp_path), "restore", str(chosen)]) == 1
    assert said in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name or ".tmp" in p.name]


def test_no_such_backup_is_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with_backups(tmp_path)
    assert main(["--data-dir", str(tmp_path), "restore", "2026-01-01"]) == 2
    assert "there is no backup of 2026-01-01" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "restore", str(tmp_path / "nope.db")]) == 2


def test_refused_beside_a_running_app(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = with_backups(tmp_path)
    before = path.read_bytes()
    lock = InstanceLock(tmp_path / "nextcall.lock")
    lock.acquire()
    try:
        assert main(["--data-dir", str(tmp_path), "restore", "2026-11-29"]) == 2
    finally:
        lock.release()
    err = capsys.readouterr().err
    assert "restore needs the app closed: nextcall is already running" in err
    assert f"pid {os.getpid()}" in err
    assert path.read_bytes() == before


def test_restore_puts_back_a_damaged_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The point of it: a database that refuses to open is replaced, without being opened."""
    path = with_backups(tmp_path)
    path.write_bytes(b"garbage" * 1000)
    assert main(["--data-dir", str(tmp_path), "stats"]) == 1
    assert main(["--data-dir", str(tmp_path), "restore", "2026-11-30"]) == 0
    assert main(["--data-dir", str(tmp_path), "stats"]) == 0
    assert count(path) == 8


def test_a_corrupt_source_is_not_backed_up(tmp_path: Path) -> None:
    path = with_backups(tmp_path)
    folder = tmp_path / "backups"
    good = {p.name: p.read_bytes() for p in folder.iterdir()}
    with path.open("r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xff" * (path.stat().st_size - 4096))
    with pytest.raises(DatabaseError) as info:
        daily_backup(path, folder, date(2026, 12, 1))
    assert str(info.value).startswith(f"today's backup was not made: {path} is damaged (")
    assert "the earlier backups were kept" in str(info.value)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == good


def test_leftover_partials_are_removed(tmp_path: Path) -> None:
    path = with_backups(tmp_path)
    folder = tmp_path / "backups"
    (folder / "nextcall-2026-11-28.partial").write_bytes(b"half")
    (folder / "nextcall-2026-11-28.partial-wal").write_bytes(b"half")
    (folder / "my.partial").write_bytes(b"not ours")
    daily_backup(path, folder, date(2026, 12, 1))
    names = {p.name for p in folder.iterdir()}
    assert "nextcall-2026-11-28.partial" not in names
    assert "nextcall-2026-11-28.partial-wal" not in names
    assert "my.partial" in names and "nextcall-2026-12-01.db" in names

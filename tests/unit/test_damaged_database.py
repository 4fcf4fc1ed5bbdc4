"""A damaged database is a message, never a traceback: every command says what is wrong with
which file and what to do, exits non-zero, and leaves the file and its `-wal` as they were."""

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from factories import people
from nextcall.__main__ import main
from nextcall.store.sqlite import SQLiteStore
from nextcall.store.sqlite.migrations import MIGRATIONS

AT = datetime(2026, 11, 18, 19, 30, tzinfo=UTC)
COMMANDS: tuple[list[str], ...] = (
    [],  # the TUI: refused before Textual starts
    ["stats", "--day", "2026-11-18"],
    ["export", "calls"],
    ["import", "CSV"],
)


@pytest.fixture(autouse=True)
def no_tui(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reaching the app would mean the file was accepted: the test fails instead of waiting."""
    monkeypatch.setattr("nextcall.cli.tui.run", lambda *_args: 99)


def made(folder: Path, count: int = 50) -> Path:
    """A real nextcall database in `folder` with `count` prospects, closed."""
    path = folder / "nextcall.db"
    store = SQLiteStore.open(path)
    store.add_prospects(people(count), AT)
    store.close()
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder but the lock, byte for byte."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.suffix != ".lock"}


def run(folder: Path, command: list[str], tmp_path: Path) -> int:
    csv = tmp_path / "people.csv"
    csv.write_text("name,phone\nAda,+1 212 555 0100\n")
    argv = [str(csv) if part == "CSV" else part for part in command]
    return main(["--data-dir", str(folder), *argv])


def malformed_page(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.seek(4096 * 2)  # the third page, whole
        handle.write(b"\xff" * 4096)


def garbled_wal(path: Path) -> None:
    path.with_name(path.name + "-wal").write_bytes(os.urandom(4096))


def foreign_wal(path: Path) -> None:
    other = path.with_name("other.db")
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    path.with_name(path.name + "-wal").write_bytes(other.with_name("other.db-wal").read_bytes())
    conn.close()
    other.unlink()


def newer_schema(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()


def another_programs(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()


def not_sqlite(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 a zip file, not a database" * 200)


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "malformed page": (malformed_page, "is damaged"),
    "garbled wal": (garbled_wal, "-wal is not this database's write-ahead log"),
    "foreign wal": (foreign_wal, "another program"),
    "newer schema": (newer_schema, "newer nextcall"),
    "another program's database": (another_programs, "another program"),
    "not a database": (not_sqlite, "is not a database"),
}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] if c else "tui")
@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_file_is_a_message_and_left_as_it_was(
    case: str, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    path = made(folder)
    damage, said = CASES[case]
    damage(path)
    before = snapshot(folder)
    assert run(folder, command, tmp_path) == 1
    err = capsys.readouterr().err
    assert said in err and str(path) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 2
    if case not in ("newer schema",):
        assert "nextcall restore" in err or "--data-dir" in err or "Move" in err
    assert snapshot(folder) == before


def test_a_newer_schema_says_upgrade(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = made(tmp_path)
    newer_schema(path)
    assert main(["--data-dir", str(tmp_path), "stats"]) == 1
    assert "please upgrade nextcall" in capsys.readouterr().err


def test_a_crash_wal_is_still_recovered(tmp_path: Path) -> None:
    """A `-wal` left by a killed app is this database's own: it is merged, not refused."""
    path = tmp_path / "nextcall.db"
    store = SQLiteStore.open(path)
    store.add_prospects(people(3), AT)
    saved = {s: path.with_name(path.name + s).read_bytes() for s in ("", "-wal")}
    store.close()
    for suffix, data in saved.items():  # as the files were while the app ran
        path.with_name(path.name + suffix).write_bytes(data)
    again = SQLiteStore.open(path)
    assert again.has_prospects()
    again.close()


def test_damage_found_mid_use_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Damage that appears after the file was opened and checked reaches stats as a message."""
    made(tmp_path, 400)
    from nextcall.store.sqlite import connection, store

    real = connection.open_database

    def then_damaged(at: Path, **kwargs: bool) -> object:
        conn = real(at, **kwargs)
        size = at.stat().st_size
        with at.open("r+b") as handle:  # every page but the schema's
            handle.seek(4096)
            handle.write(b"\xff" * (size - 4096))
        return conn

    monkeypatch.setattr(store, "open_database", then_damaged)
    code = main(["--data-dir", str(tmp_path), "stats", "--day", "2026-11-18"])
    err = capsys.readouterr().err
    assert code == 1
    assert "damaged" in err and "Traceback" not in err


def test_a_data_dir_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data"
    folder.write_text("a note")
    for command in COMMANDS[:3]:
        assert run(folder, command, tmp_path) == 1
        err = capsys.readouterr().err
        assert f"{folder} is a file, not a folder" in err and "--data-dir" in err
    assert folder.read_text() == "a note"


def test_a_dangling_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data"
    folder.symlink_to(tmp_path / "gone")
    assert run(folder, ["stats"], tmp_path) == 1
    err = capsys.readouterr().err
    assert f"{folder} is a link to {tmp_path / 'gone'}, which does not exist" in err
    assert not (tmp_path / "gone").exists()


def test_an_unwritable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o500)

    def refused(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("nextcall.store.sqlite.lock.os.open", refused)
    assert run(folder, [], tmp_path) == 1
    err = capsys.readouterr().err
    assert f"nextcall may not write in {folder} (Permission denied): fix its permissions" in err


def test_a_new_database_in_an_unwritable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_open = os.open

    def refused(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith("nextcall.db"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("nextcall.store.sqlite.connection.os.open", refused)
    assert run(tmp_path, ["stats"], tmp_path) == 1
    assert "may not write in" in capsys.readouterr().err


def test_a_full_disk_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = made(tmp_path, 1)
    from nextcall.store.sqlite import connection

    real = connection._connect

    def tiny(at: Path) -> sqlite3.Connection:
        conn = real(at)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(connection, "_connect", tiny)
    csv = tmp_path / "many.csv"
    csv.write_text(
        "name,phone\n" + "".join(f"P {i},+1 212 555 {2000 + i:04d}\n" for i in range(2000))
    )
    before = path.read_bytes()
    code = main(["--data-dir", str(tmp_path), "import", str(csv)])
    err = capsys.readouterr().err
    assert code == 1
    assert "the disk is full; free some space" in err and "Traceback" not in err
    assert "no transaction is active" not in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("refused", ["folder", "file"])
def test_a_read_only_folder_or_file(
    refused: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = made(tmp_path / "data")
    target = path.parent if refused == "folder" else path
    before = snapshot(path.parent)
    real = os.access
    monkeypatch.setattr(
        "nextcall.store.sqlite.connection.os.access",
        lambda at, mode: False if Path(at) == target else real(at, mode),
    )
    for command in COMMANDS:
        assert run(path.parent, command, tmp_path) == 1
        err = capsys.readouterr().err
        assert f"nextcall may not write to {target}: fix its permissions" in err
    assert snapshot(path.parent) == before


def test_a_large_file_skips_the_quick_check_but_damage_is_still_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Past the size bar the start stays fast; the damage is found as stats reads it."""
    path = made(tmp_path, 400)
    size = path.stat().st_size
    with path.open("r+b") as handle:  # every page but the schema's
        handle.seek(4096)
        handle.write(b"\xff" * (size - 4096))
    monkeypatch.setattr("nextcall.store.sqlite.connection.QUICK_CHECK_MAX", size - 1)
    code = main(["--data-dir", str(tmp_path), "stats", "--day", "2026-11-18"])
    err = capsys.readouterr().err
    assert code == 1
    assert "damaged" in err and "nextcall restore" in err and "Traceback" not in err

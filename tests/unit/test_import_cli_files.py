"""`nextcall import` with a file as spreadsheets write it: every bad row listed, the good ones
imported with --skip-invalid, and a dry run that leaves the disk as it found it."""

from pathlib import Path

import pytest

from nextcall.__main__ import main
from nextcall.store.sqlite import SQLiteStore

ROWS = (
    b"Name,Phone,Website\n"
    b'Ada Okafor,212 555 0143,"=HYPERLINK(""https://a.example"",""site"")"\n'
    b'"Bram Lind,312 555 0177,x\n'  # a quote never closed
    b"Cleo Marsh,415 555 0110,x,surplus\n"  # more cells than the header
    b"Dee Park,555,x\n"  # not a phone number
    b'Eve Stone,646 555 0188,=HYPERLINK("https://e.example","site")\n'
    b'Fay Wu,718 555 0122,5" screen\n'
)


@pytest.fixture
def cli(tmp_path: Path) -> list[str]:
    return ["--data-dir", str(tmp_path / "data"), "--config", str(tmp_path / "none.toml")]


def _file(tmp_path: Path, data: bytes = ROWS) -> str:
    (tmp_path / "in.csv").write_bytes(data)
    return str(tmp_path / "in.csv")


def _names(tmp_path: Path) -> list[str]:
    store = SQLiteStore.open(tmp_path / "data" / "nextcall.db", create=False)
    try:
        return [str(r[0]) for r in store.conn.execute("SELECT name FROM prospects ORDER BY id")]
    finally:
        store.close()


def test_every_bad_row_is_listed_and_nothing_imported(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*cli, "import", _file(tmp_path)]) == 1
    err = capsys.readouterr().err
    listed = [line.strip() for line in err.splitlines() if line.startswith("  line ")]
    assert [line.split(":")[0] for line in listed] == ["line 3", "line 4", "line 5"]
    assert "a quote opened on line 3 runs on to line 6" in listed[0]
    assert "4 cells, but the header has 3 columns" in listed[1]
    assert "'555' is not a possible phone number" in listed[2]
    assert "3 rows can't be used" in err


def test_skip_invalid_imports_the_rows_around_a_broken_quote(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*cli, "import", _file(tmp_path), "--skip-invalid"]) == 0
    out, err = capsys.readouterr()
    assert "imported 3, merged 0, skipped 3" in out
    assert "line 3: a quote opened on line 3 runs on" in err and "(skipped)" in err
    assert _names(tmp_path) == ["Ada Okafor", "Eve Stone", "Fay Wu"]


def test_a_dry_run_without_a_database_creates_nothing(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*cli, "import", _file(tmp_path), "--skip-invalid", "--dry-run"]) == 0
    assert "dry run, nothing written: would import 3, merge 0, skip 3" in capsys.readouterr().out
    assert not (tmp_path / "data").exists()  # no folder, no database, no lock file
    (tmp_path / "data").mkdir()
    assert main([*cli, "import", _file(tmp_path), "--skip-invalid", "--dry-run"]) == 0
    assert main([*cli, "import", "--dnc", _file(tmp_path), "--skip-invalid", "--dry-run"]) == 0
    assert list((tmp_path / "data").iterdir()) == []


def test_a_dry_run_leaves_an_existing_database_byte_for_byte(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = b"Name,Phone\nAda Okafor,212 555 0143\n"
    assert main([*cli, "import", _file(tmp_path, good)]) == 0
    folder = tmp_path / "data"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main([*cli, "import", _file(tmp_path), "--skip-invalid", "--dry-run"]) == 0
    assert "would import 2, merge 1, skip 3" in capsys.readouterr().out
    assert main([*cli, "import", "--dnc", _file(tmp_path), "--skip-invalid", "--dry-run"]) == 0
    assert "1 prospect left the queue for good" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert _names(tmp_path) == ["Ada Okafor"]


def test_a_large_import_says_the_app_will_wait_for_it(
    cli: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nextcall.cli import transfer

    monkeypatch.setattr(transfer, "LARGE_IMPORT", 2)
    assert main([*cli, "import", _file(tmp_path), "--skip-invalid"]) == 0
    assert "note: writing 3 prospects holds the database for about 2 s" in capsys.readouterr().err
    assert main([*cli, "import", _file(tmp_path), "--skip-invalid", "--dry-run"]) == 0
    assert "note: writing" not in capsys.readouterr().err


def test_a_dry_run_against_another_programs_database_says_so_and_changes_nothing(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    (tmp_path / "data").mkdir()
    db = tmp_path / "data" / "nextcall.db"
    with sqlite3.connect(db) as other:
        other.execute("CREATE TABLE notes (text TEXT)")
    other.close()
    before = db.read_bytes()
    assert main([*cli, "import", _file(tmp_path), "--skip-invalid", "--dry-run"]) == 1
    assert "a database of another program" in capsys.readouterr().err
    assert db.read_bytes() == before and sorted(p.name for p in db.parent.iterdir()) == [
        "nextcall.db"
    ]

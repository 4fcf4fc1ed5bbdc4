"""`nextcall import` on the command line: summaries, exit codes, the demo, a running app."""

import json
from pathlib import Path

import pytest

from nextcall.__main__ import main
from nextcall.store.sqlite import SQLiteStore
from nextcall.store.sqlite.lock import InstanceLock

GOOD = b"First Name,Last Name,Phone Number,Company Name,Record ID\nAda,Okafor,(212) 555-0143,Northwind,1\nBram,L,312 555 0177,Bluefin,2\nAda,Okafor,212.555.0143,,3\n"
BAD = GOOD + b"Cleo,M,555,Cedar,4\n,,415 555 0110,,5\n"


@pytest.fixture
def cli(tmp_path: Path) -> list[str]:
    return ["--data-dir", str(tmp_path / "data"), "--config", str(tmp_path / "none.toml")]


def stored(tmp_path: Path) -> int:
    store = SQLiteStore.open(tmp_path / "data" / "nextcall.db")
    try:
        return store.count_prospects()
    finally:
        store.close()


def test_a_good_file(cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in.csv").write_bytes(GOOD)
    assert main([*cli, "import", str(tmp_path / "in.csv")]) == 0
    out, err = capsys.readouterr()
    # HubSpot's Record ID is kept now (issue 12), so every column is used; the third row is Ada
    # again under another record id: the first is kept, the other said and noted.
    assert "imported 2, merged 1, skipped 0" in out and "columns not used" not in out
    assert "line 4: another CRM record id for Ada Okafor (3)" in err
    assert stored(tmp_path) == 2
    assert main([*cli, "import", str(tmp_path / "in.csv")]) == 0
    assert "imported 0, merged 3, skipped 0" in capsys.readouterr().out


def test_a_bad_row_imports_nothing_and_lists_each(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.csv").write_bytes(BAD)
    assert main([*cli, "import", str(tmp_path / "in.csv")]) == 1
    err = capsys.readouterr().err
    assert "line 5: '555' is not a possible phone number" in err
    assert "line 6: no name" in err
    assert "nothing was imported: 2 rows" in err and "--skip-invalid" in err
    assert "Traceback" not in err
    assert stored(tmp_path) == 0


def test_skip_invalid_and_dry_run(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.csv").write_bytes(BAD)
    assert main([*cli, "import", str(tmp_path / "in.csv"), "--skip-invalid", "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert (
        "dry run, nothing written: would import 2, merge 1, skip 2" in captured.out
        and "(skipped)" in captured.err
    )
    assert stored(tmp_path) == 0
    assert main([*cli, "import", str(tmp_path / "in.csv"), "--skip-invalid"]) == 0
    assert "imported 2, merged 1, skipped 2" in capsys.readouterr().out
    assert stored(tmp_path) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "Nope=phone"], "no column 'Nope'"),
        (["--map", "Company Name=fax"], "'fax' is not a field"),
        (["--map", "phone"], "COLUMN=FIELD"),
    ],
)
def test_map_errors_exit_2(
    cli: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    (tmp_path / "in.csv").write_bytes(GOOD)
    assert main([*cli, "import", str(tmp_path / "in.csv"), *args]) == 2
    assert message in capsys.readouterr().err


def test_map_fixes_an_unknown_header(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.csv").write_bytes(b"Who,Direct line\nAda,212 555 0143\n")
    assert main([*cli, "import", str(tmp_path / "in.csv")]) == 1
    assert "no column holds phone numbers" in capsys.readouterr().err
    args = ["--map", "Who=name", "--map", "Direct line=phone"]
    assert main([*cli, "import", str(tmp_path / "in.csv"), *args]) == 0


def test_files_that_cant_be_read(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*cli, "import", str(tmp_path / "missing.csv")]) == 2
    assert "No such file" in capsys.readouterr().err
    assert main([*cli, "import", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    (tmp_path / "junk.csv").write_bytes(bytes(range(256)) * 4)
    assert main([*cli, "import", str(tmp_path / "junk.csv")]) == 1
    err = capsys.readouterr().err
    assert "junk.csv" in err and "Nothing was imported" in err and "Traceback" not in err


def test_dnc_import_keeps_numbers_out(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.csv").write_bytes(GOOD)
    (tmp_path / "dnc.csv").write_bytes(b"212-555-0143\n+1 999\n")
    assert main([*cli, "import", str(tmp_path / "in.csv")]) == 0
    assert main([*cli, "import", "--dnc", str(tmp_path / "dnc.csv")]) == 1
    assert "line 2: '+1 999' is not a possible phone number" in capsys.readouterr().err
    assert main([*cli, "import", "--dnc", str(tmp_path / "dnc.csv"), "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert "do-not-call list: added 1, already there 0, skipped 1" in out
    assert "1 prospect left the queue for good" in out
    assert stored(tmp_path) == 1
    assert main([*cli, "import", str(tmp_path / "in.csv")]) == 0  # brought back: still not queued
    assert stored(tmp_path) == 1


def test_import_and_export_work_beside_a_running_app(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "in.csv").write_bytes(GOOD)
    running = InstanceLock(tmp_path / "data" / "nextcall.lock")
    running.acquire()
    try:
        assert main([*cli, "import", str(tmp_path / "in.csv")]) == 0
        assert main([*cli, "export", "prospects"]) == 0
        assert "Ada,Okafor" in capsys.readouterr().out
    finally:
        running.release()


def test_demo_import_never_touches_the_real_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real"
    monkeypatch.setenv("NEXTCALL_DATA_DIR", str(real))
    (tmp_path / "in.csv").write_bytes(b"Name,Phone\nAda,212 555 0300\nBram,212 555 0301\n")
    assert main(["--demo", "stats", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)["prospects"]
    assert main(["--demo", "import", str(tmp_path / "in.csv")]) == 0
    assert "imported 2" in capsys.readouterr().out
    assert main(["--demo", "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["prospects"] == before + 2
    assert not real.exists()


def test_stats_json_counts_follow_ups_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--demo", "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["follow_ups_due"] == 3  # the demo's follow-ups agreed for today


def test_a_busy_database_is_a_message_not_a_traceback(
    cli: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nextcall.store.errors import BUSY_MESSAGE, StoreBusy

    (tmp_path / "in.csv").write_bytes(GOOD)
    assert main([*cli, "import", str(tmp_path / "in.csv"), "--dry-run"]) == 0

    def locked(*args: object, **kwargs: object) -> None:
        raise StoreBusy(BUSY_MESSAGE)

    monkeypatch.setattr(SQLiteStore, "import_prospects", locked)
    assert main([*cli, "import", str(tmp_path / "in.csv")]) == 1
    assert "database is locked" in capsys.readouterr().err
    assert stored(tmp_path) == 0


def test_the_readme_map_example_dials_the_direct_line(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.csv").write_bytes(
        b"Name,Phone,Direct line,Fax\nPat Direct,+1 212 555 0300,+1 212 555 0301,+1 212 555 0399\n"
    )
    assert main([*cli, "import", str(tmp_path / "in.csv"), "--map", "Direct line=phone"]) == 0
    assert "columns not used: Phone, Fax" in capsys.readouterr().out
    store = SQLiteStore.open(tmp_path / "data" / "nextcall.db")
    try:
        assert store.search("Pat", 1)[0].phone == "+12125550301"
    finally:
        store.close()


def test_a_device_is_refused_at_once(cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*cli, "import", "/dev/zero"]) == 2
    err = capsys.readouterr().err
    assert "/dev/zero is a device, not a CSV file" in err and "Traceback" not in err


def test_a_pipe_is_read_only_to_the_limit(
    cli: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os
    import threading

    from nextcall.cli import transfer as commands

    monkeypatch.setattr(commands, "MAX_BYTES", 1000)
    fifo = tmp_path / "big.csv"
    os.mkfifo(fifo)
    written: list[int] = []

    def feed() -> None:
        try:
            with fifo.open("wb") as pipe:
                for _ in range(10_000):
                    written.append(pipe.write(b"Ada,212 555 0143\n" * 10))
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    assert main([*cli, "import", str(fifo)]) == 2
    writer.join(5)
    assert "holds more than" in capsys.readouterr().err
    assert sum(written) < 10_000 * 170  # the reader stopped at the limit: the pipe broke


def test_a_huge_file_is_refused_by_its_size(
    cli: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nextcall.cli import transfer as commands

    monkeypatch.setattr(commands, "MAX_BYTES", 3 * 2**20)
    (tmp_path / "huge.csv").write_bytes(b"x" * (4 * 2**20))
    assert main([*cli, "import", str(tmp_path / "huge.csv")]) == 2
    assert "huge.csv is 4 MiB; the limit is 3 MiB" in capsys.readouterr().err


def test_dnc_summary_counts_repeats_in_the_file_apart(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "dnc.csv").write_bytes(b"Phone\n212 555 0143\n(212) 555-0143\n646 555 0111\n")
    assert main([*cli, "import", "--dnc", str(tmp_path / "dnc.csv")]) == 0
    assert main([*cli, "import", "--dnc", str(tmp_path / "dnc.csv")]) == 0
    out = capsys.readouterr().out
    assert "added 2, already there 0, repeated in the file 1, skipped 0" in out
    assert "added 0, already there 2, repeated in the file 1, skipped 0" in out


def test_the_report_names_shared_lines_and_the_salesforce_footer(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.csv").write_bytes(
        b"Name,Company,Phone,Mobile\nAda Okafor,Acme,212 555 0100,\nOlivia Stone,Acme,212 555 0100,\n"
        b"Bram,Bluefin,n/a,312 555 0177\n\n"
        b'"Confidential Information - Do Not Distribute"\n'
        b'"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
    )
    assert main([*cli, "import", str(tmp_path / "in.csv")]) == 0
    captured = capsys.readouterr()
    assert "line 3: Olivia Stone has the number of Ada Okafor" in captured.err
    assert "imported 2, merged 1, skipped 0" in captured.out
    assert "1 row had no number under Phone: the mobile is dialed" in captured.out
    assert "ignored the Salesforce report footer" in captured.out


def test_a_named_pipe_nobody_writes_to_reads_as_empty(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    os.mkfifo(tmp_path / "idle.csv")
    assert main([*cli, "import", str(tmp_path / "idle.csv")]) == 1  # at once, no hang
    assert "the file is empty" in capsys.readouterr().err

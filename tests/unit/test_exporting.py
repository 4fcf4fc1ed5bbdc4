"""Exports: formula neutralising, CRM-friendly CSV, an iCalendar file a calendar can import."""

import csv
import io
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from clocks import FakeClock
from nextcall.__main__ import main
from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.prospects import QueueRules, follow_up_start, next_state
from nextcall.io.transfer.exporting import neutralise, split_name
from nextcall.store import Store
from nextcall.store.sqlite import SQLiteStore


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("+12125550143", "+12125550143"),  # E.164 is left alone
        ("Ada = boss", "Ada = boss"),
        ("", ""),
    ],
)
def test_formula_neutralising(cell: str, shown: str) -> None:
    assert neutralise(cell) == shown


def test_split_name() -> None:
    assert split_name("Ada Okafor") == ("Ada", "Okafor")
    assert split_name("Mary Ann van Dyke") == ("Mary Ann van", "Dyke")
    assert split_name("Cher") == ("Cher", "")


def _log(
    store: Store,
    clock: FakeClock,
    name: str,
    follow_up: datetime | None = None,
    note: str | None = None,
) -> None:
    pid = store.queue_ids(clock.now(), clock.now() + timedelta(days=1))[0]
    prospect = store.prospect(pid)
    assert prospect is not None
    state = next_state(prospect.state, BY_NAME[name], clock.now(), QueueRules(), follow_up)
    store.log_outcome(
        prospect,
        OutcomeName(name),
        clock.now(),
        clock.now().astimezone(clock.tz).date(),
        state,
        note=note,
    )


def _seed(store: Store, clock: FakeClock) -> None:
    """Three prospects from a file; Ada does not answer, Bram agrees to a call on the 24th."""
    from nextcall.io.transfer.importing import check_file

    rows = check_file(
        b'Name,Company,Phone,Notes\nAda Okafor,=cmd|calc,212 555 0143,"hi, there"\n'
        b"Bram Lindqvist,Bluefin,312 555 0177,\nCleo Moreau,Cedar,415 555 0110,\n",
        "US",
    ).prospects
    store.import_prospects(rows, clock.now())
    _log(store, clock, "no_answer")
    _log(
        store,
        clock,
        "later",
        follow_up_start(date(2026, 11, 24), clock.tz),
        note="send pricing first",
    )


@pytest.fixture
def worked(tmp_path: Path, clock: FakeClock) -> list[str]:
    """The command line's arguments for a data folder holding `_seed`'s data."""
    store = SQLiteStore.open(tmp_path / "data" / "nextcall.db")
    _seed(store, clock)
    store.close()
    return ["--data-dir", str(tmp_path / "data"), "--config", str(tmp_path / "none.toml")]


@pytest.fixture
def seeded(any_store: Store, clock: FakeClock) -> Store:
    """`_seed`'s data in one rep's file and on the team database."""
    _seed(any_store, clock)
    return any_store


def _export(store: Store, clock: FakeClock, capsys: pytest.CaptureFixture[str], *words: str) -> str:
    """What `nextcall export WORDS` prints, read from `store`."""
    from nextcall.__main__ import build_parser
    from nextcall.cli.transfer import run_export

    capsys.readouterr()
    assert run_export(build_parser().parse_args(["export", *words]), store, clock) == 0
    return capsys.readouterr().out


def _run(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    monkeypatch.setattr("nextcall.__main__.SystemClock", lambda: clock)
    assert main(args) == 0
    return capsys.readouterr().out


def test_export_calls(seeded: Store, capsys: pytest.CaptureFixture[str], clock: FakeClock) -> None:
    out = _export(seeded, clock, capsys, "calls")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["Outcome"] for r in rows] == [BY_NAME["no_answer"].label, BY_NAME["later"].label]
    first = rows[0]
    assert first["Call Time"] == "2026-11-18T14:30:00-05:00"  # ISO 8601 with the offset
    assert (first["First Name"], first["Last Name"], first["Phone"]) == (
        "Ada",
        "Okafor",
        "+12125550143",
    )
    assert first["Company"] == "'=cmd|calc"  # neutralised
    assert rows[1]["Notes"] == "send pricing first"


def test_export_prospects_and_a_range(
    seeded: Store, capsys: pytest.CaptureFixture[str], clock: FakeClock
) -> None:
    out = _export(seeded, clock, capsys, "prospects")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["Full Name"] for r in rows] == ["Ada Okafor", "Bram Lindqvist", "Cleo Moreau"]
    assert rows[1]["Next Follow-up"] == "2026-11-24" and rows[0]["Dials"] == "1"
    assert rows[0]["Notes"] == "hi, there" and rows[2]["Status"] == "active"
    none = _export(seeded, clock, capsys, "prospects", "--since", "2026-11-19")
    assert len(list(csv.DictReader(io.StringIO(none)))) == 0


def test_export_followups_as_csv_and_ics(
    seeded: Store, capsys: pytest.CaptureFixture[str], clock: FakeClock
) -> None:
    out = _export(seeded, clock, capsys, "followups")
    (row,) = csv.DictReader(io.StringIO(out))
    assert (row["Due"], row["Full Name"], row["Notes"]) == (
        "2026-11-24",
        "Bram Lindqvist",
        "send pricing first",
    )
    ics = _export(seeded, clock, capsys, "followups", "--format", "ics")
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Call Bram Lindqvist (Bluefin)"
    assert event.decoded("dtstart") == date(2026, 11, 24)
    assert "+1 312-555-0177" in str(event["description"]) and "send pricing first" in str(
        event["description"]
    )
    again = Calendar.from_ical(_export(seeded, clock, capsys, "followups", "--format", "ics"))
    assert str(again.walk("VEVENT")[0]["uid"]) == str(event["uid"])  # stable: re-import updates


def test_the_command_line_prints_to_the_screen(
    worked: list[str],
    capsys: pytest.CaptureFixture[str],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = _run([*worked, "export", "calls"], capsys, clock, monkeypatch)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["Outcome"] for r in rows] == [BY_NAME["no_answer"].label, BY_NAME["later"].label]


def test_output_file_is_never_overwritten_without_force(
    worked: list[str],
    capsys: pytest.CaptureFixture[str],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr("nextcall.__main__.SystemClock", lambda: clock)
    target = tmp_path / "calls.csv"
    target.write_text("mine")
    assert main([*worked, "export", "calls", "-o", str(target)]) == 2
    assert target.read_text() == "mine"
    assert "--force" in capsys.readouterr().err
    assert main([*worked, "export", "calls", "-o", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("Call Time,")
    fresh = tmp_path / "new.csv"
    assert main([*worked, "export", "prospects", "-o", str(fresh)]) == 0
    assert "wrote 3 prospects" in capsys.readouterr().err


def test_usage_errors(
    worked: list[str],
    capsys: pytest.CaptureFixture[str],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("nextcall.__main__.SystemClock", lambda: clock)
    assert main([*worked, "export", "calls", "--format", "ics"]) == 2
    assert main([*worked, "export", "calls", "--since", "2026-11-20", "--until", "2026-11-19"]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main([*worked, "export", "calls", "--since", "yesterday"])
    assert exit_info.value.code == 2


def test_overdue_follow_ups_are_exported_and_a_moved_one_keeps_its_uid(
    seeded: Store, capsys: pytest.CaptureFixture[str], clock: FakeClock
) -> None:
    ics = _export(seeded, clock, capsys, "followups", "--format", "ics")
    first = Calendar.from_ical(ics).walk("VEVENT")[0]
    clock.advance(10 * 86400)  # past the 24th: overdue, still waiting in the queue
    out = _export(seeded, clock, capsys, "followups")
    assert [r["Full Name"] for r in csv.DictReader(io.StringIO(out))] == ["Bram Lindqvist"]
    later = _export(seeded, clock, capsys, "followups", "--since", "2026-11-25")
    assert list(csv.DictReader(io.StringIO(later))) == []
    _log(seeded, clock, "later", follow_up_start(date(2026, 12, 9), clock.tz), note="moved")
    (moved,) = Calendar.from_ical(
        _export(seeded, clock, capsys, "followups", "--format", "ics")
    ).walk("VEVENT")
    assert moved.decoded("dtstart") == date(2026, 12, 9)
    assert str(moved["uid"]) == str(first["uid"])  # the calendar moves the event


def test_output_file_permissions_links_and_folders(
    worked: list[str],
    capsys: pytest.CaptureFixture[str],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    import os
    import stat

    monkeypatch.setattr("nextcall.__main__.SystemClock", lambda: clock)
    old = os.umask(0o022)
    try:
        assert main([*worked, "export", "calls", "-o", str(tmp_path / "calls.csv")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "calls.csv").stat().st_mode) == 0o644
    mine = tmp_path / "mine.txt"
    mine.write_text("keep")
    (tmp_path / "link.csv").symlink_to(mine)
    capsys.readouterr()
    assert main([*worked, "export", "calls", "-o", str(tmp_path / "link.csv"), "--force"]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert mine.read_text() == "keep" and (tmp_path / "link.csv").is_symlink()
    assert main([*worked, "export", "calls", "-o", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err

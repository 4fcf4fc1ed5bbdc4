"""The calls export a CRM takes back: the plain CSV's email, CRM id and length; HubSpot's calls
import and Salesforce's Task insert (exact headers, UTF-8 without a BOM, milliseconds against
seconds, outcomes in the CRM's words, formula cells neutralised); a format that doesn't fit;
talk time in `stats --json` and the review. The follow-ups export (CSV and calendar) carries
the CRM id too, and the prospects export says who was added by hand."""

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from clocks import FakeClock
from factories import people
from nextcall.__main__ import main
from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.prospects import QueueRules
from nextcall.io.phones import parse
from nextcall.io.transfer.crm_exports import (
    HUBSPOT_COLUMNS,
    HUBSPOT_OUTCOMES,
    SALESFORCE_COLUMNS,
)
from nextcall.io.transfer.exporting import (
    CALL_COLUMNS,
    FOLLOW_UP_COLUMNS,
    FORMULA_STARTS,
    PROSPECT_COLUMNS,
)
from nextcall.io.transfer.importing import check_file
from nextcall.services.hand_dial import add_by_hand
from nextcall.services.review_data import load_review
from nextcall.services.session import Session
from nextcall.store.sqlite import SQLiteStore
from nextcall.ui.screens.review_markup import pace

CONTACTS = (
    "Record ID,First Name,Last Name,Email,Phone Number,Company Name\n"
    "0031x00000AbCdEAAA,Ada,Okafor,ada@northwind.example,212 555 0143,Northwind\n"
    '"=1+2",Zoë,Müller,-x@cedar.example,312 555 0177,Cédar\n'  # hostile cells
    ",Bram,Lindqvist,,415 555 0110,Bluefin\n"
).encode()
SF_CONTACT = "0031x00000AbCdEAAA"


@pytest.fixture
def worked(tmp_path: Path, clock: FakeClock) -> list[str]:
    """Three imported contacts called at 14:30, 14:40 and 14:50: a meeting after 161.6 s on
    the phone (with a note a spreadsheet would run), a rejection for budget after 42.4 s, and
    an unanswered call (no length)."""
    store = SQLiteStore.open(tmp_path / "data" / "nextcall.db")
    store.import_prospects(check_file(CONTACTS, "US").prospects, clock.now())
    session = Session(store, clock, QueueRules(), 2)
    session.log(OutcomeName.MEETING, note="=cmd|' /C calc'!A0", duration_s=161.6)
    clock.advance(600)
    session.log(OutcomeName.REJECTED, reason="budget", duration_s=42.4)
    clock.advance(600)
    session.log(OutcomeName.NO_ANSWER)
    store.close()
    return ["--data-dir", str(tmp_path / "data"), "--config", str(tmp_path / "none.toml")]


def _export(
    worked: list[str],
    tmp_path: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    *extra: str,
) -> bytes:
    monkeypatch.setattr("nextcall.__main__.SystemClock", lambda: clock)
    target = tmp_path / "out.csv"
    assert main([*worked, "export", "calls", "-o", str(target), "--force", *extra]) == 0
    return target.read_bytes()


def _rows(data: bytes, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The file as a CRM reads it: UTF-8 without a BOM, CRLF lines, exactly these headers."""
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text.split("\r\n", 1)[0] == ",".join(columns)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _no_formula_cells(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for cell in row.values():
            assert not cell or cell[0] not in FORMULA_STARTS or cell.startswith("+1"), cell


def test_the_calls_csv_carries_email_crm_id_and_duration(
    worked: list[str], tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows(_export(worked, tmp_path, clock, monkeypatch), CALL_COLUMNS)
    assert [(r["Email"], r["CRM ID"], r["Duration Seconds"]) for r in rows] == [
        ("ada@northwind.example", SF_CONTACT, "162"),
        ("'-x@cedar.example", "'=1+2", "42"),
        ("", "", ""),  # unknown length: empty, not 0
    ]
    assert rows[1]["Full Name"] == "Zoë Müller" and rows[1]["Company"] == "Cédar"
    _no_formula_cells(rows)


def test_hubspot_calls_import(
    worked: list[str], tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows(
        _export(worked, tmp_path, clock, monkeypatch, "--format", "hubspot"), HUBSPOT_COLUMNS
    )
    assert HUBSPOT_COLUMNS == (
        "Activity date",
        "Call title",
        "Call direction",
        "Call outcome",
        "Call duration",
        "Call notes",
        "Email",
        "Contact Record ID",
    )
    assert rows[0] == {
        "Activity date": "2026-11-18 14:30",
        "Call title": "Call with Ada Okafor",
        "Call direction": "OUTBOUND",
        "Call outcome": "Connected",
        "Call duration": "161600",  # milliseconds
        "Call notes": "Meeting\n=cmd|' /C calc'!A0",
        "Email": "ada@northwind.example",
        "Contact Record ID": SF_CONTACT,
    }
    zoe, bram = rows[1], rows[2]
    assert (zoe["Call duration"], zoe["Call notes"]) == ("42400", "Rejected (budget)")
    assert (zoe["Email"], zoe["Contact Record ID"]) == ("'-x@cedar.example", "'=1+2")
    assert (bram["Call outcome"], bram["Call duration"], bram["Activity date"]) == (
        "No answer",
        "",
        "2026-11-18 14:50",
    )
    assert zoe["Call title"] == "Call with Zoë Müller"
    _no_formula_cells(rows)


def test_salesforce_task_insert(
    worked: list[str],
    tmp_path: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _export(worked, tmp_path, clock, monkeypatch, "--format", "salesforce")
    rows = _rows(data, SALESFORCE_COLUMNS)
    assert rows[0] == {
        "WhoId": SF_CONTACT,
        "Subject": "Call: Meeting",
        "ActivityDate": "2026-11-18",
        "Status": "Completed",
        "Priority": "Normal",
        "TaskSubtype": "Call",
        "CallType": "Outbound",
        "CallDurationInSeconds": "162",  # seconds, whole
        "CallDisposition": "Meeting",
        "Description": "Meeting\n=cmd|' /C calc'!A0",
    }
    zoe, bram = rows[1], rows[2]
    assert zoe["WhoId"] == ""  # '=1+2' is no Salesforce id: the row would be refused
    assert (zoe["CallDisposition"], zoe["CallDurationInSeconds"]) == ("Rejected (budget)", "42")
    assert (bram["CallDisposition"], bram["CallDurationInSeconds"]) == ("No answer", "")
    assert "2 calls have no Salesforce contact or lead id" in capsys.readouterr().err
    _no_formula_cells(rows)


@pytest.fixture
def followed(tmp_path: Path, clock: FakeClock) -> list[str]:
    """The three contacts with follow-ups: Ada tomorrow at 15:30 (a note), Zoë next week
    (hostile cells), Bram next month; and a number dialed by hand."""
    store = SQLiteStore.open(tmp_path / "data" / "nextcall.db")
    store.import_prospects(check_file(CONTACTS, "US").prospects, clock.now())
    add_by_hand(store, parse("+1 646 555 0123", "US"), "Cy Hand", clock.now())
    session = Session(store, clock, QueueRules(), 2)
    for days, note in ((1, "budget first"), (7, ""), (30, "")):
        due = clock.now().replace(hour=15, minute=30) + timedelta(days=days)
        session.log(OutcomeName.LATER, follow_up=due, note=note or None, timed=days == 1)
    store.close()
    return ["--data-dir", str(tmp_path / "data"), "--config", str(tmp_path / "none.toml")]


def _export_what(
    data: list[str], what: str, tmp_path: Path, clock: FakeClock, mp: pytest.MonkeyPatch, *fmt: str
) -> bytes:
    mp.setattr("nextcall.__main__.SystemClock", lambda: clock)
    target = tmp_path / f"{what}.out"
    assert main([*data, "export", what, "-o", str(target), "--force", *fmt]) == 0
    return target.read_bytes()


def test_the_follow_ups_export_carries_email_and_crm_id(
    followed: list[str], tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _export_what(followed, "followups", tmp_path, clock, monkeypatch)
    rows = _rows(data, FOLLOW_UP_COLUMNS)
    assert [(r["Full Name"], r["Email"], r["CRM ID"], r["Notes"]) for r in rows] == [
        ("Ada Okafor", "ada@northwind.example", SF_CONTACT, "budget first"),
        ("Zoë Müller", "'-x@cedar.example", "'=1+2", ""),
        ("Bram Lindqvist", "", "", ""),
    ]
    _no_formula_cells(rows)
    ics = _export_what(followed, "followups", tmp_path, clock, monkeypatch, "--format", "ics")
    calendar = Calendar.from_ical(ics)
    described = {str(e["summary"]): str(e["description"]) for e in calendar.walk("VEVENT")}
    ada = described["Call Ada Okafor (Northwind)"]
    assert f"CRM ID: {SF_CONTACT}" in ada and "Email: ada@northwind.example" in ada
    assert "CRM ID" not in described["Call Bram Lindqvist (Bluefin)"]  # none known: no line


def test_the_prospects_export_says_who_was_added_by_hand(
    followed: list[str], tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _rows(
        _export_what(followed, "prospects", tmp_path, clock, monkeypatch), PROSPECT_COLUMNS
    )
    assert {r["Full Name"]: r["Source"] for r in rows} == {
        "Ada Okafor": "import",
        "Zoë Müller": "import",
        "Bram Lindqvist": "import",
        "Cy Hand": "added by hand",
    }
    assert {r["Full Name"]: r["CRM ID"] for r in rows}["Ada Okafor"] == SF_CONTACT


def test_every_outcome_has_a_hubspot_default_outcome() -> None:
    defaults = {"Busy", "Connected", "Left live message", "Left voicemail", "No answer"}
    defaults.add("Wrong number")
    assert set(HUBSPOT_OUTCOMES) == set(BY_NAME)
    assert set(HUBSPOT_OUTCOMES.values()) <= defaults
    assert HUBSPOT_OUTCOMES[OutcomeName.VOICEMAIL] == "Left voicemail"
    assert HUBSPOT_OUTCOMES[OutcomeName.BAD_NUMBER] == "Wrong number"
    assert HUBSPOT_OUTCOMES[OutcomeName.GATEKEEPER] == "Left live message"


@pytest.mark.parametrize(
    ("what", "fmt", "said"),
    [
        ("followups", "hubspot", "--format hubspot is for calls"),
        ("prospects", "salesforce", "--format salesforce is for calls"),
        ("calls", "ics", "--format ics is for follow-ups"),
        ("prospects", "ics", "--format ics is for follow-ups"),
    ],
)
def test_a_format_that_does_not_fit_the_export_is_refused(
    worked: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    fmt: str,
    said: str,
) -> None:
    target = tmp_path / "never.csv"
    assert main([*worked, "export", what, "--format", fmt, "-o", str(target)]) == 2
    assert said in capsys.readouterr().err
    assert not target.exists()


# -- talk time ----------------------------------------------------------------------------------


def _talk_day(store: SQLiteStore, clock: FakeClock) -> None:
    """Three answered calls of 25:00, 33:20.4 and 43:49.6 (1:42:10 in all, 34:03 each on
    average) and two with no length (they don't count)."""
    store.add_prospects(people(5), clock.now())
    session = Session(store, clock, QueueRules(), 2)
    for outcome, length in [
        ("conversation", 1500.0),
        ("no_answer", None),
        ("meeting", 2000.4),
        ("voicemail", None),
        ("rejected", 2629.6),
    ]:
        session.log(OutcomeName(outcome), duration_s=length)
        clock.advance(300)


def test_talk_time_in_stats_json_and_the_review(
    store: SQLiteStore,
    clock: FakeClock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _talk_day(store, clock)
    review = load_review(store, clock, date(2026, 11, 18))
    assert (review.talk.calls, review.talk.seconds) == (3, 6130)
    expected = "talk time 1:42:10 over 3 answered calls (avg 34:03)"
    assert review.talk.sentence() == expected
    assert "[b]Talk[/] time 1:42:10 over 3 answered calls (avg 34:03)" in pace(review, 74)
    week = load_review(store, clock, date(2026, 11, 20), week=True)
    assert week.talk.seconds == 6130
    assert load_review(store, clock, date(2026, 11, 17)).talk.seconds is None
    store.close()
    monkeypatch.setattr("nextcall.__main__.SystemClock", lambda: clock)
    cli = ["--data-dir", str(tmp_path / "data"), "--config", str(tmp_path / "none.toml")]
    assert main([*cli, "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["talk_time_s"], data["talk_calls"]) == (6130, 3)
    assert main([*cli, "stats"]) == 0
    assert "Talk time 1:42:10 over 3 answered calls (avg 34:03)" in capsys.readouterr().out


def test_no_talk_time_without_a_measured_call(
    store: SQLiteStore, clock: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.add_prospects(people(2), clock.now())
    session = Session(store, clock, QueueRules(), 2)
    session.log(OutcomeName.NO_ANSWER)
    review = load_review(store, clock, date(2026, 11, 18))
    assert review.talk.seconds is None and review.talk.sentence() == ""
    assert "Talk" not in pace(review, 74)
    store.close()
    cli = ["--data-dir", str(tmp_path / "data"), "--config", str(tmp_path / "none.toml")]
    assert main([*cli, "stats", "--day", "2026-11-18", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["talk_time_s"] is None and data["talk_calls"] == 0

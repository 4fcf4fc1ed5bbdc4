"""Exporting follow-ups set for a time of day: the CSV's Due At column holds the instant, the
calendar gets a 15-minute event at it (a day-only follow-up stays an all-day event), and the
UID stays the prospect's when the time moves."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from clocks import FakeClock
from nextcall.__main__ import main
from nextcall.domain.follow_ups import follow_up_due
from nextcall.domain.prospects import Lifecycle, ProspectState, Slot, zone
from nextcall.io.phones import parse
from nextcall.store import NewProspect
from nextcall.store.sqlite import SQLiteStore

CHICAGO = ZoneInfo("America/Chicago")


def _prospect(name: str, number: str, company: str) -> NewProspect:
    parsed = parse(number, "US")
    return NewProspect(name, parsed.e164, parsed.display, company, timezone=parsed.timezone)


@pytest.fixture
def data(tmp_path: Path, clock: FakeClock) -> list[str]:
    """Ada (Chicago) at 14:30 her time on Tuesday 24th; Bram for the day of the 25th."""
    store = SQLiteStore.open(tmp_path / "data" / "nextcall.db")
    store.add_prospects(
        [
            _prospect("Ada Okafor", "+1 312 555 0143", "Northwind"),
            _prospect("Bram Lindqvist", "+1 212 555 0177", "Bluefin"),
        ],
        clock.now(),
    )
    ada, bram = store.queue_ids(clock.now(), clock.now() + timedelta(days=1))
    assert zone(store.prospect(ada).timezone) == CHICAGO  # type: ignore[union-attr]
    at = follow_up_due(date(2026, 11, 24), time(14, 30), CHICAGO, clock.tz)
    day = follow_up_due(date(2026, 11, 25), None, CHICAGO, clock.tz)
    store.set_states(
        {
            ada: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, at, 1, timed=True),
            bram: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, day, 1),
        }
    )
    store.close()
    return ["--data-dir", str(tmp_path / "data"), "--config", str(tmp_path / "none.toml")]


def _run(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    monkeypatch.setattr("nextcall.__main__.SystemClock", lambda: clock)
    assert main(args) == 0
    return capsys.readouterr().out


def test_csv_has_the_instant_of_a_timed_follow_up(
    data: list[str],
    capsys: pytest.CaptureFixture[str],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = _run([*data, "export", "followups"], capsys, clock, monkeypatch)
    header = out.splitlines()[0]
    assert header.startswith("Due,Due At,First Name")
    ada, bram = csv.DictReader(io.StringIO(out))
    assert (ada["Full Name"], ada["Due"], ada["Due At"]) == (
        "Ada Okafor",
        "2026-11-24",
        "2026-11-24T15:30:00-05:00",  # 14:30 in Chicago, on the rep's clock with its offset
    )
    assert (bram["Full Name"], bram["Due"], bram["Due At"]) == ("Bram Lindqvist", "2026-11-25", "")


def test_ics_has_a_timed_event_and_an_all_day_one(
    data: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ics = _run([*data, "export", "followups", "--format", "ics"], capsys, clock, monkeypatch)
    assert "DTSTART:20261124T203000Z" in ics  # a UTC instant: every calendar shows it right
    ada, bram = Calendar.from_ical(ics).walk("VEVENT")
    start = ada.decoded("dtstart")
    assert start == datetime(2026, 11, 24, 14, 30, tzinfo=CHICAGO)
    assert ada.decoded("dtend") - start == timedelta(minutes=15)
    assert "TRANSP" not in ada  # a call at a set time is busy
    assert "Their time: 14:30 (America/Chicago)" in str(ada["description"])
    assert bram.decoded("dtstart") == date(2026, 11, 25)  # a day: all day, as before
    assert str(bram["transp"]) == "TRANSPARENT"
    # The time moves: the same UID, so the calendar moves the event.
    store = SQLiteStore.open(tmp_path / "data" / "nextcall.db")
    pid = store.queue_ids(clock.now(), clock.now() + timedelta(days=30))[0]
    moved = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)
    store.set_states({pid: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, moved, 1, True)})
    store.close()
    again = _run([*data, "export", "followups", "--format", "ics"], capsys, clock, monkeypatch)
    events = {str(e["uid"]): e for e in Calendar.from_ical(again).walk("VEVENT")}
    assert events[str(ada["uid"])].decoded("dtstart") == moved

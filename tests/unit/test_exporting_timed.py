"""Exporting follow-ups set for a time of day: the CSV's Due At column holds the instant, the
calendar gets a 15-minute event at it (a day-only follow-up stays an all-day event), and the
UID stays the prospect's when the time moves."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from clocks import FakeClock
from nextcall.domain.follow_ups import follow_up_due
from nextcall.domain.prospects import Lifecycle, ProspectState, Slot, zone
from nextcall.io.phones import parse
from nextcall.store import NewProspect, Store

CHICAGO = ZoneInfo("America/Chicago")


def _prospect(name: str, number: str, company: str) -> NewProspect:
    parsed = parse(number, "US")
    return NewProspect(name, parsed.e164, parsed.display, company, timezone=parsed.timezone)


@pytest.fixture
def planned(any_store: Store, clock: FakeClock) -> Store:
    """Ada (Chicago) at 14:30 her time on Tuesday 24th; Bram for the day of the 25th."""
    store = any_store
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
    return store


def _export(store: Store, clock: FakeClock, capsys: pytest.CaptureFixture[str], *words: str) -> str:
    """What `nextcall export WORDS` prints, read from `store`."""
    from nextcall.__main__ import build_parser
    from nextcall.cli.transfer import run_export

    capsys.readouterr()
    assert run_export(build_parser().parse_args(["export", *words]), store, clock) == 0
    return capsys.readouterr().out


def test_csv_has_the_instant_of_a_timed_follow_up(
    planned: Store, capsys: pytest.CaptureFixture[str], clock: FakeClock
) -> None:
    out = _export(planned, clock, capsys, "followups")
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
    planned: Store, capsys: pytest.CaptureFixture[str], clock: FakeClock
) -> None:
    ics = _export(planned, clock, capsys, "followups", "--format", "ics")
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
    pid = planned.queue_ids(clock.now(), clock.now() + timedelta(days=30))[0]
    moved = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)
    planned.set_states({pid: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, moved, 1, True)})
    again = _export(planned, clock, capsys, "followups", "--format", "ics")
    events = {str(e["uid"]): e for e in Calendar.from_ical(again).walk("VEVENT")}
    assert events[str(ada["uid"])].decoded("dtstart") == moved

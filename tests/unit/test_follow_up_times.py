"""A follow-up's time of day: how a rep types it, which instant it is at the prospect's, and how
it reads on both clocks, across zones and daylight-saving changes."""

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from nextcall.config import Config, ConfigError, parse
from nextcall.domain.follow_ups import (
    TimeContext,
    follow_up_due,
    follow_up_problem,
    outside_hours,
    parse_time_of_day,
    skipped,
)
from nextcall.domain.prospects import follow_up_start
from nextcall.ui.text import here_and_there, place, there_and_here

NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("14:30", time(14, 30)),
        (" 9:05 ", time(9, 5)),
        ("9", time(9, 0)),
        ("09", time(9, 0)),
        ("0", time(0, 0)),
        ("2:30pm", time(14, 30)),
        ("2:30 PM", time(14, 30)),
        ("2pm", time(14, 0)),
        ("2 p.m.", time(14, 0)),
        ("11am", time(11, 0)),
        ("12pm", time(12, 0)),
        ("12am", time(0, 0)),
        ("12:15a", time(0, 15)),
        ("9.15", time(9, 15)),
        ("14h30", time(14, 30)),
        ("1430", time(14, 30)),
        ("930", time(9, 30)),
    ],
)
def test_times_as_a_rep_types_them(typed: str, meant: time) -> None:
    assert parse_time_of_day(typed) == meant


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "is not a time of day like 14:30"),
        ("soon", "is not a time of day like 14:30"),
        ("14:3", "is not a time of day"),
        ("2:30 tomorrow", "is not a time of day"),
        ("-1", "is not a time of day"),
        ("24:00", "hours go from 0 to 23"),
        ("25", "hours go from 0 to 23"),
        ("9:60", "minutes go up to 59"),
        ("13pm", "with am or pm, hours go from 1 to 12"),
        ("0am", "with am or pm, hours go from 1 to 12"),
    ],
)
def test_a_bad_time_says_why(typed: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_time_of_day(typed)


def test_a_time_is_read_at_the_prospects_location() -> None:
    """09:00 in Los Angeles is 12:00 in New York (and 17:00 UTC in November)."""
    due = follow_up_due(date(2026, 11, 24), time(9, 0), LOS_ANGELES, NEW_YORK)
    assert due == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
    assert due.astimezone(NEW_YORK).hour == 12
    assert there_and_here(due, LOS_ANGELES, NEW_YORK) == "09:00 in Los Angeles = 12:00 your time"
    assert here_and_there(due, LOS_ANGELES, NEW_YORK) == "12:00 (09:00 there)"


def test_no_time_is_the_start_of_the_reps_day_as_before() -> None:
    day = date(2026, 11, 24)
    assert follow_up_due(day, None, LOS_ANGELES, NEW_YORK) == follow_up_start(day, NEW_YORK)


def test_a_prospect_without_a_zone_is_read_on_the_reps_clock() -> None:
    due = follow_up_due(date(2026, 11, 24), time(14, 30), None, CHICAGO)
    assert due.astimezone(CHICAGO) == datetime(2026, 11, 24, 14, 30, tzinfo=CHICAGO)
    assert "their time zone is not known" in there_and_here(due, None, CHICAGO)
    assert here_and_there(due, None, CHICAGO) == "14:30"


def test_the_same_clock_is_said_once() -> None:
    due = follow_up_due(date(2026, 11, 24), time(10, 0), NEW_YORK, NEW_YORK)
    assert there_and_here(due, NEW_YORK, NEW_YORK) == "10:00 in New York, your time too"
    assert here_and_there(due, NEW_YORK, NEW_YORK) == "10:00"


def test_the_other_side_names_its_day_when_it_differs() -> None:
    """17:00 on Tuesday in Los Angeles is already Wednesday in Sydney."""
    due = follow_up_due(date(2026, 11, 24), time(17, 0), LOS_ANGELES, SYDNEY)
    assert there_and_here(due, LOS_ANGELES, SYDNEY) == "17:00 in Los Angeles = Wed 12:00 your time"
    assert here_and_there(due, LOS_ANGELES, SYDNEY) == "12:00 (Tue 17:00 there)"


def test_across_daylight_saving_changes() -> None:
    """Between the US change (8 March 2026) and the UK's (29 March) London is 7 hours ahead of
    Los Angeles, not 8; on the US change day New York's 02:30 does not exist."""
    due = follow_up_due(date(2026, 3, 10), time(9, 0), LOS_ANGELES, LONDON)
    assert due.astimezone(LONDON).hour == 16
    assert (
        follow_up_due(date(2026, 3, 31), time(9, 0), LOS_ANGELES, LONDON).astimezone(LONDON).hour
        == 17
    )
    # The change day itself: 09:00 in New York is 13:00 UTC (EDT), not 14:00 (EST).
    change = follow_up_due(date(2026, 3, 8), time(9, 0), NEW_YORK, LONDON)
    assert change == datetime(2026, 3, 8, 13, 0, tzinfo=UTC)
    assert skipped(date(2026, 3, 8), time(2, 30), NEW_YORK)
    assert not skipped(date(2026, 3, 8), time(3, 30), NEW_YORK)
    assert not skipped(date(2026, 3, 9), time(2, 30), NEW_YORK)
    # The repeated hour in November: its first occurrence (EDT).
    fall = follow_up_due(date(2026, 11, 1), time(1, 30), NEW_YORK, NEW_YORK)
    assert fall == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def context(now: datetime, there: ZoneInfo | None = CHICAGO) -> TimeContext:
    return TimeContext(NEW_YORK, now.astimezone(UTC), there)


def test_problems_with_a_follow_up_time() -> None:
    now = datetime(2026, 11, 18, 14, 30, tzinfo=NEW_YORK)  # 13:30 in Chicago
    today, tomorrow = date(2026, 11, 18), date(2026, 11, 19)
    c = context(now)
    assert c.today == today and c.zone is CHICAGO
    assert follow_up_problem(tomorrow, None, c) is None
    assert follow_up_problem(tomorrow, time(9, 0), c) is None
    assert "Today needs a time" in (follow_up_problem(today, None, c) or "")
    assert follow_up_problem(today, time(13, 45), c) is None  # 14:45 in New York: ahead
    passed = follow_up_problem(today, time(13, 15), c) or ""
    assert "13:15 has passed there (it is 13:30)" in passed
    spring = context(datetime(2026, 3, 1, 12, 0, tzinfo=NEW_YORK), NEW_YORK)
    assert "does not exist" in (follow_up_problem(date(2026, 3, 8), time(2, 30), spring) or "")


def test_calling_hours_and_place_names() -> None:
    hours = (time(8, 0), time(21, 0))
    assert not outside_hours(time(8, 0), hours) and not outside_hours(time(20, 59), hours)
    assert outside_hours(time(21, 0), hours) and outside_hours(time(7, 59), hours)
    assert place(ZoneInfo("America/Argentina/Buenos_Aires")) == "Buenos Aires"
    assert place(UTC) == "UTC"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[calling]\nremind_minutes = "10"\n', "whole number"),
        ("[calling]\nremind_minutes = -1\n", "between 0 and 240"),
        ("[calling]\nremind_minutes = 600\n", "between 0 and 240"),
    ],
)
def test_remind_minutes_is_checked_like_every_setting(text: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(text, Path("config.toml"))
    assert caught.value.key == "[calling] remind_minutes" and caught.value.line == 2
    assert words in str(caught.value)
    assert parse("[calling]\nremind_minutes = 0\n", Path("c.toml")).calling.remind_minutes == 0
    assert Config().calling.remind_minutes == 10

"""The empty queue's words: when retries and follow-ups come back, and what calling hours hold
back, checked against sentences written by hand."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from nextcall.domain.outlook import ComingBack, HeldBack, QueueOutlook, outlook

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 18, 14, 30, tzinfo=NY)  # Wed 18 Nov 2026, 19:30 UTC
EIGHT = time(8, 0)


def say(back: ComingBack, held: HeldBack | None = None, tz: ZoneInfo = NY) -> QueueOutlook:
    return outlook(back, held, NOW, tz)


def test_nothing_waiting_says_so() -> None:
    view = say(ComingBack())
    assert view.headline == "Nobody left to call right now."
    assert view.lines == ("No retries or follow-ups are waiting.",)
    assert not view.held


def test_one_retry_today() -> None:
    back = ComingBack(datetime(2026, 11, 18, 15, 40, 20, tzinfo=NY), 1, 0)
    assert say(back).lines == ("Next: 1 retry at 15:40.",)


def test_many_retries_and_more_later_today() -> None:
    back = ComingBack(datetime(2026, 11, 18, 20, 40, tzinfo=UTC), 2, 5)  # 15:40 in New York
    assert say(back).lines == ("Next: 2 retries at 15:40 (5 more later today).",)


def test_a_retry_tomorrow_is_dated() -> None:
    back = ComingBack(datetime(2026, 11, 19, 9, 10, tzinfo=NY), 3, 0)
    assert say(back).lines == ("Next: 3 retries tomorrow at 09:10.",)


def test_follow_ups_tomorrow_and_later() -> None:
    tomorrow = ComingBack(
        next_follow_up_at=datetime(2026, 11, 19, 5, tzinfo=UTC), follow_ups_that_day=3
    )
    assert say(tomorrow).lines == ("Next: 3 follow-ups tomorrow.",)
    monday = ComingBack(
        next_follow_up_at=datetime(2026, 11, 23, 5, tzinfo=UTC), follow_ups_that_day=1
    )
    assert say(monday).lines == ("Next: 1 follow-up on Mon 23 Nov.",)
    next_year = ComingBack(
        next_follow_up_at=datetime(2027, 1, 4, 5, tzinfo=UTC), follow_ups_that_day=2
    )
    assert say(next_year).lines == ("Next: 2 follow-ups on Mon 04 Jan 2027.",)


def test_retries_and_follow_ups_in_one_sentence() -> None:
    back = ComingBack(
        datetime(2026, 11, 18, 15, 40, tzinfo=NY), 2, 0, datetime(2026, 11, 19, 5, tzinfo=UTC), 3
    )
    assert say(back).lines == ("Next: 2 retries at 15:40, 3 follow-ups tomorrow.",)


def test_the_day_of_a_follow_up_is_the_reps() -> None:
    """Thu 19 Nov 02:00 UTC is still Wednesday evening in New York: today, not tomorrow."""
    back = ComingBack(
        next_follow_up_at=datetime(2026, 11, 20, 2, tzinfo=UTC), follow_ups_that_day=1
    )
    assert say(back).lines == ("Next: 1 follow-up tomorrow.",)  # Thu 19 Nov 21:00 in New York
    assert say(back, tz=BERLIN).lines == ("Next: 1 follow-up on Fri 20 Nov.",)


def test_all_held_says_when_the_first_can_be_called() -> None:
    # Four prospects in Los Angeles at 05:30 their time (08:30 for a rep in New York).
    opens = datetime(2026, 11, 18, 8, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    view = say(ComingBack(), HeldBack(4, opens, EIGHT))
    assert view.headline == "Nobody can be called right now."
    assert view.lines == (
        "All 4 queued prospects are held until 08:00 their time; the first can be called at "
        "11:00 your time.",
    )
    assert view.held


def test_one_held_prospect_opening_tomorrow_with_a_retry_before() -> None:
    opens = datetime(2026, 11, 19, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # Wed 18:00 in New York
    back = ComingBack(datetime(2026, 11, 18, 15, 0, tzinfo=NY), 1, 0)
    assert say(back, HeldBack(1, opens, EIGHT)).lines == (
        "The one queued prospect is held until 08:00 their time; the first can be called at "
        "18:00 your time.",
        "Next: 1 retry at 15:00.",
    )
    opens_late = datetime(2026, 11, 20, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert (
        "called tomorrow at 18:00 your time"
        in say(ComingBack(), HeldBack(1, opens_late, EIGHT)).lines[0]
    )


def test_a_long_queue_says_only_what_was_looked_at() -> None:
    opens = datetime(2026, 11, 19, 8, 0, tzinfo=NY)
    (line,) = say(ComingBack(), HeldBack(200, opens, EIGHT, complete=False)).lines
    assert line.startswith("The first 200 queued prospects are all held until 08:00 their time")
    assert line.endswith("called tomorrow at 08:00 your time.")


def test_times_across_a_clock_change_are_the_reps_wall_clock() -> None:
    """New York's clocks go forward on Sun 14 Mar 2027 at 02:00: 07:30 UTC that morning is
    03:30 EDT, not the 02:30 a fixed offset would give."""
    saturday = datetime(2027, 3, 13, 23, 30, tzinfo=NY)
    back = ComingBack(datetime(2027, 3, 14, 7, 30, tzinfo=UTC), 1, 0)
    assert outlook(back, None, saturday, NY).lines == ("Next: 1 retry tomorrow at 03:30.",)
    after = datetime(2027, 3, 14, 1, 0, tzinfo=NY)
    assert outlook(back, None, after, NY).lines == ("Next: 1 retry at 03:30.",)

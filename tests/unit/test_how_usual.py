"""'How usual is today': the rep's own past days at today's dial count first, the widened model
only with too few of them; against hand-counted cases."""

from datetime import UTC, date, datetime, timedelta

import pytest

from factories import people
from nextcall.domain.funnel import (
    Averages,
    DayCounts,
    OwnRecord,
    PastDay,
    VarianceCheck,
    beta_binomial_tail,
    binomial_tail,
    dispersion,
)
from nextcall.store import HistoryCall, Store
from nextcall.store.sqlite import SQLiteStore
from nextcall.store.sqlite.report_queries import PAST_DAYS_SQL
from nextcall.ui.text import MODEL_NOTE, ordinal, variance_sentence
from store_rows import dials_from_the_calls, kept_dials

QUIET = PastDay(40, (30,))
"""A day of 40 dials whose one meeting came on its 30th: none by its 26th."""
EARLY = PastDay(40, (10,))
"""A day whose one meeting came on its 10th dial."""
TODAY = DayCounts.of({"no_answer": 26})


def _averages(days: list[PastDay]) -> Averages:
    return Averages.of(
        [
            DayCounts.of(
                {"no_answer": d.dials - len(d.meeting_dials), "meeting": len(d.meeting_dials)}
            )
            for d in days
        ]
    )


def _check(days: list[PastDay], today: DayCounts = TODAY) -> VarianceCheck:
    return VarianceCheck.of(today, _averages(days), OwnRecord(tuple(days)))


def test_meetings_by_the_nth_dial_of_days_that_reached_it() -> None:
    record = OwnRecord((PastDay(30, (5, 27)), PastDay(20, (3,)), PastDay(26, ())))
    assert record.at(26) == [1, 0]  # the 20-dial day never reached dial 26
    assert record.at(27) == [2]
    assert record.at(5) == [1, 1, 0]


def test_nine_of_twelve_days_had_no_meeting_by_their_26th_dial() -> None:
    check = _check([QUIET] * 9 + [EARLY] * 3)
    assert check.from_record and not check.above
    assert (check.working_days, check.compared, check.like) == (12, 12, 9)
    assert check.expected == pytest.approx(0.25)  # 3 meetings over 12 days by dial 26
    assert check.probability == pytest.approx(0.75)
    assert variance_sentence(check) == "9 of your last 12 days had no meeting by dial 26."
    assert variance_sentence(check, figures=True) == (
        "Of your last 12 working days, 9 had no meeting by their 26th dial."
    )


def test_days_short_of_todays_dials_are_left_out_and_said() -> None:
    check = _check([QUIET] * 9 + [EARLY] * 3 + [PastDay(10)] * 3)
    assert (check.working_days, check.compared, check.like) == (15, 12, 9)
    assert variance_sentence(check, figures=True) == (
        "Of your last 15 working days, 12 reached 26 dials; 9 of them had no meeting by their"
        " 26th dial."
    )
    assert variance_sentence(check) == "9 of your recent 12 days had no meeting by dial 26."


def test_a_good_day_counts_days_with_as_many_or_more() -> None:
    two, three = PastDay(30, (4, 20)), PastDay(30, (1, 2, 3))
    check = _check(
        [two] * 2 + [three] + [PastDay(30)] * 7, DayCounts.of({"no_answer": 24, "meeting": 2})
    )
    assert check.above and check.expected == pytest.approx(0.7)  # (2*2 + 3) / 10
    assert check.like == 3 and check.probability == pytest.approx(0.3)
    assert variance_sentence(check, figures=True) == (
        "Of your last 10 working days, 3 had 2 meetings or more by their 26th dial."
    )


def test_with_nine_days_the_model_is_used_and_said() -> None:
    check = _check([QUIET] * 6 + [EARLY] * 3)
    assert not check.from_record and check.compared == 9
    # 9 days of 40 dials, 9 meetings: p = 1/40; too few days for a spread: the default 0.02
    assert check.probability == pytest.approx(beta_binomial_tail(0, 26, 1 / 40, 0.02, upper=False))
    assert "(model: 0.7 meetings expected so far)" in variance_sentence(check)
    assert MODEL_NOTE in variance_sentence(check, figures=True)


def test_dispersion_by_the_method_of_moments() -> None:
    # p = 10/200 = 0.05; every day's rate is 0.05 off it: mean square 0.0025 = p(1-p)/19;
    # rho = (1/19 - 1/20) / (19/20) = 1/361
    days = [(20, 0)] * 5 + [(20, 2)] * 5
    assert dispersion(days) == pytest.approx(1 / 361)
    assert dispersion([(20, 1)] * 10) == 0.0  # identical days: no spread beyond a coin's
    assert dispersion([(20, 1)] * 9) == 0.02  # too few days: the fixed allowance


def test_beta_binomial_by_hand() -> None:
    # mean 1/2 with rho 1/3 is Beta(1, 1): the count of 2 dials is uniform over 0, 1, 2
    assert beta_binomial_tail(0, 2, 0.5, 1 / 3, upper=False) == pytest.approx(1 / 3)
    assert beta_binomial_tail(2, 2, 0.5, 1 / 3, upper=True) == pytest.approx(1 / 3)
    assert beta_binomial_tail(3, 20, 0.05, 0.0, upper=True) == binomial_tail(3, 20, 0.05, True)
    widened = beta_binomial_tail(0, 30, 0.05, 0.02, upper=False)
    assert widened > 0.95**30  # quiet days come more often than a coin says


def test_nothing_is_ever_due() -> None:
    for days in ([QUIET] * 12, [QUIET] * 5):
        for dials in range(1, 45, 4):
            check = _check(days, DayCounts.of({"no_answer": dials}))
            for figures in (False, True):
                text = variance_sentence(check, figures=figures).lower()
                assert "due" not in text and "owed" not in text


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 26, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "26th",
        "111th",
    ]


def test_the_store_numbers_each_days_dials(any_store: Store) -> None:
    any_store.add_prospects(people(3), datetime(2026, 1, 1, tzinfo=UTC))
    pid = any_store.queue_ids(datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC))[0]
    mon, tue, sat = date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 14)
    calls = []
    for day, outcomes in (
        (mon, ["no_answer", "meeting", "no_answer", "meeting"]),
        (tue, ["no_answer"] * 3),
        (sat, ["meeting"]),  # a weekend: not a working day, left out as the averages leave it
    ):
        start = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
        calls += [
            HistoryCall(pid, start + timedelta(minutes=i), day, o) for i, o in enumerate(outcomes)
        ]
    any_store.add_history(calls)
    assert any_store.past_days(date(2026, 11, 18)) == [PastDay(3, ()), PastDay(4, (2, 4))]
    assert any_store.past_days(date(2026, 11, 16)) == []


def test_the_store_reads_past_days_by_the_day_index(store: SQLiteStore) -> None:
    args = ("2026-10-01", "2026-11-18")
    plan = " ".join(
        str(r[-1]) for r in store.conn.execute(f"EXPLAIN QUERY PLAN {PAST_DAYS_SQL}", args)
    )
    assert "USING COVERING INDEX meeting_dials_day (day>? AND day<?)" in plan  # the days' range
    assert "SCAN" not in plan  # never the whole history, nor a day's calls


def test_past_the_no_budget_is_said_plainly() -> None:
    from nextcall.domain.funnel import NoBudget, Pace
    from nextcall.domain.ritual import ReframeNumbers
    from nextcall.ui.screens.ritual_markup import reframe_markup
    from nextcall.ui.widgets.ratio_panel import _past_budget

    avg = Averages.of([DayCounts.of({"no_answer": 19, "meeting": 1})] * 10)  # p = 0.05, rho = 0
    within = NoBudget.of(DayCounts.of({"no_answer": 38}), avg, 2)
    assert within.expected_nos == 38 and not within.past
    today = DayCounts.of({"no_answer": 50})
    past = NoBudget.of(today, avg, 2)
    # 50 no's or more before the 2nd yes = at most 1 yes in 51 dials:
    # .95^51 + 51 x .05 x .95^50 = 3.5 x .95^50 = 0.269, about 1 day in 4
    assert past.long_day_one_in == 4
    assert _past_budget(past, 120) == (
        "No's     50: past the ~38 a 2-meeting day usually brings; long days like this come 1 in 4"
    )
    assert _past_budget(past, 36) == "No's     50, past ~38: 1 day in 4"
    numbers = ReframeNumbers.of(past, Pace.of(today, avg, 2, 2.0), avg)
    text = reframe_markup(numbers, 1)
    assert (
        "50: past the ~38 a 2-meeting day usually brings; long days like this come 1 in 4" in text
    )
    assert "of the ~38" not in text


def test_pace_is_over_the_time_actually_dialing() -> None:
    from nextcall.domain.block import BlockSummary
    from nextcall.domain.funnel import Pace, dialing_minutes, pace_per_hour

    start = datetime(2026, 11, 18, 14, 0, tzinfo=UTC)
    fast = [start + timedelta(minutes=m) for m in (0, 1.5, 3, 4.5, 6)]  # five dials in six minutes
    minutes = dialing_minutes(fast, start + timedelta(minutes=6))
    assert minutes == 6.0
    assert pace_per_hour(5, minutes) == 50.0  # not 20, as a 15-minute floor made it
    avg = Averages.of([])
    assert Pace.of(DayCounts.of({"no_answer": 5}), avg, 2, minutes / 60).dials_per_hour == 50.0
    assert BlockSummary(DayCounts.of({"no_answer": 5}), 6.0, 30, avg).dials_per_hour == 50.0
    # an hour's lunch after the 5th dial counts as a 15-minute gap, the rest is not dialing
    lunch = [*fast, start + timedelta(minutes=76)]
    assert dialing_minutes(lunch, start + timedelta(minutes=80)) == 6 + 15 + 4
    assert pace_per_hour(1, 0.5) is None and pace_per_hour(0, 30) is None
    assert dialing_minutes([], start) == 0.0


def test_untagged_rejections_are_counted_as_not_tagged(any_store: Store) -> None:
    from zoneinfo import ZoneInfo

    from clocks import FakeClock
    from nextcall.cli.stats import collect
    from nextcall.domain.review_figures import audit
    from nextcall.services.review_data import load_review
    from nextcall.ui.screens.review_markup import audit as audit_markup

    assert audit({"timing": 2, "hung_up": 1}, 5).untagged == 2  # 5 rejections, 3 with a reason
    assert audit({"timing": 2}).untagged == 0
    ny = ZoneInfo("America/New_York")
    any_store.add_prospects(people(1), datetime(2026, 1, 1, tzinfo=UTC))
    pid = any_store.queue_ids(datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC))[0]
    mon, wed = date(2026, 11, 16), date(2026, 11, 18)
    at = datetime(2026, 11, 16, 15, tzinfo=UTC)
    any_store.add_history(
        [
            HistoryCall(pid, at, mon, "rejected", "timing"),
            HistoryCall(pid, at, mon, "rejected"),  # no reason tagged
            HistoryCall(pid, at + timedelta(days=2), wed, "rejected", "need"),
            HistoryCall(pid, at + timedelta(days=2), wed, "rejected"),
            HistoryCall(pid, at + timedelta(days=2), wed, "rejected"),
        ]
    )
    clock = FakeClock(datetime(2026, 11, 18, 16, 0, tzinfo=ny), ny)
    review = load_review(any_store, clock, wed)
    assert review.audit.untagged == 3  # the week ending Wednesday: 5 rejections, 2 tagged
    assert "not tagged    3" in audit_markup(review, 60)
    data = collect(review, 1)
    assert data["not_tagged"] == 2  # the day itself: 3 rejections, 1 tagged
    assert set(data["by_reason"]) == {
        "timing",
        "budget",
        "competitor",
        "authority",
        "need",
        "value",
        "hung_up",
    }


def test_a_number_without_its_country_code_says_the_region_tried() -> None:
    from nextcall.io.phones import InvalidNumber, parse
    from nextcall.io.transfer.importing import check_file
    from nextcall.services.hand_dial import read_number

    said = (
        "'020 7946 0958' is not a possible phone number in US: without a +country code it is read in"
        " [calling] default_region (US); write it with its + code, or change default_region"
        " in config.toml"
    )
    checked = check_file(b"Name,Phone\nAda,020 7946 0958\n", "US")
    assert [(e.line, e.reason) for e in checked.errors] == [(2, said)]
    with pytest.raises(InvalidNumber) as refused:
        read_number("020 7946 0958", "US")
    assert str(refused.value) == said
    with pytest.raises(InvalidNumber, match="default_region"):
        parse("020 7946 0958", "US")
    with pytest.raises(InvalidNumber, match="^not a possible phone number: '12'$"):
        parse("12", "US")  # too short to be anyone's whole number: no hint


def test_irish_numbers_get_dublin() -> None:
    from nextcall.io.phones import parse

    assert parse("+353 87 123 4567", "US").timezone == "Europe/Dublin"
    assert parse("+353 1 555 1234", "US").timezone == "Europe/Dublin"
    assert parse("01 555 1234", "IE").timezone == "Europe/Dublin"
    assert parse("+44 20 7946 0958", "US").timezone == "Europe/London"


def test_import_counts_every_row_whose_mobile_is_dialed() -> None:
    from nextcall.io.transfer.importing import check_file

    data = b"Name,Phone,Mobile\nAda,,212 555 0701\nBo,n/a,212 555 0702\nCy,212 555 0703,\n"
    checked = check_file(data, "US")
    assert checked.mobile_instead == 2  # Ada's empty Phone and Bo's placeholder; not Cy


def test_the_session_reads_past_days_once_a_day(
    any_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zoneinfo import ZoneInfo

    from clocks import FakeClock
    from nextcall.domain.prospects import QueueRules
    from nextcall.services.session import Session

    ny = ZoneInfo("America/New_York")
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=ny), ny)
    store = any_store
    reads: list[date] = []
    original = store.past_days

    def counted(before: date) -> list[PastDay]:
        reads.append(before)
        return original(before)

    monkeypatch.setattr(store, "past_days", counted)
    session = Session(store, clock, QueueRules(), 2)
    session.reload()  # as undo does: the past days are the same
    assert reads == [date(2026, 11, 18)]
    clock.advance(24 * 3600)
    assert session.roll_day_if_needed()
    assert reads == [date(2026, 11, 18), date(2026, 11, 19)]


def test_each_meetings_dial_is_kept_as_calls_are_logged_and_undone(any_store: Store) -> None:
    """Bulk history, logged outcomes and undo all keep meeting_dials equal to the calls' own
    order, so the past days' read never needs to count calls."""
    from nextcall.domain.outcomes import BY_NAME, OutcomeName
    from nextcall.domain.prospects import QueueRules, next_state

    store = any_store
    at = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
    store.add_prospects(people(6), at - timedelta(days=3))
    ids = store.queue_ids(at, at + timedelta(days=1))
    history = [
        HistoryCall(ids[0], at - timedelta(days=2, minutes=9 - i), date(2026, 11, 16), name)
        for i, name in enumerate(("no_answer", "meeting", "voicemail", "meeting"))
    ]
    store.add_history(history)
    assert kept_dials(store) == [("2026-11-16", 2), ("2026-11-16", 4)]
    day = date(2026, 11, 18)
    for pid, name in zip(ids[1:4], ("rejected", "no_answer", "meeting"), strict=True):
        p = store.prospect(pid)
        assert p is not None
        state = next_state(p.state, BY_NAME[name], at, QueueRules())
        store.log_outcome(p, OutcomeName(name), at, day, state)
    assert kept_dials(store) == dials_from_the_calls(store)
    assert ("2026-11-18", 3) in kept_dials(store)  # the day's third call booked it
    undone = store.undo_last(day)
    assert undone is not None and undone.outcome == "meeting"
    assert (
        kept_dials(store) == dials_from_the_calls(store) == [("2026-11-16", 2), ("2026-11-16", 4)]
    )

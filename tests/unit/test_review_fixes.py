"""The review reviewer's findings (issue 5): crash-left blocks, working-day averages, one
recovery median, the week's audit on a day, follow-ups of past days across DST, stats."""

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console

from clocks import FakeClock
from factories import known, people
from nextcall.__main__ import main
from nextcall.cli.stats import collect, print_table
from nextcall.domain.clock import today
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import Lifecycle, QueueRules, follow_up_start
from nextcall.domain.review_figures import audit
from nextcall.services.review_data import load_review
from nextcall.services.session import Session
from nextcall.store import HistoryCall, Store
from nextcall.ui.screens import review_markup as text
from nextcall.ui.text import variance_sentence

NY = ZoneInfo("America/New_York")
WED = date(2026, 11, 18)


@pytest.fixture
def store(any_store: Store) -> Store:
    """Each test on one rep's file and on the team database (as ana); `demo_store` seeds
    this store too."""
    return any_store


def first_prospect(store: Store) -> int:
    store.add_prospects(people(3), datetime(2026, 1, 1, tzinfo=UTC))
    return store.queue_ids(datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC))[0]


def test_a_block_left_open_by_a_crash_is_closed_at_start_up(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=NY), NY)
    store.add_prospects(people(10), clock.now() - timedelta(days=1))
    s = Session(store, clock, QueueRules(), 2)
    s.start_block(60)
    for name in ("no_answer", "meeting", "conversation"):
        clock.advance(300)
        s.log(OutcomeName(name))
    last_call = clock.now()
    clock.advance(3 * 3600)  # the app crashed; the rep comes back later
    (open_block,) = store.blocks(WED, WED)
    assert open_block.ended_at is None
    Session(store, clock, QueueRules(), 2)  # start-up
    (closed,) = store.blocks(WED, WED)
    assert closed.ended_at == last_call  # its last call, not the moment of start-up
    assert (closed.counts.dials, closed.counts.meetings) == (3, 1)


def test_an_unended_block_is_running_only_when_the_session_says_so(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=NY), NY)
    block_id = store.start_block(WED, clock.now(), 60)
    review = load_review(store, clock, WED)
    assert "not ended (the app closed)" in text.blocks(review, NY, running=None)
    assert "running now" in text.blocks(review, NY, running=block_id)


def test_undo_after_a_block_ended_takes_the_call_out_of_its_stored_counts(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=NY), NY)
    store.add_prospects(people(10), clock.now() - timedelta(days=1))
    s = Session(store, clock, QueueRules(), 2)
    s.start_block(60)
    clock.advance(60)
    s.log(OutcomeName.MEETING)
    clock.advance(60)
    s.end_block()
    s.undo()
    (block,) = store.blocks(WED, WED)
    assert block.counts.dials == 0 and block.counts.meetings == 0


def test_averages_use_working_days_in_a_bounded_range(store: Store) -> None:
    pid = first_prospect(store)
    sunday, friday = date(2026, 11, 15), date(2026, 11, 13)
    long_ago = WED - timedelta(days=200)  # a Friday, beyond the look-back
    calls = [
        HistoryCall(pid, datetime(d.year, d.month, d.day, 15, tzinfo=UTC), d, "no_answer")
        for d, n in ((sunday, 2), (friday, 60), (long_ago, 50))
        for _ in range(n)
    ]
    store.add_history(calls)
    assert [d.dials for d in store.recent_days(WED)] == [60]


def test_stats_and_the_screen_share_one_recovery_median(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=NY), NY)
    pid = first_prospect(store)
    at = clock.now() - timedelta(hours=1)
    store.add_history(
        [
            HistoryCall(pid, at, WED, "rejected", "need", "done", 30.0),
            HistoryCall(pid, at, WED, "rejected", "need", None, 900.0),  # no ritual record
        ]
    )
    report = load_review(store, clock, WED)
    data = collect(report, store.count_kept())
    assert data["recovery_median_s"] == report.recovery.median_s == 30.0


def test_a_day_review_audits_the_weeks_tagged_nos(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=NY), NY)
    pid = first_prospect(store)
    monday = datetime(2026, 11, 16, 15, tzinfo=UTC)
    store.add_history(
        [HistoryCall(pid, monday, date(2026, 11, 16), "rejected", "budget") for _ in range(5)]
    )
    review = load_review(store, clock, WED)
    assert review.counts.rejections == 0  # nothing today...
    assert review.audit.tagged == 5 and review.audit.focus == ("budget",)  # ...the week's no's
    assert text.audit_title(review).endswith("this week")
    assert collect(review, 0)["by_reason"]["budget"] == 0  # the day's own reasons in JSON


def test_follow_ups_of_a_past_day_across_the_dst_change(store: Store) -> None:
    # Sat 31 Oct 2026; clocks go back on Sun 1 Nov. Due Sat 7 Nov 23:30 EST is in the seven
    # local days after the 31st (UTC + 7 days would stop at 23:00 EST).
    clock = FakeClock(datetime(2026, 11, 5, 10, 0, tzinfo=NY), NY)
    store.add_prospects(people(2), clock.now() - timedelta(days=10))
    s = Session(store, clock, QueueRules(), 2)
    s.log(OutcomeName.LATER, follow_up=datetime(2026, 11, 7, 23, 30, tzinfo=NY))
    review = load_review(store, clock, date(2026, 10, 31))
    assert review.due_counts == (0, 1) and len(review.due_ahead) == 1
    shown = text.follow_ups(review, NY, 4)
    assert "Still waiting, due by Sat 31 Oct" in shown and "Due today" not in shown


def test_follow_up_lists_and_counts_agree(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=NY), NY)
    store.add_prospects(people(3), clock.now() - timedelta(days=1))
    s = Session(store, clock, QueueRules(), 2)
    s.log(OutcomeName.LATER, follow_up=follow_up_start(WED, NY))
    review = load_review(store, clock, WED)
    assert review.due_counts[0] == len(review.due_today) == 1


def test_the_audit_breaks_ties_by_reasons_order_and_says_so() -> None:
    a = audit({"value": 7, "competitor": 1, "need": 1})
    assert a.focus == ("value", "competitor")  # competitor comes before need in REASONS
    assert a.ties == ("need",)
    assert "need tied with competitor" in a.sentence()


def test_past_days_are_not_so_far(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=NY), NY)
    past = load_review(store, clock, WED - timedelta(days=1))
    now = load_review(store, clock, WED)
    assert text.review_variance(past) == "No dials this day."
    assert text.review_variance(now) == "No dials yet today."
    assert "so far" not in text.audit(past, 60) and "so far" in text.audit(now, 60)
    assert "so far" not in text.wins(past, NY, 5)


def test_a_day_without_rituals_in_a_week_with_them(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=NY), NY)
    pid = first_prospect(store)
    monday = datetime(2026, 11, 16, 15, tzinfo=UTC)
    store.add_history(
        [HistoryCall(pid, monday, date(2026, 11, 16), "rejected", "need", "done", 20)]
    )
    shown = text.recovery(load_review(store, clock, WED - timedelta(days=1)), 60)
    assert "· no rituals that day" in shown and "ritual no" not in shown


def test_an_average_day_is_not_called_good(demo_store: Store, clock: FakeClock) -> None:
    review = load_review(demo_store, clock, today(clock))
    sentence = text.review_variance(review)
    assert "good" not in sentence and "quiet" not in sentence  # p is about 0.36
    panel = variance_sentence(review.variance)  # the dial screen's panel: the rep's own days
    assert "good" not in panel and "quiet" not in panel
    assert panel == "14 of your last 30 days had no meeting by dial 26."


def test_stats_text_has_the_pace_chart_plan_and_blocks(demo_store: Store, clock: FakeClock) -> None:
    demo_store.start_block(today(clock), clock.now() - timedelta(minutes=50), 60)
    Session(demo_store, clock, QueueRules(), 2)  # closes it
    report = load_review(demo_store, clock, today(clock))
    console = Console(record=True, width=100, color_system=None)
    print_table(collect(report, demo_store.count_kept()), report, console)
    out = console.export_text()
    assert "Dials per hour" in out and "Plan " in out and "Call blocks" in out


def test_stats_day_and_week_together_and_a_future_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(tmp_path), "stats", "--json", "--week", "--day", "2026-11-18"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["day"], data["week_start"]) == ("2026-11-18", "2026-11-12")
    assert main(["--data-dir", str(tmp_path), "stats", "--day", "2999-01-01"]) == 2
    assert "in the future" in capsys.readouterr().err


def test_stats_prospects_count_all_but_archived_and_dnc(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=NY), NY)
    store.add_prospects(people(5), clock.now() - timedelta(days=1))
    s = Session(store, clock, QueueRules(), 2)
    s.log(OutcomeName.MEETING)  # done: still in the database
    assert s.current is not None
    store.mark_dnc([s.current.phone], clock.now(), "test")
    last = max(s.ids)
    archived = replace(known(store.prospect(last)).state, lifecycle=Lifecycle.ARCHIVED)
    store.set_states({last: archived})
    assert store.count_kept() == 3  # 5 - 1 do-not-call - 1 archived


def test_the_week_reads_no_call_times_and_says_how_usual_this_week_is(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=NY), NY)
    pid = first_prospect(store)
    store.add_history([HistoryCall(pid, clock.now() - timedelta(hours=1), WED, "no_answer")])

    def refuse(day: date) -> list[datetime]:
        raise AssertionError("the week has no per-hour chart: no call times to read")

    monkeypatch.setattr(store, "call_times", refuse)
    week = load_review(store, clock, WED, week=True)
    assert week.per_hour == () and week.counts.dials == 1
    assert "how usual this week is" in text.review_variance(week)


def test_a_short_block_says_its_seconds() -> None:
    from nextcall.domain.block import BlockSummary
    from nextcall.domain.funnel import Averages, DayCounts
    from nextcall.ui.screens import block_summary

    summary = BlockSummary(DayCounts().plus(OutcomeName.NO_ANSWER), 25 / 60, 60, Averages.of([]))
    assert block_summary.length_text(summary) == "25 s"
    assert (
        "price" in block_summary.rows(summary)[-1][2]
        and "next yes" not in block_summary.rows(summary)[-1][2]
    )


def test_the_plan_line_counts_in_words(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=NY), NY)
    pid = first_prospect(store)
    store.add_history([HistoryCall(pid, clock.now() - timedelta(hours=1), WED, "rejected")])
    line = text.plan_line(load_review(store, clock, WED))
    assert "1 no, 1 of them an outright rejection" in line

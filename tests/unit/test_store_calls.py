"""Calls and days through the store, the same on one rep's SQLite file and on the team database:
an outcome and its consequences, undo, calls in bulk, what the ritual writes, notes and wins,
the day plan, call blocks and settings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from nextcall.domain.funnel import CONVERSATIONS, MEETINGS, DayCounts
from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospects import CallRecord, Lifecycle, QueueRules, next_state
from nextcall.domain.ritual import RitualEnd
from nextcall.store import HistoryCall, NewProspect, Store
from store_rows import add_people, add_rows, meeting_dials, prospect_of, ritual_row, wins_of

AT = datetime(2026, 11, 18, 19, 30, tzinfo=UTC)
DAY = date(2026, 11, 18)


def log(store: Store, pid: int, name: str, at: datetime = AT, day: date = DAY) -> CallRecord:
    """Log `name` for the prospect as the session would."""
    p = prospect_of(store, pid)
    state = next_state(p.state, BY_NAME[name], at, QueueRules())
    return store.log_outcome(p, OutcomeName(name), at, day, state)


# -- an outcome and undo ---------------------------------------------------------------------------


def test_a_meeting_counts_its_dial_and_its_win(any_store: Store) -> None:
    first, second = add_people(any_store, 2, AT - timedelta(days=1))
    log(any_store, first, "no_answer")
    call = log(any_store, second, "meeting", AT + timedelta(minutes=3))
    assert call.prospect_id == second and call.at == AT + timedelta(minutes=3)
    assert any_store.day_counts(DAY).dials == 2 and any_store.day_counts(DAY).meetings == 1
    assert meeting_dials(any_store, DAY) == [2]
    assert wins_of(any_store, DAY) == [("meeting", "Person 01, Company 01")]
    assert prospect_of(any_store, second).state.lifecycle is Lifecycle.DONE
    assert any_store.history(second) == [call]


def test_undo_takes_back_everything_a_call_left(any_store: Store) -> None:
    (pid,) = add_people(any_store, 1, AT - timedelta(days=1))
    before = prospect_of(any_store, pid).state
    call = log(any_store, pid, "rejected")
    any_store.set_reason(call.id, "budget")
    any_store.set_ritual(call.id, RitualEnd.DONE)
    any_store.set_recovery(call.id, 12.5)
    any_store.set_debrief(call.id, '{"stated_reason": "no budget"}')
    undone = any_store.undo_last(DAY)
    assert undone is not None and undone.id == call.id and undone.reason == "budget"
    assert prospect_of(any_store, pid).state == before
    assert any_store.day_counts(DAY).dials == 0
    assert any_store.history(pid) == []
    assert ritual_row(any_store, call.id) is None and any_store.debrief(call.id) is None
    assert any_store.undo_last(DAY) is None


def test_undo_of_a_meeting_takes_its_win_and_dial(any_store: Store) -> None:
    (pid,) = add_people(any_store, 1, AT - timedelta(days=1))
    log(any_store, pid, "meeting")
    assert any_store.undo_last(DAY) is not None
    assert wins_of(any_store, DAY) == [] and meeting_dials(any_store, DAY) == []
    assert any_store.day_counts(DAY).meetings == 0


def test_undo_stays_on_its_day(any_store: Store) -> None:
    first, second = add_people(any_store, 2, AT - timedelta(days=1))
    log(any_store, first, "voicemail", AT - timedelta(days=1), DAY - timedelta(days=1))
    log(any_store, second, "no_answer")
    assert any_store.undo_last(DAY) is not None and any_store.undo_last(DAY) is None
    assert any_store.day_counts(DAY - timedelta(days=1)).dials == 1


def test_calls_written_in_bulk_are_never_undone(any_store: Store) -> None:
    first, second = add_people(any_store, 2, AT - timedelta(days=1))
    any_store.add_history([HistoryCall(first, AT - timedelta(hours=1), DAY, "conversation")])
    assert any_store.undo_last(DAY) is None
    call = log(any_store, second, "no_answer")
    undone = any_store.undo_last(DAY)
    assert undone is not None and undone.id == call.id
    assert any_store.undo_last(DAY) is None
    assert any_store.day_counts(DAY).conversations == 1


def test_undo_leaves_the_ended_block_it_was_counted_in(any_store: Store) -> None:
    ids = add_people(any_store, 2, AT - timedelta(days=1))
    block = any_store.start_block(DAY, AT - timedelta(minutes=5), 30)
    log(any_store, ids[0], "no_answer")
    log(any_store, ids[1], "no_answer", AT + timedelta(minutes=1))
    any_store.end_block(block, AT + timedelta(minutes=2), any_store.day_counts(DAY))
    any_store.undo_last(DAY)
    (stored,) = any_store.blocks(DAY, DAY)
    assert stored.counts.dials == 1


# -- calls in bulk, history ------------------------------------------------------------------------


def test_calls_in_bulk_with_their_totals_wins_dials_and_ritual(any_store: Store) -> None:
    pid, other = add_people(any_store, 2, AT - timedelta(days=3))
    yesterday = DAY - timedelta(days=1)
    any_store.add_history(
        [
            HistoryCall(pid, AT - timedelta(days=1, hours=2), yesterday, "no_answer"),
            HistoryCall(pid, AT - timedelta(days=1, hours=1), yesterday, "meeting"),
            HistoryCall(other, AT - timedelta(hours=1), DAY, "rejected", "timing", "skipped", 8.0),
        ]
    )
    any_store.add_history([])
    assert any_store.day_counts(yesterday).dials == 2
    assert any_store.day_counts(DAY).rejections == 1
    assert meeting_dials(any_store, yesterday) == [2]
    assert wins_of(any_store, yesterday) == [("meeting", "Person 00, Company 00")]
    rejection = any_store.last_rejection(DAY)
    assert rejection is not None and rejection.reason == "timing"
    assert ritual_row(any_store, rejection.id) == ("skipped", 8.0)


def test_history_is_newest_first_and_bounded(any_store: Store) -> None:
    (pid,) = add_people(any_store, 1, AT - timedelta(days=3))
    any_store.add_history(
        [
            HistoryCall(pid, AT - timedelta(days=d), DAY - timedelta(days=d), "no_answer")
            for d in (3, 2, 1)
        ]
    )
    call = log(any_store, pid, "voicemail")
    calls = any_store.history(pid, limit=3)
    assert calls[0] == call and [c.at for c in calls[1:]] == [
        AT - timedelta(days=1),
        AT - timedelta(days=2),
    ]
    assert len(any_store.history(pid)) == 4


def test_the_last_rejection_of_the_day(any_store: Store) -> None:
    ids = add_people(any_store, 3, AT - timedelta(days=1))
    assert any_store.last_rejection(DAY) is None
    first = log(any_store, ids[0], "rejected")
    log(any_store, ids[1], "no_answer")
    assert any_store.last_rejection(DAY) == first
    assert any_store.last_rejection(DAY + timedelta(days=1)) is None


# -- what the ritual writes ------------------------------------------------------------------------


def test_the_ritual_parts_of_a_call(any_store: Store) -> None:
    (pid,) = add_people(any_store, 1, AT - timedelta(days=1))
    call = log(any_store, pid, "rejected")
    assert ritual_row(any_store, call.id) == (None, None) and any_store.debrief(call.id) is None
    any_store.set_ritual(call.id, RitualEnd.SKIPPED)
    any_store.set_recovery(call.id, 4)
    any_store.set_ritual(call.id, RitualEnd.DONE)
    assert ritual_row(any_store, call.id) == ("done", 4.0)
    any_store.set_debrief(call.id, '{"differently": "ask early"}')
    assert any_store.debrief(call.id) == '{"differently": "ask early"}'
    any_store.set_debrief(call.id, None)
    assert any_store.debrief(call.id) is None
    any_store.set_reason(call.id, "budget")
    assert any_store.history(pid)[0].reason == "budget"
    any_store.set_reason(call.id, None)
    assert any_store.history(pid)[0].reason is None


def test_bad_ritual_values_are_refused(any_store: Store) -> None:
    (pid,) = add_people(any_store, 1, AT - timedelta(days=1))
    call = log(any_store, pid, "rejected")
    with pytest.raises(ValueError):
        any_store.set_reason(call.id, "mood")
    with pytest.raises(ValueError):
        any_store.set_ritual(call.id, "maybe")  # type: ignore[arg-type]  # a wrong value on purpose
    assert ritual_row(any_store, call.id) == (None, None)
    assert any_store.history(pid)[0].reason is None


def test_a_call_taken_back_takes_no_ritual_parts(any_store: Store) -> None:
    """The ritual may end after the rep undid its call: nothing to write, nothing raised."""
    (pid,) = add_people(any_store, 1, AT - timedelta(days=1))
    call = log(any_store, pid, "rejected")
    any_store.undo_last(DAY)
    any_store.set_ritual(call.id, RitualEnd.DONE)
    any_store.set_recovery(call.id, 3.0)
    any_store.set_debrief(call.id, "{}")
    any_store.set_reason(call.id, "budget")
    assert ritual_row(any_store, call.id) is None and any_store.debrief(call.id) is None


# -- the note during a call ---------------------------------------------------------------------


def test_the_call_note_rewrites_its_entry_in_characters(any_store: Store) -> None:
    old = "Zoë prefers 日本語"
    (pid,) = add_rows(any_store, [NewProspect("Zoë", "+12125550123", "212", notes=old)], AT)
    any_store.set_call_note(pid, len(old), "\n18 Nov: budget in")
    any_store.set_call_note(pid, len(old), "\n18 Nov: budget in März")
    assert prospect_of(any_store, pid).notes == old + "\n18 Nov: budget in März"
    any_store.set_call_note(pid, len(old), "")
    assert prospect_of(any_store, pid).notes == old
    any_store.set_call_note(pid, 0, "fresh")
    # A call that began on empty notes: on one rep's file the rest is its own to rewrite; on a
    # team's list it was written by others meanwhile, and stays (the entry after it).
    fresh = "fresh" if any_store.rep is None else old + "\nfresh"
    assert prospect_of(any_store, pid).notes == fresh
    with pytest.raises(ValueError):
        any_store.set_call_note(pid, -1, "x")


# -- the day: plan, blocks, settings ---------------------------------------------------------------


def test_the_day_plan_and_the_latest_before(any_store: Store) -> None:
    assert any_store.day_plan(DAY) is None and any_store.latest_plan(DAY) is None
    any_store.set_day_plan(DAY - timedelta(days=3), DayPlan(MEETINGS, 2), AT)
    any_store.set_day_plan(DAY - timedelta(days=1), DayPlan(CONVERSATIONS, 8), AT)
    any_store.set_day_plan(DAY, DayPlan(MEETINGS, 3), AT)
    any_store.set_day_plan(DAY, DayPlan(MEETINGS, 4), AT + timedelta(minutes=1))
    assert any_store.day_plan(DAY) == DayPlan(MEETINGS, 4)
    assert any_store.latest_plan(DAY) == DayPlan(CONVERSATIONS, 8)
    assert any_store.latest_plan(DAY - timedelta(days=1)) == DayPlan(MEETINGS, 2)


def test_blocks_start_end_and_are_discarded(any_store: Store) -> None:
    first = any_store.start_block(DAY, AT, 30)
    empty = any_store.start_block(DAY, AT + timedelta(hours=1), 45)
    counts = DayCounts.of({"no_answer": 3, "meeting": 1, "rejected": 0})
    any_store.end_block(first, AT + timedelta(minutes=28), counts)
    any_store.discard_block(empty)
    any_store.start_block(DAY + timedelta(days=2), AT + timedelta(days=2), 30)
    (block,) = any_store.blocks(DAY, DAY + timedelta(days=1))
    assert (block.id, block.day, block.started_at) == (first, DAY, AT)
    assert block.ended_at == AT + timedelta(minutes=28) and block.planned_minutes == 30
    assert block.counts == counts
    assert [b.ended_at for b in any_store.blocks(DAY, DAY + timedelta(days=2))][1:] == [None]


def test_a_block_left_running_ends_at_its_last_call(any_store: Store) -> None:
    ids = add_people(any_store, 3, AT - timedelta(days=1))
    block = any_store.start_block(DAY, AT - timedelta(minutes=1), 20)
    log(any_store, ids[0], "no_answer")
    log(any_store, ids[1], "meeting", AT + timedelta(minutes=5))
    log(any_store, ids[2], "voicemail", AT + timedelta(minutes=25))  # past its planned end
    assert any_store.close_stale_blocks() == 1
    assert any_store.close_stale_blocks() == 0
    (stored,) = any_store.blocks(DAY, DAY)
    assert stored.id == block and stored.ended_at == AT + timedelta(minutes=5)
    assert stored.counts == DayCounts.of({"no_answer": 1, "meeting": 1})


def test_a_block_left_running_without_calls_ends_at_its_start(any_store: Store) -> None:
    any_store.start_block(DAY, AT, 20)
    assert any_store.close_stale_blocks() == 1
    (stored,) = any_store.blocks(DAY, DAY)
    assert stored.ended_at == AT and stored.counts.dials == 0


def test_settings_kept_with_the_data(any_store: Store) -> None:
    assert any_store.get_meta("demo_day") is None
    any_store.set_meta("demo_day", "2026-11-18")
    any_store.set_meta("demo_day", "2026-11-19")
    any_store.set_meta("reminded", "{}")
    assert any_store.get_meta("demo_day") == "2026-11-19"
    assert any_store.get_meta("reminded") == "{}"

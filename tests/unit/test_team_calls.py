"""Calls on the team database, where more than one rep writes: an outcome gives up the rep's
claim and is stored once under its outbox key, undo is the rep's own, a prospect's history is
everyone's, and each rep's day (totals, plan, blocks, settings) is their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from factories import known
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospects import CallRecord, Lifecycle, QueueRules, Slot, next_state
from nextcall.store import Store
from nextcall.store.errors import StoreError
from nextcall.store.postgres import PostgresStore
from store_rows import add_people, meeting_dials, prospect_of

AT = datetime(2026, 11, 18, 19, 30, tzinfo=UTC)
DAY = date(2026, 11, 18)
Reps = Callable[[str], Store]


def pg(store: Store) -> PostgresStore:
    assert isinstance(store, PostgresStore)
    return store


def log(
    store: Store, pid: int, name: str, at: datetime = AT, *, outbox_key: str | None = None
) -> CallRecord:
    p = prospect_of(store, pid)
    state = next_state(p.state, BY_NAME[name], at, QueueRules())
    return pg(store).log_outcome(p, OutcomeName(name), at, DAY, state, outbox_key=outbox_key)


def one(store: Store, sql: str, *params: Any) -> Any:
    row = pg(store).conn.execute(sql, params).fetchone()
    return None if row is None else row[0]


def test_an_outcome_gives_up_the_reps_claim_and_says_they_are_there(team_store: Reps) -> None:
    ana, ben = team_store("ana"), team_store("ben")
    first, second = add_people(ana, 2, AT - timedelta(days=1))
    assert ana.claim(first, 10) and ben.claim(second, 10)
    log(ana, first, "no_answer")
    log(ana, second, "no_answer")  # ben's claim on it is his to give up
    assert one(ana, "SELECT count(*) FROM claims WHERE prospect_id = %s", first) == 0
    assert one(ana, "SELECT rep FROM claims WHERE prospect_id = %s", second) == "ben"
    assert one(ana, "SELECT count(*) FROM reps WHERE rep = 'ana'") == 1


def test_an_outcome_sent_twice_under_its_key_is_stored_once(team_store: Reps) -> None:
    ana = team_store("ana")
    (pid,) = add_people(ana, 1, AT - timedelta(days=1))
    p = prospect_of(ana, pid)
    state = next_state(p.state, BY_NAME["meeting"], AT, QueueRules())
    sent = pg(ana).log_outcome(p, OutcomeName.MEETING, AT, DAY, state, outbox_key="k-1")
    again = pg(ana).log_outcome(p, OutcomeName.MEETING, AT, DAY, state, outbox_key="k-1")
    assert again == sent
    assert one(ana, "SELECT count(*) FROM calls") == 1
    assert ana.day_counts(DAY).dials == 1 and meeting_dials(ana, DAY) == [1]
    assert one(ana, "SELECT count(*) FROM wins") == 1
    assert one(ana, "SELECT outbox_key FROM calls WHERE id = %s", sent.id) == "k-1"


def test_another_reps_outbox_key_is_refused(team_store: Reps) -> None:
    ana, ben = team_store("ana"), team_store("ben")
    first, second = add_people(ana, 2, AT - timedelta(days=1))
    log(ana, first, "no_answer", outbox_key="k-1")
    with pytest.raises(StoreError, match="another rep"):
        log(ben, second, "no_answer", outbox_key="k-1")
    assert ben.day_counts(DAY).dials == 0
    assert prospect_of(ben, second).state.attempts == 0


FAIL_WINS = """
CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
CREATE TRIGGER test_refuse BEFORE INSERT ON wins FOR EACH ROW EXECUTE FUNCTION test_refuse();
"""


def test_an_outcome_that_fails_half_way_keeps_nothing(team_store: Reps) -> None:
    ana = team_store("ana")
    (pid,) = add_people(ana, 1, AT - timedelta(days=1))
    before = prospect_of(ana, pid).state
    assert ana.claim(pid, 10)
    raw = pg(ana).conn.raw
    raw.execute(FAIL_WINS.encode())
    try:
        with pytest.raises(StoreError, match="refused for the test"):
            log(ana, pid, "meeting")  # fails at its win, after the call, state and count
    finally:
        raw.execute(b"DROP TRIGGER test_refuse ON wins; DROP FUNCTION test_refuse()")
    assert one(ana, "SELECT count(*) FROM calls") == 0 and ana.day_counts(DAY).dials == 0
    assert prospect_of(ana, pid).state == before and meeting_dials(ana, DAY) == []
    assert one(ana, "SELECT rep FROM claims WHERE prospect_id = %s", pid) == "ana"


def test_each_reps_meeting_counts_their_own_dials(team_store: Reps) -> None:
    ana, ben = team_store("ana"), team_store("ben")
    ids = add_people(ana, 4, AT - timedelta(days=1))
    log(ana, ids[0], "no_answer")
    log(ana, ids[1], "no_answer")
    log(ben, ids[2], "meeting")
    log(ana, ids[3], "meeting")
    assert meeting_dials(ben, DAY) == [1] and meeting_dials(ana, DAY) == [3]


def test_a_prospects_history_holds_every_reps_calls(team_store: Reps) -> None:
    ana, ben = team_store("ana"), team_store("ben")
    (pid,) = add_people(ana, 1, AT - timedelta(days=1))
    mine = log(ana, pid, "no_answer")
    his = log(ben, pid, "voicemail", AT + timedelta(hours=4))
    assert ana.history(pid) == [his, mine] == ben.history(pid)


def test_undo_leaves_a_later_call_by_another_rep_standing(team_store: Reps) -> None:
    ana, ben = team_store("ana"), team_store("ben")
    (pid,) = add_people(ana, 1, AT - timedelta(days=1))
    log(ana, pid, "no_answer")
    log(ben, pid, "meeting", AT + timedelta(hours=4))
    undone = ana.undo_last(DAY)
    assert undone is not None and undone.outcome == "no_answer"
    assert prospect_of(ana, pid).state.lifecycle is Lifecycle.DONE  # ben's meeting stands
    assert [c.outcome for c in ana.history(pid)] == ["meeting"]


def test_undo_gives_a_follow_up_back_to_whom_it_waited_for(team_store: Reps) -> None:
    """Ana's outcome on a follow-up, undone, leaves it waiting for whom it waited for before:
    anyone (both reps' queue), or ben alone (ana had dialed it by hand)."""
    ana, ben = team_store("ana"), team_store("ben")
    (pid,) = add_people(ben, 1, AT - timedelta(days=1))
    due = replace(prospect_of(ben, pid).state, slot=Slot.FOLLOW_UP, due_at=AT, attempts=1)
    end = AT + timedelta(hours=2)
    for anyone, queued_for_ana in ((True, [pid]), (False, [])):
        ben.schedule_follow_up(pid, due, "call back", anyone=anyone)
        assert ana.queue_ids(AT, end) == queued_for_ana and ben.queue_ids(AT, end) == [pid]
        log(ana, pid, "no_answer")
        assert known(ana.undo_last(DAY)).outcome == "no_answer"
        assert prospect_of(ana, pid).state == due
        assert ana.queue_ids(AT, end) == queued_for_ana and ben.queue_ids(AT, end) == [pid]


def test_each_reps_day_is_their_own(team_store: Reps) -> None:
    ana, ben = team_store("ana"), team_store("ben")
    ana.set_day_plan(DAY, DayPlan(MEETINGS, 3), AT)
    assert ben.day_plan(DAY) is None and ben.latest_plan(DAY + timedelta(days=1)) is None
    ana.set_meta("demo_day", "x")
    ben.set_meta("demo_day", "y")
    assert (ana.get_meta("demo_day"), ben.get_meta("demo_day")) == ("x", "y")
    mine = ana.start_block(DAY, AT, 30)
    his = ben.start_block(DAY, AT, 30)
    assert ben.close_stale_blocks() == 1  # his own only: ana's block keeps running
    assert [b.id for b in ana.blocks(DAY, DAY)] == [mine]
    assert ana.blocks(DAY, DAY)[0].ended_at is None
    ben.discard_block(mine)
    ben.end_block(mine, AT + timedelta(minutes=5), ben.day_counts(DAY))
    assert ana.blocks(DAY, DAY)[0].ended_at is None
    assert [b.id for b in ben.blocks(DAY, DAY)] == [his]

"""After a rejection: the ritual's parts of the call, recovery time, debrief, follow-up and
do-not-call, written through the store (one transaction each), on SQLite and on the team
database."""

from datetime import date, timedelta

import pytest

from clocks import FakeClock
from factories import known, people
from nextcall.cli import stats
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import Lifecycle, QueueRules, Slot
from nextcall.domain.ritual import Debrief, RitualEnd
from nextcall.services.ritual_log import Recovery
from nextcall.services.session import Session
from nextcall.store import Store
from store_rows import ritual_row


@pytest.fixture
def store(any_store: Store) -> Store:
    """Each test on one rep's file and on the team database (as ana)."""
    return any_store


@pytest.fixture
def recovery(store: Store, clock: FakeClock) -> Recovery:
    store.add_prospects(people(5), clock.now() - timedelta(days=1))
    return Recovery(Session(store, clock, QueueRules(), target_meetings=2))


def _reject(recovery: Recovery) -> int:
    logged = recovery.session.log(OutcomeName.REJECTED)
    recovery.logged(logged)
    return logged.call.id


def test_recovery_runs_from_the_rejection_to_the_next_dial(
    recovery: Recovery, store: Store, clock: FakeClock
) -> None:
    call = _reject(recovery)
    recovery.tag(call, "budget")
    recovery.end(call, RitualEnd.DONE)
    clock.advance(21.25)
    assert recovery.dialed() == 21.25
    assert ritual_row(store, call) == ("done", 21.25)
    assert recovery.dialed() is None  # the next dial has nothing waiting
    day = recovery.session.day
    data = stats.collect(stats.review(store, clock, day), store.count_kept())
    assert data["recovery_median_s"] == 21.25 and data["by_reason"]["budget"] == 1


def test_a_skipped_ritual_still_measures_to_the_next_dial(
    recovery: Recovery, store: Store, clock: FakeClock
) -> None:
    call = _reject(recovery)
    recovery.end(call, RitualEnd.SKIPPED)
    clock.advance(4)
    recovery.dialed()
    assert ritual_row(store, call) == ("skipped", 4.0)


def test_no_dial_no_recovery(recovery: Recovery, store: Store, clock: FakeClock) -> None:
    call = _reject(recovery)
    clock.advance(30)
    recovery.logged(recovery.session.log(OutcomeName.NO_ANSWER))  # logged without pressing d
    assert recovery.dialed() is None and ritual_row(store, call) == (None, None)


def test_a_sleep_leaves_the_recovery_unmeasured(
    recovery: Recovery, store: Store, clock: FakeClock
) -> None:
    call = _reject(recovery)
    recovery.slept()
    clock.advance(3600)
    assert recovery.dialed() is None and ritual_row(store, call) == (None, None)


def test_undo_forgets_the_waiting_rejection(recovery: Recovery, store: Store) -> None:
    call = _reject(recovery)
    undone = recovery.session.undo()
    assert undone is not None
    recovery.undone(undone)
    assert not recovery.waiting_for(call) and ritual_row(store, call) is None


def test_bad_values_are_refused(recovery: Recovery, store: Store) -> None:
    call = _reject(recovery)
    with pytest.raises(ValueError):
        store.set_reason(call, "mood")
    with pytest.raises(ValueError):
        store.set_ritual(call, "maybe")  # type: ignore[arg-type]  # a wrong value on purpose
    assert ritual_row(store, call) == (None, None)


def test_debrief_is_saved_with_the_call(recovery: Recovery, store: Store) -> None:
    call = _reject(recovery)
    assert recovery.debrief(call) == Debrief()
    d = Debrief(stated_reason="no budget", differently="ask about budget early")
    recovery.save_debrief(call, d)
    assert recovery.debrief(call) == d
    recovery.save_debrief(call, Debrief())
    assert store.debrief(call) is None


def test_last_rejection_of_the_day(recovery: Recovery) -> None:
    assert recovery.last_rejection() is None
    first = _reject(recovery)
    recovery.session.log(OutcomeName.NO_ANSWER)
    last = recovery.last_rejection()
    assert last is not None and last.id == first


def test_a_touchpoint_brings_the_rejected_prospect_back(
    recovery: Recovery, store: Store, clock: FakeClock
) -> None:
    logged = recovery.session.log(OutcomeName.REJECTED)
    assert known(store.prospect(logged.prospect.id)).state.lifecycle is Lifecycle.ARCHIVED
    recovery.touchpoint(logged.prospect.id, date(2026, 12, 1))
    state = known(store.prospect(logged.prospect.id)).state
    assert state.lifecycle is Lifecycle.ACTIVE and state.slot is Slot.FOLLOW_UP
    assert state.due_at.astimezone(clock.local_tz()).date() == date(2026, 12, 1)


def test_do_not_call_from_the_ritual(recovery: Recovery, store: Store) -> None:
    logged = recovery.session.log(OutcomeName.REJECTED)
    assert recovery.do_not_call(logged.prospect) is True
    assert store.is_dnc(logged.prospect.phone)
    assert known(store.prospect(logged.prospect.id)).state.lifecycle is Lifecycle.DNC
    assert recovery.do_not_call(logged.prospect) is False
    with pytest.raises(LookupError, match="do-not-call"):
        recovery.touchpoint(logged.prospect.id, date(2026, 12, 1))

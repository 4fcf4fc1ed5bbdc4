"""The working session: outcomes advance the queue and the counts; undo puts everything back
(on one rep's file and on the team database)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from clocks import FakeClock
from factories import known, people
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import Lifecycle, QueueRules, Slot
from nextcall.services.session import Session
from nextcall.store import Store


@pytest.fixture
def store(any_store: Store) -> Store:
    """Each test on one rep's file and on the team database (as ana)."""
    return any_store


@pytest.fixture
def session(store: Store, clock: FakeClock) -> Session:
    store.add_prospects(people(5), clock.now() - timedelta(days=1))
    return Session(store, clock, QueueRules(), target_meetings=2)


def test_starts_on_the_first_prospect(session: Session) -> None:
    assert session.cursor == 0 and len(session.ids) == 5
    assert session.current is not None and session.current.name == "Person 00"


def test_an_outcome_is_committed_and_the_queue_advances(session: Session, store: Store) -> None:
    logged = session.log(OutcomeName.NO_ANSWER)
    assert logged.prospect.name == "Person 00"
    assert session.current is not None and session.current.name == "Person 01"
    assert session.counts.dials == 1 and store.day_counts(session.day).dials == 1
    after = store.prospect(logged.prospect.id)
    assert after is not None and after.state.slot is Slot.RETRY


def test_undo_restores_queue_counts_and_prospect(session: Session, store: Store) -> None:
    first = session.current
    assert first is not None
    session.log(OutcomeName.MEETING)
    session.log(OutcomeName.REJECTED)
    assert session.undo() is not None
    assert session.undo() is not None
    assert session.current == first
    assert session.counts.dials == 0 and len(session.ids) == 5
    assert known(store.prospect(first.id)).state.lifecycle is Lifecycle.ACTIVE
    assert session.undo() is None


def test_the_panel_moves_with_every_outcome(session: Session) -> None:
    before = session.panel()
    session.log(OutcomeName.GATEKEEPER)
    session.log(OutcomeName.MEETING)
    after = session.panel()
    assert (before.today.dials, after.today.dials) == (0, 2)
    assert after.today.connects == 2 and after.pace.meetings == 1
    assert after.budget.collected == 1
    assert sum(after.per_hour) == 2


def test_skip_and_move(session: Session) -> None:
    session.skip()
    assert session.cursor == 1
    session.move(-5)
    assert session.cursor == 0
    session.move_to(99)
    assert session.cursor == 4


def test_held_prospects_are_stepped_over(store: Store) -> None:
    # 07:00 in New York: both 212 (New York) numbers are held until 08:00 there.
    clock = FakeClock(datetime(2026, 11, 18, 7, 0, tzinfo=ZoneInfo("America/New_York")))
    store.add_prospects(people(2, "212"), clock.now())
    s = Session(store, clock, QueueRules(), 2)
    s.skip_held()
    assert s.cursor == 0  # nobody may be called: the cursor stays put
    assert s.current is not None
    assert not s.calling_window(s.current).open
    clock.advance(3600 * 1.5)  # 08:30 in New York
    s.refresh_queue()
    assert s.calling_window(s.current).open


def test_retries_join_after_their_wait(session: Session, clock: FakeClock) -> None:
    logged = session.log(OutcomeName.NO_ANSWER)
    assert logged.prospect.id not in session.ids
    clock.advance(4 * 3600 + 1)
    session.refresh_queue()
    assert session.ids[-1] == logged.prospect.id


def test_a_new_day_starts_fresh_counts(session: Session, clock: FakeClock) -> None:
    session.log(OutcomeName.NO_ANSWER)
    clock.advance(12 * 3600)  # 02:30 the next morning
    assert session.roll_day_if_needed()
    assert session.counts.dials == 0
    assert session.averages.days == 1


def test_logging_on_an_empty_queue_is_refused(store: Store, clock: FakeClock) -> None:
    s = Session(store, clock, QueueRules(), 2)
    with pytest.raises(LookupError):
        s.log(OutcomeName.NO_ANSWER)


def test_a_follow_up_for_tomorrow_stays_away_today(session: Session) -> None:
    from nextcall.domain.prospects import follow_up_start

    tomorrow = follow_up_start(session.day + timedelta(days=1), session.clock.local_tz())
    logged = session.log(OutcomeName.LATER, follow_up=tomorrow)
    session.refresh_queue()
    assert logged.prospect.id not in session.ids


def test_the_cursor_keeps_its_prospect_when_many_join_ahead(
    session: Session, store: Store, clock: FakeClock
) -> None:
    session.move_to(3)
    shown = session.current_id
    store.add_prospects(people(80, "312"), clock.now() - timedelta(days=9))  # they sort first
    session.refresh_queue()
    assert session.current_id == shown and session.cursor == 83


def test_logging_for_a_prospect_who_left_logs_nothing(session: Session, store: Store) -> None:
    gone = session.current_id
    session.log(OutcomeName.BAD_NUMBER)
    with pytest.raises(LookupError, match="no longer in the queue"):
        session.log(OutcomeName.MEETING, prospect_id=gone)
    assert session.counts.dials == 1 and store.day_counts(session.day).meetings == 0
    second = session.ids[2]
    session.log(
        OutcomeName.VOICEMAIL, prospect_id=second
    )  # the cursor goes back to whom it was about
    assert store.history(second)[0].outcome == "voicemail"

"""Timed follow-ups in the store, the session's queue and the reminders: a follow-up at 15:00
today leads today's queue, the cursor waits for it, undo keeps its time, and each reminder is
given once (also after a restart)."""

import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from clocks import FakeClock
from factories import known, people
from nextcall.domain.clock import day_bounds
from nextcall.domain.follow_ups import follow_up_due
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import Lifecycle, ProspectState, QueueRules, Slot
from nextcall.services.reminders import REMINDED_KEY, Reminders
from nextcall.services.session import Session
from nextcall.store import Store
from nextcall.store.sqlite import SQLiteStore
from nextcall.store.sqlite.connection import APPLICATION_ID
from nextcall.store.sqlite.migrations import MIGRATIONS

TEN = timedelta(minutes=10)


def timed(at: datetime, attempts: int = 1) -> ProspectState:
    return ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, at, attempts, timed=True)


@pytest.fixture
def store(any_store: Store) -> Store:
    """Each test on one rep's file and on the team database (as ana)."""
    return any_store


@pytest.fixture
def session(store: Store, clock: FakeClock) -> Session:
    store.add_prospects(people(6), clock.now() - timedelta(days=1))
    return Session(store, clock, QueueRules(), target_meetings=2)


def test_the_timed_flag_is_stored_and_read_back(any_store: Store, clock: FakeClock) -> None:
    any_store.add_prospects(people(2), clock.now())
    a, b = any_store.queue_ids(clock.now(), clock.now() + timedelta(days=1))
    at = clock.now() + timedelta(hours=2)
    any_store.set_states({a: timed(at), b: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, at, 1)})
    assert known(any_store.prospect(a)).state == timed(at)
    assert known(any_store.prospect(b)).state.timed is False
    (first, second) = any_store.follow_ups(None, at + timedelta(seconds=1))
    assert (first.timed, second.timed) == (True, False)


def test_a_timed_follow_up_later_today_leads_todays_queue(store: Store, clock: FakeClock) -> None:
    """15:00 today is due today: it leads, behind follow-ups due from the day's start; 15:00
    tomorrow is not in today's queue."""
    store.add_prospects(people(4), clock.now() - timedelta(days=1))
    a, b, c, d = store.queue_ids(clock.now(), clock.now() + timedelta(days=1))
    start, end = day_bounds(clock.now().astimezone(clock.tz).date(), clock.tz)
    later_today = clock.now() + timedelta(hours=3)
    store.set_states(
        {
            b: timed(later_today),
            c: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, start, 1),
            d: timed(later_today + timedelta(days=1)),
        }
    )
    assert store.queue_ids(clock.now(), end) == [c, b, a]


def test_undo_restores_a_timed_follow_up(session: Session, store: Store, clock: FakeClock) -> None:
    due = clock.now() + timedelta(days=1)
    logged = session.log(OutcomeName.LATER, due, timed=True)
    assert known(store.prospect(logged.prospect.id)).state == timed(due)
    again = session.log(OutcomeName.NO_ANSWER, prospect_id=session.current_id)
    assert known(store.prospect(again.prospect.id)).state.timed is False
    session.undo()
    session.undo()
    assert known(store.prospect(logged.prospect.id)).state.timed is False  # back to new
    session.log(OutcomeName.LATER, due, timed=True)
    clock.advance(86400 + 60)
    session.roll_day_if_needed()
    pid = logged.prospect.id
    assert session.ids[0] == pid
    session.log(OutcomeName.VOICEMAIL, prospect_id=pid)  # called at the time: a retry now
    assert known(store.prospect(pid)).state.timed is False
    session.undo()
    assert known(store.prospect(pid)).state == timed(due, 1)  # the time comes back with it


def test_a_migrated_database_has_no_timed_follow_ups(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:5]:
        conn.executescript(script)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(
        "INSERT INTO prospects (name, phone, phone_display, slot, due_at, created_at)"
        " VALUES ('Old Friend', '+12125550100', '(212) 555-0100', 0, ?, ?)",
        ("2026-11-18T05:00:00.000Z", "2026-11-01T05:00:00.000Z"),
    )
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    store = SQLiteStore.open(path)
    try:
        (old,) = store.follow_ups(None, clock.now())
        assert old.prospect.name == "Old Friend" and not old.timed
        assert store.next_timed_follow_up(clock.now() - timedelta(days=30)) is None
    finally:
        store.close()


def test_reading_timed_follow_ups_through_their_index(any_store: Store, clock: FakeClock) -> None:
    any_store.add_prospects(people(3), clock.now())
    a, b, c = any_store.queue_ids(clock.now(), clock.now() + timedelta(days=1))
    now = clock.now()
    any_store.set_states(
        {
            a: timed(now + timedelta(minutes=5)),
            b: timed(now + timedelta(hours=2)),
            c: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, now + timedelta(minutes=1), 1),
        }
    )
    assert [f.prospect.id for f in any_store.timed_follow_ups(now, now + TEN)] == [a]
    assert (
        any_store.timed_follow_ups(now + timedelta(minutes=5), now + TEN) == []
    )  # after: exclusive
    assert any_store.next_timed_follow_up(now) == now + timedelta(minutes=5)
    assert any_store.next_timed_follow_up(now + timedelta(minutes=5)) == now + timedelta(hours=2)
    assert any_store.next_timed_follow_up(now + timedelta(hours=2)) is None
    # On SQLite both read through INDEXED BY prospects_timed: SQLite refuses the query outright
    # if the partial index could not answer it, so getting answers at all shows the index is
    # used (test_team_reports checks PostgreSQL's plan).


# -- the session: the cursor waits for a timed follow-up, a reminder pins it on top -----------


def test_the_cursor_passes_over_a_timed_follow_up_until_its_reminder(
    session: Session, store: Store, clock: FakeClock
) -> None:
    first = known(session.current_id)
    at = clock.now() + timedelta(hours=1)
    store.set_states({first: timed(at)})
    session.refresh_queue()
    session.move_to(0)
    session.skip_held()
    assert session.ids[0] == first and session.current_id != first
    prospect = known(store.prospect(first))
    assert session.waiting(prospect)
    assert session.follow_up_time(prospect) == at.astimezone(clock.tz)
    clock.advance(50 * 60)  # ten minutes before: the reminder's time
    assert not session.waiting(prospect)
    clock.advance(86400)
    session.roll_day_if_needed()
    assert session.follow_up_time(prospect) is None  # not today's any more


def test_a_reminder_pins_the_prospect_on_top(session: Session, clock: FakeClock) -> None:
    ids = list(session.ids)
    session.move_to(2)
    on = session.current_id
    session.bring_forward(ids[4], now_up=False)  # the rep is on a call with `on`
    assert session.ids[0] == ids[4] and session.current_id == on
    session.refresh_queue()  # the minute refresh keeps it on top
    assert session.ids[0] == ids[4] and session.current_id == on
    session.log(OutcomeName.NO_ANSWER, prospect_id=on)
    assert session.cursor == 0 and session.current_id == ids[4]  # next up after the call
    session.log(OutcomeName.VOICEMAIL)
    assert ids[4] not in session.pinned
    session.refresh_queue()
    assert session.ids[0] == ids[0]


def test_a_reminder_on_the_dial_screen_takes_the_cursor(session: Session) -> None:
    ids = list(session.ids)
    session.move_to(1)
    session.bring_forward(ids[3], now_up=True)
    assert session.cursor == 0 and session.current_id == ids[3]
    assert session.ids == [ids[3], ids[0], ids[1], ids[2], ids[4], ids[5]]


# -- reminders --------------------------------------------------------------------------------


def test_each_reminder_is_given_once_even_after_a_restart(
    any_store: Store, clock: FakeClock
) -> None:
    any_store.add_prospects(people(2), clock.now())
    a, b = any_store.queue_ids(clock.now(), clock.now() + timedelta(days=1))
    at = clock.now() + timedelta(minutes=30)
    any_store.set_states({a: timed(at), b: timed(at + timedelta(hours=1))})
    reminders = Reminders(any_store, clock, TEN)
    assert reminders.due() == []
    assert reminders.next_at() == at - TEN
    clock.advance(20 * 60)
    (given,) = reminders.due()
    assert given.prospect.id == a and given.due_at == at
    assert reminders.due() == []  # the minute refresh: not again
    assert reminders.next_at() == at + timedelta(hours=1) - TEN
    clock.advance(5 * 60)
    assert Reminders(any_store, clock, TEN).due() == []  # the app restarted within the window
    any_store.set_states({a: timed(at + timedelta(minutes=2))})  # moved: a new reminder
    assert [f.prospect.id for f in Reminders(any_store, clock, TEN).due()] == [a]


def test_no_reminder_for_a_follow_up_already_due_or_with_reminders_off(
    any_store: Store, clock: FakeClock
) -> None:
    any_store.add_prospects(people(1), clock.now())
    (a,) = any_store.queue_ids(clock.now(), clock.now() + timedelta(days=1))
    any_store.set_states({a: timed(clock.now() - timedelta(minutes=1))})
    reminders = Reminders(any_store, clock, TEN)
    assert reminders.due() == [] and reminders.next_at() is None
    any_store.set_states({a: timed(clock.now() + timedelta(minutes=5))})
    off = Reminders(any_store, clock, timedelta(0))
    assert off.due() == [] and off.next_at() is None


def test_a_broken_memory_of_reminders_is_forgotten(store: Store, clock: FakeClock) -> None:
    store.set_meta(REMINDED_KEY, "not json")
    assert Reminders(store, clock, TEN).given == {}
    store.set_meta(REMINDED_KEY, '{"x": 1, "7": "2026-11-18T20:00:00.000+00:00"}')
    assert Reminders(store, clock, TEN).given == {7: "2026-11-18T20:00:00.000+00:00"}


def test_a_timed_follow_up_from_a_zone_away_falls_on_the_reps_day(clock: FakeClock) -> None:
    """Tomorrow 09:00 in Sydney is today 17:00 in New York: it is in today's queue."""
    from zoneinfo import ZoneInfo

    due = follow_up_due(date(2026, 11, 19), time(9, 0), ZoneInfo("Australia/Sydney"), clock.tz)
    assert due.astimezone(clock.tz) == datetime(2026, 11, 18, 17, 0, tzinfo=clock.tz)
    assert due < day_bounds(date(2026, 11, 18), clock.tz)[1]
    assert due.tzinfo is UTC

"""The store: private files, WAL, migrations, foreign files left alone; outcomes and undo (on SQLite
and on the team database)."""

import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from clocks import FakeClock
from factories import known, people
from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.prospects import Lifecycle, ProspectState, QueueRules, Slot, next_state
from nextcall.store import HistoryCall, Store
from nextcall.store.errors import DatabaseError
from nextcall.store.sqlite import SQLiteStore
from nextcall.store.sqlite.migrations import MIGRATIONS
from store_rows import add_people, prospect_of, wins_of

AT = datetime(2026, 11, 18, 19, 30, tzinfo=UTC)
DAY = date(2026, 11, 18)


def test_files_are_private_and_wal(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"
    store = SQLiteStore.open(folder / "nextcall.db")
    store.add_prospects(people(1), AT)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "nextcall.db").stat().st_mode) == 0o600
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    store.close()


def test_reopening_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "nextcall.db"
    SQLiteStore.open(path).add_prospects(people(3), AT)
    assert SQLiteStore.open(path).count_prospects() == 3


def test_a_foreign_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "nextcall.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="another program") as info:
        SQLiteStore.open(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before


def test_a_junk_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "nextcall.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a nextcall database|damaged"):
        SQLiteStore.open(path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nextcall.db"
    SQLiteStore.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(DatabaseError, match="newer nextcall"):
        SQLiteStore.open(path)


def test_duplicate_numbers_are_not_doubled(any_store: Store) -> None:
    assert any_store.add_prospects(people(3), AT) == 3
    assert any_store.add_prospects(people(4), AT) == 1
    assert any_store.count_prospects() == 4


def test_queue_order(any_store: Store) -> None:
    any_store.add_prospects(people(6), AT - timedelta(days=1))
    ids = any_store.queue_ids(AT, AT + timedelta(hours=5))
    a, b, c, d, e, f = ids
    any_store.set_states(
        {
            a: ProspectState(Lifecycle.ACTIVE, Slot.RETRY, AT - timedelta(hours=1), 1),  # due retry
            b: ProspectState(Lifecycle.ACTIVE, Slot.RETRY, AT + timedelta(hours=1), 1),  # waiting
            c: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, AT + timedelta(hours=2), 1),  # today
            d: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, AT + timedelta(days=3), 1),  # later
            e: ProspectState(Lifecycle.ARCHIVED, Slot.NEW, AT, 1),
        }
    )
    assert any_store.queue_ids(AT, AT + timedelta(hours=5)) == [c, f, a]


def test_log_and_undo_restore_everything(any_store: Store) -> None:
    store = any_store
    pid, _ = add_people(store, 2, AT)
    prospect = prospect_of(store, pid)
    state = next_state(prospect.state, BY_NAME["meeting"], AT, QueueRules())
    call = store.log_outcome(prospect, OutcomeName.MEETING, AT, DAY, state)
    assert store.day_counts(DAY).meetings == 1
    assert [kind for kind, _ in wins_of(store, DAY)] == ["meeting"]
    assert prospect_of(store, pid).state.lifecycle is Lifecycle.DONE
    assert [c.outcome for c in store.history(pid)] == ["meeting"]

    undone = store.undo_last(DAY)
    assert undone is not None and undone.id == call.id
    assert store.day_counts(DAY).dials == 0
    assert wins_of(store, DAY) == []
    assert prospect_of(store, pid).state == prospect.state
    assert store.history(pid) == []
    assert store.undo_last(DAY) is None


def test_undo_goes_back_in_order(any_store: Store) -> None:
    store = any_store
    ids = add_people(store, 3, AT)
    for i, name in zip(ids, ("no_answer", "rejected", "later"), strict=True):
        p = prospect_of(store, i)
        store.log_outcome(
            p, OutcomeName(name), AT, DAY, next_state(p.state, BY_NAME[name], AT, QueueRules())
        )
    assert [known(store.undo_last(DAY)).outcome for _ in range(3)] == [
        "later",
        "rejected",
        "no_answer",
    ]


def test_aggregates(any_store: Store) -> None:
    store = any_store
    store.add_prospects(people(2), AT)
    pid = store.queue_ids(AT, AT)[0]
    calls = [
        HistoryCall(pid, AT - timedelta(days=d), DAY - timedelta(days=d), name, reason)
        for d, name, reason in [
            (1, "rejected", "budget"),
            (1, "meeting", None),
            (2, "no_answer", None),
            (40, "conversation", None),
            (0, "rejected", "timing"),
        ]
    ]
    store.add_history(calls)
    assert [d.dials for d in store.recent_days(DAY)] == [2, 1, 1]
    assert len(store.recent_days(DAY, limit=2)) == 2
    assert store.by_reason(DAY - timedelta(days=6), DAY) == {"budget": 1, "timing": 1}
    assert store.day_counts(DAY).rejections == 1
    assert store.recovery_median_s(DAY, DAY) is None
    assert len(store.call_times(DAY)) == 1


def test_notes_and_manual_wins(any_store: Store) -> None:
    store = any_store
    (pid,) = add_people(store, 1, AT)
    store.add_note(pid, "prefers email", DAY)
    store.add_note(pid, "ask for Sam", DAY)
    assert prospect_of(store, pid).notes == "18 Nov: prefers email\n18 Nov: ask for Sam"
    store.add_win("got the direct line", AT, DAY, pid)
    assert wins_of(store, DAY) == [("small win", "got the direct line")]


def test_search_by_name_or_company(any_store: Store) -> None:
    any_store.add_prospects(people(12), AT)
    assert [p.name for p in any_store.search("person 1", 5)] == [
        "Person 10",
        "Person 11",
    ]
    assert len(any_store.search("company", 5)) == 5
    assert any_store.search("100%_", 5) == []  # wildcards are taken literally


def test_an_empty_file_becomes_a_private_database(tmp_path: Path) -> None:
    path = tmp_path / "nextcall.db"
    path.touch(mode=0o644)
    SQLiteStore.open(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_mark_dnc_takes_a_prospect_out_of_the_queue_for_good(
    any_store: Store, clock: FakeClock
) -> None:
    from factories import people

    any_store.add_prospects(people(3), clock.now())
    from nextcall.domain.clock import day_bounds, today

    _, end = day_bounds(today(clock), clock.local_tz())
    ids = any_store.queue_ids(clock.now(), end)
    phone = known(any_store.prospect(ids[0])).phone
    assert any_store.mark_dnc([phone, phone, "+15005550000"], clock.now(), "ritual") == 2
    assert any_store.mark_dnc([phone], clock.now(), "again") == 0
    assert any_store.is_dnc(phone)
    assert ids[0] not in any_store.queue_ids(clock.now(), end)
    assert known(any_store.prospect(ids[0])).state.lifecycle.value == "dnc"

"""The note written during a call: one dated entry after the prospect's notes, rewritten in
place as the rep types, each save one small update that is on disk when it returns."""

from __future__ import annotations

from datetime import date

import pytest

from clocks import FakeClock
from factories import known
from nextcall.config import Config
from nextcall.services.call_note import MAX_CHARS, CallNote, note_entry
from nextcall.services.session import Session
from nextcall.store import NewProspect, Store

DAY = date(2026, 11, 18)


@pytest.fixture
def store(any_store: Store) -> Store:
    """Each test on one rep's file and on the team database (as ana)."""
    return any_store


def one(store: Store, clock: FakeClock, notes: str) -> int:
    store.add_prospects(
        [NewProspect("Em Stone", "+12125550123", "+1 212-555-0123", notes=notes)], clock.now()
    )
    return store.queue_ids(clock.now(), clock.now())[0]


def session(store: Store, clock: FakeClock) -> Session:
    return Session(store, clock, Config().calling.rules(), 2)


def test_set_call_note_rewrites_the_same_entry(store: Store, clock: FakeClock) -> None:
    pid = one(store, clock, "Gatekeeper: ask for Em")
    start = len("Gatekeeper: ask for Em")
    store.set_call_note(pid, start, "\n18 Nov: budget in")
    store.set_call_note(pid, start, "\n18 Nov: budget in March")
    assert store.prospect(pid).notes == "Gatekeeper: ask for Em\n18 Nov: budget in March"  # type: ignore[union-attr]
    store.set_call_note(pid, start, "")
    assert store.prospect(pid).notes == "Gatekeeper: ask for Em"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        store.set_call_note(pid, -1, "x")


def test_characters_not_bytes(store: Store, clock: FakeClock) -> None:
    pid = one(store, clock, "Zoë prefers 日本語")
    start = len("Zoë prefers 日本語")
    store.set_call_note(pid, start, "\nnext")
    store.set_call_note(pid, start, "\nnext: café")
    assert store.prospect(pid).notes == "Zoë prefers 日本語\nnext: café"  # type: ignore[union-attr]


def test_a_call_note_as_typed(store: Store, clock: FakeClock) -> None:
    pid = one(store, clock, "Gatekeeper: ask for Em, not Emily")
    s = session(store, clock)
    before = s.current
    assert before is not None and before.id == pid
    note = CallNote(s, before)
    assert note.save("Budget") and note.save("Budget in March\nCall Tue")
    assert not note.save("Budget in March\nCall Tue  ")  # nothing new to write
    expected = "Gatekeeper: ask for Em, not Emily\n18 Nov: Budget in March\nCall Tue"
    assert store.prospect(pid).notes == expected  # type: ignore[union-attr]
    assert note.notes("Budget in March\nCall Tue") == expected
    assert s.current is not None and s.current.notes == expected  # the session read it again
    note.save("   ")
    assert store.prospect(pid).notes == "Gatekeeper: ask for Em, not Emily"  # type: ignore[union-attr]


def test_a_prospect_without_notes_gets_no_leading_line_break(
    store: Store, clock: FakeClock
) -> None:
    pid = one(store, clock, "")
    s = session(store, clock)
    assert s.current is not None
    CallNote(s, s.current).save("Em is the one")
    assert store.prospect(pid).notes == "18 Nov: Em is the one"  # type: ignore[union-attr]


def test_each_save_is_on_disk_when_it_returns(store: Store, clock: FakeClock) -> None:
    """A kill -9 after a save loses nothing: another connection already reads it."""
    pid = one(store, clock, "old")
    s = session(store, clock)
    assert s.current is not None
    CallNote(s, s.current).save("typed so far")
    other = known(store.reader())
    try:
        assert known(other.prospect(pid)).notes == "old\n18 Nov: typed so far"
    finally:
        other.close()


def test_the_entry_is_cleaned_and_bounded() -> None:
    assert note_entry("  a\x1b[2J\x07b \n", DAY) == "18 Nov: a[2Jb"
    assert note_entry("\n \t", DAY) == ""
    assert len(note_entry("x" * (MAX_CHARS + 50), DAY)) == len("18 Nov: ") + MAX_CHARS

"""The prospect view's storage and rules: one prospect's story, edits kept with their old value,
a bad or duplicate number refused, do-not-call kept through a number's change, requeue."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from clocks import FakeClock
from factories import known, people
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospect_edits import (
    QUEUE_FIELD,
    VIEW_SOURCE,
    EditField,
    EditRefused,
    check_text,
    requeue_state,
)
from nextcall.domain.prospects import Lifecycle, ProspectState, QueueRules, Slot
from nextcall.domain.ritual import Debrief, RitualEnd
from nextcall.io.phones import parse
from nextcall.services.hand_dial import add_by_hand
from nextcall.services.prospect_story import ProspectDesk
from nextcall.services.session import Session
from nextcall.store import Store
from nextcall.store.errors import StoreError
from nextcall.store.sqlite import SQLiteStore

AT = datetime(2026, 11, 18, 19, 30, tzinfo=UTC)
DAY = date(2026, 11, 18)


def archived(store: Store, pid: int) -> None:
    state = known(store.prospect(pid)).state
    store.set_states({pid: ProspectState(Lifecycle.ARCHIVED, state.slot, state.due_at, 6)})


# -- the store -------------------------------------------------------------------------------------


def test_the_story_holds_every_call_column_newest_first(any_store: Store) -> None:
    any_store.add_prospects(people(2), AT)
    ann = known(any_store.prospect(1))
    first = any_store.log_outcome(
        ann, OutcomeName.NO_ANSWER, AT, DAY, ann.state, note="rang out", duration_s=None
    )
    later = AT + timedelta(hours=1)
    call = any_store.log_outcome(ann, OutcomeName.REJECTED, later, DAY, ann.state, duration_s=83.5)
    any_store.set_reason(call.id, "budget")
    any_store.set_ritual(call.id, RitualEnd.FEEL_IT)
    any_store.set_recovery(call.id, 312.0)
    any_store.set_debrief(
        call.id, Debrief(stated_reason="no budget", real_reason="no pain").to_json()
    )
    other = known(any_store.prospect(2))
    any_store.log_outcome(other, OutcomeName.MEETING, later, DAY, other.state)

    story = known(any_store.prospect_story(1))
    assert story.prospect.id == 1 and story.email == "" and story.added_at == AT
    assert [c.id for c in story.calls] == [call.id, first.id]
    newest = story.calls[0]
    assert (newest.outcome, newest.reason, newest.duration_s) == ("rejected", "budget", 83.5)
    assert (newest.ritual, newest.recovery_s) == ("feel_it", 312.0)
    assert newest.debrief == Debrief(stated_reason="no budget", real_reason="no pain")
    assert story.calls[1].note == "rang out" and story.calls[1].debrief is None
    assert story.edits == () and story.dnc is None
    assert any_store.prospect_story(99) is None


def test_the_story_holds_the_crm_id_and_who_was_added_by_hand(any_store: Store) -> None:
    first, second = people(2)
    any_store.add_prospects([replace(first, crm_id="0031x00000AbCdEAAA"), second], AT)
    by_hand = add_by_hand(any_store, parse("+1 646 555 0123", "US"), "Cy Hand", AT)
    story = known(any_store.prospect_story(1))
    assert story.crm_id == "0031x00000AbCdEAAA" and not story.prospect.added_by_hand
    assert known(any_store.prospect_story(2)).crm_id == ""
    assert known(any_store.prospect_story(by_hand.id)).prospect.added_by_hand


def test_the_story_reads_by_index(store: SQLiteStore) -> None:
    """One query per table, each an index lookup on the prospect (no scan of the history)."""
    plans = [
        " ".join(str(r[-1]) for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}", (1,)))
        for sql in (
            "SELECT id FROM calls WHERE prospect_id = ? ORDER BY at DESC, id DESC",
            "SELECT at FROM prospect_edits WHERE prospect_id = ? ORDER BY id DESC",
        )
    ]
    assert "calls_prospect" in plans[0] and "prospect_edits_prospect" in plans[1]


def test_an_edit_is_kept_with_its_old_value(any_store: Store) -> None:
    any_store.add_prospects(people(1), AT)
    edit = any_store.edit_prospect(1, EditField.NAME, "Ann Lee", AT)
    assert edit is not None and (edit.field, edit.old, edit.new) == ("name", "Person 00", "Ann Lee")
    assert any_store.edit_prospect(1, EditField.NAME, "Ann Lee", AT) is None  # unchanged: no row
    any_store.edit_prospect(1, EditField.EMAIL, "ann@example.com", AT + timedelta(minutes=1))
    story = known(any_store.prospect_story(1))
    assert story.prospect.name == "Ann Lee" and story.email == "ann@example.com"
    assert [(e.field, e.old, e.new) for e in story.edits] == [
        ("email", "", "ann@example.com"),
        ("name", "Person 00", "Ann Lee"),
    ]
    assert story.edits[0].at == AT + timedelta(minutes=1)
    with pytest.raises(LookupError):
        any_store.edit_prospect(42, EditField.NAME, "Nobody", AT)
    with pytest.raises(ValueError):
        any_store.edit_prospect(1, "notes; DROP TABLE calls", "x", AT)  # type: ignore[arg-type]


def test_a_new_number_is_written_with_its_display(any_store: Store) -> None:
    any_store.add_prospects(people(1), AT)
    any_store.edit_prospect(1, EditField.PHONE, "+13125550100", AT, display="+1 312-555-0100")
    p = known(any_store.prospect(1))
    assert (p.phone, p.phone_display) == ("+13125550100", "+1 312-555-0100")
    assert known(any_store.prospect_by_phone("+13125550100")).id == 1
    assert any_store.prospect_by_phone("+12125551000") is None


def test_a_duplicate_number_is_refused_by_the_store_too(any_store: Store) -> None:
    any_store.add_prospects(people(2), AT)
    with pytest.raises(StoreError):
        any_store.edit_prospect(1, EditField.PHONE, known(any_store.prospect(2)).phone, AT)
    assert known(any_store.prospect(1)).phone == people(1)[0].phone
    assert known(any_store.prospect_story(1)).edits == ()  # nothing half-written


def test_a_listed_number_makes_its_new_owner_do_not_call(any_store: Store) -> None:
    any_store.add_prospects(people(1), AT)
    any_store.mark_dnc(["+13125550100"], AT, "dnc.csv")
    any_store.edit_prospect(1, EditField.PHONE, "+13125550100", AT)
    assert known(any_store.prospect(1)).state.lifecycle is Lifecycle.DNC
    assert known(any_store.prospect_story(1)).dnc == (AT, "dnc.csv")


def test_a_do_not_call_prospect_keeps_its_place_on_the_list(any_store: Store) -> None:
    any_store.add_prospects(people(1), AT)
    old = known(any_store.prospect(1)).phone
    any_store.mark_dnc([old], AT, "ritual")
    any_store.edit_prospect(1, EditField.PHONE, "+13125550100", AT + timedelta(days=1))
    assert known(any_store.prospect(1)).state.lifecycle is Lifecycle.DNC
    assert any_store.is_dnc(old) and any_store.dnc_entry("+13125550100") == (AT, "ritual")
    assert any_store.queue_ids(AT + timedelta(days=2), AT + timedelta(days=3)) == []


def test_requeue_writes_the_state_and_the_edit(any_store: Store) -> None:
    any_store.add_prospects(people(1), AT)
    archived(any_store, 1)
    now = AT + timedelta(days=3)
    state = ProspectState(Lifecycle.ACTIVE, Slot.RETRY, now, 6)
    edit = any_store.requeue(1, state, now)
    assert (edit.field, edit.old, edit.new) == (QUEUE_FIELD, "archived", "active")
    assert known(any_store.prospect(1)).state == state
    assert any_store.queue_ids(now, now + timedelta(hours=1)) == [1]
    assert known(any_store.prospect_story(1)).edits == (edit,)


def test_requeue_is_refused_for_a_listed_number(any_store: Store) -> None:
    any_store.add_prospects(people(1), AT)
    any_store.mark_dnc([known(any_store.prospect(1)).phone], AT, "ritual")
    with pytest.raises(EditRefused, match="do-not-call"):
        any_store.requeue(1, ProspectState(Lifecycle.ACTIVE, Slot.RETRY, AT, 1), AT)
    assert known(any_store.prospect(1)).state.lifecycle is Lifecycle.DNC
    assert known(any_store.prospect_story(1)).edits == ()
    with pytest.raises(LookupError):
        any_store.requeue(9, ProspectState(Lifecycle.ACTIVE, Slot.RETRY, AT, 1), AT)


# -- the rules -------------------------------------------------------------------------------------


def test_text_fields_are_checked() -> None:
    assert check_text(EditField.TITLE, "  Head\x1b[31m of\u200b  Sales ") == "Head[31m of Sales"
    assert check_text(EditField.EMAIL, "") == ""
    with pytest.raises(EditRefused, match="needs a name"):
        check_text(EditField.NAME, " \t")
    with pytest.raises(EditRefused, match="not an email address"):
        check_text(EditField.EMAIL, "ann at example")
    with pytest.raises(EditRefused, match="at most"):
        check_text(EditField.COMPANY, "x" * 201)


def test_requeue_state_is_a_retry_due_now(any_store: Store) -> None:
    store = any_store
    store.add_prospects(people(1), AT)
    archived(store, 1)
    p = known(store.prospect(1))
    assert requeue_state(p, AT) == ProspectState(Lifecycle.ACTIVE, Slot.RETRY, AT, 6)
    with pytest.raises(EditRefused, match="still being worked"):
        requeue_state(replace(p, state=replace(p.state, lifecycle=Lifecycle.ACTIVE)), AT)
    with pytest.raises(EditRefused, match="do-not-call"):
        requeue_state(replace(p, state=replace(p.state, lifecycle=Lifecycle.DNC)), AT)
    booked = replace(p, state=replace(p.state, lifecycle=Lifecycle.DONE))
    assert requeue_state(booked, AT).lifecycle is Lifecycle.ACTIVE


# -- the service -----------------------------------------------------------------------------------


@pytest.fixture
def desk(any_store: Store, clock: FakeClock) -> ProspectDesk:
    any_store.add_prospects(people(3), clock.now() - timedelta(days=1))
    return ProspectDesk(Session(any_store, clock, QueueRules(), 2), "US")


def test_a_bad_number_is_refused_with_the_parsers_reason(desk: ProspectDesk) -> None:
    with pytest.raises(EditRefused, match="not a possible phone number: '12'"):
        desk.edit(1, EditField.PHONE, "12")
    with pytest.raises(EditRefused, match="no area code"):
        desk.edit(1, EditField.PHONE, "555-0100")
    assert known(desk.story(1)).edits == ()


def test_a_duplicate_number_is_refused_naming_the_other(desk: ProspectDesk) -> None:
    with pytest.raises(EditRefused, match="already the number of Person 01 at Company 01"):
        desk.edit(1, EditField.PHONE, "(212) 555-1001")
    assert known(desk.story(1)).edits == ()


def test_a_new_number_brings_its_zone(desk: ProspectDesk) -> None:
    edited = desk.edit(1, EditField.PHONE, "312 555 0100")
    assert [(e.field, e.new) for e in edited.edits] == [
        ("phone", "+13125550100"),
        ("timezone", "America/Chicago"),
    ]
    assert "time zone now America/Chicago, from the number" in edited.notes
    assert desk.edit(1, EditField.PHONE, "+1 312 555 0100").edits == ()  # the same number


def test_a_zone_set_by_hand_stays_when_the_number_changes(desk: ProspectDesk) -> None:
    desk.edit(1, EditField.TIMEZONE, "Europe/Paris")
    edited = desk.edit(1, EditField.PHONE, "312 555 0100")
    assert [e.field for e in edited.edits] == ["phone"]
    assert known(desk.story(1)).prospect.timezone == "Europe/Paris"


def test_zones_are_read_by_name(desk: ProspectDesk) -> None:
    assert desk.edit(1, EditField.TIMEZONE, "pacific").edits[0].new == "America/Los_Angeles"
    assert desk.edit(1, EditField.TIMEZONE, "europe/london").edits[0].new == "Europe/London"
    with pytest.raises(EditRefused, match="not a time zone"):
        desk.edit(1, EditField.TIMEZONE, "Mars/Olympus")


def test_a_listed_number_says_so(desk: ProspectDesk, clock: FakeClock) -> None:
    desk.session.store.mark_dnc(["+13125550100"], clock.now(), "dnc.csv")
    edited = desk.edit(1, EditField.PHONE, "312-555-0100")
    assert "that number is on the do-not-call list: never queued again" in edited.notes
    assert "on the do-not-call list since" in desk.standing(known(desk.story(1)))


def test_requeue_and_its_refusals(desk: ProspectDesk, clock: FakeClock) -> None:
    store = desk.session.store
    with pytest.raises(EditRefused, match="still being worked"):
        desk.requeue(1)
    archived(store, 1)
    desk.session.refresh_queue()
    assert not desk.queued(known(desk.story(1)))
    desk.requeue(1)
    assert (
        desk.queued(known(desk.story(1)))
        and desk.standing(known(desk.story(1))) == "in today's queue (retry)"
    )
    assert desk.do_not_call(2) and not desk.do_not_call(2)
    assert known(store.dnc_entry(known(store.prospect(2)).phone))[1] == VIEW_SOURCE
    with pytest.raises(EditRefused, match="do-not-call list: never queued again"):
        desk.requeue(2)


def test_a_follow_up_for_a_prospect_never_called_keeps_its_note(desk: ProspectDesk) -> None:
    desk.follow_up(1, date(2026, 11, 25), "send the deck first")
    p = known(desk.session.store.prospect(1))
    assert p.state.slot is Slot.FOLLOW_UP and "follow-up: send the deck first" in p.notes
    desk.do_not_call(1)
    with pytest.raises(LookupError, match="do-not-call"):
        desk.follow_up(1, date(2026, 11, 25), "")

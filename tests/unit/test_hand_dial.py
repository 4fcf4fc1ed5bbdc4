"""A number dialed by hand: judged as an import judges it, matched to its prospect or stored as
one added by hand; the session keeps it at the cursor until its outcome is logged. And the
store's reads behind the empty queue's card."""

from datetime import datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest

from clocks import FakeClock
from factories import known, people
from nextcall.domain.clock import day_bounds
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.outlook import ComingBack
from nextcall.domain.prospects import Lifecycle, ProspectState, QueueRules, Slot
from nextcall.io.phones import parse
from nextcall.services.coming_back import coming_back
from nextcall.services.hand_dial import Judged, Known, Refused, Unknown, add_by_hand, judge
from nextcall.services.session import Session
from nextcall.store import Store

NY = ZoneInfo("America/New_York")


@pytest.fixture
def store(any_store: Store) -> Store:
    """Each test on one rep's file and on the team database (as ana)."""
    return any_store


def judged(text: str, store: Store, clock: FakeClock, region: str = "US") -> Judged:
    return judge(text, region, store, clock.now(), NY)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("555 0143", "'555 0143' has no area code"),
        ("call me", "'call me' is not a phone number"),
        ("12", "'12' is not a possible phone number"),
        ("+44 123", "'+44 123' is not a possible phone number"),
        ("   ", "type a number first"),
    ],
)
def test_numbers_that_cannot_be_dialed_are_refused_with_the_reason(
    text: str, reason: str, any_store: Store, clock: FakeClock
) -> None:
    assert judged(text, any_store, clock) == Refused(reason)


def test_a_number_is_read_in_the_default_region(any_store: Store, clock: FakeClock) -> None:
    found = judged("020 7946 0958", any_store, clock, region="GB")
    assert isinstance(found, Unknown) and found.number.e164 == "+442079460958"
    assert isinstance(judged("(212) 555-0143", any_store, clock), Unknown)


def test_a_number_in_no_range_in_use_is_dialable_with_a_warning(
    any_store: Store, clock: FakeClock
) -> None:
    found = judged("+1 212 555 0143", any_store, clock)
    assert isinstance(found, Unknown) and found.warning == ""
    odd = judged("+1 999 555 0143", any_store, clock)  # no area 999: possible, in no range
    assert isinstance(odd, Unknown) and not odd.number.valid
    assert odd.warning == "not in any range of numbers in use there; check it"


def test_a_do_not_call_number_is_refused_with_when_and_why(
    any_store: Store, clock: FakeClock
) -> None:
    any_store.mark_dnc(["+12125550143"], clock.now() - timedelta(days=6), "dnc.csv")
    assert judged("212 555 0143", any_store, clock) == Refused(
        "+1 212-555-0143 is on the do-not-call list since Thu 12 Nov 2026 from dnc.csv: not dialed"
    )


def test_a_stored_do_not_call_prospect_is_refused_by_name(
    any_store: Store, clock: FakeClock
) -> None:
    any_store.add_prospects(people(1), clock.now())
    any_store.mark_dnc([people(1)[0].phone], clock.now(), "ritual")
    refused = judged(people(1)[0].phone_display, any_store, clock)
    assert isinstance(refused, Refused)
    assert refused.reason.startswith("+1 212-555-1000 (Person 00) is on the do-not-call list")
    assert refused.reason.endswith("from ritual: not dialed")


def test_a_stored_number_is_its_prospect_whatever_their_standing(
    any_store: Store, clock: FakeClock
) -> None:
    any_store.add_prospects(people(2), clock.now())
    pid = known(any_store.search("Person 01", 1)[0]).id
    archived = ProspectState(Lifecycle.ARCHIVED, Slot.RETRY, clock.now(), 6)
    any_store.set_states({pid: archived})
    found = judged("212.555.1001", any_store, clock)
    assert isinstance(found, Known) and found.prospect.id == pid
    assert found.prospect.state.lifecycle is Lifecycle.ARCHIVED


def test_added_by_hand_is_stored_and_read_back(any_store: Store, clock: FakeClock) -> None:
    any_store.add_prospects(people(1), clock.now())
    number = parse("+1 212 555 0199 ext. 12", "US")
    added = add_by_hand(any_store, number, "  ", clock.now())
    assert added.name == "+1 212-555-0199" and added.added_by_hand
    assert added.timezone == "America/New_York" and "Extension 12" in added.notes
    assert added.state.lifecycle is Lifecycle.ACTIVE and added.state.slot is Slot.NEW
    assert known(any_store.prospect_by_phone("+12125550199")) == added
    assert not known(any_store.prospect_by_phone(people(1)[0].phone)).added_by_hand
    assert any_store.prospect_by_phone("+12125550100") is None
    flags = (  # either backend's connection runs a statement without parameters
        cast(Any, any_store)
        .conn.execute("SELECT name, added_by_hand FROM prospects ORDER BY id")
        .fetchall()
    )
    assert [tuple(f) for f in flags] == [("Person 00", 0), ("+1 212-555-0199", 1)]
    named = add_by_hand(any_store, parse("+1 212 555 0198", "US"), "Ana Ruiz", clock.now())
    assert named.name == "Ana Ruiz"


# -- the session: a prospect brought to the cursor ----------------------------------------------


def test_an_archived_prospect_dialed_by_hand_stays_queued_until_logged(
    store: Store, clock: FakeClock
) -> None:
    store.add_prospects(people(3), clock.now() - timedelta(days=1))
    s = Session(store, clock, QueueRules(), 2)
    archived = s.ids[2]
    store.set_states({archived: ProspectState(Lifecycle.ARCHIVED, Slot.RETRY, clock.now(), 2)})
    s.refresh_queue()
    assert archived not in s.ids
    s.move_to(1)
    s.put_at_cursor(archived)
    assert s.current_id == archived and s.cursor == 1
    clock.advance(90)
    s.refresh_queue()  # the minute timer, mid-call: they stay where they are
    assert s.current_id == archived
    logged = s.log(OutcomeName.NO_ANSWER, prospect_id=archived)
    assert logged.prospect.id == archived and s.by_hand is None
    assert store.history(archived)[0].outcome is OutcomeName.NO_ANSWER
    assert store.day_counts(s.day).dials == 1 and s.counts.dials == 1
    s.refresh_queue()
    assert archived not in s.ids  # a retry now, waiting out its four hours


def test_a_queued_prospect_dialed_by_hand_is_jumped_to(store: Store, clock: FakeClock) -> None:
    store.add_prospects(people(4), clock.now() - timedelta(days=1))
    s = Session(store, clock, QueueRules(), 2)
    target = s.ids[3]
    s.put_at_cursor(target)
    assert s.cursor == 3 and s.ids.count(target) == 1


# -- held by calling hours ------------------------------------------------------------------------


def test_a_queue_all_held_by_calling_hours_says_when_it_opens(store: Store) -> None:
    # 06:30 in New York: New York (212) numbers open at 08:00, Chicago (312) ones an hour later.
    clock = FakeClock(datetime(2026, 11, 18, 6, 30, tzinfo=NY), NY)
    store.add_prospects(people(2, "312") + people(3, "212"), clock.now())
    s = Session(store, clock, QueueRules(), 2)
    s.skip_held()
    held = known(s.held)
    assert held.count == 5 and held.complete
    assert held.first_opens_at == datetime(2026, 11, 18, 8, 0, tzinfo=NY)
    s.move(1)  # the rep looks at someone: their card, not the summary
    assert s.held is None
    s.skip_held()
    assert s.held is not None
    clock.advance(3600 * 1.75)  # 08:15: the New York numbers may be called
    s.refresh_queue()
    assert s.held is None
    assert s.calling_window(known(s.current)).open and known(s.current).phone.startswith("+1212")


def test_a_callable_prospect_behind_the_cursor_means_not_all_held(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 7, 30, tzinfo=NY), NY)
    store.add_prospects(people(1, "312"), clock.now() - timedelta(hours=1))  # Chicago: 06:30
    store.add_prospects(people(1, "808"), clock.now())  # Honolulu: 02:30
    clock.advance(3600 * 2)  # 09:30 New York: Chicago is open, Honolulu is not
    s = Session(store, clock, QueueRules(), 2)
    s.move_to(1)
    s.skip_held()
    assert s.held is None


# -- the store's reads for the empty queue --------------------------------------------------------


def test_coming_back_reads_the_next_retries_and_follow_ups(store: Store, clock: FakeClock) -> None:
    store.add_prospects(people(9), clock.now() - timedelta(days=1))
    ids = [known(store.prospect_by_phone(p.phone)).id for p in people(9)]
    local = clock.now().astimezone(NY)  # 14:30 on Wed 18 Nov

    def at(hours: float) -> datetime:
        return local + timedelta(hours=hours)

    def retry(when: datetime) -> ProspectState:
        return ProspectState(Lifecycle.ACTIVE, Slot.RETRY, when, 1)

    tomorrow, _ = day_bounds(local.date() + timedelta(days=1), NY)
    monday, _ = day_bounds(local.date() + timedelta(days=5), NY)
    states = {
        ids[0]: retry(at(-1)),  # back already: queued, not waiting
        ids[1]: retry(local.replace(hour=15, minute=40, second=10)),
        ids[2]: retry(local.replace(hour=15, minute=40, second=50)),
        ids[3]: retry(at(3)),
        ids[4]: retry(local.replace(hour=23, minute=59)),
        ids[5]: retry(at(20)),  # tomorrow
        ids[6]: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, tomorrow, 1),
        ids[7]: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, tomorrow + timedelta(hours=9), 1),
        ids[8]: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, monday, 1),
    }
    store.set_states(states)
    back = coming_back(store, clock)
    assert back == ComingBack(local.replace(hour=15, minute=40, second=10), 2, 2, tomorrow, 2)
    assert store.count_retries(at(-2), at(30)) == 6
    assert store.next_retry_at(at(21)) is None
    store.set_states({ids[6]: states[ids[8]], ids[7]: states[ids[8]]})
    later = coming_back(store, clock)
    assert later.next_follow_up_at == monday and later.follow_ups_that_day == 3


def test_an_archived_retry_is_not_coming_back(store: Store, clock: FakeClock) -> None:
    store.add_prospects(people(1), clock.now())
    pid = known(store.prospect_by_phone(people(1)[0].phone)).id
    later = clock.now() + timedelta(hours=1)
    store.set_states({pid: ProspectState(Lifecycle.ARCHIVED, Slot.RETRY, later, 6)})
    assert store.next_retry_at(clock.now()) is None
    assert coming_back(store, clock) == ComingBack()

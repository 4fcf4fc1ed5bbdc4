"""The store's prospect reads and writes, the same on one rep's SQLite file and on the team's
PostgreSQL: counting, windows of the queue, the retries coming back, search, an empty import, a
do-not-call dry run, and numbers kept exactly as they were written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from factories import known, people
from nextcall.domain.prospects import Lifecycle, ProspectState, Slot
from nextcall.store import ImportCounts, NewProspect, Store

AT = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
END = AT + timedelta(hours=9)


def states(store: Store, *wanted: ProspectState) -> list[int]:
    """Prospects in these states (one each, added before `AT`); their ids in that order."""
    store.add_prospects(people(len(wanted)), AT - timedelta(days=1))
    ids = [known(store.prospect_by_phone(p.phone)).id for p in people(len(wanted))]
    store.set_states(dict(zip(ids, wanted, strict=True)))
    return ids


def test_counts_by_standing(any_store: Store) -> None:
    assert not any_store.has_prospects()
    assert any_store.count_kept() == any_store.count_prospects() == 0
    states(
        any_store,
        ProspectState(Lifecycle.ACTIVE, Slot.NEW, AT, 0),
        ProspectState(Lifecycle.ACTIVE, Slot.RETRY, AT, 1),
        ProspectState(Lifecycle.DONE, Slot.NEW, AT, 1),
        ProspectState(Lifecycle.ARCHIVED, Slot.RETRY, AT, 6),
        ProspectState(Lifecycle.DNC, Slot.NEW, AT, 0),
    )
    assert any_store.has_prospects()
    assert any_store.count_prospects() == 2
    assert any_store.count_kept() == 3


def test_a_window_of_prospects_reads_back_as_written(any_store: Store) -> None:
    timed = ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, AT + timedelta(hours=2), 3, True)
    a, b = states(any_store, ProspectState(Lifecycle.ACTIVE, Slot.NEW, AT, 0), timed)
    window = any_store.prospects([b, a, 999])
    assert sorted(window) == [a, b]
    assert window[b].state == timed and window[b].name == "Person 01"
    assert window[a].phone == "+12125551000" and window[a].phone_display == "+1 212-555-1000"
    assert any_store.prospects([]) == {}
    assert any_store.prospect(999) is None and known(any_store.prospect(a)) == window[a]


def test_retries_coming_back(any_store: Store) -> None:
    def retry(minutes: float) -> ProspectState:
        return ProspectState(Lifecycle.ACTIVE, Slot.RETRY, AT + timedelta(minutes=minutes), 1)

    due, soon, later, _ = states(
        any_store,
        retry(0),
        retry(30),
        retry(90),
        ProspectState(Lifecycle.ARCHIVED, Slot.RETRY, AT + timedelta(minutes=10), 6),
    )
    assert any_store.queue_ids(AT, END) == [due]  # a wait ending now is over
    assert any_store.next_retry_at(AT + timedelta(milliseconds=1)) == AT + timedelta(minutes=30)
    assert any_store.next_retry_at(AT + timedelta(minutes=91)) is None
    assert any_store.count_retries(AT, AT + timedelta(minutes=90)) == 2  # the end is exclusive
    assert any_store.count_retries(AT + timedelta(minutes=1), END) == 2
    assert {soon, later}.isdisjoint(any_store.queue_ids(AT, END))


def test_search_is_literal_whatever_the_case_active_first(any_store: Store) -> None:
    rows = [
        NewProspect("Zoë 50% Off", "+12125550001", "1", company="Ünited_Co"),
        NewProspect("ada okafor", "+12125550002", "2", company="Northwind"),
        NewProspect("Ada Okafor", "+12125550003", "3", company="50 percent"),
        NewProspect("Bram", "+12125550004", "4", company="ADA Systems"),
    ]
    any_store.add_prospects(rows, AT)
    bram = known(any_store.prospect_by_phone("+12125550004"))
    any_store.mark_dnc([bram.phone], AT, "ritual")
    assert [p.name for p in any_store.search("ADA", 10)] == ["Ada Okafor", "ada okafor", "Bram"]
    assert [p.name for p in any_store.search("ada", 1)] == ["Ada Okafor"]
    assert [p.name for p in any_store.search("50%", 10)] == ["Zoë 50% Off"]
    assert [p.name for p in any_store.search("d_co", 10)] == ["Zoë 50% Off"]
    assert any_store.search("a_a", 10) == [] and any_store.search("\\", 10) == []


def test_nothing_to_add_adds_nothing(any_store: Store) -> None:
    assert any_store.add_prospects([], AT) == 0
    assert any_store.import_prospects([], AT) == ImportCounts(0, 0, 0)
    assert any_store.import_prospects([], AT, commit=False) == ImportCounts(0, 0, 0)
    any_store.set_states({})
    assert not any_store.has_prospects()


def test_an_import_keeps_the_files_order_in_the_queue(any_store: Store) -> None:
    rows = people(5)[::-1]
    any_store.import_prospects(rows, AT)
    queued = any_store.prospects(any_store.queue_ids(AT, END))
    order = any_store.queue_ids(AT, END)
    assert [queued[i].phone for i in order] == [r.phone for r in rows]


def test_a_do_not_call_dry_run_counts_and_keeps_nothing(any_store: Store) -> None:
    any_store.add_prospects(people(3), AT)
    any_store.mark_dnc([people(3)[0].phone], AT, "ritual")
    numbers = [p.phone for p in people(3)] + ["+15005550000"]
    dry = any_store.import_dnc(numbers, AT, "dnc.csv", commit=False)
    assert (dry.added, dry.already, dry.prospects) == (3, 1, 2)
    assert not any_store.is_dnc("+15005550000") and len(any_store.queue_ids(AT, END)) == 2
    assert any_store.import_dnc(numbers, AT, "dnc.csv") == dry
    assert any_store.queue_ids(AT, END) == []
    assert any_store.dnc_entry(people(3)[0].phone) == (AT, "ritual")  # the first listing stays
    assert any_store.dnc_entry("+15005550001") is None


def test_a_number_added_by_hand_that_is_listed_is_never_queued(any_store: Store) -> None:
    any_store.mark_dnc(["+12125550199"], AT, "dnc.csv")
    added = any_store.add_by_hand(NewProspect("Ana", "+12125550199", "+1 212-555-0199"), AT)
    assert added.state.lifecycle is Lifecycle.DNC and added.added_by_hand
    assert any_store.queue_ids(AT, END) == []


def test_a_merge_fills_empty_fields_and_keeps_the_rest(any_store: Store) -> None:
    first = NewProspect("Ada Okafor", "+12125550143", "1", company="Northwind", crm_id="c-1")
    any_store.import_prospects([first], AT)
    pid = known(any_store.prospect_by_phone(first.phone)).id
    any_store.set_states({pid: ProspectState(Lifecycle.ACTIVE, Slot.RETRY, AT, 2)})
    again = NewProspect(
        "A. Okafor", first.phone, "1", company="Other", title="COO", crm_id="c-2", notes="hi"
    )
    counts = any_store.import_prospects([again], AT, lines={first.phone: 7})
    assert (counts.imported, counts.merged, [c.field for c in counts.clashes]) == (0, 1, ["crm_id"])
    ada = known(any_store.prospect(pid))
    assert (ada.name, ada.company, ada.title) == ("Ada Okafor", "Northwind", "COO")
    assert ada.notes == "hi\nAlso CRM record id: c-2, line 7"
    assert ada.state == ProspectState(Lifecycle.ACTIVE, Slot.RETRY, AT, 2)  # its place stays

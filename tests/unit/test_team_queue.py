"""One list, many reps: each rep's queue leaves out what another rep holds by a running claim and
the follow-ups other reps set for themselves; the do-not-call list is the team's, and listing a
number takes its prospect out of every queue, claim and all."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from factories import known, people
from nextcall.domain.prospects import Lifecycle, ProspectState, Slot
from nextcall.store import Store
from pg_cluster import Cluster

AT = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
END = AT + timedelta(hours=9)
END = AT + timedelta(hours=9)

Reps = Callable[[str], Store]


def raw(store: Store) -> Any:
    """The store's own connection, for what no Store method does (age a claim, read claims)."""
    return cast(Any, store).conn


def listed(reps: Reps, count: int) -> tuple[Store, Store, list[int]]:
    """Ana and Ben on one list of `count` new prospects; the ids in queue order."""
    ana, ben = reps("ana"), reps("ben")
    ana.add_prospects(people(count), AT - timedelta(days=1))
    return ana, ben, ana.queue_ids(AT, END)


def follow_up(store: Store, pid: int, owner: str | None) -> None:
    """Make `pid` a follow-up due today, set by `owner` (None: anyone may take it)."""
    store.set_states({pid: ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, AT, 1)})
    raw(store).execute("UPDATE prospects SET owner = %s WHERE id = %s", (owner, pid))


def test_another_reps_claim_hides_a_prospect_until_it_runs_out(team_store: Reps) -> None:
    ana, ben, ids = listed(team_store, 3)
    assert ben.queue_ids(AT, END) == ids
    assert ana.claim(ids[1], 10)
    assert ben.queue_ids(AT, END) == [ids[0], ids[2]]
    raw(ana).execute("UPDATE claims SET until = now() - interval '1 second'")  # the lease ran out
    assert ben.queue_ids(AT, END) == ids


def test_my_own_claim_keeps_the_prospect_in_my_queue(team_store: Reps) -> None:
    ana, ben, ids = listed(team_store, 3)
    assert ana.claim(ids[0], 10) and ana.claim(ids[2], 10)
    assert ana.queue_ids(AT, END) == ids
    assert ben.queue_ids(AT, END) == [ids[1]]
    ana.release(ids[0])
    assert ben.queue_ids(AT, END) == ids[:2]


def test_a_follow_up_waits_for_the_rep_who_set_it(team_store: Reps) -> None:
    ana, ben, ids = listed(team_store, 3)
    follow_up(ben, ids[2], "ben")
    assert ben.queue_ids(AT, END) == [ids[2], ids[0], ids[1]]  # follow-ups lead
    assert ana.queue_ids(AT, END) == ids[:2]
    assert team_store("cleo").queue_ids(AT, END) == ids[:2]


def test_a_follow_up_for_anyone_is_in_every_queue(team_store: Reps) -> None:
    ana, ben, ids = listed(team_store, 3)
    follow_up(ana, ids[1], None)
    expected = [ids[1], ids[0], ids[2]]
    assert ana.queue_ids(AT, END) == expected
    assert ben.queue_ids(AT, END) == expected


def test_an_owner_holds_only_follow_ups(team_store: Reps) -> None:
    """A prospect that was someone's follow-up and is a retry or new again is anyone's."""
    ana, ben, ids = listed(team_store, 2)
    raw(ben).execute("UPDATE prospects SET owner = 'ben' WHERE id = %s", (ids[0],))
    assert ana.queue_ids(AT, END) == ids


def test_do_not_call_by_one_rep_leaves_every_queue_and_claim(team_store: Reps) -> None:
    ana, ben, ids = listed(team_store, 3)
    cleo = team_store("cleo")
    assert ben.claim(ids[0], 10)
    phone = known(ana.prospect(ids[0])).phone
    assert ana.mark_dnc([phone], AT, "ritual") == 1
    for rep in (ana, ben, cleo):
        assert rep.queue_ids(AT, END) == ids[1:]
        assert rep.is_dnc(phone) and rep.dnc_entry(phone) == (AT, "ritual")
    claims = raw(ben).execute("SELECT prospect_id FROM claims").fetchall()
    assert claims == []
    assert ben.mark_dnc([phone], AT, "again") == 0


def test_a_do_not_call_import_drops_the_claims_too(team_store: Reps) -> None:
    ana, ben, ids = listed(team_store, 3)
    assert ben.claim(ids[1], 10) and ana.claim(ids[2], 10)
    phones = [known(ana.prospect(i)).phone for i in ids[1:]]
    counts = ana.import_dnc([*phones, "+15005550000"], AT, "dnc.csv")
    assert (counts.added, counts.already, counts.prospects) == (3, 0, 2)
    assert raw(ana).execute("SELECT prospect_id FROM claims").fetchall() == []
    assert ben.queue_ids(AT, END) == ids[:1]


def test_a_dry_run_of_a_do_not_call_import_keeps_everything(team_store: Reps) -> None:
    ana, ben, ids = listed(team_store, 2)
    assert ben.claim(ids[0], 10)
    phone = known(ana.prospect(ids[0])).phone
    counts = ana.import_dnc([phone], AT, "dnc.csv", commit=False)
    assert (counts.added, counts.already, counts.prospects) == (1, 0, 1)
    assert not ben.is_dnc(phone)
    assert raw(ana).execute("SELECT prospect_id FROM claims").fetchall() == [(ids[0],)]


def test_a_number_listed_while_its_prospect_is_added_is_never_dialable(
    team_store: Reps, pg_cluster: Cluster
) -> None:
    """Listing waits for a prospect being added (and the other way round): under READ COMMITTED
    neither would see the other's uncommitted row, and the number would stay in the queue."""
    import psycopg

    from nextcall.store.postgres.dnc_rows import DNC_LIST_LOCK

    ana, ben = team_store("ana"), team_store("ben")
    (first, second) = people(2)
    with psycopg.connect(pg_cluster.url) as other:  # a prospect being added, not yet committed
        other.execute("SELECT pg_advisory_xact_lock_shared(%s)", (DNC_LIST_LOCK,))
        other.execute(
            "INSERT INTO prospects (name, phone, phone_display, due_at, created_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            (first.name, first.phone, first.phone_display, "2026-11-17T15:00:00.000Z", "x"),
        )
        marking = threading.Thread(target=ana.mark_dnc, args=([first.phone], AT, "ritual"))
        marking.start()
        marking.join(0.5)
        assert marking.is_alive()  # waits for the prospect's transaction
    marking.join(10)
    assert known(ben.prospect_by_phone(first.phone)).state.lifecycle is Lifecycle.DNC

    with psycopg.connect(pg_cluster.url) as other:  # a number being listed, not yet committed
        other.execute("SELECT pg_advisory_xact_lock(%s)", (DNC_LIST_LOCK,))
        other.execute("INSERT INTO dnc (phone, added_at) VALUES (%s, 'x')", (second.phone,))
        adding = threading.Thread(target=ben.add_prospects, args=([second], AT))
        adding.start()
        adding.join(0.5)
        assert adding.is_alive()  # waits for the list's transaction
    adding.join(10)
    assert known(ana.prospect_by_phone(second.phone)).state.lifecycle is Lifecycle.DNC
    assert ana.queue_ids(AT, END) == []


def test_two_reps_importing_the_same_list_add_each_number_once(team_store: Reps) -> None:
    ana, ben = team_store("ana"), team_store("ben")
    rows = people(300)
    results: dict[str, Any] = {}

    def run(name: str, store: Store) -> None:
        results[name] = store.import_prospects(rows, AT)

    threads = [threading.Thread(target=run, args=(n, s)) for n, s in (("a", ana), ("b", ben))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sum(r.imported for r in results.values()) == 300
    assert all(r.imported + r.merged == 300 for r in results.values())
    assert ana.count_prospects() == 300


def test_a_follow_up_logged_with_the_outcome_key_waits_for_its_rep(
    team_store: Callable[[str], Store],
) -> None:
    """The follow-up outcome makes the prospect the rep's own; a retry belongs to no one."""
    from nextcall.domain.outcomes import OutcomeName

    ana, ben = team_store("ana"), team_store("ben")
    ana.add_prospects(people(2), AT)
    first, second = (ana.prospect(i) for i in ana.queue_ids(AT, END)[:2])
    assert first is not None and second is not None
    later = ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, AT, 1)
    ana.log_outcome(first, OutcomeName.LATER, AT, AT.date(), later)
    retry = ProspectState(Lifecycle.ACTIVE, Slot.RETRY, AT, 1)
    ben.log_outcome(second, OutcomeName.NO_ANSWER, AT, AT.date(), retry)
    assert first.id in ana.queue_ids(AT, END)
    assert first.id not in ben.queue_ids(AT, END)
    assert second.id in ana.queue_ids(AT, END) and second.id in ben.queue_ids(AT, END)

"""No double dials (review of the team store): a claim is refused, on the server's clock, for a
prospect another rep just called (their outcome gave the claim up, but a queue read before it
still shows them), whatever the time on that rep's laptop; for a prospect put on the
do-not-call list or done since the queue was read, even while the listing is being written; and
for a follow-up that waits for another rep."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from factories import known, people
from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.prospects import Lifecycle, ProspectState, QueueRules, Slot, next_state
from nextcall.store import Store
from nextcall.store.codec import iso
from nextcall.store.postgres import PostgresStore
from pg_cluster import Cluster

AT = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
END = AT + timedelta(hours=9)
Reps = Callable[[str], Store]


def pg(store: Store) -> PostgresStore:
    assert isinstance(store, PostgresStore)
    return store


def log(store: Store, pid: int, name: str, at: datetime = AT) -> None:
    """`store`'s rep logs `name` for the prospect, the call stamped `at` by their laptop."""
    p = known(store.prospect(pid))
    state = next_state(p.state, BY_NAME[name], at, QueueRules())
    store.log_outcome(p, OutcomeName(name), at, at.date(), state)


def one(store: Store, sql: str, *params: Any) -> Any:
    row = pg(store).conn.execute(sql, params).fetchone()
    return None if row is None else row[0]


@pytest.fixture
def team(team_store: Reps) -> tuple[Store, Store, list[int]]:
    """ana and ben on a list of three new prospects, ana's queue read (all three in it)."""
    ana, ben = team_store("ana"), team_store("ben")
    ana.add_prospects(people(3), AT - timedelta(days=1))
    ids = ana.queue_ids(AT, END)
    assert len(ids) == 3
    return ana, ben, ids


@pytest.mark.parametrize("laptop", [timedelta(0), timedelta(hours=-5), timedelta(days=2)])
def test_a_claim_after_another_reps_outcome_waits_one_lease(
    team: tuple[Store, Store, list[int]], laptop: timedelta
) -> None:
    """Ben's laptop clock may be hours off (a wrong time zone): the lease after his call still
    runs on the server's clock."""
    ana, ben, ids = team
    assert ben.claim(ids[0], 10)
    log(ben, ids[0], "no_answer", AT + laptop)
    assert not ana.claim(ids[0], 10)  # her queue, read before his outcome, still shows them
    assert pg(ana).claim_next(iso(AT), 10) == ids[1]
    pg(ben).conn.execute("UPDATE calls SET logged_at = now() - interval '11 minutes'")
    assert ana.claim(ids[0], 10)


def test_the_reps_own_outcome_does_not_hold_them_back(
    team: tuple[Store, Store, list[int]],
) -> None:
    ana, _, ids = team
    log(ana, ids[0], "no_answer")
    assert ana.claim(ids[0], 10)


def test_calls_written_in_bulk_hold_no_one_back(team_store: Reps) -> None:
    """Past calls an import brings in were not dialed now."""
    from nextcall.store import HistoryCall

    ana, ben = team_store("ana"), team_store("ben")
    ana.add_prospects(people(1), AT - timedelta(days=1))
    (pid,) = ana.queue_ids(AT, END)
    ana.add_history([HistoryCall(pid, AT - timedelta(days=3), AT.date(), "no_answer")])
    assert ben.claim(pid, 10)
    ben.release(pid)
    later = datetime.now(UTC) + timedelta(days=3)  # a date mistyped in the file
    ana.add_history([HistoryCall(pid, later, later.date(), "no_answer")])
    assert ben.claim(pid, 10)


@pytest.mark.parametrize("how", ["dnc", "done"])
def test_a_prospect_gone_from_the_queue_since_it_was_read_is_not_claimed(
    team: tuple[Store, Store, list[int]], how: str
) -> None:
    ana, ben, ids = team
    assert ana.claim(ids[1], 10)
    phones = [known(ben.prospect(i)).phone for i in ids[:2]]
    if how == "dnc":
        ben.mark_dnc(phones, AT, "ritual")
    else:
        done = ProspectState(Lifecycle.DONE, Slot.NEW, AT, 1)
        ben.set_states({ids[0]: done, ids[1]: done})
    assert not ana.claim(ids[0], 10)
    assert not ana.claim(ids[1], 10)  # nor is her own claim on one renewed
    assert one(ana, "SELECT count(*) FROM claims WHERE rep = 'ana'") == (0 if how == "dnc" else 1)


def test_a_claim_waits_for_a_listing_being_written(
    team: tuple[Store, Store, list[int]], pg_cluster: Cluster
) -> None:
    """Listing the number (its prospect's row changed, its claims dropped) and a claim at the
    same moment: the claim waits for the listing and is refused, never left standing on a
    do-not-call prospect."""
    import psycopg

    ana, _, ids = team
    result: list[bool] = []
    with psycopg.connect(pg_cluster.url) as other:  # a listing, not yet committed
        other.execute("SELECT set_config('nextcall.rep', 'ben', false)")
        other.execute("UPDATE prospects SET lifecycle = 'dnc' WHERE id = %s", (ids[0],))
        claiming = threading.Thread(target=lambda: result.append(ana.claim(ids[0], 10)))
        claiming.start()
        claiming.join(0.5)
        assert claiming.is_alive()  # waits for the listing's transaction
        other.execute("DELETE FROM claims WHERE prospect_id = %s", (ids[0],))
    claiming.join(10)
    assert result == [False]
    assert one(ana, "SELECT count(*) FROM claims") == 0


def test_a_follow_up_waiting_for_another_rep_is_not_claimed(
    team: tuple[Store, Store, list[int]],
) -> None:
    ana, ben, ids = team
    later = ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, AT, 1)
    ben.schedule_follow_up(ids[0], later, "")
    ben.schedule_follow_up(ids[1], later, "", anyone=True)
    assert not ana.claim(ids[0], 10)
    assert ana.claim(ids[1], 10)
    assert ben.claim(ids[0], 10)


def test_the_queue_stamp_moves_once_the_change_can_be_read(
    team: tuple[Store, Store, list[int]], pg_cluster: Cluster
) -> None:
    """Ben's app reads the stamp, and the queue when the stamp moved: a stamp that moved
    before Ana's claim was committed would leave her prospect in his queue until some other
    change moved it again."""
    import psycopg

    ana, ben, ids = team
    ben.queue_stamp()
    with psycopg.connect(pg_cluster.url) as other:  # ana's claim, not yet committed
        other.execute("SELECT set_config('nextcall.rep', 'ana', false)")
        other.execute(
            "INSERT INTO claims (prospect_id, rep, until)"
            " VALUES (%s, 'ana', now() + interval '10 minutes')",
            (ids[0],),
        )
        seen = ben.queue_stamp()
        assert ids[0] in ben.queue_ids(AT, END)  # not there for him yet
    assert ben.queue_stamp() != seen  # committed: the stamp says read again
    assert ids[0] not in ben.queue_ids(AT, END)
    moved = ben.queue_stamp()
    assert ana.claim(ids[1], 10)
    assert ben.queue_stamp() != moved


SEED = """
INSERT INTO prospects (name, phone, phone_display, due_at, created_at)
SELECT 'P' || g, '+1555' || lpad(g::text, 7, '0'), 'x', '2026-11-17T15:00:00.000Z', 'x'
FROM generate_series(1, 2000) g;
INSERT INTO calls (prospect_id, rep, at, day, outcome, prior, logged_at)
SELECT 1 + g % 2000, 'rep' || g % 20, 'x', 'x', 'no_answer', '{}',
       now() - (1 + g % 90) * interval '1 day'
FROM generate_series(1, 20000) g;
ANALYZE prospects;
ANALYZE calls;
"""


def test_a_claim_reads_no_history(team_store: Reps, pg_cluster: Cluster) -> None:
    """On a list with a few months of calls (the planner's own statistics, no scan priced
    out), a claim, claim_next and the app's watch (taken_by_others) read the prospect's few
    calls or the last minutes' only."""
    import psycopg

    from nextcall.store.postgres import claim_rows

    with psycopg.connect(pg_cluster.admin_url, autocommit=True) as admin:
        admin.execute(SEED.encode())
    ana = pg(team_store("ana"))
    reads = {
        claim_rows.CLAIM_NEXT_SQL: (iso(AT), "ana", "ana", 10, "ana", 10),
        claim_rows.TAKEN_SQL: ("ana", "ana", 10),
        CLAIMS_CHECK: (7, "ana", 10),  # nextcall_claim's own check, as the function runs it
    }
    for sql, args in reads.items():
        with ana.conn.transaction(keep=False):
            plan = " ".join(r[0] for r in ana.conn.execute("EXPLAIN " + sql, args))
        assert "Seq Scan on calls" not in plan, plan
    assert ana.claim(7, 10)


CLAIMS_CHECK = """
SELECT EXISTS (
    SELECT 1 FROM calls WHERE prospect_id = %s AND rep <> %s
      AND logged_at > now() - make_interval(mins => %s)
)
"""

"""Claims in the rep's session (services/claims.py): on a team database the prospect at the
cursor is claimed, another rep's claim takes a prospect out of the queue, a skip, moving away
and an outcome give the claim up, a lapsed lease returns the prospect. On one rep's own file
nothing of it reads or writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest

from clocks import FakeClock
from factories import known, people
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import QueueRules, Slot
from nextcall.services.claims import ClaimKeeper, renew_every_s
from nextcall.services.session import Session
from nextcall.store import Store
from nextcall.store.errors import StoreError
from nextcall.store.postgres import PostgresStore
from nextcall.store.sqlite import SQLiteStore
from outbox_support import Server, opened, seed
from pg_cluster import Cluster

Open = Callable[[str], Store]


def session_of(store: Store, clock: FakeClock, minutes: int = 10) -> Session:
    return Session(store, clock, QueueRules(), 2, claim_minutes=minutes)


@pytest.fixture
def two(team_store: Open, clock: FakeClock) -> tuple[Session, Session]:
    """ana's and ben's sessions on one team list of five prospects."""
    ana = team_store("ana")
    ana.add_prospects(people(5), clock.now() - timedelta(days=1))
    return session_of(ana, clock), session_of(team_store("ben"), clock)


def claims(store: Store) -> dict[int, str]:
    """prospect id -> the rep whose claim on it runs (read as the server sees it)."""
    assert isinstance(store, PostgresStore)
    rows = store.conn.execute("SELECT prospect_id, rep FROM claims WHERE until > now()")
    return {int(pid): str(rep) for pid, rep in rows.fetchall()}


def owner(store: Store, prospect_id: int) -> str | None:
    """The rep a follow-up waits for (None: anyone on the team may take it)."""
    assert isinstance(store, PostgresStore)
    row = store.conn.execute("SELECT owner FROM prospects WHERE id = %s", (prospect_id,))
    return cast(str | None, row.fetchone()[0])


def test_anas_current_prospect_is_not_bens(two: tuple[Session, Session]) -> None:
    ana, ben = two
    assert ana.current_id == ben.current_id  # both read the queue before anyone claimed
    first, second, third, fourth, _ = ana.ids
    assert ana.claim_current() == []  # the one at the cursor, and the next one on deck
    assert ana.claims.held.keys() == {first, second}
    assert ben.claim_current() == [first]  # refused: out of ben's queue with ana's other
    assert ben.current_id == third and first not in ben.ids and second not in ben.ids
    assert claims(ana.store) == {first: "ana", second: "ana", third: "ben", fourth: "ben"}
    ben.refresh_queue()
    assert first not in ben.ids  # the queue read leaves ana's claims out too


def test_a_refused_claim_takes_out_everything_others_took_meanwhile(
    two: tuple[Session, Session],
) -> None:
    ana, ben = two
    first, second, third = ana.ids[:3]
    assert ben.store.claim(first, 10) and ben.store.claim(third, 10)
    assert ana.claim_current() == [first]  # one refusal: the one ana was looking at
    assert first not in ana.ids and third not in ana.ids
    assert ana.current_id == second and ana.claims.held.keys() == {second, ana.ids[1]}


def test_a_dial_claims_first_and_is_refused_on_anothers_claim(
    two: tuple[Session, Session],
) -> None:
    ana, ben = two
    first = known(ana.current_id)
    assert ana.claim_to_dial()
    assert not ben.claim_to_dial()
    assert first not in ben.ids and ben.current_id is not None
    assert ben.claim_to_dial()  # the next one is free


def test_a_skip_gives_the_claim_up(two: tuple[Session, Session]) -> None:
    ana, ben = two
    first, second, third = ana.ids[:3]
    ana.claim_current()
    ana.skip()
    assert claims(ana.store) == {second: "ana"}  # the one on deck is at the cursor now
    assert ben.claims.take(first)
    ana.claim_current()
    assert claims(ana.store) == {first: "ben", second: "ana", third: "ana"}


def test_moving_away_gives_the_claim_up_when_the_next_is_claimed(
    two: tuple[Session, Session],
) -> None:
    ana, _ = two
    ana.claim_current()
    ana.move(2)
    ana.claim_current()
    assert claims(ana.store) == {ana.ids[2]: "ana", ana.ids[3]: "ana"}


def test_an_outcome_gives_the_claim_up(two: tuple[Session, Session]) -> None:
    ana, ben = two
    first = known(ana.current_id)
    ana.claim_current()
    ana.claim_to_dial()
    ana.log(OutcomeName.NO_ANSWER)
    assert first not in ana.claims.held and first not in claims(ana.store)
    ana.claim_current()
    assert claims(ana.store) == {ana.ids[0]: "ana", ana.ids[1]: "ana"}


def test_an_expired_lease_returns_the_prospect(two: tuple[Session, Session]) -> None:
    ana, ben = two
    first = known(ana.current_id)
    ana.claim_to_dial()
    ben.refresh_queue()
    assert first not in ben.ids
    assert isinstance(ana.store, PostgresStore)
    ana.store.conn.execute(
        "UPDATE claims SET until = now() - interval '1 minute' WHERE prospect_id = %s", (first,)
    )  # ana's laptop slept through the lease
    ben.refresh_queue()
    assert ben.ids[0] == first  # back in ben's queue (the cursor stays on whom ben looks at)
    ben.move_to(0)
    assert ben.claim_current() == []
    assert claims(ben.store) == {first: "ben", ben.ids[1]: "ben"}
    assert ana.renew_claim() == [first]  # ana's renewal finds it gone: out of ana's queue
    assert first not in ana.ids and ana.claims.held == {}


def test_renewing_keeps_the_claim_running(two: tuple[Session, Session]) -> None:
    ana, ben = two
    first = known(ana.current_id)
    ana.claim_current()
    assert isinstance(ana.store, PostgresStore)
    ana.store.conn.execute("UPDATE claims SET until = now() + interval '1 second'")
    assert ana.renew_claim() == []
    row = ana.store.conn.execute(
        "SELECT until - now() > interval '9 minutes' FROM claims WHERE prospect_id = %s",
        (first,),
    ).fetchone()
    assert row[0] is True
    assert not ben.claims.take(first)


def test_on_a_call_is_on_the_claim(two: tuple[Session, Session]) -> None:
    ana, _ = two
    first = known(ana.current_id)
    ana.claim_to_dial()
    ana.claims.calling(first)
    assert isinstance(ana.store, PostgresStore)
    on_call = "SELECT on_call FROM claims WHERE prospect_id = %s"
    assert ana.store.conn.execute(on_call, (first,)).fetchone()[0] is True
    ana.claims.calling(None)
    assert ana.store.conn.execute(on_call, (first,)).fetchone()[0] is False


def test_the_prospect_on_a_call_stays_claimed_whatever_the_cursor_does(
    two: tuple[Session, Session],
) -> None:
    ana, _ = two
    first = known(ana.current_id)
    ana.claim_to_dial()
    ana.claims.calling(first)
    ana.move(3)  # the queue moved under the call
    ana.claim_current()
    assert claims(ana.store) == {first: "ana", ana.ids[3]: "ana", ana.ids[4]: "ana"}
    ana.claims.calling(None)
    ana.claim_current()
    assert first not in claims(ana.store)


def test_out_of_reach_a_running_claim_still_dials(
    two: tuple[Session, Session], clock: FakeClock
) -> None:
    ana, _ = two
    ana.claim_to_dial()
    ana.store.close()  # the team database out of reach from here
    assert ana.claim_to_dial()  # the claim this session holds still runs
    clock.advance(11 * 60)  # ... until its lease is over
    with pytest.raises(StoreError):
        ana.claim_to_dial()
    with pytest.raises(StoreError):
        ana.claim_current()


def test_out_of_reach_without_a_claim_nothing_is_dialed(two: tuple[Session, Session]) -> None:
    ana, _ = two
    ana.store.close()
    with pytest.raises(StoreError):
        ana.claim_to_dial()
    assert ana.claims.held == {}


def test_other_reps_claims_leave_the_queue_the_cursor_staying_put(
    two: tuple[Session, Session],
) -> None:
    ana, ben = two
    ana.move_to(2)
    looking = known(ana.current_id)
    first, fourth = ana.ids[0], ana.ids[3]
    assert ben.claims.take(first) and ben.store.claim(fourth, 10)
    assert ana.store.taken_by_others(10) == {first, fourth}
    assert ana.drop_taken(ana.store.taken_by_others(10))
    assert first not in ana.ids and fourth not in ana.ids and ana.current_id == looking
    assert not ana.drop_taken(ana.store.taken_by_others(10))  # nothing more to drop
    assert ben.store.taken_by_others(10) == set()  # ben's own claims are not others'


def test_when_the_prospect_at_the_cursor_is_claimed_the_next_one_is_up(
    two: tuple[Session, Session],
) -> None:
    ana, ben = two
    ana.move_to(1)
    taken, after = ana.ids[1], ana.ids[2]
    assert ben.store.claim(taken, 10)
    assert ana.drop_taken(ana.store.taken_by_others(10))
    assert ana.current_id == after and ana.cursor == 1


def test_a_follow_up_left_to_anyone_joins_every_queue(
    two: tuple[Session, Session], clock: FakeClock
) -> None:
    ana, ben = two
    first, second = known(ana.current_id), ana.ids[1]
    soon = clock.now() + timedelta(hours=1)
    for pid in (first, second):
        ana.claim_to_dial()
        ana.log(OutcomeName.LATER, follow_up=soon, prospect_id=pid, timed=True)
    assert ana.leave_to_anyone(first)
    assert not ana.leave_to_anyone(ana.ids[-1])  # no follow-up there
    story = known(ana.store.prospect(first))
    assert story.state.slot is Slot.FOLLOW_UP and story.state.due_at == soon
    assert owner(ana.store, first) is None
    ben.refresh_queue()
    assert first in ben.ids


def test_a_follow_up_logged_with_l_waits_for_the_rep_who_set_it(
    two: tuple[Session, Session], clock: FakeClock
) -> None:
    ana, ben = two
    first = known(ana.current_id)
    ana.claim_to_dial()
    ana.log(OutcomeName.LATER, follow_up=clock.now() + timedelta(hours=1), timed=True)
    assert owner(ana.store, first) == "ana"
    ben.refresh_queue()
    assert first not in ben.ids


def test_the_renewal_comes_well_within_the_lease() -> None:
    assert renew_every_s(10) == 60.0
    assert renew_every_s(1) == 20.0


def test_one_reps_file_is_never_asked(tmp_path: Path, clock: FakeClock) -> None:
    """One rep's own SQLite file: claims are granted without a statement, so the single-rep
    program's keys read and write exactly what they did before."""
    store = SQLiteStore.open(tmp_path / "one.db")
    store.add_prospects(people(3), clock.now() - timedelta(days=1))
    s = session_of(store, clock)
    statements: list[str] = []
    store.conn.raw.set_trace_callback(statements.append)
    assert not s.team
    assert s.claim_current() == [] and s.claim_to_dial()
    assert s.renew_claim() == [] and not s.leave_to_anyone(known(s.current_id))
    assert store.queue_stamp() == 0 and not s.drop_taken(store.taken_by_others(10))
    s.claims.calling(s.current_id)
    s.claims.let_go()
    assert statements == []
    store.close()


def test_the_keeper_alone_asks_nothing_of_one_reps_file(tmp_path: Path, clock: FakeClock) -> None:
    store = SQLiteStore.open(tmp_path / "one.db")
    keeper = ClaimKeeper(store, clock, 10)
    statements: list[str] = []
    store.conn.raw.set_trace_callback(statements.append)
    assert keeper.take(1) and keeper.take_to_dial(2) and keeper.renew() == []
    assert keeper.holds(3) and statements == [] and keeper.held == {}
    store.close()


def test_a_prospect_another_rep_just_called_is_not_claimed(
    team_store: Open, clock: FakeClock
) -> None:
    """A queue read before ben's outcome still shows the prospect to ana: ben's outcome gave
    the claim up, but ana's claim is refused while ben's call is within one lease."""
    ana, ben = team_store("ana"), team_store("ben")
    ana.add_prospects(people(2), clock.now() - timedelta(days=1))
    prospect = known(ben.prospect(1))
    assert ben.claim(1, 10)
    now = datetime.now(UTC)  # the lease runs on the server's clock
    ben.log_outcome(prospect, OutcomeName.NO_ANSWER, now, now.date(), prospect.state)
    assert not ana.claim(1, 10)
    assert ana.taken_by_others(10) == {1}  # the watch takes them out of ana's queue
    assert ben.claim(1, 10)  # ben's own call does not stand in ben's way
    ben.release(1)
    assert isinstance(ben, PostgresStore)
    ben.conn.execute("UPDATE calls SET logged_at = now() - interval '11 minutes'")  # its lease ran
    assert ana.taken_by_others(10) == set()
    assert ana.claim(1, 10)  # a lease later, it may be called again
    assert not ana.claim(99, 10)  # no such prospect: nothing to claim


def test_offline_a_refused_claim_takes_nobody_out_of_the_queue(
    team_url: str, tmp_path: Path, pg_cluster: Cluster, clock: FakeClock
) -> None:
    """Offline the outbox grants only the claims this app holds: a refusal then says nothing
    about other reps, so nobody leaves the queue, and a dial is refused in plain words."""
    seed(team_url, 4)
    store = opened(team_url, tmp_path)
    server = Server(pg_cluster)
    try:
        s = session_of(store, clock)
        first, second = s.ids[:2]
        assert s.claim_current() == [] and s.claims.held.keys() == {first, second}
        server.stop()
        for _ in (first, second):  # held: the rep goes on with them, the next one too
            assert s.claim_to_dial()
            s.log(OutcomeName.NO_ANSWER)
        queued = list(s.ids)
        assert s.claim_current() == [] and s.ids == queued and s.claims.held == {}
        with pytest.raises(StoreError, match="nobody could confirm they are yours to call"):
            s.claim_to_dial()
        assert s.ids == queued
    finally:
        server.start()
        store.close()

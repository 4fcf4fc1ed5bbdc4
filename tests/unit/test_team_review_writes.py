"""Nothing lost, nothing doubled (review of the team store): an undo gives the prospect back the
state the team database held before the call (never an older one the rep's screen had, never
another rep's follow-up made the undoer's), a note typed during a call keeps what others added
to the prospect's notes meanwhile, text the server can't hold is a StoreError, and the queue's
change counter moves from the very first change on a new team database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from factories import known, people
from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.prospects import (
    Lifecycle,
    Prospect,
    ProspectState,
    QueueRules,
    Slot,
    next_state,
)
from nextcall.store import Store
from nextcall.store.errors import StoreError
from nextcall.store.postgres import PostgresStore
from pg_cluster import Cluster

AT = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
END = AT + timedelta(hours=9)
Reps = Callable[[str], Store]


def pg(store: Store) -> PostgresStore:
    assert isinstance(store, PostgresStore)
    return store


def log(store: Store, p: Prospect, name: str, at: datetime = AT) -> None:
    """`store`'s rep logs `name` for `p` as their screen has them (maybe out of date)."""
    state = next_state(p.state, BY_NAME[name], at, QueueRules())
    store.log_outcome(p, OutcomeName(name), at, at.date(), state)


def one(store: Store, sql: str, *params: Any) -> Any:
    row = pg(store).conn.execute(sql, params).fetchone()
    return None if row is None else row[0]


@pytest.fixture
def team(team_store: Reps) -> tuple[Store, Store, list[int]]:
    ana, ben = team_store("ana"), team_store("ben")
    ana.add_prospects(people(2), AT - timedelta(days=1))
    return ana, ben, ana.queue_ids(AT, END)


# -- undo ----------------------------------------------------------------------------------------


def test_undo_gives_back_the_state_the_team_had_not_the_one_on_the_screen(
    team: tuple[Store, Store, list[int]],
) -> None:
    """Ana's card was read before Ben called them (say her outcome waited offline): taking
    her call back leaves them as Ben's call left them, his attempt counted."""
    ana, ben, ids = team
    on_her_screen = known(ana.prospect(ids[0]))
    log(ben, known(ben.prospect(ids[0])), "no_answer")
    after_ben = known(ben.prospect(ids[0])).state
    log(ana, on_her_screen, "voicemail", AT + timedelta(minutes=1))
    assert ana.undo_last(AT.date()) is not None
    assert known(ana.prospect(ids[0])).state == after_ben
    assert after_ben.attempts == 1


def test_undo_leaves_a_follow_up_for_anyone_to_anyone(
    team: tuple[Store, Store, list[int]],
) -> None:
    ana, ben, ids = team
    later = ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, AT, 1)
    ben.schedule_follow_up(ids[0], later, "call back after lunch", anyone=True)
    log(ana, known(ana.prospect(ids[0])), "no_answer")
    assert ana.undo_last(AT.date()) is not None
    assert one(ana, "SELECT owner FROM prospects WHERE id = %s", ids[0]) is None
    assert ben.queue_ids(AT, END)[0] == ids[0]


def test_undo_gives_a_reps_own_follow_up_back_to_them(
    team: tuple[Store, Store, list[int]],
) -> None:
    ana, _, ids = team
    later = ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, AT, 1)
    ana.schedule_follow_up(ids[0], later, "")
    log(ana, known(ana.prospect(ids[0])), "no_answer")
    assert ana.undo_last(AT.date()) is not None
    assert one(ana, "SELECT owner FROM prospects WHERE id = %s", ids[0]) == "ana"


# -- a note typed during a call ------------------------------------------------------------------


def test_a_call_note_keeps_what_others_added_meanwhile(
    team: tuple[Store, Store, list[int]],
) -> None:
    ana, ben, ids = team
    pid = ids[0]
    start = len(known(ana.prospect(pid)).notes)  # the notes as her call began
    ben.add_note(pid, "asked for the pricing sheet", AT.date())
    ana.set_call_note(pid, start, "18 Nov: busy, try")
    ana.set_call_note(pid, start, "18 Nov: busy, try Friday")
    notes = known(ana.prospect(pid)).notes
    assert "asked for the pricing sheet" in notes
    assert notes.count("busy, try") == 1 and notes.endswith("18 Nov: busy, try Friday")
    ben.add_note(pid, "sent it", AT.date())
    ana.set_call_note(pid, start, "18 Nov: busy, try Friday 10am")
    ana.set_call_note(pid, start, "")  # the note emptied: her entry goes, theirs stay
    notes = known(ana.prospect(pid)).notes
    assert "busy" not in notes
    assert "asked for the pricing sheet" in notes and "sent it" in notes


def test_a_call_note_sent_again_by_another_connection_rewrites_its_entry(
    team: tuple[Store, Store, list[int]], team_url: str
) -> None:
    """The outbox sends what was typed offline on a connection of its own (or after the app
    started again): the entry written before the network went is rewritten, not doubled."""
    ana, ben, ids = team
    ana.add_note(ids[0], "met at the fair", AT.date())
    start = len(known(ana.prospect(ids[0])).notes)
    ana.set_call_note(ids[0], start, "\n18 Nov: wants")
    ben.add_note(ids[0], "asked for the pricing sheet", AT.date())
    again = PostgresStore.open(team_url, "ana")
    try:
        again.set_call_note(ids[0], start, "\n18 Nov: wants a demo")
    finally:
        again.close()
    assert known(ana.prospect(ids[0])).notes == (
        "18 Nov: met at the fair\n18 Nov: wants a demo\n18 Nov: asked for the pricing sheet"
    )


def test_a_new_call_note_on_the_same_prospect_is_a_new_entry(
    team: tuple[Store, Store, list[int]],
) -> None:
    """As on one rep's file: a later call's note goes after the earlier call's."""
    ana, _, ids = team
    ana.set_call_note(ids[0], 0, "first call")
    start = len(known(ana.prospect(ids[0])).notes)
    ana.set_call_note(ids[0], start, "\nsecond call")
    assert known(ana.prospect(ids[0])).notes == "first call\nsecond call"


# -- the boundary --------------------------------------------------------------------------------


def test_text_the_server_can_not_hold_is_a_store_error(
    team: tuple[Store, Store, list[int]],
) -> None:
    """A lone surrogate (undecodable bytes Python kept) can't be sent as UTF-8: the store says
    so as a StoreError, like every other failure, and stays usable."""
    ana, _, ids = team
    with pytest.raises(StoreError, match="could not be written"):
        ana.add_note(ids[0], "caf\udce9", AT.date())
    with pytest.raises(StoreError, match="could not be written"):
        ana.add_prospects([replace(people(3)[2], name="B\udcf6rje")], AT)
    ana.add_note(ids[0], "café", AT.date())
    assert known(ana.prospect(ids[0])).notes.endswith("café")


def test_a_url_or_rep_name_that_is_not_unicode_is_a_store_error(team_url: str) -> None:
    """Undecodable bytes in NEXTCALL_DATABASE_URL: said in words, the URL (and its password)
    never quoted, no traceback to print it with its locals."""
    with pytest.raises(StoreError, match="not valid Unicode") as err:
        PostgresStore.open("postgresql://ana:s3cr\udce9t@127.0.0.1:1/team", "ana")
    assert "s3cr" not in str(err.value) and err.value.__cause__ is None
    with pytest.raises(StoreError, match="not valid Unicode"):
        PostgresStore.open(team_url, "an\udce9")


# -- the queue's change counter ------------------------------------------------------------------


@pytest.fixture
def new_team(pg_cluster: Cluster) -> Iterator[str]:
    """A team database just made by `team init`: nothing has happened on it yet."""
    import psycopg

    from nextcall.store.postgres.connection import connect, migrate

    server = pg_cluster.admin_url.rsplit("/", 1)[0]
    with psycopg.connect(server + "/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS new_team")
        admin.execute("CREATE DATABASE new_team OWNER nextcall_app")
    url = pg_cluster.url.rsplit("/", 1)[0] + "/new_team"
    conn = connect(url, "setup")
    migrate(conn)
    conn.close()
    yield url
    with psycopg.connect(server + "/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE new_team WITH (FORCE)")


def test_the_first_change_on_a_new_team_database_moves_the_stamp(new_team: str) -> None:
    ana, ben = PostgresStore.open(new_team, "ana"), PostgresStore.open(new_team, "ben")
    try:
        before = ben.queue_stamp()
        ana.add_prospects(people(1), AT)
        assert ben.queue_stamp() != before
    finally:
        ana.close()
        ben.close()

"""Nothing lost when the network is (issue 11, item 4), against a real server taken down and
started again mid-test: the rep's writes wait in the local outbox, the dial loop goes on from the
last good read, and on reconnect each write reaches the team database once, with a conflict
kept and listed when the team changed the prospect meanwhile."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import Lifecycle, ProspectState, Slot
from nextcall.domain.ritual import RitualEnd
from nextcall.store import Store, StoreError
from nextcall.store.outbox import OUTBOX_NAME, Outbox, core
from nextcall.store.outbox.entries import Kind
from nextcall.store.outbox.sending import send
from nextcall.store.postgres import PostgresStore, TeamUnreachable
from nextcall.store.postgres.boundary import safe_url
from nextcall.store.syncing import Syncing
from outbox_support import AT, DAY, END, Server, admin, log, opened, rows, seed, serving
from pg_cluster import Cluster


@pytest.fixture
def server(pg_cluster: Cluster) -> Iterator[Server]:
    yield from serving(pg_cluster)


def test_it_is_a_store_with_an_outbox(team_url: str, tmp_path: Path) -> None:
    seed(team_url, 1)
    store = opened(team_url, tmp_path)
    try:
        assert isinstance(store, Store) and isinstance(store, Syncing)
        assert store.rep == "ana" and store.waiting() == 0 and not store.offline
        outbox = tmp_path / OUTBOX_NAME
        assert stat.S_IMODE(outbox.stat().st_mode) == 0o600
        mode = store.outbox.conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        assert store.outbox.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        store.close()


def test_offline_writes_wait_and_are_sent_once_with_their_tags(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    first, second, third, *_ = seed(team_url, 4)
    store = opened(team_url, tmp_path)
    try:
        server.crash()
        rejected = log(store, first, "rejected")
        assert rejected.id < 0  # known here until it is sent
        store.set_reason(rejected.id, "need")
        store.set_ritual(rejected.id, RitualEnd.DONE)
        store.set_recovery(rejected.id, 12.5)
        store.add_note(second.id, "asked for an email", DAY)
        log(store, second, "no_answer")
        store.add_win("kept calm", AT, DAY)
        assert store.waiting() == 7 and store.offline
        # The dial loop goes on from the last read, with what waits laid over.
        assert store.day_counts(DAY).dials == 2
        assert store.queue_ids(AT, END)[:1] == [third.id]
        assert store.history(first.id)[0].reason == "need"
        assert store.last_rejection(DAY) == store.history(first.id)[0]
        assert store.prospects([second.id])[second.id].notes.endswith("asked for an email")
        assert store.flush().problem is not None  # still down: nothing sent, nothing lost
        assert store.waiting() == 7
        server.start()
        result = store.flush()
        assert (result.sent, result.conflicts, result.waiting) == (7, 0, 0)
        assert not store.offline
        assert store.flush().sent == 0  # nothing sent twice
    finally:
        store.close()
    calls = rows(pg_cluster, "SELECT prospect_id, outcome, reason, rep FROM calls ORDER BY id")
    assert calls == [
        (first.id, "rejected", "need", "ana"),
        (second.id, "no_answer", None, "ana"),
    ]
    private = rows(pg_cluster, "SELECT ritual, recovery_s FROM call_private")
    assert private == [("done", 12.5)]
    assert rows(pg_cluster, "SELECT notes FROM prospects WHERE id = %s", second.id)[0][0] == (
        "18 Nov: asked for an email"
    )
    assert rows(pg_cluster, "SELECT kind, text FROM wins WHERE text = 'kept calm'") == [
        ("small win", "kept calm")
    ]


def test_a_tag_set_after_its_outcome_was_sent_goes_to_the_team_call(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    (first, *_) = seed(team_url, 2)
    store = opened(team_url, tmp_path)
    try:
        server.stop()
        rejected = log(store, first, "rejected")
        server.start()
        store.flush()
        store.set_reason(rejected.id, "timing")  # the app still knows it by its local id
        store.set_debrief(rejected.id, '{"felt": "tense"}')
        assert store.debrief(rejected.id) == '{"felt": "tense"}'
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT reason FROM calls") == [("timing",)]
    assert rows(pg_cluster, "SELECT debrief FROM call_private") == [('{"felt": "tense"}',)]


def test_a_command_opening_the_outbox_beside_the_app_keeps_its_call_ids(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    (first, *_) = seed(team_url, 2)
    store = opened(team_url, tmp_path)
    try:
        server.stop()
        rejected = log(store, first, "rejected")
        server.start()
        store.flush()
        beside = opened(team_url, tmp_path)  # `nextcall stats` while the app runs
        beside.close()
        store.set_recovery(rejected.id, 9.0)
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT recovery_s FROM call_private") == [(9.0,)]


def test_undo_takes_an_outcome_back_out_of_the_outbox_with_its_tags(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    first, second, *_ = seed(team_url, 3)
    store = opened(team_url, tmp_path)
    try:
        server.stop()
        log(store, first, "voicemail")
        rejected = log(store, second, "rejected")
        store.set_reason(rejected.id, "need")
        undone = store.undo_last(DAY)
        assert undone is not None and undone.id == rejected.id and undone.reason == "need"
        assert store.waiting() == 1 and store.day_counts(DAY).dials == 1
        assert second.id in store.queue_ids(AT, END)
        store.undo_last(DAY)
        assert store.waiting() == 0
        with pytest.raises(TeamUnreachable):  # what was sent before needs the server
            store.undo_last(DAY)
        log(store, second, "no_answer")
        server.start()
        store.flush()
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT prospect_id, outcome FROM calls") == [(second.id, "no_answer")]


def test_undo_of_a_call_being_sent_is_refused_until_it_is_sent(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    first, *_ = seed(team_url, 2)
    store = opened(team_url, tmp_path)
    try:
        server.stop()
        log(store, first, "no_answer")
        # A send began (the flush marks it first), and the server went before it answered.
        store.pending[0] = store.outbox.mark_sending(store.pending[0])
        with pytest.raises(StoreError, match="may already be on the team database"):
            store.undo_last(DAY)
        server.start()
        assert store.flush().sent == 1
        assert store.undo_last(DAY) is not None  # on the team database now: undone there
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT count(*) FROM calls") == [(0,)]


def test_another_reps_writes_in_the_file_are_not_sent_as_this_one(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    first, *_ = seed(team_url, 2)
    ana = opened(team_url, tmp_path)
    server.stop()
    log(ana, first, "voicemail")
    ana.close()
    server.start()
    ben = opened(team_url, tmp_path, "ben")
    try:
        assert ben.waiting() == 0 and ben.flush().sent == 0
    finally:
        ben.close()
    assert rows(pg_cluster, "SELECT count(*) FROM calls") == [(0,)]
    ana = opened(team_url, tmp_path)  # ana's wait for her, and go as she opens
    ana.close()
    assert rows(pg_cluster, "SELECT rep, outcome FROM calls") == [("ana", "voicemail")]


def test_a_send_whose_answer_was_lost_is_not_stored_twice(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    first, second, *_ = seed(team_url, 3)
    store = opened(team_url, tmp_path)
    try:
        server.stop()
        log(store, first, "meeting")
        store.add_note(second.id, "call back after lunch", DAY)
        server.start()
        # The server commits each entry, then the app dies before its outbox forgets them.
        team = PostgresStore.open(team_url, "ana")
        for entry in store.pending:
            send(team, entry, store.outbox.team_call)
        team.close()
        result = store.flush()
        assert (result.sent, result.conflicts, result.waiting) == (2, 0, 0)
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT prospect_id, outcome FROM calls") == [(first.id, "meeting")]
    assert rows(pg_cluster, "SELECT count(*) FROM wins") == [(1,)]
    notes = rows(pg_cluster, "SELECT notes FROM prospects WHERE id = %s", second.id)[0][0]
    assert notes == "18 Nov: call back after lunch"


def test_an_outcome_whose_commit_answer_was_lost_online_is_stored_once(
    team_url: str, tmp_path: Path, pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    (first, *_) = seed(team_url, 2)
    store = opened(team_url, tmp_path)
    team = store._team
    assert team is not None
    real = team.log_outcome

    def committed_then_lost(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise TeamUnreachable("the connection broke as the server committed")

    monkeypatch.setattr(team, "log_outcome", committed_then_lost)
    try:
        log(store, first, "gatekeeper")
        assert store.waiting() == 1  # kept, under the key it was sent with
        assert store.flush().sent == 1
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT count(*) FROM calls") == [(1,)]


def test_a_do_not_call_conflict_is_kept_and_listed(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    first, second, *_ = seed(team_url, 3)
    store = opened(team_url, tmp_path)
    try:
        server.stop()
        log(store, first, "meeting")
        server.start()
        ben = PostgresStore.open(team_url, "ben")
        ben.mark_dnc([first.phone], AT + timedelta(minutes=1), "asked by phone")
        ben.close()
        result = store.flush()
        assert (result.sent, result.conflicts, result.waiting) == (1, 1, 0)
        (conflict,) = store.conflicts(unseen=True)
        assert first.name in conflict.text and "do-not-call" in conflict.text
        store.mark_seen([conflict.id])
        assert store.conflicts(unseen=True) == [] and store.conflicts() == [conflict]
    finally:
        store.close()
    # The call happened: it is stored; the team's do-not-call stays.
    assert rows(pg_cluster, "SELECT outcome, rep FROM calls") == [("meeting", "ana")]
    lifecycle = rows(pg_cluster, "SELECT lifecycle FROM prospects WHERE id = %s", first.id)
    assert lifecycle == [(Lifecycle.DNC.value,)]
    kept = Outbox.open(tmp_path / OUTBOX_NAME)
    try:
        assert [c.text for c in kept.conflicts(target(team_url))] == [conflict.text]
    finally:
        kept.close()


def test_a_prospect_called_by_another_rep_meanwhile_is_a_conflict(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    first, *_ = seed(team_url, 2)
    store = opened(team_url, tmp_path)
    try:
        server.stop()
        log(store, first, "conversation")
        server.start()
        ben = PostgresStore.open(team_url, "ben")
        log(ben, first, "no_answer", AT + timedelta(minutes=2))
        ben.close()
        assert store.flush().conflicts == 1
        (conflict,) = store.conflicts()
        assert "called by ben" in conflict.text
    finally:
        store.close()
    calls = rows(pg_cluster, "SELECT rep, outcome FROM calls ORDER BY at")
    assert calls == [("ana", "conversation"), ("ben", "no_answer")]
    slot = rows(pg_cluster, "SELECT slot, attempts FROM prospects WHERE id = %s", first.id)
    assert slot == [(2, 1)]  # as ben's no answer left them: a retry after one attempt


def test_a_follow_up_for_a_prospect_listed_meanwhile_is_not_set(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    first, *_ = seed(team_url, 2)
    store = opened(team_url, tmp_path)
    try:
        server.stop()
        state = ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, END, 1)
        store.schedule_follow_up(first.id, state, "call Friday")
        assert store.prospects([first.id])[first.id].state == state
        server.start()
        ben = PostgresStore.open(team_url, "ben")
        ben.mark_dnc([first.phone], AT, "list")
        ben.close()
        assert store.flush().conflicts == 1
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT lifecycle, slot FROM prospects WHERE id = %s", first.id) == [
        ("dnc", 1)
    ]


def test_a_refused_write_is_kept_and_the_next_ones_go_on(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    first, second, *_ = seed(team_url, 3)
    store = opened(team_url, tmp_path)
    try:
        server.stop()
        store.add_note(first.id, "one", DAY)
        store.add_note(second.id, "two", DAY)
        server.start()
        with admin(pg_cluster) as conn:  # the first one's prospect can't take notes
            conn.execute(
                "CREATE FUNCTION no_notes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                " RAISE EXCEPTION 'notes are locked'; END $$"
            )
            conn.execute(
                "CREATE TRIGGER no_notes BEFORE UPDATE OF notes ON prospects FOR EACH ROW"
                f" WHEN (OLD.id = {first.id}) EXECUTE FUNCTION no_notes()"
            )
        try:
            result = store.flush()
        finally:
            with admin(pg_cluster) as conn:
                conn.execute("DROP TRIGGER no_notes ON prospects")
                conn.execute("DROP FUNCTION no_notes()")
        assert (result.sent, result.conflicts, result.waiting) == (2, 1, 0)
        (conflict,) = store.conflicts()
        assert "note" in conflict.text and "kept in the outbox file" in conflict.text
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT notes FROM prospects WHERE id = %s", second.id) == [
        ("18 Nov: two",)
    ]


def test_a_call_note_typed_offline_is_one_entry(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    first, *_ = seed(team_url, 2)
    store = opened(team_url, tmp_path)
    try:
        server.stop()
        for typed in ("w", "wa", "wants a demo"):
            store.set_call_note(first.id, 0, typed)
        assert store.waiting() == 1
        assert store.prospect(first.id) is not None
        server.start()
        store.flush()
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT notes FROM prospects WHERE id = %s", first.id) == [
        ("wants a demo",)
    ]


def test_claims_offline_are_only_the_ones_held(
    team_url: str, tmp_path: Path, server: Server
) -> None:
    first, second, *_ = seed(team_url, 3)
    store = opened(team_url, tmp_path)
    try:
        assert store.claim(first.id, 10)
        stamp = store.queue_stamp()
        server.stop()
        assert store.claim(first.id, 10)  # held: the rep goes on with them
        assert not store.claim(second.id, 10)  # anyone else might be dialing them
        store.set_on_call(first.id)  # the floor can't be told: nothing to do
        assert store.queue_stamp() == stamp
        store.release(first.id)
        assert not store.claim(first.id, 10)
    finally:
        store.close()


def test_a_lease_run_out_offline_is_not_granted(
    team_url: str, tmp_path: Path, server: Server
) -> None:
    first, *_ = seed(team_url, 2)
    store = opened(team_url, tmp_path)
    now = [1000.0]
    store._monotonic = lambda: now[0]
    try:
        assert store.claim(first.id, 10)
        server.stop()
        now[0] += 10 * 60  # the server's lease is over: another rep may have taken them
        assert not store.claim(first.id, 10)
    finally:
        store.close()


def test_offline_the_card_shows_the_calls_the_call_screen_read_fewer_of(
    team_url: str, tmp_path: Path, server: Server
) -> None:
    first, *_ = seed(team_url, 2)
    ben = PostgresStore.open(team_url, "ben")
    for minutes in range(6):
        p = ben.prospect(first.id)
        assert p is not None
        log(ben, p, "no_answer", AT - timedelta(hours=6 - minutes))
    ben.close()
    store = opened(team_url, tmp_path)
    try:
        card = store.history(first.id)
        assert len(card) == 5
        assert store.history(first.id, 3) == card[:3]  # the call screen's read
        server.stop()
        assert store.history(first.id) == card
        assert store.history(first.id, 2) == card[:2]
    finally:
        store.close()


def test_other_reads_say_the_team_database_cant_be_reached(
    team_url: str, tmp_path: Path, server: Server
) -> None:
    seed(team_url, 2)
    store = opened(team_url, tmp_path)
    try:
        server.stop()
        with pytest.raises(StoreError, match="can't be reached"):
            store.search("Person", 5)
        with pytest.raises(StoreError, match="was not read before"):
            store.prospect(10_000)
        with pytest.raises(StoreError, match="can't be reached"):
            store.day_counts(DAY - timedelta(days=1))  # never read before
        with pytest.raises(StoreError):
            store.mark_dnc(["+12125551000"], AT, "list")
    finally:
        store.close()


def test_killed_while_offline_loses_nothing(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster
) -> None:
    seed(team_url, 5)
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parents[1])!r})
        from outbox_support import DAY, END, AT, log, opened
        store = opened({team_url!r}, Path({str(tmp_path)!r}))
        ids = store.queue_ids(AT, END)
        found = store.prospects(ids)
        print("ready", flush=True)
        sys.stdin.readline()
        for pid in ids[:3]:
            call = log(store, found[pid], "rejected")
            store.set_reason(call.id, "need")
        print("logged", store.waiting(), flush=True)
        time.sleep(120)
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "ready"
        server.crash()
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "logged 6"
    finally:
        child.kill()  # kill -9
        child.wait()
    kept = Outbox.open(tmp_path / OUTBOX_NAME)
    try:
        entries = kept.entries(target(team_url))
    finally:
        kept.close()
    assert [e.kind for e in entries] == [Kind.OUTCOME, Kind.REASON] * 3
    server.start()
    store = opened(team_url, tmp_path)  # what waits is sent as it opens
    try:
        assert store.waiting() == 0
    finally:
        store.close()
    calls = rows(pg_cluster, "SELECT outcome, reason, count(*) FROM calls GROUP BY 1, 2")
    assert calls == [(OutcomeName.REJECTED.value, "need", 3)]


def test_opening_while_the_server_is_down_says_what_waits(
    team_url: str, tmp_path: Path, server: Server
) -> None:
    first, *_ = seed(team_url, 2)
    store = opened(team_url, tmp_path)
    server.stop()
    log(store, first, "no_answer")
    store.close()
    with pytest.raises(TeamUnreachable, match="1 of your writes wait"):
        opened(team_url, tmp_path)


def test_a_write_kept_offline_is_sent_soon_by_itself(
    team_url: str,
    tmp_path: Path,
    server: Server,
    pg_cluster: Cluster,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second, *_ = seed(team_url, 3)
    monkeypatch.setattr(core, "NUDGE_GAP_S", 0.0)
    store = opened(team_url, tmp_path, nudge=True)
    try:
        server.stop()
        log(store, first, "no_answer")  # its try finds the server down
        server.start()
        log(store, second, "no_answer")  # this one's try sends both, in a thread
        for _ in range(200):  # up to 10 s
            if store.waiting() == 0 and not store.offline:
                break
            time.sleep(0.05)
        assert store.waiting() == 0 and not store.offline
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT count(*) FROM calls") == [(2,)]


def target(url: str) -> str:
    """Whose entries and conflicts an outbox file holds: ana's, on this database."""
    return f"ana @ {safe_url(url)}"

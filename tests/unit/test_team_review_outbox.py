"""Nothing doubled by the outbox (review of team mode): an outcome sent straight to the team
database whose answer was lost may be stored there already, so an undo can't just drop it from
the outbox (the call would stay on the team database, counted, while the rep's screen said it
was taken back): it waits until the outcome is sent, then undoes it there."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextcall.store import StoreError
from nextcall.store.postgres.boundary import CommitUnanswered
from outbox_support import AT, DAY, log, opened, rows, seed
from pg_cluster import Cluster


def test_undo_of_an_outcome_whose_answer_was_lost_waits_until_it_is_sent(
    team_url: str, tmp_path: Path, pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    (first, *_) = seed(team_url, 2)
    store = opened(team_url, tmp_path)
    team = store._team
    assert team is not None
    real = team.log_outcome

    def committed_then_lost(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise CommitUnanswered("the connection broke as the server committed")

    monkeypatch.setattr(team, "log_outcome", committed_then_lost)
    try:
        log(store, first, "gatekeeper")
        with pytest.raises(StoreError, match="may already be on the team database"):
            store.undo_last(DAY)
        assert store.flush().sent == 1
        assert store.undo_last(DAY) is not None  # on the team database: undone there
        assert store.waiting() == 0
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT count(*) FROM calls") == [(0,)]


def test_only_a_commit_left_unanswered_may_have_been_kept(
    team_url: str, pg_cluster: Cluster
) -> None:
    """The connection lost at COMMIT: CommitUnanswered (kept or not, nobody can tell here);
    lost before it: a plain TeamUnreachable (the server rolled the write back)."""
    from nextcall.store.postgres import PostgresStore, TeamUnreachable

    def cut(store: PostgresStore) -> None:
        pid = store.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        rows(pg_cluster, "SELECT pg_terminate_backend(%s)", pid)

    store = PostgresStore.open(team_url, "ana")
    try:
        with pytest.raises(CommitUnanswered), store._write():
            store.set_meta("k", "v")  # its own write nests: only the outer end is a COMMIT
            cut(store)
    finally:
        store.close()
    store = PostgresStore.open(team_url, "ana")
    try:
        with pytest.raises(TeamUnreachable) as lost, store._write():
            cut(store)
            store.conn.execute("SELECT 1")
        assert not isinstance(lost.value, CommitUnanswered)
    finally:
        store.close()


def test_a_note_or_win_whose_answer_was_lost_online_is_stored_once(
    team_url: str, tmp_path: Path, pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written straight to the team database, committed there, the answer lost: the outbox
    keeps the write and sends it again, under the key it was first written with."""
    from datetime import timedelta

    from psycopg.pq import TransactionStatus

    from nextcall.store.postgres.boundary import Transaction

    (first, *_) = seed(team_url, 2)
    store = opened(team_url, tmp_path)
    real_exit = Transaction.__exit__
    lose = [True]

    def commit_then_lose(self: Transaction, *error: object) -> None:
        real_exit(self, *error)
        idle = self.conn.raw.info.transaction_status == TransactionStatus.IDLE  # a COMMIT's end
        if lose[0] and error[1] is None and idle:
            lose[0] = False
            raise CommitUnanswered("the connection broke as the server committed")

    monkeypatch.setattr(Transaction, "__exit__", commit_then_lose)
    try:
        store.add_note(first.id, "wants a demo", DAY)
        assert store.waiting() == 1
        assert store.flush().sent == 1
        lose[0] = True
        store.add_win("booked the hard one", AT + timedelta(minutes=1), DAY, first.id)
        assert store.flush().sent == 1
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT notes FROM prospects WHERE id = %s", first.id) == [
        ("18 Nov: wants a demo",)
    ]
    assert rows(pg_cluster, "SELECT count(*) FROM wins") == [(1,)]

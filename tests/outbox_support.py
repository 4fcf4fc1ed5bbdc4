"""What the offline outbox's tests share: the team's server taken down and brought back for real
(the session's cluster: always back up, accepting connections, when the test ends), a list
seeded on the team database, outcomes logged as the session logs them, and plain reads of what
the server holds (as its superuser: the test sees every rep's rows)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from factories import people
from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.prospects import CallRecord, Prospect, QueueRules, next_state
from nextcall.store import Store
from nextcall.store.outbox import OutboxStore, open_team_store
from nextcall.store.postgres import PostgresStore
from pg_cluster import Cluster

AT = datetime(2026, 11, 18, 19, 30, tzinfo=UTC)
"""A Wednesday afternoon in New York."""
DAY = date(2026, 11, 18)
END = datetime(2026, 11, 19, 5, 0, tzinfo=UTC)


class Server:
    """The session's PostgreSQL server, which a test may crash and start again."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.running = True

    def crash(self) -> None:
        """Down at once, as a pulled cable or a dead server looks to the app (its start then
        recovers: ~5 s here)."""
        self.cluster.stop("immediate")
        self.running = False

    def stop(self) -> None:
        """Down, its connections closed (the app sees what it sees of a crash; starts at once)."""
        self.cluster.stop("fast")
        self.running = False

    def start(self) -> None:
        """Back, and accepting connections, before this returns."""
        if not self.running:
            self.cluster.start()
            self.running = True
        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(self.cluster.admin_url, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)


def serving(cluster: Cluster) -> Iterator[Server]:
    """A test's `server` fixture: crash and start the team's server in the test; it is up
    again after it, whatever happened."""
    up = Server(cluster)
    try:
        yield up
    finally:
        up.start()


def seed(url: str, count: int = 5) -> list[Prospect]:
    """`count` prospects on the team's list, due now, in queue order."""
    team = PostgresStore.open(url, "seeder")
    try:
        team.add_prospects(people(count), AT - timedelta(days=1))
        ids = team.queue_ids(AT, END)
        found = team.prospects(ids)
        return [found[i] for i in ids]
    finally:
        team.close()


def opened(url: str, folder: Path, rep: str = "ana", *, nudge: bool = False) -> OutboxStore:
    """The rep's team store with its outbox in `folder`, the dial loop's first reads done (as
    the app's start makes them); it sends from a thread on its own only with `nudge`."""
    store = open_team_store(url, rep, folder, nudge=nudge)
    ids = store.queue_ids(AT, END)
    for pid in store.prospects(ids):
        store.history(pid)
    store.day_counts(DAY)
    store.call_times(DAY)
    store.last_rejection(DAY)
    store.has_prospects()
    return store


def log(store: Store, p: Prospect, name: str, at: datetime = AT) -> CallRecord:
    """Log `name` for `p` as the session does (its next state by the domain's rules)."""
    state = next_state(p.state, BY_NAME[name], at, QueueRules())
    return store.log_outcome(p, OutcomeName(name), at, DAY, state)


def rows(cluster: Cluster, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """What the server holds, read as its superuser (every rep's rows)."""
    with admin(cluster) as conn:
        return list(conn.execute(sql, params).fetchall())


def admin(cluster: Cluster) -> psycopg.Connection[tuple[Any, ...]]:
    """A superuser's connection (autocommit), to change what the app can't."""
    return psycopg.connect(cluster.admin_url, autocommit=True)

"""The team tests' fixtures (a pytest plugin, loaded by conftest): one throwaway PostgreSQL
cluster per test run, the schema made once by the real `team init` code, every table emptied
before each test; `any_store`, one parametrised fixture that runs a store test on SQLite and on
PostgreSQL; `team_store`, a factory of one store per rep on the same database.

Without PostgreSQL the team tests skip, saying why, unless NEXTCALL_REQUIRE_POSTGRES=1 (CI sets
it once it installed PostgreSQL): then they fail."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nextcall.store import Store
from nextcall.store.sqlite import SQLiteStore
from pg_cluster import Cluster, bin_dir, start_cluster

TABLES = (
    "prospects, dnc, calls, call_private, day_totals, meeting_dials, wins, meta, day_plans,"
    " blocks, prospect_edits, claims, reps, outbox_sent"
)
REQUIRED = os.environ.get("NEXTCALL_REQUIRE_POSTGRES") == "1"


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"NEXTCALL_REQUIRE_POSTGRES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The run's PostgreSQL server, with nextcall's schema made by `team init`'s own code."""
    if bin_dir() is None:
        _unavailable("needs PostgreSQL installed (initdb not found)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("needs psycopg (pip install 'nextcall[team]')")
    cluster = start_cluster()
    from nextcall.store.postgres.connection import connect, migrate

    conn = connect(cluster.url, "setup")
    migrate(conn)
    conn.close()
    yield cluster
    cluster.stop("immediate")
    cluster.remove()


@pytest.fixture
def team_url(pg_cluster: Cluster) -> str:
    """The team database's URL, every table empty and every id counting from 1 again."""
    import psycopg

    with psycopg.connect(pg_cluster.admin_url, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")
    return pg_cluster.url


@pytest.fixture
def team_store(team_url: str) -> Iterator[Callable[[str], Store]]:
    """`team_store("ana")`: a store on the team database as that rep (closed at the end)."""
    from nextcall.store.postgres import PostgresStore

    opened: list[Store] = []

    def open_as(rep: str) -> Store:
        store = PostgresStore.open(team_url, rep)
        opened.append(store)
        return store

    yield open_as
    for store in opened:
        store.close()


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same store test on one rep's SQLite file and on the team database (as rep "ana")."""
    if request.param == "sqlite":
        store: Store = SQLiteStore.open(tmp_path / "data" / "nextcall.db")
    else:
        url = request.getfixturevalue("team_url")
        from nextcall.store.postgres import PostgresStore

        store = PostgresStore.open(url, "ana")
    yield store
    store.close()

"""The team database's schema: `team init` makes it, opening checks it, claims are atomic."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from nextcall.store import Store
from nextcall.store.postgres import PostgresStore, TeamSchemaError, TeamUnreachable, safe_url
from nextcall.store.postgres.connection import connect, migrate, schema_version
from nextcall.store.postgres.schema import LATEST
from pg_cluster import Cluster


def test_init_twice_changes_nothing(team_url: str) -> None:
    conn = connect(team_url, "ana")
    assert migrate(conn) == (LATEST, LATEST)
    assert schema_version(conn) == LATEST
    conn.close()


def test_an_empty_database_is_refused_with_what_to_do(pg_cluster: Cluster) -> None:
    with psycopg.connect(
        pg_cluster.admin_url.rsplit("/", 1)[0] + "/postgres", autocommit=True
    ) as c:
        c.execute("DROP DATABASE IF EXISTS empty_team")
        c.execute("CREATE DATABASE empty_team OWNER nextcall_app")
    url = pg_cluster.url.rsplit("/", 1)[0] + "/empty_team"
    with pytest.raises(TeamSchemaError, match="nextcall team init"):
        PostgresStore.open(url, "ana")


def test_an_unreachable_server_is_said_without_the_password() -> None:
    with pytest.raises(TeamUnreachable) as err:
        PostgresStore.open("postgresql://ana:s3cret-pw@127.0.0.1:1/team", "ana")
    assert "s3cret-pw" not in str(err.value)
    assert "127.0.0.1:1" in str(err.value)


def test_safe_url_drops_the_password() -> None:
    assert safe_url("postgresql://ana:pw@db.example:6543/sales") == (
        "postgresql://ana@db.example:6543/sales"
    )


def test_a_claim_is_one_reps_until_released(team_store: Callable[[str], Store]) -> None:
    ana, ben = team_store("ana"), team_store("ben")
    ana_pg = ana
    assert isinstance(ana_pg, PostgresStore)
    ana_pg.conn.execute(
        "INSERT INTO prospects (name, phone, phone_display, due_at, created_at)"
        " VALUES ('P', '+15550000001', '555', '2026-01-01T00:00:00.000Z', 'x')"
    )
    before = ben.queue_stamp()
    assert ana.claim(1, 10)
    assert ben.queue_stamp() != before
    assert not ben.claim(1, 10)
    assert ana.claim(1, 10)  # renewing one's own
    ana.release(1)
    assert ben.claim(1, 10)


def test_the_team_store_is_a_whole_store(team_store: Callable[[str], Store]) -> None:
    """Every method of the Store interface is there (mypy checks the signatures)."""
    store: Store = team_store("ana")
    assert isinstance(store, Store)
    assert store.rep == "ana" and store.path is None
    reader = store.reader()
    assert reader is not None and reader.rep == "ana"
    reader.close()

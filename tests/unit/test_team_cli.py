"""Team mode on the command line, through `main([...])` against a real PostgreSQL: the switch,
`team init`, `team status`, the team-only commands. Failures and passwords:
test_team_cli_failures.py."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from nextcall.config import Config
from nextcall.domain.clock import SystemClock, today
from nextcall.domain.outcomes import OutcomeName, outcome
from nextcall.domain.prospects import next_state
from nextcall.store import Store
from nextcall.store.postgres import PostgresStore
from nextcall.store.postgres.connection import connect, schema_version
from nextcall.store.postgres.schema import LATEST
from nextcall.store.sqlite.lock import InstanceLock
from pg_cluster import APP_ROLE, Cluster, free_port
from team_cli_fixtures import Run, admin
from team_demo import team_list


@pytest.fixture
def fresh_url(pg_cluster: Cluster) -> Iterator[str]:
    """A new empty database owned by the app's role (dropped at the end)."""
    name = f"fresh_{os.getpid()}"
    with admin(pg_cluster) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name}")
        c.execute(f"CREATE DATABASE {name} OWNER {APP_ROLE}")
    yield pg_cluster.url.rsplit("/", 1)[0] + f"/{name}"
    with admin(pg_cluster) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _add_prospects(url: str, count: int) -> None:
    conn = connect(url, "setup")
    for n in range(1, count + 1):
        conn.execute(
            "INSERT INTO prospects (name, phone, phone_display, due_at, created_at)"
            " VALUES (%s, %s, %s, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
            (f"P{n}", f"+1555000{n:04d}", f"555 {n:04d}"),
        )
    conn.close()


# -- no team database ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv", [("team", "status"), ("team", "init"), ("floor",), ("stats", "--team", "--json")]
)
def test_team_commands_without_a_team_database_say_how_to_set_one(
    nextcall: Run, home: Path, argv: tuple[str, ...]
) -> None:
    code, out, err = nextcall(*argv)
    assert code == 2 and out == ""
    assert "NEXTCALL_DATABASE_URL" in err and str(home / "config.toml") in err
    assert "[team] database" in err


@pytest.mark.parametrize("argv", [("team", "status"), ("floor",), ("stats", "--team")])
def test_the_demo_is_never_a_team_database(
    nextcall: Run, home: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", f"postgresql://x@127.0.0.1:{free_port()}/t")
    code, _, err = nextcall("--demo", *argv)
    assert code == 2 and "make team-demo" in err


def test_the_demo_stays_on_its_own_file_in_team_mode(
    nextcall: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", f"postgresql://x@127.0.0.1:{free_port()}/t")
    code, out, _ = nextcall("--demo", "stats", "--json")
    assert code == 0 and '"prospects": 40' in out


# -- team init ---------------------------------------------------------------------------------


def test_init_creates_the_schema_then_finds_it_up_to_date(
    nextcall: Run, home: Path, fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", fresh_url)
    code, out, err = nextcall("team", "init")
    assert code == 0 and err == ""
    assert f"schema version {LATEST} (was none)" in out
    assert fresh_url.split("@")[1] in out
    code, out, _ = nextcall("team", "init")
    assert code == 0 and f"schema version {LATEST} (was {LATEST}): already up to date" in out
    conn = connect(fresh_url, "ana")
    assert schema_version(conn) == LATEST
    conn.close()


def test_no_command_but_init_makes_the_schema(
    nextcall: Run, home: Path, fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", fresh_url)
    for argv in (("stats",), ("export", "calls"), ()):
        code, _, err = nextcall(*argv)
        assert code == 2 and "no nextcall schema" in err and "nextcall team init" in err
    code, out, err = nextcall("team", "status")
    assert code == 2 and "none yet" in out and "nextcall team init" in err
    conn = connect(fresh_url, "ana")
    assert schema_version(conn) is None
    conn.close()


def test_a_newer_schema_is_left_alone_and_refused(
    nextcall: Run, home: Path, fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", fresh_url)
    assert nextcall("team", "init")[0] == 0
    conn = connect(fresh_url, "ana")
    conn.execute("UPDATE nextcall_schema SET version = %s", (LATEST + 1,))
    code, _, err = nextcall("team", "init")
    assert code == 2 and "newer nextcall" in err and "upgrade" in err
    code, out, err = nextcall("team", "status")
    assert code == 2 and "made by a newer nextcall" in out and "upgrade nextcall" in err
    code, _, err = nextcall("stats")
    assert code == 2 and "newer nextcall" in err
    assert schema_version(conn) == LATEST + 1
    conn.close()


def test_an_older_schema_asks_for_init(
    nextcall: Run, home: Path, fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", fresh_url)
    assert nextcall("team", "init")[0] == 0
    conn = connect(fresh_url, "ana")
    conn.execute("UPDATE nextcall_schema SET version = %s", (LATEST - 1,))
    conn.close()
    code, out, err = nextcall("team", "status")
    assert code == 2
    assert f"version {LATEST - 1}, this nextcall needs {LATEST}" in out
    assert "nextcall team init" in err
    code, _, err = nextcall("stats")
    assert code == 2 and f"schema version {LATEST - 1}" in err and "nextcall team init" in err


# -- team status -------------------------------------------------------------------------------


def test_status_names_the_database_the_rep_and_who_is_on_the_floor(
    nextcall: Run, on_team: str, team_store: Callable[[str], Store], pg_cluster: Cluster
) -> None:
    _add_prospects(on_team, 5)
    ana, ben = team_store("ana"), team_store("ben")
    assert ana.claim(1, 10)
    ana.set_on_call(1)
    assert ben.claim(2, 10) and ben.claim(3, 10)
    with admin(pg_cluster, "team") as c:
        c.execute("INSERT INTO reps VALUES ('gone home', now() - interval '20 minutes')")
        c.execute("UPDATE reps SET seen_at = now() - interval '3 minutes' WHERE rep = 'ben'")
    code, out, err = nextcall("team", "status")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"team database  {on_team}"
    assert lines[1] == f"logged in as   {APP_ROLE}"
    assert lines[2] == "rep            ana"
    assert lines[3] == f"schema         version {LATEST}, up to date"
    assert lines[4] == "on the floor   2 reps seen lately, 1 on a call now"
    assert lines[5].split() == ["ana", "on", "a", "call", "holds", "1", "seen", "just", "now"]
    assert lines[6].split() == ["ben", "holds", "2", "seen", "3", "min", "ago"]
    assert "gone home" not in out


def test_status_on_a_quiet_floor(nextcall: Run, on_team: str) -> None:
    code, out, _ = nextcall("team", "status")
    assert code == 0 and "nobody seen in the last 15 minutes" in out


def test_status_shows_rep_names_inert(nextcall: Run, on_team: str, pg_cluster: Cluster) -> None:
    with admin(pg_cluster, "team") as c:
        c.execute("INSERT INTO reps VALUES (%s, now())", ("eve\x1b[2J\x07",))
    code, out, _ = nextcall("team", "status")
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "eve" in out


def test_the_rep_is_the_login_name_without_a_config(
    nextcall: Run, on_team: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "config.toml").write_text("")
    monkeypatch.setattr("getpass.getuser", lambda: "dana")
    code, out, _ = nextcall("team", "status")
    assert code == 0 and "rep            dana" in out


def test_a_superuser_login_is_warned_about(
    nextcall: Run, home: Path, pg_cluster: Cluster, team_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", pg_cluster.admin_url)
    for action in ("status", "init"):
        code, _, err = nextcall("team", action)
        assert code == 0
        assert "a superuser" in err and "ordinary login role" in err


def test_an_ordinary_login_is_not_warned_about(nextcall: Run, on_team: str) -> None:
    code, _, err = nextcall("team", "init")
    assert code == 0 and err == ""


# -- every command on the team database --------------------------------------------------------


def test_commands_open_the_team_database_as_the_rep(
    nextcall: Run, on_team: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Store] = []

    def floor(args: Any, store: Store, clock: Any, config: Any) -> int:
        seen.append(store)
        return 0

    def team_stats(args: Any, store: Store, clock: Any) -> int:
        assert args.team and args.json
        seen.append(store)
        return 0

    monkeypatch.setattr("nextcall.cli.floor.run", floor)
    monkeypatch.setattr("nextcall.cli.team_stats.run", team_stats)
    assert nextcall("floor")[0] == 0
    assert nextcall("stats", "--team", "--json")[0] == 0
    assert [s.rep for s in seen] == ["ana", "ana"]
    assert all(isinstance(s, PostgresStore) and s.conn.closed for s in seen)


def test_stats_in_team_mode_are_the_reps_own(
    nextcall: Run, on_team: str, team_store: Callable[[str], Store]
) -> None:
    clock = SystemClock()
    now, day = clock.now(), today(clock)
    ana, ben = team_store("ana"), team_store("ben")
    ana.add_prospects(team_list(3), now - timedelta(days=1))
    for store, pid in ((ana, 1), (ben, 2), (ben, 3)):
        prospect = store.prospect(pid)
        assert prospect is not None
        state = next_state(prospect.state, outcome("no_answer"), now, Config().calling.rules())
        store.log_outcome(prospect, OutcomeName.NO_ANSWER, now, day, state)
    code, out, _ = nextcall("stats", "--json")
    assert code == 0
    figures = json.loads(out)
    assert figures["dials"] == 1 and figures["by_outcome"]["no_answer"] == 1


def test_import_dry_run_reads_the_team_database_and_keeps_nothing(
    nextcall: Run, on_team: str, home: Path
) -> None:
    listing = home / "list.csv"
    listing.write_text("Name,Phone\nAda Okafor,+1 212 555 0101\nBram Novak,+1 312 555 0102\n")
    code, out, _ = nextcall("import", str(listing), "--dry-run")
    assert code == 0 and "would import 2, merge 0" in out
    assert not (home / "data").exists()  # no lock, no SQLite file
    with psycopg.connect(on_team) as conn:
        assert conn.execute("SELECT count(*) FROM prospects").fetchone() == (0,)
    code, out, _ = nextcall("import", str(listing))
    assert code == 0 and "imported 2" in out
    code, out, _ = nextcall("import", str(listing), "--dry-run")
    assert code == 0 and "would import 0, merge 2" in out
    with psycopg.connect(on_team) as conn:
        assert conn.execute("SELECT count(*) FROM prospects").fetchone() == (2,)


def test_restore_in_team_mode_says_the_server_keeps_backups(
    nextcall: Run, on_team: str, home: Path
) -> None:
    code, _, err = nextcall("restore")
    assert code == 2 and "server keeps its backups" in err
    assert not (home / "data").exists()


def test_one_app_per_rep_on_this_machine(nextcall: Run, on_team: str, home: Path) -> None:
    (home / "data").mkdir(mode=0o700)
    lock = InstanceLock(home / "data" / "nextcall.lock")
    lock.acquire()
    try:
        code, _, err = nextcall()
    finally:
        lock.release()
    assert code == 1 and "running" in err

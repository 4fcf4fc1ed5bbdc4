"""Team mode on the command line, through `main([...])` against a real PostgreSQL: the switch,
`team init`, `team status`, the team-only commands, and every way of failing (exit 2, a clear
message, never a traceback, never a password)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from nextcall.__main__ import main
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
from team_demo import team_list

SECRET = "s3cret-Pw"
PW_ROLE = "nextcall_pw"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """`run("team", "status")`: main's exit code, stdout and stderr."""

    def go(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return go


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config naming the rep "ana", a data folder, and no password from the real user."""
    config = tmp_path / "config.toml"
    config.write_text('[team]\nrep = "ana"\n')
    monkeypatch.setenv("NEXTCALL_CONFIG", str(config))
    monkeypatch.setenv("NEXTCALL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    for var in ("PGPASSWORD", "PGPASSFILE", "PGSERVICE", "PGSERVICEFILE", "PGUSER"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


@pytest.fixture
def on_team(team_url: str, home: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", team_url)
    return team_url


def _admin(cluster: Cluster, database: str = "postgres") -> psycopg.Connection[Any]:
    return psycopg.connect(cluster.admin_url.rsplit("/", 1)[0] + f"/{database}", autocommit=True)


@pytest.fixture
def fresh_url(pg_cluster: Cluster) -> Iterator[str]:
    """A new empty database owned by the app's role (dropped at the end)."""
    name = f"fresh_{os.getpid()}"
    with _admin(pg_cluster) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name}")
        c.execute(f"CREATE DATABASE {name} OWNER {APP_ROLE}")
    yield pg_cluster.url.rsplit("/", 1)[0] + f"/{name}"
    with _admin(pg_cluster) as c:
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
    run: Run, home: Path, argv: tuple[str, ...]
) -> None:
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert "NEXTCALL_DATABASE_URL" in err and str(home / "config.toml") in err
    assert "[team] database" in err


@pytest.mark.parametrize("argv", [("team", "status"), ("floor",), ("stats", "--team")])
def test_the_demo_is_never_a_team_database(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", f"postgresql://x@127.0.0.1:{free_port()}/t")
    code, _, err = run("--demo", *argv)
    assert code == 2 and "make team-demo" in err


def test_the_demo_stays_on_its_own_file_in_team_mode(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", f"postgresql://x@127.0.0.1:{free_port()}/t")
    code, out, _ = run("--demo", "stats", "--json")
    assert code == 0 and '"prospects": 40' in out


# -- team init ---------------------------------------------------------------------------------


def test_init_creates_the_schema_then_finds_it_up_to_date(
    run: Run, home: Path, fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", fresh_url)
    code, out, err = run("team", "init")
    assert code == 0 and err == ""
    assert f"schema version {LATEST} (was none)" in out
    assert fresh_url.split("@")[1] in out
    code, out, _ = run("team", "init")
    assert code == 0 and f"schema version {LATEST} (was {LATEST}): already up to date" in out
    conn = connect(fresh_url, "ana")
    assert schema_version(conn) == LATEST
    conn.close()


def test_no_command_but_init_makes_the_schema(
    run: Run, home: Path, fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", fresh_url)
    for argv in (("stats",), ("export", "calls"), ()):
        code, _, err = run(*argv)
        assert code == 2 and "no nextcall schema" in err and "nextcall team init" in err
    code, out, err = run("team", "status")
    assert code == 2 and "none yet" in out and "nextcall team init" in err
    conn = connect(fresh_url, "ana")
    assert schema_version(conn) is None
    conn.close()


def test_a_newer_schema_is_left_alone_and_refused(
    run: Run, home: Path, fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", fresh_url)
    assert run("team", "init")[0] == 0
    conn = connect(fresh_url, "ana")
    conn.execute("UPDATE nextcall_schema SET version = %s", (LATEST + 1,))
    code, _, err = run("team", "init")
    assert code == 2 and "newer nextcall" in err and "upgrade" in err
    code, out, err = run("team", "status")
    assert code == 2 and "made by a newer nextcall" in out and "upgrade nextcall" in err
    code, _, err = run("stats")
    assert code == 2 and "newer nextcall" in err
    assert schema_version(conn) == LATEST + 1
    conn.close()


def test_an_older_schema_asks_for_init(
    run: Run, home: Path, fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", fresh_url)
    assert run("team", "init")[0] == 0
    conn = connect(fresh_url, "ana")
    conn.execute("UPDATE nextcall_schema SET version = %s", (LATEST - 1,))
    conn.close()
    code, out, err = run("team", "status")
    assert code == 2
    assert f"version {LATEST - 1}, this nextcall needs {LATEST}" in out
    assert "nextcall team init" in err
    code, _, err = run("stats")
    assert code == 2 and f"schema version {LATEST - 1}" in err and "nextcall team init" in err


# -- team status -------------------------------------------------------------------------------


def test_status_names_the_database_the_rep_and_who_is_on_the_floor(
    run: Run, on_team: str, team_store: Callable[[str], Store], pg_cluster: Cluster
) -> None:
    _add_prospects(on_team, 5)
    ana, ben = team_store("ana"), team_store("ben")
    assert ana.claim(1, 10)
    ana.set_on_call(1)
    assert ben.claim(2, 10) and ben.claim(3, 10)
    with _admin(pg_cluster, "team") as c:
        c.execute("INSERT INTO reps VALUES ('gone home', now() - interval '20 minutes')")
        c.execute("UPDATE reps SET seen_at = now() - interval '3 minutes' WHERE rep = 'ben'")
    code, out, err = run("team", "status")
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


def test_status_on_a_quiet_floor(run: Run, on_team: str) -> None:
    code, out, _ = run("team", "status")
    assert code == 0 and "nobody seen in the last 15 minutes" in out


def test_status_shows_rep_names_inert(run: Run, on_team: str, pg_cluster: Cluster) -> None:
    with _admin(pg_cluster, "team") as c:
        c.execute("INSERT INTO reps VALUES (%s, now())", ("eve\x1b[2J\x07",))
    code, out, _ = run("team", "status")
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "eve" in out


def test_the_rep_is_the_login_name_without_a_config(
    run: Run, on_team: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "config.toml").write_text("")
    monkeypatch.setattr("getpass.getuser", lambda: "dana")
    code, out, _ = run("team", "status")
    assert code == 0 and "rep            dana" in out


def test_a_superuser_login_is_warned_about(
    run: Run, home: Path, pg_cluster: Cluster, team_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", pg_cluster.admin_url)
    for action in ("status", "init"):
        code, _, err = run("team", action)
        assert code == 0
        assert "a superuser" in err and "ordinary login role" in err


def test_an_ordinary_login_is_not_warned_about(run: Run, on_team: str) -> None:
    code, _, err = run("team", "init")
    assert code == 0 and err == ""


# -- failures: never a traceback, never a password --------------------------------------------


@pytest.mark.parametrize("argv", [("team", "status"), ("team", "init"), ("stats",), ()])
def test_a_server_that_is_down_is_a_message(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    port = free_port()
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", f"postgresql://ana:{SECRET}@127.0.0.1:{port}/t")
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert f"postgresql://ana@127.0.0.1:{port}/t" in err
    assert "is the server running" in err
    assert SECRET not in err


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://ana:{SECRET}%zz@127.0.0.1/team",
        f"postgresql://ana:{SECRET} x@127.0.0.1/team",
        f"postgresql://ana:{SECRET}@[::1/team",
        f"postgresql://ana:{SECRET}@127.0.0.1/team?nonsense=1",
        f"postgresql://ana:{SECRET}@127.0.0.1:notaport/team",
        f"not a url {SECRET}",
    ],
)
@pytest.mark.parametrize("argv", [("team", "status"), ("stats",)])
def test_an_unreadable_url_is_a_message_without_its_password(
    run: Run, home: Path, monkeypatch: pytest.MonkeyPatch, url: str, argv: tuple[str, ...]
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", url)
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert "team database" in err
    assert SECRET not in err


def test_a_refused_login_is_a_message(
    run: Run, home: Path, pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "NEXTCALL_DATABASE_URL", f"postgresql://nobody@127.0.0.1:{pg_cluster.port}/team"
    )
    code, _, err = run("team", "status")
    assert code == 2 and 'role "nobody" does not exist' in err


def test_without_psycopg_team_mode_says_what_to_install(
    run: Run, on_team: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    for argv in (("team", "status"), ("stats",), ("floor",), ("import", "x.csv", "--dry-run")):
        code, _, err = run(*argv)
        assert code == 2 and "pip install 'nextcall[team]'" in err


# -- passwords the libpq ways ------------------------------------------------------------------


@pytest.fixture(scope="session")
def pw_cluster(pg_cluster: Cluster) -> Cluster:
    """The cluster with a role that must give a password (scram-sha-256 for it alone; every
    other role keeps the throwaway cluster's trust), a member of the app's role."""
    with _admin(pg_cluster) as c:
        if c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (PW_ROLE,)).fetchone() is None:
            c.execute(f"CREATE ROLE {PW_ROLE} LOGIN NOSUPERUSER IN ROLE {APP_ROLE}")
        c.execute(f"ALTER ROLE {PW_ROLE} PASSWORD '{SECRET}'")
        hba = pg_cluster.folder / "data" / "pg_hba.conf"
        rule = f"host all {PW_ROLE} 127.0.0.1/32 scram-sha-256\n"
        if rule not in hba.read_text():
            hba.write_text(rule + hba.read_text())
        c.execute("SELECT pg_reload_conf()")
    return pg_cluster


@pytest.fixture
def pw_url(pw_cluster: Cluster, team_url: str, home: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"postgresql://{PW_ROLE}@127.0.0.1:{pw_cluster.port}/team"
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", url)
    return url


def test_without_a_password_the_libpq_ways_are_named(run: Run, pw_url: str) -> None:
    code, _, err = run("team", "status")
    assert code == 2 and "no password supplied" in err
    assert "~/.pgpass" in err and "PGPASSWORD" in err


def test_a_wrong_password_in_the_url_is_refused_unshown(
    run: Run, pw_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", pw_url.replace("@", ":wrong-Pw-42@"))
    code, _, err = run("team", "status")
    assert code == 2 and "password authentication failed" in err
    assert "wrong-Pw-42" not in err and pw_url in err


def test_a_password_in_the_url_works_unshown(
    run: Run, pw_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", pw_url.replace("@", f":{SECRET}@"))
    code, out, err = run("team", "status")
    assert code == 0 and f"team database  {pw_url}" in out
    assert SECRET not in out + err


def test_pgpassword_works_unshown(run: Run, pw_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", SECRET)
    code, out, err = run("team", "status")
    assert code == 0 and f"logged in as   {PW_ROLE}" in out
    assert SECRET not in out + err


def test_a_pgpass_file_works_unshown(
    run: Run, pw_url: str, home: Path, pw_cluster: Cluster
) -> None:
    pgpass = home / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{pw_cluster.port}:team:{PW_ROLE}:{SECRET}\n")
    pgpass.chmod(0o600)
    code, out, err = run("team", "status")
    assert code == 0 and f"logged in as   {PW_ROLE}" in out
    assert SECRET not in out + err


def test_a_service_file_works_unshown(
    run: Run, pw_url: str, home: Path, pw_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = home / "pg_service.conf"
    services.write_text(
        f"[team]\nhost=127.0.0.1\nport={pw_cluster.port}\ndbname=team\nuser={PW_ROLE}\n"
        f"password={SECRET}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", "postgresql://?service=team")
    code, out, err = run("team", "status")
    assert code == 0 and "team database  postgresql://?service=team" in out
    assert f"logged in as   {PW_ROLE}" in out
    assert SECRET not in out + err


# -- every command on the team database --------------------------------------------------------


def test_commands_open_the_team_database_as_the_rep(
    run: Run, on_team: str, monkeypatch: pytest.MonkeyPatch
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
    assert run("floor")[0] == 0
    assert run("stats", "--team", "--json")[0] == 0
    assert [s.rep for s in seen] == ["ana", "ana"]
    assert all(isinstance(s, PostgresStore) and s.conn.closed for s in seen)


def test_stats_in_team_mode_are_the_reps_own(
    run: Run, on_team: str, team_store: Callable[[str], Store]
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
    code, out, _ = run("stats", "--json")
    assert code == 0
    figures = json.loads(out)
    assert figures["dials"] == 1 and figures["by_outcome"]["no_answer"] == 1


def test_import_dry_run_reads_the_team_database_and_keeps_nothing(
    run: Run, on_team: str, home: Path
) -> None:
    listing = home / "list.csv"
    listing.write_text("Name,Phone\nAda Okafor,+1 212 555 0101\nBram Novak,+1 312 555 0102\n")
    code, out, _ = run("import", str(listing), "--dry-run")
    assert code == 0 and "would import 2, merge 0" in out
    assert not (home / "data").exists()  # no lock, no SQLite file
    with psycopg.connect(on_team) as conn:
        assert conn.execute("SELECT count(*) FROM prospects").fetchone() == (0,)
    code, out, _ = run("import", str(listing))
    assert code == 0 and "imported 2" in out
    code, out, _ = run("import", str(listing), "--dry-run")
    assert code == 0 and "would import 0, merge 2" in out
    with psycopg.connect(on_team) as conn:
        assert conn.execute("SELECT count(*) FROM prospects").fetchone() == (2,)


def test_restore_in_team_mode_says_the_server_keeps_backups(
    run: Run, on_team: str, home: Path
) -> None:
    code, _, err = run("restore")
    assert code == 2 and "server keeps its backups" in err
    assert not (home / "data").exists()


def test_one_app_per_rep_on_this_machine(run: Run, on_team: str, home: Path) -> None:
    (home / "data").mkdir(mode=0o700)
    lock = InstanceLock(home / "data" / "nextcall.lock")
    lock.acquire()
    try:
        code, _, err = run()
    finally:
        lock.release()
    assert code == 1 and "running" in err

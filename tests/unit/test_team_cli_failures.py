"""Team mode's failures on the command line, against a real PostgreSQL: a server that is down,
a URL libpq can't read, a refused login, no psycopg; and libpq's ways of giving a password (in
the URL, PGPASSWORD, ~/.pgpass, a service file). Always exit 2 or 0, one clear line, never a
traceback (`nextcall` checks), never a password."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pg_cluster import APP_ROLE, Cluster, free_port
from team_cli_fixtures import Run, admin

SECRET = "s3cret-Pw"
PW_ROLE = "nextcall_pw"


# -- failures: never a traceback, never a password --------------------------------------------


@pytest.mark.parametrize("argv", [("team", "status"), ("team", "init"), ("stats",), ()])
def test_a_server_that_is_down_is_a_message(
    nextcall: Run, home: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    port = free_port()
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", f"postgresql://ana:{SECRET}@127.0.0.1:{port}/t")
    code, out, err = nextcall(*argv)
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
    nextcall: Run, home: Path, monkeypatch: pytest.MonkeyPatch, url: str, argv: tuple[str, ...]
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", url)
    code, out, err = nextcall(*argv)
    assert code == 2 and out == ""
    assert "team database" in err
    assert SECRET not in err


def test_a_refused_login_is_a_message(
    nextcall: Run, home: Path, pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "NEXTCALL_DATABASE_URL", f"postgresql://nobody@127.0.0.1:{pg_cluster.port}/team"
    )
    code, _, err = nextcall("team", "status")
    assert code == 2 and 'role "nobody" does not exist' in err


def test_without_psycopg_team_mode_says_what_to_install(
    nextcall: Run, on_team: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    for argv in (("team", "status"), ("stats",), ("floor",), ("import", "x.csv", "--dry-run")):
        code, _, err = nextcall(*argv)
        assert code == 2 and "pip install 'nextcall[team]'" in err


# -- passwords the libpq ways ------------------------------------------------------------------


@pytest.fixture(scope="session")
def pw_cluster(pg_cluster: Cluster) -> Cluster:
    """The cluster with a role that must give a password (scram-sha-256 for it alone; every
    other role keeps the throwaway cluster's trust), a member of the app's role."""
    with admin(pg_cluster) as c:
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


def test_without_a_password_the_libpq_ways_are_named(nextcall: Run, pw_url: str) -> None:
    code, _, err = nextcall("team", "status")
    assert code == 2 and "no password supplied" in err
    assert "~/.pgpass" in err and "PGPASSWORD" in err


def test_a_wrong_password_in_the_url_is_refused_unshown(
    nextcall: Run, pw_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", pw_url.replace("@", ":wrong-Pw-42@"))
    code, _, err = nextcall("team", "status")
    assert code == 2 and "password authentication failed" in err
    assert "wrong-Pw-42" not in err and pw_url in err


def test_a_password_in_the_url_works_unshown(
    nextcall: Run, pw_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", pw_url.replace("@", f":{SECRET}@"))
    code, out, err = nextcall("team", "status")
    assert code == 0 and f"team database  {pw_url}" in out
    assert SECRET not in out + err


def test_pgpassword_works_unshown(
    nextcall: Run, pw_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", SECRET)
    code, out, err = nextcall("team", "status")
    assert code == 0 and f"logged in as   {PW_ROLE}" in out
    assert SECRET not in out + err


def test_a_pgpass_file_works_unshown(
    nextcall: Run, pw_url: str, home: Path, pw_cluster: Cluster
) -> None:
    pgpass = home / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{pw_cluster.port}:team:{PW_ROLE}:{SECRET}\n")
    pgpass.chmod(0o600)
    code, out, err = nextcall("team", "status")
    assert code == 0 and f"logged in as   {PW_ROLE}" in out
    assert SECRET not in out + err


def test_a_service_file_works_unshown(
    nextcall: Run, pw_url: str, home: Path, pw_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = home / "pg_service.conf"
    services.write_text(
        f"[team]\nhost=127.0.0.1\nport={pw_cluster.port}\ndbname=team\nuser={PW_ROLE}\n"
        f"password={SECRET}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", "postgresql://?service=team")
    code, out, err = nextcall("team", "status")
    assert code == 0 and "team database  postgresql://?service=team" in out
    assert f"logged in as   {PW_ROLE}" in out
    assert SECRET not in out + err

"""The team CLI tests' fixtures (a pytest plugin, loaded by conftest): `nextcall` calls `main` and
returns its exit code and output; `home`, a config naming the rep "ana" and a data folder, with
none of the real user's PostgreSQL settings; `on_team`, the same on the team database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from nextcall.__main__ import main
from pg_cluster import Cluster

if TYPE_CHECKING:  # imported where used: a laptop without psycopg still runs the other tests
    import psycopg

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def nextcall(capsys: pytest.CaptureFixture[str]) -> Run:
    """`nextcall("team", "status")`: main's exit code, stdout and stderr (never a traceback)."""

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
    """`home` with NEXTCALL_DATABASE_URL set to the (emptied) team database."""
    monkeypatch.setenv("NEXTCALL_DATABASE_URL", team_url)
    return team_url


def admin(cluster: Cluster, database: str = "postgres") -> psycopg.Connection[Any]:
    """A superuser's connection to one of the cluster's databases."""
    import psycopg

    return psycopg.connect(cluster.admin_url.rsplit("/", 1)[0] + f"/{database}", autocommit=True)

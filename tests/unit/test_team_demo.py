"""`make team-demo` (tools/team_demo.py): a fictional team list, simulated reps that never dial
the same prospect twice, and a demo that leaves no server or folder behind however it ends."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

import pg_cluster
import team_demo
from nextcall.__main__ import main
from nextcall.io.phones import parse
from pg_cluster import Cluster


def test_the_team_list_is_fictional_and_has_no_number_twice() -> None:
    people = team_demo.team_list(team_demo.PROSPECTS)
    assert len({p.phone for p in people}) == team_demo.PROSPECTS
    for p in people:
        assert p.phone[5:10] == "55501"  # +1 AAA 555-01xx: kept for fiction
        assert parse(p.phone, "US").e164 == p.phone and p.timezone


def test_simulated_reps_dial_each_prospect_once_and_release_it(team_url: str) -> None:
    team_demo.seed_team(team_url, count=80, morning=12)
    with team_demo.team_reps(team_url, minutes=0.05, call_seconds=(0.01, 0.05)) as reps:
        for rep in reps:
            rep.join(timeout=30)
    assert not any(rep.is_alive() for rep in reps)
    assert sum(rep.calls for rep in reps) > 10
    with psycopg.connect(team_url) as conn:
        live = conn.execute(
            "SELECT prospect_id, count(*), count(DISTINCT rep) FROM calls"
            " WHERE in_history = 0 GROUP BY prospect_id"
        ).fetchall()
        assert live and all(n == 1 and reps_ == 1 for _, n, reps_ in live)
        morning = conn.execute("SELECT count(*) FROM calls WHERE in_history = 1").fetchone()
        assert morning == (12,)
        assert conn.execute("SELECT count(*) FROM claims").fetchone() == (0,)
        by_rep = conn.execute("SELECT count(DISTINCT rep) FROM calls").fetchone()
        assert by_rep == (len(team_demo.REPS),)


@pytest.fixture
def demo_env(monkeypatch: pytest.MonkeyPatch) -> list[Cluster]:
    """The demo's environment given back after the test; the clusters it started."""
    for var in ("NEXTCALL_DATABASE_URL", "NEXTCALL_CONFIG", "NEXTCALL_DATA_DIR"):
        monkeypatch.setenv(var, "")
    started: list[Cluster] = []

    def start() -> Cluster:
        started.append(pg_cluster.start_cluster())
        return started[-1]

    monkeypatch.setattr(team_demo, "start_cluster", start)
    monkeypatch.setattr(team_demo, "PROSPECTS", 40)
    monkeypatch.setattr(team_demo, "MORNING", 8)
    return started


def _gone(cluster: Cluster) -> bool:
    return not cluster.folder.exists() and not Path(cluster.folder / "data").exists()


def test_the_demo_shows_the_team_then_leaves_nothing_behind(
    demo_env: list[Cluster], capsys: pytest.CaptureFixture[str]
) -> None:
    def show() -> int:
        capsys.readouterr()
        assert main(["team", "status"]) == 0
        out = capsys.readouterr().out
        assert "rep            lead" in out and "schema         version" in out
        return 0

    assert team_demo.run(show, minutes=0.05) == 0
    [cluster] = demo_env
    assert _gone(cluster)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(cluster.url, connect_timeout=2)


def test_ctrl_c_leaves_nothing_behind(demo_env: list[Cluster]) -> None:
    def show() -> int:
        raise KeyboardInterrupt

    assert team_demo.run(show, minutes=0.05) == 130
    [cluster] = demo_env
    assert _gone(cluster)


def test_without_postgresql_the_demo_says_what_it_needs(
    demo_env: list[Cluster], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing() -> Cluster:
        raise FileNotFoundError("PostgreSQL's initdb was not found")

    monkeypatch.setattr(team_demo, "start_cluster", missing)
    assert team_demo.run(lambda: 0) == 2
    assert "apt-get install postgresql" in capsys.readouterr().err

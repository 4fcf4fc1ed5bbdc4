"""bench/team.py, the team figures of `make bench`: a short run of simulated reps measures both
figures and their floors on a real PostgreSQL; the team bars are held on a quiet machine where
PostgreSQL is installed, and never where it is not."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))  # after tests/

import figures  # noqa: E402
import team  # noqa: E402
from pg_cluster import Cluster  # noqa: E402


def test_the_team_bars_are_held_on_a_quiet_machine_with_postgresql() -> None:
    assert set(figures.TEAM_BARS) <= set(figures.held_bars(True))
    assert not set(figures.TEAM_BARS) & set(figures.held_bars(True, team=False))
    assert not set(figures.TEAM_BARS) & set(figures.held_bars(False))
    measured = dict.fromkeys(figures.TEAM_BARS, None)
    assert figures.missed(measured, quiet_machine=True, team=False) == [
        m for m in figures.missed(measured, quiet_machine=True) if not m.startswith("team_")
    ]
    judged = figures.judged(measured, quiet_machine=True, team=False)
    assert judged["bars"] == {**figures.BARS, **figures.QUIET_BARS, **figures.TEAM_BARS}


def test_a_short_run_measures_both_figures_and_their_floors(pg_cluster: Cluster) -> None:
    assert team.unavailable() is None
    team.fresh_list(pg_cluster)
    run = team.load(pg_cluster, reps=3, seconds=3.0, pace=1.0, per_process=2)
    assert run["error_count"] == 0 and run["outcomes"] > 0
    assert run["claims"] >= 2 * run["outcomes"]  # the resting cursor's claim, the dial's
    for part in ("claim", "commit", "floor_commit", "floor_round_trip"):
        assert run[part]["p99_ms"] > 0
    found = team.figures_of(run)
    assert found == {
        "team_claim_p99_ms": run["claim"]["p99_ms"],
        "team_outcome_commit_p99_ms": run["commit"]["p99_ms"],
    }
    assert set(team.over_floor(run)) == set(figures.TEAM_BARS)


def test_a_failing_rep_leaves_the_figures_unmeasured() -> None:
    run = {"error_count": 1, "claim": {"p99_ms": 1.0}, "commit": {"p99_ms": 1.0}}
    assert team.figures_of(run) == dict.fromkeys(figures.TEAM_BARS)
    assert not team.meets(run)

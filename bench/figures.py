"""Summaries of samples, and the bars of SPEC 12 they are held to."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

BARS: dict[str, float] = {
    "startup_ratio": 1.3,
    "rss_ratio": 1.5,
    "outcome_commit_ratio": 3.0,
    "outcome_frame_ratio": 1.5,
    "queue_move_ratio": 1.5,
    "import_50k_s": 3.0,
    "review_ms": 100.0,
    "timer_drift_ms": 100.0,
    "idle_cpu_pct": 1.0,
}
"""The bars every run is held to (SPEC 12): a figure meets its bar when it is at most this."""

QUIET_BARS: dict[str, float] = {
    "outcome_commit_p99_ms": 5.0,
    "outcome_frame_p90_ms": 33.0,
    "queue_move_p90_ms": 33.0,
}
"""SPEC 12's absolute per-key bars, which hold "on a quiet run" (issue 10): a shared machine moves
these milliseconds by half between two runs, so a run is held to them only when its runner says
the machine is quiet (`run.py --quiet-machine`); otherwise they are reported, with `meets`, and
the per-key figures are held to their ratios in BARS."""


def percentile(samples: Sequence[float], p: float) -> float:
    """The nearest-rank percentile: the smallest sample with at least p% of samples <= it."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def summary(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50/p90/p99/max of latencies already in ms (empty when there are none)."""
    if not samples_ms:
        return {}
    return {
        "p50_ms": round(percentile(samples_ms, 50), 3),
        "p90_ms": round(percentile(samples_ms, 90), 3),
        "p99_ms": round(percentile(samples_ms, 99), 3),
        "max_ms": round(max(samples_ms), 3),
    }


def pick(result: dict[str, Any], *path: str) -> float | None:
    """result[path[0]][path[1]]..., or None when any step is missing."""
    value: Any = result
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value)


def ratio(figure: float | None, floor: float | None) -> float | None:
    """figure / floor, or None when either is missing or the floor is not above zero."""
    if figure is None or floor is None or floor <= 0:
        return None
    return round(figure / floor, 3)


TEAM_BARS: dict[str, float] = {
    "team_claim_p99_ms": 20.0,
    "team_outcome_commit_p99_ms": 10.0,
}
"""Issue 11's team figures (bench/team.py): absolute milliseconds on a loopback PostgreSQL, an
outcome's waiting for this machine's disk. Held as QUIET_BARS are (a quiet run), and only where
PostgreSQL is installed: elsewhere they are null, with the reason, and not held."""


def held_bars(quiet_machine: bool, *, team: bool = True) -> dict[str, float]:
    """The bars a run is held to: BARS, and QUIET_BARS (and, with `team`, TEAM_BARS) too when
    the machine is quiet."""
    if not quiet_machine:
        return dict(BARS)
    return {**BARS, **QUIET_BARS, **(TEAM_BARS if team else {})}


def judged(
    figures: dict[str, float | None], *, quiet_machine: bool, team: bool = True
) -> dict[str, object]:
    """Every bar and, for each figure, whether it meets it (None when not measured); `held`
    names the bars this run is held to, and `all_met` is about those. `team`: the team
    figures could be measured here (PostgreSQL is installed)."""
    bars = {**BARS, **QUIET_BARS, **TEAM_BARS}
    meets = {
        name: None if (value := figures.get(name)) is None else value <= bar
        for name, bar in bars.items()
    }
    held = held_bars(quiet_machine, team=team)
    return {
        "bars": bars,
        "meets": meets,
        "held": list(held),
        "all_met": all(meets[name] for name in held),
    }


def missed(
    figures: dict[str, float | None], *, quiet_machine: bool, team: bool = True
) -> list[str]:
    """Each held bar a figure misses or could not be measured for, said in a few words."""
    return [
        f"{name} {value} > {bar}" if value is not None else f"{name} not measured"
        for name, bar in held_bars(quiet_machine, team=team).items()
        if (value := figures.get(name)) is None or value > bar
    ]


def latencies(samples: dict[str, Any]) -> dict[str, Any]:
    """A per-key report from raw samples: `to_frame_ms`, `missed`, and optionally `to_commit_ms`
    and `by_kind` (frame latencies split by what the key was)."""
    frame_ms: list[float] = samples.get("to_frame_ms", [])
    commit_ms: list[float] = samples.get("to_commit_ms", [])
    by_kind: dict[str, list[float]] = samples.get("by_kind", {})
    out: dict[str, Any] = {"keys": len(frame_ms) + samples["missed"], "missed": samples["missed"]}
    if frame_ms:
        out["to_frame"] = summary(frame_ms)
    if commit_ms:
        out["to_commit"] = summary(commit_ms)
    if by_kind:
        out["to_frame_by_kind"] = {k: summary(v) for k, v in sorted(by_kind.items())}
    return out


def pooled(parts: Sequence[Any]) -> Any:
    """Raw samples of several rounds as one: lists joined, counts added, dicts merged key by
    key (a key missing from a round contributes nothing)."""
    first = parts[0]
    if isinstance(first, dict):
        keys = dict.fromkeys(k for part in parts for k in part)
        return {k: pooled([part[k] for part in parts if k in part]) for k in keys}
    if isinstance(first, list):
        return [value for part in parts for value in part]
    return sum(parts)

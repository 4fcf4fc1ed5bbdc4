"""Summaries of samples, and the bars of SPEC 12 they are held to."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

BARS: dict[str, float] = {
    "startup_ratio": 1.3,
    "rss_ratio": 1.5,
    "outcome_commit_p99_ms": 5.0,
    "outcome_frame_p90_ms": 33.0,
    "queue_move_p90_ms": 33.0,
    "import_50k_s": 3.0,
    "review_ms": 100.0,
    "timer_drift_ms": 100.0,
    "idle_cpu_pct": 1.0,
}
"""Each figure's upper bound (SPEC 12): a figure meets its bar when it is at most this."""


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


def judged(figures: dict[str, float | None]) -> dict[str, object]:
    """The bars and, for each figure, whether it meets its bar (None when not measured)."""
    meets = {
        name: None if (value := figures.get(name)) is None else value <= bar
        for name, bar in BARS.items()
    }
    return {"bars": dict(BARS), "meets": meets, "all_met": all(meets.values())}

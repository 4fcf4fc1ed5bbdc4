"""The per-key figures and their floors, alternating (SPEC 12; issue 10 item 8).

The keys are split into rounds; each round runs interaction.py (nextcall's outcome keys and
cursor moves, in its own process) and floors.py (a minimal Textual app answering one key, and a
bare SQLite commit, in its own process), the order flipping every round, so both sides see the
same machine. The samples of each side are pooled over the rounds, and each per-key figure is
reported both in milliseconds and as a ratio over its floor's same percentile.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dataset import log
from figures import latencies, pick, pooled, ratio, summary
from startup import child_env

INTERACTION = Path(__file__).with_name("interaction.py")
FLOORS = Path(__file__).with_name("floors.py")
SIDES = ("nextcall", "floor")
FIGURES = (
    "outcome_commit_p99_ms",
    "outcome_commit_ratio",
    "outcome_frame_p90_ms",
    "outcome_frame_ratio",
    "queue_move_p90_ms",
    "queue_move_ratio",
)
FLOOR_FIGURES = ("floor_key_to_frame_p90_ms", "floor_commit_p99_ms")


def child(script: Path, *args: object) -> dict[str, Any]:
    """Run a bench script in its own process; its last stdout line is its JSON object."""
    command = [sys.executable, str(script), *map(str, args)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, env=child_env())
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"error": f"{script.name} exited with {done.returncode}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def share(total: int, rounds: int, index: int) -> int:
    """Round `index`'s part of `total` keys, the parts adding up to `total`."""
    return total // rounds + (1 if index < total % rounds else 0)


def run_rounds(
    db: Path, floor_dir: Path, presses: int, moves: int, rounds: int
) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Each side's results, round by round, and what went wrong in any round."""
    runs: dict[str, list[dict[str, Any]]] = {side: [] for side in SIDES}
    errors: list[str] = []
    for index in range(rounds):
        ours, theirs = share(presses, rounds, index), share(moves, rounds, index)
        for side in SIDES if index % 2 == 0 else SIDES[::-1]:
            log(f"keys round {index + 1}/{rounds}: {side} ...")
            if side == "nextcall":
                result = child(INTERACTION, db, ours, theirs)
            else:  # as many floor keys as either nextcall side has, and one commit per outcome
                result = child(FLOORS, floor_dir, max(ours, theirs), ours)
            if "error" in result:
                errors.append(f"round {index + 1}, {side}: {result['error']}")
            else:
                runs[side].append(result)
    return runs, errors


def nextcall_report(results: list[dict[str, Any]], samples: dict[str, Any]) -> dict[str, Any]:
    """interaction.py's report, from the pooled samples of its rounds."""
    first = results[0]
    return {
        "terminal": first["terminal"],
        "queued": first["queued"],
        "durability": first["durability"],
        "outcomes": latencies(samples["outcomes"]),
        "log_outcome_call": summary(samples["log_outcome_call_ms"]),
        "moves": latencies(samples["moves"]),
        "full_gc_during_keys": {
            "collections": samples["full_gc_collections"],
            "pause": summary(samples["full_gc_pauses_ms"]),
        },
    }


def floor_report(results: list[dict[str, Any]], samples: dict[str, Any]) -> dict[str, Any]:
    """floors.py's report, from the pooled samples of its rounds."""
    frames, missed = samples["key_to_frame_ms"], samples["key_missed"]
    return {
        "terminal": results[0]["terminal"],
        "durability": results[0]["durability"],
        "key_to_frame": {"keys": len(frames) + missed, "missed": missed, **summary(frames)},
        "commit": {"commits": len(samples["commit_ms"]), **summary(samples["commit_ms"])},
    }


@dataclass(frozen=True)
class PerKey:
    """The per-key figures with their ratios, the floors, and the pooled reports behind them."""

    figures: dict[str, float | None]
    floors: dict[str, float | None]
    keys: dict[str, Any]
    """nextcall's keys (interaction.py's report, pooled), with the rounds and their errors."""
    floor: dict[str, Any]
    """The floors' keys and commits (floors.py's report, pooled)."""


def measure(db: Path, floor_dir: Path, presses: int, moves: int, rounds: int) -> PerKey:
    """Alternate `rounds` rounds of each side and pool them. A round that failed leaves every
    per-key figure unmeasured (None): the others alone would no longer be alternating."""
    runs, errors = run_rounds(db, floor_dir, presses, moves, rounds)
    about: dict[str, Any] = {"rounds": rounds, "errors": errors}
    if errors or not all(runs.values()):
        return PerKey(dict.fromkeys(FIGURES), dict.fromkeys(FLOOR_FIGURES), about, {})
    keys = nextcall_report(runs["nextcall"], pooled([r["samples"] for r in runs["nextcall"]]))
    floor = floor_report(runs["floor"], pooled([r["samples"] for r in runs["floor"]]))
    commit = pick(keys, "outcomes", "to_commit", "p99_ms")
    frame = pick(keys, "outcomes", "to_frame", "p90_ms")
    move = pick(keys, "moves", "to_frame", "p90_ms")
    floor_frame = pick(floor, "key_to_frame", "p90_ms")
    floor_commit = pick(floor, "commit", "p99_ms")
    figures = {
        "outcome_commit_p99_ms": commit,
        "outcome_commit_ratio": ratio(commit, floor_commit),
        "outcome_frame_p90_ms": frame,
        "outcome_frame_ratio": ratio(frame, floor_frame),
        "queue_move_p90_ms": move,
        "queue_move_ratio": ratio(move, floor_frame),
    }
    floors = {"floor_key_to_frame_p90_ms": floor_frame, "floor_commit_p99_ms": floor_commit}
    return PerKey(figures, floors, {**about, **keys}, floor)

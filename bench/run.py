"""`make bench`: measure the SPEC 12 figures this harness covers; print ONE JSON object.

    .venv/bin/python bench/run.py [--rounds 11] [--presses 200] [--moves 200]

Progress goes to stderr. Data lives in bench/.data/ (generated once, copied per run); the user's
own nextcall data and config are never read or written. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import dataset
import importing
import startup
import timers
from figures import BARS, judged
from frames import SIZE

INTERACTION = Path(__file__).with_name("interaction.py")
REVIEW = Path(__file__).with_name("review.py")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11, help="start-ups of each app")
    parser.add_argument("--presses", type=int, default=200, help="outcome keys to time")
    parser.add_argument("--moves", type=int, default=200, help="cursor keys to time")
    parser.add_argument(
        "--timers", default="5,30", help="feel-it countdown lengths in seconds, comma-separated"
    )
    return parser.parse_args(argv)


def interaction(db: Path, presses: int, moves: int) -> dict[str, Any]:
    """Run interaction.py in its own process (a heap that holds only the app)."""
    args = [sys.executable, str(INTERACTION), str(db), str(presses), str(moves)]
    done = subprocess.run(args, stdout=subprocess.PIPE, text=True, env=startup.child_env())
    if done.returncode != 0:
        return {"error": f"interaction.py exited with {done.returncode}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def review(db: Path, rounds: int) -> dict[str, Any]:
    """Run review.py in its own process: opening the week review, `rounds` times."""
    args = [sys.executable, str(REVIEW), str(db), str(rounds)]
    done = subprocess.run(args, stdout=subprocess.PIPE, text=True, env=startup.child_env())
    if done.returncode != 0:
        return {"error": f"review.py exited with {done.returncode}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def pick(result: dict[str, Any], *path: str) -> float | None:
    """result[path[0]][path[1]]..., or None when any step is missing."""
    value: Any = result
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value)


def main(argv: list[str]) -> int:
    args = parse(argv)
    began = time.perf_counter()
    base, generated_s = dataset.base()
    work = dataset.working_copy(base)
    dataset.log(f"start-ups: {args.rounds} of each app, alternating ...")
    starts = startup.measure(work.db, args.rounds)
    dataset.log(f"keys: {args.moves} cursor moves, {args.presses} outcomes ...")
    keys = interaction(work.db, args.presses, args.moves)
    dataset.log("import: a 50,000-row CRM export into a copy of the base, 3 times ...")
    imported = importing.measure(rounds=3)
    dataset.log(f"review: the week review opened {args.rounds} times ...")
    opened = review(work.db, args.rounds)
    lengths = tuple(int(s) for s in args.timers.split(",") if s.strip())
    dataset.log(f"countdowns of {', '.join(map(str, lengths))} s on a busy machine ...")
    countdowns = timers.measure(work.db, lengths)
    figures = {
        "startup_ratio": starts.get("startup_ratio"),
        "rss_ratio": starts.get("rss_ratio"),
        "outcome_commit_p99_ms": pick(keys, "outcomes", "to_commit", "p99_ms"),
        "outcome_frame_p90_ms": pick(keys, "outcomes", "to_frame", "p90_ms"),
        "queue_move_p90_ms": pick(keys, "moves", "to_frame", "p90_ms"),
        "import_50k_s": pick(imported, "import_50k_s"),
        "review_ms": pick(opened, "to_frame", "p50_ms"),  # median of the rounds
        "timer_drift_ms": countdowns["timer_drift_ms"],
        "idle_cpu_pct": countdowns["idle_cpu_pct"],
    }
    raw = {
        k: v for k, v in starts.items() if k.startswith(("startup_", "rss_")) and k not in figures
    }
    report = {
        **figures,
        **raw,
        **judged(figures),
        "data": {
            "prospects": work.prospects,
            "calls": work.calls,
            "generated_s": None if generated_s is None else round(generated_s, 1),
        },
        "terminal": list(SIZE),
        "startup": {k: v for k, v in starts.items() if k not in figures and k not in raw},
        "keys": keys,
        "import": {k: v for k, v in imported.items() if k != "import_50k_s"},
        "review": opened,
        "countdowns": {k: v for k, v in countdowns.items() if k not in figures},
        "elapsed_s": round(time.perf_counter() - began, 1),
    }
    print(json.dumps(report, indent=2))
    # SPEC 12: a figure over its bar, or one that could not be measured, fails the run.
    missed = [
        f"{n} {v} > {bar}" if v is not None else f"{n} not measured"
        for n, bar in BARS.items()
        if (v := figures.get(n)) is None or v > bar
    ]
    if missed:
        dataset.log("missed: " + ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`import_50k_s`: importing a 50,000-row CRM export into the real-size database.

The export is generated like a HubSpot contacts export (its header names, a column nextcall does
not use, numbers written five different ways, notes with commas and line breaks, a few rows
repeated) and imported into a fresh copy of the 50,000-prospect base, so dedupe runs against
50,000 stored numbers and 1% of the rows merge into prospects already there. Timed: reading the
file's bytes, parsing, validating every number, deduping, and the one committed transaction.

    .venv/bin/python bench/importing.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import dataset
from nextcall.io.transfer.importing import check_file
from nextcall.paths import DATABASE_NAME
from nextcall.services.demo import COMPANIES, FIRST, LAST, TITLES
from nextcall.store.sqlite import SQLiteStore

ROWS = 50_000
EXISTING_SHARE = 0.01
"""Rows whose number the database already has."""
REPEATED_SHARE = 0.01
"""Rows repeating an earlier row's number in another format."""
HEADER = (
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Mobile Phone Number",
    "Company Name",
    "Job Title",
    "Lead Status",
    "Notes",
)


def written(e164: str, style: int) -> str:
    """A +1 number as people and CRMs write it."""
    area, exchange, line = e164[2:5], e164[5:8], e164[8:]
    return (
        f"({area}) {exchange}-{line}",
        f"{area}.{exchange}.{line}",
        f"+1 {area} {exchange} {line}",
        f"{area}{exchange}{line}",
        f"+1-{area}-{exchange}-{line}",
    )[style % 5]


def export_bytes(seed: int = 4) -> bytes:
    """The generated export, as a CRM hands it over (UTF-8 with a BOM, CRLF line ends)."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    fresh = iter(range(dataset.PROSPECTS, dataset.PROSPECTS + ROWS))
    numbers: list[str] = []
    for i in range(ROWS):
        roll = rng.random()
        if roll < EXISTING_SHARE:
            e164 = dataset.phone(rng.randrange(dataset.PROSPECTS))[0]
        elif roll < EXISTING_SHARE + REPEATED_SHARE and numbers:
            e164 = rng.choice(numbers)
        else:
            e164 = dataset.phone(next(fresh))[0]
        numbers.append(e164)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        note = rng.choice(
            ("", "", "Met at the expo, asked for pricing", 'Said "call in Q2",\nbusy now')
        )
        writer.writerow(
            (
                str(1000 + i),
                first,
                last,
                f"{first.lower()}.{last.lower()}@example.com",
                written(e164, i),
                "",
                rng.choice(COMPANIES),
                rng.choice(TITLES),
                rng.choice(("New", "Open", "In progress")),
                note,
            )
        )
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def fresh_database(base: Path) -> Path:
    folder = dataset.DATA_DIR / "import"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    shutil.copyfile(base, folder / DATABASE_NAME)
    return folder / DATABASE_NAME


def measure(rounds: int = 3) -> dict[str, object]:
    """Median seconds over `rounds` imports, each into a fresh copy of the base database."""
    base, _ = dataset.base()
    export = dataset.DATA_DIR / "export-50k.csv"
    export.write_bytes(export_bytes())
    times: list[float] = []
    counts = None
    for _ in range(rounds):
        store = SQLiteStore.open(fresh_database(base.db), create=False)
        try:
            began = time.perf_counter()
            checked = check_file(export.read_bytes(), "US")
            result = store.import_prospects(checked.prospects, datetime.now(UTC))
            times.append(time.perf_counter() - began)
        finally:
            store.close()
        counts = {
            "rows": checked.rows,
            "imported": result.imported,
            "merged": result.merged + checked.merged,
            "invalid": len(checked.errors),
        }
    return {
        "import_50k_s": round(statistics.median(times), 3),
        "runs_s": [round(t, 3) for t in times],
        "counts": counts,
        "into": "a copy of the real-size database (50,000 prospects, 1,000,000 calls)",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    print(json.dumps(measure(parser.parse_args(sys.argv[1:]).rounds), indent=2))

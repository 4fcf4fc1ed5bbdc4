"""The `import` and `export` sub-commands: their arguments, their reports and exit codes.

Exit codes: 0 done; 1 the file's content can't be imported (nothing was); 2 a usage problem (a
bad --map, a file that can't be opened, an output file that exists).
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nextcall.cli.dates import iso_day
from nextcall.cli.exits import EXIT_INVALID, EXIT_USAGE, fail, say
from nextcall.io.inert import inert
from nextcall.io.transfer.headers import FIELDS, IGNORE, MappingError, parse_maps
from nextcall.store.errors import StoreError
from nextcall.store.records import DncCounts, ImportCounts

if TYPE_CHECKING:  # the work is imported when a command runs: the app's start-up stays lean
    from nextcall.domain.clock import Clock
    from nextcall.io.transfer.importing import Checked, RowError
    from nextcall.store import Store

MiB = 2**20
MAX_BYTES = 256 * MiB
"""The largest file `import` reads (a CRM export of a million rows is well under it)."""
LARGE_IMPORT = 100_000
"""Prospects above which an import says the app beside it will wait for its write."""
ROWS_PER_SECOND = 50_000
"""About how many prospects the import's one transaction writes a second (bench/import_beside.py:
50,000 rows into the real-size database held the write lock 0.7-1.0 s)."""
FORMATS = ("csv", "ics", "hubspot", "salesforce")


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `import` and `export` to the CLI's sub-commands."""
    imp = commands.add_parser(
        "import",
        help="add prospects from a CRM export (CSV), or numbers to the do-not-call list",
        description="Add prospects from a CSV export (HubSpot, Salesforce, Pipedrive, or any "
        "file with a name and a phone column). A file with any bad row imports nothing.",
    )
    imp.add_argument("file", metavar="FILE.csv", help="the CSV file (UTF-8; comma, ; or tab)")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=f"read COLUMN as FIELD (one of {', '.join(FIELDS)}, or {IGNORE}); repeatable",
    )
    imp.add_argument(
        "--skip-invalid", action="store_true", help="import the good rows and list the others"
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="report what would happen; write nothing"
    )
    imp.add_argument(
        "--dnc",
        action="store_true",
        help="the file lists numbers never to dial: put them on the do-not-call list",
    )
    exp = commands.add_parser(
        "export",
        help="write calls, prospects or follow-ups as CSV (follow-ups also as a calendar)",
        description="Write CSV for your CRM (UTF-8, ISO 8601 times with offset), or follow-ups "
        "as an iCalendar file. Works while the app is open.",
    )
    exp.add_argument("what", choices=("calls", "prospects", "followups"))
    exp.add_argument("--since", type=iso_day, metavar="YYYY-MM-DD", help="from this day")
    exp.add_argument("--until", type=iso_day, metavar="YYYY-MM-DD", help="to this day (included)")
    exp.add_argument("-o", "--output", metavar="FILE", help="write here (default: the screen)")
    exp.add_argument("--force", action="store_true", help="replace FILE if it exists")
    exp.add_argument(
        "--format",
        choices=FORMATS,
        default="csv",
        help="ics: follow-ups as a calendar; hubspot, salesforce: calls as that CRM imports them",
    )


def read_input(name: str) -> bytes:
    """The file's bytes, never more than MAX_BYTES of them; OSError or ValueError with a
    message the rep can act on. Pipes are read (to the limit; a named pipe nobody writes to
    reads as empty); devices are refused."""
    path = Path(name).expanduser()
    if path.is_dir():
        raise ValueError(f"{name} is a folder, not a CSV file")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe with no writer can't hang us
    with os.fdopen(fd, "rb") as file:
        os.set_blocking(fd, True)
        info = os.fstat(fd)
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) or stat.S_ISSOCK(info.st_mode):
            raise ValueError(f"{name} is a device, not a CSV file")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
            raise ValueError(_too_big(name, info.st_size))
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(_too_big(name, None))
    return data


def _too_big(name: str, size: int | None) -> str:
    """Too big a file: its size when known (a pipe's isn't), the limit, what to do."""
    held = (
        f"is {size / MiB:,.0f} MiB"
        if size is not None
        else f"holds more than {MAX_BYTES // MiB} MiB"
    )
    return f"{name} {held}; the limit is {MAX_BYTES // MiB} MiB: split it into smaller files"


# -- import ------------------------------------------------------------------------------------


def run(args: argparse.Namespace, store: Store, clock: Clock, region: str) -> int:
    """`import` or `export`, as parsed; `region` reads numbers written without a country code."""
    if args.command == "import":
        return run_import(args, store, region, clock)
    return run_export(args, store, clock)


def run_export(args: argparse.Namespace, store: Store, clock: Clock) -> int:
    """`nextcall export` (its code is in cli/export.py; imported when it runs)."""
    from nextcall.cli.export import run_export as export

    return export(args, store, clock)


def run_dry_import(args: argparse.Namespace, path: Path, clock: Clock, region: str) -> int:
    """`nextcall import --dry-run`: the database at `path` opened read-only where it exists,
    never created; no lock file either. Nothing on disk changes."""
    if not path.exists():
        return run_import(args, None, region, clock)
    from nextcall.store.sqlite.read_only import open_read_only

    try:
        store = open_read_only(path)
    except StoreError as exc:
        return fail(str(exc))
    try:
        return run_import(args, store, region, clock)
    finally:
        store.close()


def run_import(args: argparse.Namespace, store: Store | None, region: str, clock: Clock) -> int:
    """`nextcall import`: check the file, then write it all in one transaction (or nothing).
    No `store` (a dry run with no database yet): every row would be new."""
    from nextcall.io.transfer.importing import FileProblem, check_file

    try:
        maps = parse_maps(args.map)
        data = read_input(args.file)
    except MappingError as exc:
        return fail(str(exc), EXIT_USAGE)
    except (OSError, ValueError) as exc:
        return fail(f"can't read {args.file}: {getattr(exc, 'strerror', None) or exc}", EXIT_USAGE)
    try:
        if args.dnc:
            return _import_dnc(args, store, data, region, maps, clock)
        checked = check_file(data, region, maps)
    except MappingError as exc:
        return fail(str(exc), EXIT_USAGE)
    except FileProblem as exc:
        return fail(f"{args.file}: {exc}. Nothing was imported.", EXIT_INVALID)
    if checked.errors and not args.skip_invalid:
        return _refuse(args.file, checked.errors)
    if len(checked.prospects) > LARGE_IMPORT and not args.dry_run:
        say(_large(len(checked.prospects)), sys.stderr)
    try:
        counts = (
            store.import_prospects(
                checked.prospects, clock.now(), commit=not args.dry_run, lines=checked.lines
            )
            if store is not None
            else ImportCounts(len(checked.prospects), 0, 0, ())
        )
    except StoreError as exc:
        return fail(f"the database refused the import ({exc}); nothing was imported", EXIT_INVALID)
    _report(args, checked, counts)
    return 0


def _large(rows: int) -> str:
    """What a rep beside the app should know before a write this large."""
    seconds = max(2, round(rows / ROWS_PER_SECOND))
    return (
        f"note: writing {rows:,} prospects holds the database for about {seconds} s; an open "
        "nextcall waits for it (its outcome keys pause). Import files this large outside a "
        "call block, or split them (see README, Import)."
    )


def _report(args: argparse.Namespace, checked: Checked, counts: ImportCounts) -> None:
    """The skipped rows and warnings (stderr), then the summary line and its notes (stdout)."""
    problems, summary = import_report(checked, counts, dry_run=args.dry_run)
    for line in problems:
        say(line, sys.stderr)
    for line in summary:
        say(line)


def import_report(
    checked: Checked, counts: ImportCounts, *, dry_run: bool
) -> tuple[list[str], list[str]]:
    """What an import says (the app's palette says the same): its problems (each skipped row,
    each warning), then its summary line and notes. Not yet inert: the caller makes it so."""
    problems = [f"  {error} (skipped)" for error in checked.errors]
    problems += [f"  {w}" for w in (*checked.warnings, *(str(c) for c in counts.clashes))]
    merged, skipped = counts.merged + checked.merged, len(checked.errors)
    if dry_run:
        summary = [
            f"dry run, nothing written: would import {counts.imported}, merge {merged}, skip {skipped}"
        ]
    else:
        summary = [f"imported {counts.imported}, merged {merged}, skipped {skipped}"]
    if counts.dnc:
        summary.append(f"  {counts.dnc} of them on the do-not-call list: kept, never queued")
    if checked.mobile_instead:
        rows = "row" if checked.mobile_instead == 1 else "rows"
        summary.append(
            f"  {checked.mobile_instead} {rows} had no number under Phone: the mobile is dialed"
        )
    if checked.ignored_columns:
        summary.append("  columns not used: " + ", ".join(checked.ignored_columns))
    summary += [f"  {notice}" for notice in checked.notices]
    return problems, summary


def _import_dnc(
    args: argparse.Namespace,
    store: Store | None,
    data: bytes,
    region: str,
    maps: dict[str, str],
    clock: Clock,
) -> int:
    from nextcall.io.transfer.importing import check_dnc_file

    checked = check_dnc_file(data, region, maps)
    if checked.errors and not args.skip_invalid:
        return _refuse(args.file, checked.errors, "number")
    source = inert(Path(args.file).name)
    try:
        counts = (
            store.import_dnc(checked.numbers, clock.now(), source, commit=not args.dry_run)
            if store is not None
            else DncCounts(len(checked.numbers), 0, 0)
        )
    except StoreError as exc:
        return fail(f"the database refused the list ({exc}); nothing was added", EXIT_INVALID)
    _list(checked.errors, "skipped")
    for warning in checked.warnings:
        say(f"  {warning}", sys.stderr)
    already, skipped = counts.already, len(checked.errors)
    repeated = f", repeated in the file {checked.repeated}" if checked.repeated else ""
    if args.dry_run:
        say(
            f"dry run, nothing written: would add {counts.added}, {already} already listed"
            f"{repeated}, skip {skipped}"
        )
    else:
        say(
            f"do-not-call list: added {counts.added}, already there {already}{repeated}, "
            f"skipped {skipped}"
        )
    for notice in checked.notices:
        say(f"  {notice}")
    if counts.prospects:
        left = "prospect" if counts.prospects == 1 else "prospects"
        say(f"  {counts.prospects} {left} left the queue for good")
    return 0


def _refuse(name: str, errors: list[RowError], what: str = "row") -> int:
    _list(errors, "")
    rows = f"{len(errors)} {what}{'s' if len(errors) != 1 else ''}"
    return fail(
        f"{name}: nothing was imported: {rows} can't be used (listed above). Fix them in the "
        "file, or import the other rows with --skip-invalid.",
        EXIT_INVALID,
    )


def _list(errors: list[RowError], verb: str) -> None:
    for error in errors:
        say(f"  {error}{' (' + verb + ')' if verb else ''}", sys.stderr)


__all__ = ["add_parsers", "import_report", "run_export", "run_import"]

"""The `export` sub-command: calls, prospects or follow-ups as CSV (follow-ups also as a
calendar; calls as HubSpot or Salesforce import them), to the screen or a new file.
`export_to` writes one export to an open file: the app's palette exports through it too."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING

from nextcall.cli.exits import EXIT_INVALID, EXIT_USAGE, fail, say
from nextcall.cli.export_file import target_problem, write_through_temporary
from nextcall.domain.clock import day_bounds
from nextcall.store.errors import StoreError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import tzinfo

    from nextcall.domain.clock import Clock
    from nextcall.store import ExportedCall, Store

FAR_FUTURE = timedelta(days=366 * 10)
EVER = datetime(1970, 1, 1, tzinfo=UTC)
"""The start of `export followups` without --since: every follow-up still waiting."""
FORMAT_FOR = {"ics": "followups", "hubspot": "calls", "salesforce": "calls"}
"""The formats that fit one kind of export only (csv fits all)."""


def run_export(args: argparse.Namespace, store: Store, clock: Clock) -> int:
    """`nextcall export`: read-only; writes to stdout or a new file."""
    fits = FORMAT_FOR.get(args.format, args.what)
    if fits != args.what:
        kind = "follow-ups" if fits == "followups" else fits
        return fail(
            f"--format {args.format} is for {kind}: nextcall export {fits} --format {args.format}"
            f" (export {args.what} writes csv)",
            EXIT_USAGE,
        )
    if args.since and args.until and args.since > args.until:
        return fail("--since comes after --until", EXIT_USAGE)
    target = Path(args.output).expanduser() if args.output else None
    problem = target_problem(target, args.force) if target is not None else None
    if problem:
        return fail(problem, EXIT_USAGE)
    try:
        if target is None:
            count = _export(args, store, clock, sys.stdout)
            sys.stdout.flush()
        else:
            count = write_through_temporary(target, lambda out: _export(args, store, clock, out))
    except BrokenPipeError:  # `nextcall export calls | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except StoreError as exc:
        return fail(f"can't read the database: {exc}", EXIT_INVALID)
    except OSError as exc:
        return fail(f"can't write {target or 'the output'}: {exc.strerror or exc}", EXIT_USAGE)
    if target is not None:
        what = "follow-ups" if args.what == "followups" else args.what
        say(f"wrote {count} {what} to {target}", sys.stderr)
    return 0


def _export(args: argparse.Namespace, store: Store, clock: Clock, out: IO[str]) -> int:
    return export_to(out, store, clock, args.what, args.format, args.since, args.until)


def export_to(
    out: IO[str],
    store: Store,
    clock: Clock,
    what: str,
    fmt: str = "csv",
    first: date | None = None,
    last: date | None = None,
) -> int:
    """Write `what` (calls, prospects, followups) as `fmt` to `out`; how many were written
    (the app's palette exports through it too)."""
    from nextcall.io.transfer import exporting

    tz = clock.local_tz()
    if what == "calls":
        calls = store.calls_between(first or date.min, last or date.max)
        if fmt in ("hubspot", "salesforce"):
            return _export_to_crm(fmt, calls, tz, out)
        return exporting.write_csv(out, exporting.CALL_COLUMNS, exporting.call_rows(calls, tz))
    if what == "prospects":
        chosen = (
            store.all_prospects(first or date.min, last or date.max)
            if first or last
            else store.all_prospects()
        )
        return exporting.write_csv(
            out, exporting.PROSPECT_COLUMNS, exporting.prospect_rows(chosen, tz)
        )
    start = day_bounds(first, tz)[0] if first else EVER  # overdue ones are still waiting
    end = day_bounds(last, tz)[1] if last else clock.now() + FAR_FUTURE
    follow_ups = store.follow_ups(start, end)
    if fmt == "ics":
        out.write(exporting.follow_ups_ics(follow_ups, tz, clock.now()).decode("utf-8"))
        return len(follow_ups)
    return exporting.write_csv(
        out, exporting.FOLLOW_UP_COLUMNS, exporting.follow_up_rows(follow_ups, tz)
    )


def _export_to_crm(kind: str, calls: Iterable[ExportedCall], tz: tzinfo, out: IO[str]) -> int:
    """Calls as HubSpot's or Salesforce's import reads them; says how many match no contact."""
    from nextcall.io.transfer import crm_exports as crm
    from nextcall.io.transfer.exporting import write_csv

    unlinked = crm.Unlinked()
    if kind == "hubspot":
        count = write_csv(out, crm.HUBSPOT_COLUMNS, crm.hubspot_rows(calls, tz, unlinked))
        missing = "no email and no HubSpot record id"
    else:
        count = write_csv(out, crm.SALESFORCE_COLUMNS, crm.salesforce_rows(calls, tz, unlinked))
        missing = "no Salesforce contact or lead id (003... or 00Q...)"
    if unlinked.count:
        calls_word = "call has" if unlinked.count == 1 else "calls have"
        say(
            f"note: {unlinked.count} {calls_word} {missing}: they import, but on no contact. "
            "Import your prospects from a CRM export with its record id column to link them.",
            sys.stderr,
        )
    return count

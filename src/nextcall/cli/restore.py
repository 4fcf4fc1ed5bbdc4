"""`nextcall restore [BACKUP]`: list the daily backups, or put one back in place."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from nextcall.cli.exits import EXIT_INVALID, EXIT_USAGE, fail
from nextcall.store import StoreError
from nextcall.store.errors import DatabaseError
from nextcall.store.sqlite.restore import NoSuchBackup, find_backup, list_backups, restore


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "restore",
        help="list the daily backups, or put one back (the current database is kept aside)",
    )
    parser.add_argument(
        "backup",
        nargs="?",
        metavar="BACKUP",
        help="a backup's day (YYYY-MM-DD) or its file; without it, the backups are listed",
    )


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def show(folder: Path) -> int:
    """The backups, newest first, and how to pick one."""
    backups = list_backups(folder)
    if not backups:
        print(f"No backups yet in {folder}: nextcall makes one a day while it runs.")
        return 0
    print(f"Backups in {folder}, newest first:")
    for backup in backups:
        print(f"  {backup.day.isoformat()}  {_size(backup.size):>9}  {backup.path.name}")
    print(
        f"Put one back with `nextcall restore {backups[0].day.isoformat()}` (or a backup "
        "file's path); the current database is kept aside, not deleted."
    )
    return 0


def run(args: argparse.Namespace, database: Path, backups: Path) -> int:
    """List (no argument) or restore; the caller holds the instance lock."""
    if args.backup is None:
        return show(backups)
    try:
        chosen = find_backup(backups, args.backup)
    except NoSuchBackup as exc:
        return fail(f"{exc}; `nextcall restore` lists the backups", EXIT_USAGE)
    try:
        done = restore(chosen, database, datetime.now())
    except DatabaseError as exc:
        return fail(str(exc), EXIT_INVALID)
    except (StoreError, OSError) as exc:
        return fail(f"{database} was not restored: {exc}", EXIT_INVALID)
    print(f"Restored {done.database} from {done.backup}.")
    if done.aside:
        print("The database it replaced was kept aside as:")
        for path in done.aside:
            print(f"  {path}")
    return 0

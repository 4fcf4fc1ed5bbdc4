"""The command line: the TUI by default, and the sub-commands. Argparse and dispatch only: each
command's work is in its module of `nextcall.cli`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nextcall import __version__, paths
from nextcall.cli.dates import iso_day
from nextcall.cli.exits import EXIT_CONFIG, EXIT_USAGE, Parser, fail
from nextcall.config import ConfigError, load
from nextcall.domain.clock import SystemClock
from nextcall.store import Store, StoreError
from nextcall.store.sqlite import open_store
from nextcall.store.sqlite.lock import AlreadyRunning, InstanceLock


def build_parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = Parser(
        prog="nextcall",
        description="A terminal companion for call blocks: queue, one-key outcomes, live ratios.",
    )
    parser.add_argument("--version", action="version", version=f"nextcall {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the demo database (fictional prospects); never touches your data",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder of the database (default: $NEXTCALL_DATA_DIR or the user data dir)",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: $NEXTCALL_CONFIG or config.toml in the config dir)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    stats = commands.add_parser("stats", help="print a day's or a week's numbers")
    stats.add_argument("--day", type=iso_day, metavar="YYYY-MM-DD", help="the day (default: today)")
    stats.add_argument(
        "--week", action="store_true", help="the seven days ending with the day (default: today)"
    )
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    from nextcall.cli.transfer import add_parsers

    add_parsers(commands)
    from nextcall.cli import restore

    restore.add_parser(commands)
    return parser


def _folder(args: argparse.Namespace) -> Path:
    return paths.demo_dir() if args.demo else paths.data_dir(args.data_dir)


def _open_store(args: argparse.Namespace, folder: Path, clock: SystemClock, owner: bool) -> Store:
    """The store in `folder`. Only the lock's `owner` may rebuild a stale demo: a running demo
    app's files are never deleted under it."""
    path = folder / paths.DATABASE_NAME
    if args.demo:
        from nextcall.services.demo import open_demo

        return open_demo(path, clock, reseed=owner)
    return open_store(path)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config_path = paths.config_path(args.config)
    try:
        config = load(config_path)
    except ConfigError as exc:
        return fail(str(exc), EXIT_CONFIG)
    clock = SystemClock()
    folder = _folder(args)
    if args.command == "import" and args.dry_run:  # writes nothing: no lock, no new database
        from nextcall.cli import transfer

        path = folder / paths.DATABASE_NAME
        return transfer.run_dry_import(args, path, clock, config.calling.default_region)
    lock = InstanceLock(folder / "nextcall.lock")
    try:
        paths.ensure_private_dir(folder)
        lock.acquire()  # the app keeps it; a command holds it only while it opens the store
        owner = True
    except AlreadyRunning as exc:
        if args.command is None:
            return fail(str(exc))
        if args.command == "restore":
            return fail(f"restore needs the app closed: {exc}", EXIT_USAGE)
        owner = False
    except OSError as exc:
        return fail(paths.folder_problem(folder, exc))
    if args.command == "restore":  # before the store opens: the database may be damaged
        from nextcall.cli import restore

        try:
            return restore.run(args, folder / paths.DATABASE_NAME, folder / "backups")
        finally:
            lock.release()
    try:
        store = _open_store(args, folder, clock, owner)
    except StoreError as exc:
        lock.release()
        return fail(str(exc))
    except OSError as exc:
        lock.release()
        return fail(paths.folder_problem(folder, exc))
    # Each command's module is imported when it runs: stats loads Rich, the app Textual.
    try:
        if args.command == "stats":
            lock.release()
            from nextcall.cli import stats

            return stats.run(args, store, clock)
        if args.command in ("import", "export"):
            lock.release()  # beside a running app: SQLite's WAL lets both work (see README)
            from nextcall.cli import transfer

            return transfer.run(args, store, clock, config.calling.default_region)
        from nextcall.cli import tui

        return tui.run(args, config, config_path, store, folder, clock)
    except StoreError as exc:
        return fail(str(exc))
    finally:
        store.close()
        lock.release()


if __name__ == "__main__":
    sys.exit(main())

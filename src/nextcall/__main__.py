"""The command line: the TUI by default, and the sub-commands. Argparse and dispatch only: each
command's work is in its module of `nextcall.cli`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nextcall import __version__, paths
from nextcall.cli.dates import iso_day
from nextcall.cli.exits import EXIT_CONFIG, EXIT_INVALID, EXIT_USAGE, Parser, fail
from nextcall.cli.opening import explained, open_store_for, team_url
from nextcall.config import ConfigError, load
from nextcall.domain.clock import SystemClock
from nextcall.store import StoreError
from nextcall.store.sqlite.lock import AlreadyRunning, InstanceLock

RESTORE_IN_TEAM_MODE = (
    "restore is for one rep's own file: in team mode the team database's server keeps its"
    " backups (ask whoever runs it)"
)


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
    stats.add_argument(
        "--team", action="store_true", help="the whole team's numbers, per rep (team mode)"
    )
    from nextcall.cli.transfer import add_parsers

    add_parsers(commands)
    from nextcall.cli import restore, team

    restore.add_parser(commands)
    team.add_parsers(commands)
    return parser


def _folder(args: argparse.Namespace) -> Path:
    return paths.demo_dir() if args.demo else paths.data_dir(args.data_dir)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config_path = paths.config_path(args.config)
    try:
        config = load(config_path)
    except ConfigError as exc:
        return fail(str(exc), EXIT_CONFIG)
    clock = SystemClock()
    if args.command == "team":
        from nextcall.cli import team

        return team.run(args, config, config_path)
    folder = _folder(args)  # the instance lock lives here in team mode too: one app per rep
    if args.command == "floor" or (args.command == "stats" and args.team):
        from nextcall.cli import team

        return team.run_view(args, config, config_path, folder, clock)
    on_team = bool(team_url(config, args))
    if on_team and args.command == "restore":
        return fail(RESTORE_IN_TEAM_MODE, EXIT_USAGE)
    if args.command == "import" and args.dry_run:  # writes nothing: no lock, no new database
        from nextcall.cli import team, transfer

        if on_team:
            return team.dry_import(args, config, folder, clock)
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
        store = open_store_for(config, folder, args, clock, owner=owner)
    except StoreError as exc:
        lock.release()
        return fail(explained(exc), EXIT_USAGE if on_team else EXIT_INVALID)
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

"""The command line: the TUI by default, and the sub-commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from nextcall import __version__, paths
from nextcall.config import Config, ConfigError, load
from nextcall.domain.clock import SystemClock, today
from nextcall.store import Store, StoreError
from nextcall.store.sqlite import open_store
from nextcall.store.sqlite.lock import AlreadyRunning, InstanceLock

EXIT_CONFIG = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    stats.add_argument("--day", type=_day, metavar="YYYY-MM-DD", help="the day (default: today)")
    stats.add_argument(
        "--week", action="store_true", help="the seven days ending with the day (default: today)"
    )
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    from nextcall.cli.transfer import add_parsers

    add_parsers(commands)
    return parser


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-22") from None


def _fail(message: str, status: int = 1) -> int:
    print(f"nextcall: {message}", file=sys.stderr)
    return status


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
        return _fail(str(exc), EXIT_CONFIG)
    clock = SystemClock()
    folder = _folder(args)
    lock = InstanceLock(paths.ensure_private_dir(folder) / "nextcall.lock")
    try:
        lock.acquire()  # the app keeps it; a command holds it only while it opens the store
        owner = True
    except AlreadyRunning as exc:
        if args.command is None:
            return _fail(str(exc))
        owner = False
    try:
        store = _open_store(args, folder, clock, owner)
    except StoreError as exc:
        lock.release()
        return _fail(str(exc))
    try:
        if args.command == "stats":
            lock.release()
            return _piped(lambda: _stats(args, store, clock))
        if args.command in ("import", "export"):
            lock.release()  # beside a running app: SQLite's WAL lets both work (see README)
            return _transfer(args, config, store, clock)
        return _run_tui(args, config, config_path, store, folder, clock)
    except StoreError as exc:
        return _fail(str(exc))
    finally:
        store.close()
        lock.release()


def _piped(command: Callable[[], int]) -> int:
    """Run a printing command; a reader that stops early (`| head`) ends it quietly."""
    try:
        return command()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _stats(args: argparse.Namespace, store: Store, clock: SystemClock) -> int:
    from nextcall.cli import stats

    now = today(clock)
    day = args.day or now
    if day > now:
        return _fail(f"{day} is in the future: today ({now}) is the latest day with numbers.", 2)
    report = stats.review(store, clock, day, args.week)
    data = stats.collect(report, store.count_kept())
    if args.json:
        stats.print_json(data)
    else:
        stats.print_table(data, report)
    return 0


def _transfer(args: argparse.Namespace, config: Config, store: Store, clock: SystemClock) -> int:
    from nextcall.cli.transfer import run_export, run_import

    if args.command == "import":
        return run_import(args, store, config.calling.default_region, clock)
    return run_export(args, store, clock)


def _run_tui(
    args: argparse.Namespace,
    config: Config,
    config_path: Path,
    store: Store,
    folder: Path,
    clock: SystemClock,
) -> int:
    from nextcall.ui.app import NextcallApp

    app = NextcallApp(
        config,
        store,
        clock,
        config_path=None if args.demo else config_path,
        theme_dirs=(paths.user_themes_dir(),),
        backup_dir=None if args.demo else folder / "backups",
    )
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())

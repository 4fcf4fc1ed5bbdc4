"""`nextcall team init` (create or bring up to date the team database's schema: the only
command that changes it) and `nextcall team status` (which database, which rep, the schema,
who is on the floor); the parsers of the team-mode commands.

Exit codes: 0 done; 2 team mode is off, the database can't be reached or used as it is."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nextcall.cli.exits import EXIT_USAGE, fail
from nextcall.cli.opening import explained, open_store_for, rep_name, require_driver, team_url
from nextcall.config import Config
from nextcall.domain.clock import Clock
from nextcall.io.inert import inert
from nextcall.store import StoreError

if TYPE_CHECKING:  # psycopg is imported once team mode is known to be on and installed
    from nextcall.store.postgres.admin import Login, OnFloor
    from nextcall.store.postgres.boundary import Connection

NOT_WITH_DEMO = (
    "the demo is one rep's own file, not a team database: `make team-demo` shows team mode on"
    " a throwaway one"
)
NAME_WIDTH = 24


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `team init|status` and `floor` to the CLI's sub-commands."""
    team = commands.add_parser(
        "team",
        help="set up the team database, or see its state (team mode)",
        description="Team mode: every command works on one PostgreSQL database shared by the "
        'team, set by [team] database = "postgresql://..." in config.toml or '
        "NEXTCALL_DATABASE_URL.",
    )
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    actions.add_parser(
        "init", help="create nextcall's tables in the team database, or bring them up to date"
    )
    actions.add_parser(
        "status", help="the team database, your rep name, the schema, who is on the floor"
    )
    commands.add_parser(
        "floor",
        help="the team's floor, read-only: who is dialing, today's numbers (team mode)",
    )


def needs_team_mode(command: str, config_path: Path) -> str:
    """What to say when a team command runs without a team database."""
    return (
        f"{command} works on a team database, and none is set: put"
        f' [team] database = "postgresql://USER@HOST/DATABASE" in {config_path}, or set'
        " NEXTCALL_DATABASE_URL (README, Team mode)"
    )


def run(args: argparse.Namespace, config: Config, config_path: Path) -> int:
    """`nextcall team init` or `nextcall team status`."""
    command = f"nextcall team {args.team_command}"
    if args.demo:
        return fail(NOT_WITH_DEMO, EXIT_USAGE)
    url = config.team.url()
    if not url:
        return fail(needs_team_mode(command, config_path), EXIT_USAGE)
    try:
        require_driver()
        rep = rep_name(config)
        from nextcall.store.postgres.connection import connect

        conn = connect(url, rep)
    except StoreError as exc:
        return fail(explained(exc), EXIT_USAGE)
    try:
        if args.team_command == "init":
            return _init(conn)
        return _status(conn, rep)
    except StoreError as exc:
        return fail(explained(exc), EXIT_USAGE)
    finally:
        conn.close()


def run_view(
    args: argparse.Namespace, config: Config, config_path: Path, folder: Path, clock: Clock
) -> int:
    """`nextcall floor` and `nextcall stats --team`: the team's figures, read-only, without
    the instance lock (they run beside the app); team mode only."""
    command = "nextcall floor" if args.command == "floor" else "nextcall stats --team"
    if args.demo:
        return fail(NOT_WITH_DEMO, EXIT_USAGE)
    if not team_url(config, args):
        return fail(needs_team_mode(command, config_path), EXIT_USAGE)
    try:
        store = open_store_for(config, folder, args, clock)
    except StoreError as exc:
        return fail(explained(exc), EXIT_USAGE)
    try:
        if args.command == "floor":
            from nextcall.cli import floor

            return floor.run(args, store, clock, config)
        from nextcall.cli import team_stats

        return team_stats.run(args, store, clock)
    except StoreError as exc:
        return fail(str(exc))
    finally:
        store.close()


def dry_import(args: argparse.Namespace, config: Config, folder: Path, clock: Clock) -> int:
    """`nextcall import --dry-run` in team mode: reads the team database, keeps nothing (the
    store's import runs with commit=False); no instance lock."""
    from nextcall.cli import transfer

    try:
        store = open_store_for(config, folder, args, clock)
    except StoreError as exc:
        return fail(explained(exc), EXIT_USAGE)
    try:
        return transfer.run_import(args, store, config.calling.default_region, clock)
    finally:
        store.close()


def _init(conn: Connection) -> int:
    from nextcall.store.postgres import admin

    _warn_if_above_privacy(admin.login(conn))
    before, after = admin.init(conn)
    print(f"team database  {inert(conn.where)}")
    if before == 0:
        print(f"schema version {after} (was none): nextcall's tables are made, reps can start")
    elif before < after:
        print(f"schema version {after} (was {before}): brought up to date")
    else:
        print(f"schema version {after} (was {before}): already up to date")
    return 0


def _status(conn: Connection, rep: str) -> int:
    from nextcall.store.postgres import admin
    from nextcall.store.postgres.schema import LATEST

    who = admin.login(conn)
    found = admin.version(conn)
    print(f"team database  {inert(conn.where)}")
    print(f"logged in as   {inert(who.role)}")
    print(f"rep            {inert(rep)}")
    print(f"schema         {_schema_line(found, LATEST)}")
    _warn_if_above_privacy(who)
    if admin.needs_init(found):
        return fail("run `nextcall team init` before nextcall can use this database", EXIT_USAGE)
    if found is not None and found > LATEST:
        return fail("upgrade nextcall to work on this team database", EXIT_USAGE)
    _print_floor(admin.on_the_floor(conn), admin.FLOOR_MINUTES)
    return 0


def _schema_line(found: int | None, latest: int) -> str:
    if found is None:
        return "none yet: run `nextcall team init`"
    if found < latest:
        return f"version {found}, this nextcall needs {latest}: run `nextcall team init`"
    if found > latest:
        return f"version {found}, made by a newer nextcall (this one knows {latest})"
    return f"version {found}, up to date"


def _warn_if_above_privacy(who: Login) -> None:
    if not who.above_privacy:
        return
    kind = "a superuser" if who.superuser else "a role that bypasses row-level security"
    print(
        f"warning: nextcall logs in as {inert(who.role)}, {kind}: the database's own guard that"
        " keeps each rep's debriefs, feel-it notes and recovery times to that rep does not bind"
        " it. Give the team an ordinary login role (README, Team mode).",
        file=sys.stderr,
    )


def _print_floor(floor: list[OnFloor], minutes: int) -> None:
    if not floor:
        print(f"on the floor   nobody seen in the last {minutes} minutes")
        return
    calling = sum(1 for r in floor if r.on_call)
    reps = "1 rep" if len(floor) == 1 else f"{len(floor)} reps"
    print(f"on the floor   {reps} seen lately, {calling} on a call now")
    names = [inert(r.rep)[:NAME_WIDTH] for r in floor]
    width = max(len(n) for n in names)
    for name, r in zip(names, floor, strict=True):
        call = "on a call" if r.on_call else ""
        holds = f"holds {r.holds}"
        print(f"  {name:<{width}}  {call:<9}  {holds:<9}  seen {_ago(r.seen_s)}")


def _ago(seconds: float) -> str:
    if seconds < 60:
        return "just now"
    return f"{int(seconds // 60)} min ago"

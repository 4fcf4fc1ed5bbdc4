"""Which store a command works on: the demo's file, one rep's own SQLite file, or, with a team
URL, the team database on PostgreSQL as this rep. Every command opens its store here."""

from __future__ import annotations

import argparse
from pathlib import Path

from nextcall import paths
from nextcall.config import Config
from nextcall.domain.clock import Clock
from nextcall.store import Store, StoreError

DRIVER_MISSING = (
    "team mode needs psycopg, PostgreSQL's driver for Python, and it is not installed here:"
    " pip install 'nextcall[team]'"
)
PASSWORD_HINT = (
    "give the password the usual PostgreSQL ways (~/.pgpass, PGPASSWORD or a service file;"
    " README, Team mode)"
)
SERVER_HINT = "is the server running, and are the host and port right?"


class TeamDriverMissing(StoreError):
    """Team mode is on but psycopg can't be imported."""


def team_url(config: Config, args: argparse.Namespace) -> str:
    """The team database's URL; '' for one rep's own file, and always for the demo."""
    return "" if args.demo else config.team.url()


def require_driver() -> None:
    """TeamDriverMissing unless psycopg can be imported."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise TeamDriverMissing(DRIVER_MISSING) from exc


def rep_name(config: Config) -> str:
    """The rep's name on the team database: `[team] rep`, or the login name."""
    try:
        return config.team.rep_name()
    except (OSError, KeyError) as exc:  # no login name to be found (some containers)
        raise StoreError(
            'nextcall can\'t tell your login name: set [team] rep = "your name" in config.toml'
        ) from exc


def open_store_for(
    config: Config, folder: Path, args: argparse.Namespace, clock: Clock, *, owner: bool = True
) -> Store:
    """The store a command works on. Team mode: the team database as this rep (StoreError,
    TeamUnreachable or TeamSchemaError when it can't be used), behind the local outbox for the
    app. Otherwise the SQLite file in
    `folder`; only the lock's `owner` may rebuild a stale demo (a running demo app's files
    are never deleted under it)."""
    url = team_url(config, args)
    if url:
        require_driver()
        if args.command is None:  # the app: its writes wait in a local outbox while offline
            from nextcall.store.outbox import open_team_store

            return open_team_store(url, rep_name(config), folder)
        from nextcall.store.postgres import PostgresStore

        return PostgresStore.open(url, rep_name(config))
    path = folder / paths.DATABASE_NAME
    if args.demo:
        from nextcall.services.demo import open_demo

        return open_demo(path, clock, reseed=owner)
    from nextcall.store.sqlite import open_store

    return open_store(path)


def explained(exc: StoreError) -> str:
    """The message of a failure to reach the team database, with what to try when it is a
    missing password or a server that does not answer."""
    text = str(exc)
    if "password" in text and ("authentication failed" in text or "no password" in text):
        return f"{text}; {PASSWORD_HINT}"
    if any(sign in text for sign in ("Connection refused", "timeout expired", "resolve host")):
        return f"{text}; {SERVER_HINT}"
    return text

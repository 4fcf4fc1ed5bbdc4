"""Opening the team database: connect with libpq's usual ways of giving a password (`.pgpass`,
`PGPASSWORD`, a service file), name the rep on the connection (row-level security reads it),
check the schema; and `nextcall team init`, the one place that creates or migrates it."""

from __future__ import annotations

import re
from typing import Any

import psycopg

from nextcall.store.postgres.boundary import (
    Connection,
    TeamSchemaError,
    TeamUnreachable,
    safe_url,
    store_error,
)
from nextcall.store.postgres.schema import LATEST, MIGRATIONS, SCHEMA_TABLE

CONNECT_TIMEOUT_S = 5
INIT_LOCK = 0x4E43414C
"""The advisory lock `team init` holds, so two inits never migrate at once."""


def connect(url: str, rep: str) -> Connection:
    """A connection to the team database at `url` as `rep`. TeamUnreachable when the server
    can't be reached or refuses the login; StoreError for a URL that can't be read."""
    where = safe_url(url)
    try:
        raw: psycopg.Connection[Any] = psycopg.connect(
            url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="nextcall"
        )
    except psycopg.ProgrammingError as exc:  # the URL itself
        raise TeamUnreachable(
            f"the team database URL can't be read: {_no_secret(exc, url)}"
        ) from exc
    except psycopg.Error as exc:
        raise TeamUnreachable(
            f"could not connect to the team database {where}: {_no_secret(exc, url)}"
        ) from exc
    except UnicodeEncodeError:  # undecodable bytes (an environment variable): never quoted
        raise TeamUnreachable(
            "the team database URL can't be read: it holds characters that are not valid Unicode"
        ) from None
    conn = Connection(raw, where)
    try:
        conn.execute("SELECT set_config('nextcall.rep', %s, false)", (rep,))
    except BaseException:
        conn.close()
        raise
    return conn


URL_PASSWORD = re.compile(r"^[a-z]+://[^/?#@:]*:([^/?#]*)@")
"""The password in a URL that libpq could not read (user:password@ before the host)."""
QUOTED = re.compile(r'(\s*in)?\s*"([^"]*)"')


def _no_secret(exc: BaseException, url: str) -> str:
    """psycopg's first line of the error, with anything that looks like the URL's password
    taken out. libpq does not print passwords, but a URL it can't read is quoted back in
    parts (an invalid %-token, a space, the whole URL): those quotes are dropped."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    try:
        password = psycopg.conninfo.conninfo_to_dict(url).get("password")
    except psycopg.Error:
        # libpq quotes the part it could not read: keep a quoted sign ("="), drop the rest
        text = QUOTED.sub(lambda m: m[0] if len(m[2]) < 3 else "", text).rstrip(" :")
        found = URL_PASSWORD.match(url)
        password = found.group(1) if found else None
    if password:
        text = text.replace(str(password), "***")
    return text


def schema_version(conn: Connection) -> int | None:
    """The schema version the team database holds; None when it has no nextcall schema."""
    found = conn.execute("SELECT to_regclass(%s)", (SCHEMA_TABLE,)).fetchone()
    if found is None or found[0] is None:
        return None
    row = conn.execute(f"SELECT version FROM {SCHEMA_TABLE}").fetchone()
    return int(row[0]) if row else 0


def check_schema(conn: Connection) -> None:
    """Refuse a database without nextcall's schema, with an older one, or a newer one."""
    version = schema_version(conn)
    if version is None:
        raise TeamSchemaError(
            f"the team database {conn.where} has no nextcall schema; run `nextcall team init`"
        )
    if version < LATEST:
        raise TeamSchemaError(
            f"the team database {conn.where} has schema version {version}, this nextcall needs"
            f" {LATEST}; run `nextcall team init`"
        )
    if version > LATEST:
        raise TeamSchemaError(
            f"the team database {conn.where} was set up by a newer nextcall (schema {version});"
            " please upgrade nextcall"
        )


def migrate(conn: Connection) -> tuple[int, int]:
    """Create or bring the schema up to date, in one transaction under an advisory lock;
    returns (version before, version after)."""
    try:
        with conn.raw.transaction():
            conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (INIT_LOCK,))
            before = schema_version(conn) or 0
            if before > LATEST:
                raise TeamSchemaError(
                    f"the team database {conn.where} was set up by a newer nextcall (schema"
                    f" {before}); please upgrade nextcall"
                )
            for version in range(before + 1, LATEST + 1):
                conn.raw.execute(MIGRATIONS[version - 1].encode())
                conn.raw.execute(f"UPDATE {SCHEMA_TABLE} SET version = %s", (version,))
    except psycopg.Error as exc:
        raise store_error(exc, conn.where) from exc
    return before, LATEST

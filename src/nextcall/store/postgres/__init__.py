"""The PostgreSQL backend for team mode: one shared list, each rep's calls and days, claims with
a lease, private parts under row-level security. Needs psycopg 3 (`pip install nextcall[team]`);
`nextcall team init` makes the schema."""

from __future__ import annotations

from nextcall.store.postgres.boundary import TeamSchemaError, TeamUnreachable, safe_url
from nextcall.store.postgres.store import PostgresStore

__all__ = ["PostgresStore", "TeamSchemaError", "TeamUnreachable", "safe_url"]

"""What `nextcall team init` and `team status` ask of the team database: the login's rights,
the schema's version (made or brought up to date by `init` only), and who is on the floor.
Team-wide reads only: no rep's private parts (`call_private`) are read here."""

from __future__ import annotations

from dataclasses import dataclass

from nextcall.store.postgres.boundary import Connection
from nextcall.store.postgres.connection import migrate, schema_version
from nextcall.store.postgres.schema import LATEST

FLOOR_MINUTES = 15
"""A rep seen within this many minutes is on the floor."""

FLOOR_SQL = """
SELECT r.rep,
       extract(epoch FROM now() - r.seen_at)::float8,
       count(c.prospect_id),
       coalesce(bool_or(c.on_call), false)
FROM reps r
LEFT JOIN claims c ON c.rep = r.rep AND c.until > now()
WHERE r.seen_at > now() - make_interval(mins => %s)
   OR EXISTS (SELECT 1 FROM claims h WHERE h.rep = r.rep AND h.until > now())
GROUP BY r.rep, r.seen_at
ORDER BY r.rep
"""
"""Reps seen lately (or holding a claim whose lease runs), what each holds, who is on a call.
`reps` holds one row a rep and `claims` one a prospect held: both stay small."""


@dataclass(frozen=True)
class Login:
    """The role nextcall logs in as, and whether row-level security binds it."""

    role: str
    superuser: bool
    bypasses_rls: bool

    @property
    def above_privacy(self) -> bool:
        """True when the database's guard on reps' private parts does not apply to it."""
        return self.superuser or self.bypasses_rls


@dataclass(frozen=True)
class OnFloor:
    """One rep on the floor now."""

    rep: str
    seen_s: float
    """Seconds since the rep's last sign of life (a claim, its renewal, an outcome)."""
    holds: int
    """Prospects this rep holds under a running lease."""
    on_call: bool


def login(conn: Connection) -> Login:
    """The role this connection logs in as."""
    row = conn.execute(
        "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    return Login(str(row[0]), bool(row[1]), bool(row[2]))


def version(conn: Connection) -> int | None:
    """The schema version the database holds; None when it has no nextcall schema."""
    return schema_version(conn)


def init(conn: Connection) -> tuple[int, int]:
    """Create the schema or bring it up to date: (version before, 0 when there was none;
    version now). TeamSchemaError for a schema made by a newer nextcall (left as it is)."""
    return migrate(conn)


def needs_init(found: int | None) -> bool:
    """True when this nextcall can't use the schema until `team init` runs."""
    return found is None or found < LATEST


def on_the_floor(conn: Connection, minutes: int = FLOOR_MINUTES) -> list[OnFloor]:
    """Reps seen in the last `minutes` or holding a prospect, by name."""
    rows = conn.execute(FLOOR_SQL, (minutes,)).fetchall()
    return [OnFloor(str(r[0]), max(0.0, float(r[1])), int(r[2]), bool(r[3])) for r in rows]

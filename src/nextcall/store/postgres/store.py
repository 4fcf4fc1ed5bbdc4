"""`PostgresStore`: a team's shared list and its reps' calls on PostgreSQL, as one rep sees
them, the parts put together."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from nextcall.store.postgres.call_rows import Calls
from nextcall.store.postgres.claim_rows import Claims
from nextcall.store.postgres.connection import check_schema, connect
from nextcall.store.postgres.day_rows import Days
from nextcall.store.postgres.dnc_rows import DoNotCall
from nextcall.store.postgres.follow_up_rows import FollowUps
from nextcall.store.postgres.outbox_rows import OutboxRows
from nextcall.store.postgres.prospect_rows import Prospects
from nextcall.store.postgres.report_queries import Reports
from nextcall.store.postgres.story_rows import Stories
from nextcall.store.postgres.team_queries import TeamQueries


class PostgresStore(
    Prospects,
    DoNotCall,
    Calls,
    Days,
    FollowUps,
    Reports,
    Stories,
    Claims,
    OutboxRows,
    TeamQueries,
):
    """The team database as `rep` sees it (`nextcall.store.Store`): the shared list, the rep's
    own days, calls and private parts. Each write is one transaction; every failure is a
    `StoreError` (`TeamUnreachable` when the server can't be reached)."""

    @classmethod
    def open(cls, url: str, rep: str) -> PostgresStore:
        """Connect as `rep` and check the schema (`nextcall team init` makes it)."""
        conn = connect(url, rep)
        try:
            check_schema(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn, url, rep)

    @property
    def path(self) -> Path | None:
        return None

    def close(self) -> None:
        self.conn.close()

    def reader(self) -> PostgresStore | None:
        """Another connection as the same rep, for a worker thread."""
        return PostgresStore.open(self.url, self.rep)

    def backup_due(self, folder: Path, day: date) -> bool:
        return False  # the team's server keeps its own backups

    def backup(self, folder: Path, day: date) -> Path | None:
        return None

    def checkpoint(self) -> None:
        return None

    def waiting(self) -> int:
        return 0  # the outbox (`nextcall.store.outbox`) counts what waits

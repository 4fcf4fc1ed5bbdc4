"""`TeamView`: what the floor and `nextcall stats --team` may ask of the team database. Only a
team backend has it (`PostgresStore`); one rep's own file has no team to show."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from nextcall.store.team_records import TeamAsk, TeamRead


@runtime_checkable
class TeamView(Protocol):
    """Read-only team figures: every rep's activity and outcomes, never their private parts.
    Every failure is a `StoreError` (`TeamUnreachable` when the server can't be reached)."""

    def read_team(self, ask: TeamAsk) -> TeamRead:
        """The team's figures for the seven days ending with `ask.last`, read in one snapshot:
        each part an index range, none growing with the history before that week."""
        ...

    def reader(self) -> TeamView | None:
        """Another connection as the same rep (a worker thread's, or a new one after the
        server was lost); the caller closes it."""
        ...

    def close(self) -> None: ...

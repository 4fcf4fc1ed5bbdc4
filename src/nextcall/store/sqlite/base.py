"""What every part of the SQLite store stands on: the connection, its file, one write's
transaction, and the few statements more than one part uses."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from nextcall.domain.prospects import ProspectState
from nextcall.store.codec import iso
from nextcall.store.sqlite.boundary import Connection, Transaction

CHUNK = 500
"""Numbers per `IN (...)` query (well under SQLite's variable limit)."""


class Base:
    """nextcall's data in one SQLite file. Each write is one committed transaction."""

    def __init__(self, conn: Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path

    def _write(self, keep: bool = True) -> Transaction:
        return self.conn.transaction(keep)

    def _set_state(self, prospect_id: int, state: ProspectState) -> None:
        self.conn.execute(
            "UPDATE prospects SET lifecycle = ?, slot = ?, due_at = ?, attempts = ?, timed = ?"
            " WHERE id = ?",
            (
                state.lifecycle.value,
                int(state.slot),
                iso(state.due_at),
                state.attempts,
                int(state.timed),
                prospect_id,
            ),
        )

    def _dnc_among(self, phones: Sequence[str]) -> set[str]:
        """Which of these numbers are on the do-not-call list."""
        if self.conn.execute("SELECT 1 FROM dnc LIMIT 1").fetchone() is None:
            return set()
        found: set[str] = set()
        for i in range(0, len(phones), CHUNK):
            chunk = phones[i : i + CHUNK]
            rows = self.conn.execute(
                f"SELECT phone FROM dnc WHERE phone IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update(r[0] for r in rows)
        return found

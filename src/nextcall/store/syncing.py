"""`Syncing`: what the app may ask of a team store that keeps the rep's writes in a local outbox
while the team database can't be reached (`nextcall.store.outbox`): send them, count them, list
what could not be sent as it was. No driver is imported here: the screens use this part."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Conflict:
    """A write the outbox sent that met a change the team made meanwhile, or that the team
    database refused: kept in the outbox file, never dropped."""

    id: int
    found_at: datetime
    text: str
    """What happened and what was kept, in the rep's words (outside text: make it inert)."""


@dataclass(frozen=True)
class Flushed:
    """What one `flush` did."""

    sent: int
    """Writes sent to the team database."""
    conflicts: int
    """Of them, or of the ones refused, how many became conflicts."""
    waiting: int
    """Writes still in the outbox."""
    problem: str | None = None
    """Why the team database could not be reached (None when it was)."""


@runtime_checkable
class Syncing(Protocol):
    """A team store with a local outbox."""

    @property
    def offline(self) -> bool:
        """True while the team database could not be reached at the last try."""
        ...

    def waiting(self) -> int:
        """Writes kept in the outbox until they can be sent (no I/O: cheap to call)."""
        ...

    def flush(self) -> Flushed:
        """Reconnect when needed and send the outbox, oldest first, each write once. May wait
        for the connection (up to its timeout): call it from a worker thread."""
        ...

    def conflicts(self, *, unseen: bool = False) -> list[Conflict]:
        """The conflicts kept, oldest first (only those not yet marked seen, with `unseen`)."""
        ...

    def mark_seen(self, ids: Sequence[int]) -> None:
        """These conflicts were shown to the rep."""
        ...

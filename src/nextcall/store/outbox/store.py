"""`OutboxStore`: team mode's store as the app uses it, the team database with a local outbox in
front (see the package's docstring), and `open_team_store`, the one place it is opened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nextcall.store.outbox.local_file import OUTBOX_NAME, Outbox
from nextcall.store.outbox.passing import Passing
from nextcall.store.outbox.reads import Reads
from nextcall.store.outbox.sending import TeamStore
from nextcall.store.outbox.writes import Writes
from nextcall.store.postgres import PostgresStore
from nextcall.store.postgres.boundary import TeamUnreachable


class OutboxStore(Writes, Reads, Passing):
    """The team database as one rep sees it (`nextcall.store.Store` and
    `nextcall.store.syncing.Syncing`): writes kept in the outbox while it can't be reached,
    the dial loop's reads answered from the last good read meanwhile, and `flush` to send."""


def team_opener(url: str, rep: str) -> Callable[[], TeamStore]:
    """Opens a new connection to the team database as `rep` (a broken one is never reused)."""

    def open_team() -> TeamStore:
        return PostgresStore.open(url, rep)

    return open_team


def open_team_store(url: str, rep: str, folder: Path, *, nudge: bool = True) -> OutboxStore:
    """The team store for the rep, its outbox in the data `folder`; what waits from an
    earlier run is sent first. TeamUnreachable (saying how many writes wait) when the team
    database can't be reached: the app starts from a first good read."""
    outbox = Outbox.open(folder / OUTBOX_NAME)
    opener = team_opener(url, rep)
    try:
        team = opener()
    except TeamUnreachable as exc:
        store = OutboxStore(None, outbox, url, rep, opener, nudge=False)
        waiting = store.waiting()
        store.close()
        if waiting:
            raise TeamUnreachable(
                f"{exc}; {waiting} of your writes wait in {folder / OUTBOX_NAME} and will be"
                " sent once it can be reached"
            ) from exc
        raise
    except BaseException:
        outbox.close()
        raise
    store = OutboxStore(team, outbox, url, rep, opener, nudge=nudge)
    if store.waiting():
        store.flush()
    return store

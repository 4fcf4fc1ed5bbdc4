"""Team mode's local outbox: nothing the rep logs is lost when the network is.

Writes in the dial loop (outcomes, tags, notes, wins, follow-ups) go to the team database while
it answers; when it can't be reached they are committed to an SQLite file in the data folder
before the screen shows them, the dial loop reads the last good read with them laid over, and
`flush` (the app's timer, in a worker thread) reconnects and sends them in order, each once: an
idempotency key is stored with each write on the server, in the same transaction. A write that
meets a change the team made meanwhile is stored without undoing it, and kept as a conflict.
Imports psycopg (through the PostgreSQL store): the screens use `nextcall.store.syncing`."""

from nextcall.store.outbox.local_file import OUTBOX_NAME, Outbox
from nextcall.store.outbox.store import OutboxStore, open_team_store

__all__ = ["OUTBOX_NAME", "Outbox", "OutboxStore", "open_team_store"]

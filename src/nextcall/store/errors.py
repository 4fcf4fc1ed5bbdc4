"""The store's one error family: every storage failure reaches the rest of the program as a
`StoreError` whose message a rep can read (what went wrong, with which file, what to do), chained
from the driver's own error."""

from __future__ import annotations


class StoreError(Exception):
    """Storage failed; nothing half-written was kept. The message is for the rep."""


class DatabaseError(StoreError):
    """The database file can't be used at all (foreign, damaged, newer, unreadable); it was
    left as it was."""


class StoreBusy(StoreError):
    """Another process holds the database's write lock past the wait: nothing was written, and
    the same request may succeed in a moment."""


BUSY_MESSAGE = "the database is locked by another nextcall command; try again"

"""Storage: the `Store` interface the rest of nextcall uses, the records it takes and gives, and
its one error family. The SQLite backend is `nextcall.store.sqlite`."""

from nextcall.store.errors import DatabaseError, StoreBusy, StoreError
from nextcall.store.interface import Store
from nextcall.store.records import (
    BlockRecord,
    DncCounts,
    ExportedCall,
    ExportedProspect,
    FollowUp,
    HistoryCall,
    ImportCounts,
    NewProspect,
    Win,
)

__all__ = [
    "BlockRecord",
    "DatabaseError",
    "DncCounts",
    "ExportedCall",
    "ExportedProspect",
    "FollowUp",
    "HistoryCall",
    "ImportCounts",
    "NewProspect",
    "Store",
    "StoreBusy",
    "StoreError",
    "Win",
]

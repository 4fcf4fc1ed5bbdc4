"""One prospect's story (every rep's calls, this rep's private parts only), edits made by hand, requeue."""

from __future__ import annotations

from nextcall.store.postgres.base import PgBase


class Stories(PgBase):
    """To be written."""

"""The rep's days: totals, plans, call blocks, settings kept with the data."""

from __future__ import annotations

from nextcall.store.postgres.base import PgBase


class Days(PgBase):
    """To be written."""

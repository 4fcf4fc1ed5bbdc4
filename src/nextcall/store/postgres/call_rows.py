"""Calls: logging an outcome (with its day total, meeting dial and win), undo of the rep's own, tags, the private parts of a call, notes and wins."""

from __future__ import annotations

from nextcall.store.postgres.base import PgBase


class Calls(PgBase):
    """To be written."""

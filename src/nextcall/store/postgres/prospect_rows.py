"""Prospects: adding and importing them, their queue state, the queue's order (without other reps' claims and follow-ups), the do-not-call list, finding and counting them."""

from __future__ import annotations

from nextcall.store.postgres.base import PgBase


class Prospects(PgBase):
    """To be written."""

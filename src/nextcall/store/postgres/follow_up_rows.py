"""Follow-ups: scheduling them (the rep's own unless anyone's), reading and counting those due."""

from __future__ import annotations

from nextcall.store.postgres.base import PgBase


class FollowUps(PgBase):
    """To be written."""

"""The rep's reports: recent and past days, reasons, wins, ritual and recovery, talk time, exports."""

from __future__ import annotations

from nextcall.store.postgres.base import PgBase


class Reports(PgBase):
    """To be written."""

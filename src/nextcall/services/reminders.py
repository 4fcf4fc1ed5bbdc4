"""Reminders before timed follow-ups: which are due now (each given once) and when the next one
is, for one timer. Plain Python over the store; the dial screen rings the bell.

Each reminder fires once: the ones given are remembered in the store's meta table (prospect id
-> the instant it was for), so neither the minute refresh nor an app restarted within the
window gives it again; a follow-up moved to another time is reminded again. On start, only
follow-ups not yet due are reminded (one already due leads the queue anyway).
"""

from __future__ import annotations

import json
from contextlib import suppress
from datetime import UTC, datetime, timedelta

from nextcall.domain.clock import Clock
from nextcall.store import FollowUp, Store
from nextcall.store.errors import StoreError

REMINDED_KEY = "reminded"
"""The meta key holding the reminders given: {prospect id: due instant (ISO, UTC)}."""


def _key(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds")


class Reminders:
    """The reminders `lead` before each timed follow-up (none when `lead` is zero)."""

    def __init__(self, store: Store, clock: Clock, lead: timedelta) -> None:
        self.store, self.clock, self.lead = store, clock, lead
        self.given = self._load()
        """Prospect id -> the due instant (ISO, UTC) it was reminded for."""

    def _load(self) -> dict[int, str]:
        try:
            data = json.loads(self.store.get_meta(REMINDED_KEY) or "{}")
        except (StoreError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {int(k): v for k, v in data.items() if str(k).isdigit() and isinstance(v, str)}

    @property
    def on(self) -> bool:
        return self.lead > timedelta(0)

    def due(self) -> list[FollowUp]:
        """The reminders to give now, soonest first: timed follow-ups due within `lead` from
        now (not already due) that were not reminded for that time. They are remembered as
        given before this returns."""
        if not self.on:
            return []
        now = self.clock.now()
        found = self.store.timed_follow_ups(now, now + self.lead)
        fresh = [f for f in found if self.given.get(f.prospect.id) != _key(f.due_at)]
        if fresh:
            self.given.update((f.prospect.id, _key(f.due_at)) for f in fresh)
            past = _key(now)
            self.given = {pid: at for pid, at in self.given.items() if at > past}
            # Remembered for this run even if this fails: at worst a restart repeats it.
            with suppress(StoreError):
                self.store.set_meta(REMINDED_KEY, json.dumps(self.given))
        return fresh

    def next_at(self) -> datetime | None:
        """When the next reminder falls due (after the ones due now); None when none is ahead."""
        if not self.on:
            return None
        due = self.store.next_timed_follow_up(self.clock.now() + self.lead)
        return None if due is None else due - self.lead

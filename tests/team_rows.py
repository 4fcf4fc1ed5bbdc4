"""Rows written straight into the team database with SQL, for the team figures' tests: the
prospects, calls (with their day totals), private parts, wins, claims and signs of life a team's
day leaves behind, as the store's writers leave them. Connects as the superuser, so it can write
any rep's private rows (row-level security lets the app's role write only its own)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import psycopg

from nextcall.domain.outcomes import BY_NAME, OutcomeName, WinKind
from nextcall.store.codec import iso


class TeamRows:
    """A writer of team rows at the times given (local days in `tz`)."""

    def __init__(self, admin_url: str, tz: tzinfo) -> None:
        self.conn: psycopg.Connection[Any] = psycopg.connect(admin_url, autocommit=True)
        self.tz = tz
        self.phones = 0

    def close(self) -> None:
        self.conn.close()

    def prospects(self, n: int, lifecycle: str = "active", slot: int = 1) -> list[int]:
        """`n` prospects in that place on the list; their ids."""
        ids = []
        for _ in range(n):
            self.phones += 1
            row = self.conn.execute(
                "INSERT INTO prospects (name, phone, phone_display, lifecycle, slot, due_at,"
                " created_at) VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (
                    f"Prospect {self.phones}",
                    f"+1555{self.phones:07d}",
                    f"(555) {self.phones:07d}",
                    lifecycle,
                    slot,
                    "2026-01-01T00:00:00.000Z",
                    "2026-01-01T00:00:00.000Z",
                ),
            ).fetchone()
            assert row is not None
            ids.append(int(row[0]))
        return ids

    def call(
        self,
        rep: str,
        prospect_id: int,
        at: datetime,
        outcome: str,
        reason: str | None = None,
        note: str | None = None,
    ) -> int:
        """One logged call: the call, the day's counter, and a win where the outcome drops
        one; its id."""
        day = at.astimezone(self.tz).date().isoformat()
        row = self.conn.execute(
            "INSERT INTO calls (prospect_id, rep, at, day, outcome, reason, note, prior)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, '{}') RETURNING id",
            (prospect_id, rep, iso(at), day, outcome, reason, note),
        ).fetchone()
        assert row is not None
        call_id = int(row[0])
        self.conn.execute(
            "INSERT INTO day_totals (rep, day, outcome, n) VALUES (%s, %s, %s, 1)"
            " ON CONFLICT (rep, day, outcome) DO UPDATE SET n = day_totals.n + 1",
            (rep, day, outcome),
        )
        win = BY_NAME[OutcomeName(outcome)].win
        if win is not None:
            self.win(rep, at, win.value, "", prospect_id, call_id)
        return call_id

    def calls(
        self, rep: str, prospect_id: int, start: datetime, gap_min: float, outcomes: list[str]
    ) -> list[int]:
        """Calls `gap_min` minutes apart from `start`, one per outcome."""
        return [
            self.call(rep, prospect_id, start + timedelta(minutes=gap_min * k), o)
            for k, o in enumerate(outcomes)
        ]

    def undo(self, call_id: int) -> None:
        """Take a call back as undo does: the call, its counter and its win."""
        row = self.conn.execute(
            "DELETE FROM calls WHERE id = %s RETURNING rep, day, outcome", (call_id,)
        ).fetchone()
        assert row is not None
        self.conn.execute(
            "UPDATE day_totals SET n = n - 1 WHERE rep = %s AND day = %s AND outcome = %s", row
        )

    def win(
        self,
        rep: str,
        at: datetime,
        kind: str = WinKind.MANUAL.value,
        text: str = "",
        prospect_id: int | None = None,
        call_id: int | None = None,
    ) -> None:
        day = at.astimezone(self.tz).date().isoformat()
        self.conn.execute(
            "INSERT INTO wins (rep, at, day, kind, text, prospect_id, call_id)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (rep, iso(at), day, kind, text, prospect_id, call_id),
        )

    def private(
        self, call_id: int, ritual: str, recovery_s: float | None, debrief: str | None
    ) -> None:
        """The call's private parts (its rep's own)."""
        self.conn.execute(
            "INSERT INTO call_private (call_id, rep, day, ritual, recovery_s, debrief)"
            " SELECT id, rep, day, %s, %s, %s FROM calls WHERE id = %s",
            (ritual, recovery_s, debrief, call_id),
        )

    def seen(self, rep: str, ago_s: float) -> None:
        """The rep's last sign of life, `ago_s` seconds ago by the server's clock."""
        self.conn.execute(
            "INSERT INTO reps (rep, seen_at) VALUES (%s, now() - make_interval(secs => %s))"
            " ON CONFLICT (rep) DO UPDATE SET seen_at = EXCLUDED.seen_at",
            (rep, ago_s),
        )

    def claim(self, rep: str, prospect_id: int, on_call: bool, minutes: float = 10) -> None:
        """A claim running `minutes` more (negative: expired), on a call or not."""
        self.conn.execute(
            "INSERT INTO claims (prospect_id, rep, until, on_call)"
            " VALUES (%s, %s, now() + make_interval(secs => %s), %s)",
            (prospect_id, rep, minutes * 60, on_call),
        )


def at(day: date, hh: int, mm: int, tz: tzinfo) -> datetime:
    """`hh:mm` on a local day, as a UTC instant."""
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=tz).astimezone(UTC)

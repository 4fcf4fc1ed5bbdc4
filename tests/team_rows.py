"""Rows written straight into the team database with SQL, for the team figures' tests: the
prospects, calls (with their day totals), private parts, wins, claims and signs of life a team's
day leaves behind, as the store's writers leave them. Connects as the superuser, so it can write
any rep's private rows (row-level security lets the app's role write only its own)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import psycopg

from nextcall.domain.clock import Clock
from nextcall.domain.outcomes import BY_NAME, OutcomeName, WinKind
from nextcall.store.codec import iso

DAY = date(2026, 11, 18)
"""The conftest clock's day (Wed 18 Nov 2026, 14:30 in New York)."""


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
        call_id: int | None = None,
    ) -> int:
        """One logged call: the call, the day's counter, and a win where the outcome drops
        one; its id (`call_id`: this one, as a transaction that took it earlier would)."""
        day = at.astimezone(self.tz).date().isoformat()
        row = self.conn.execute(
            "INSERT INTO calls (id, prospect_id, rep, at, day, outcome, reason, note, prior)"
            " VALUES (coalesce(%s, nextval(pg_get_serial_sequence('calls', 'id'))),"
            " %s, %s, %s, %s, %s, %s, %s, '{}') RETURNING id",
            (call_id, prospect_id, rep, iso(at), day, outcome, reason, note),
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


def two_reps(rows: TeamRows, clock: Clock) -> dict[str, int]:
    """The hand-computed case. Today (Wed 18 Nov, now 14:30):

    ana 09:00 no answer, 09:06 voicemail, 09:12 rejected (budget), 09:18 conversation,
        09:24 meeting, 10:30 gatekeeper: 6 dials, 4 connects, 2 conversations, 1 meeting,
        1 rejection; dialing 4 x 6 min + 15 (the 66-min gap capped) + 15 (since 10:30,
        capped) = 54 min: 6 / 0.9 h = 6.67 dials/h. Wins: conversation, meeting = 2.
    ben 13:00 rejected (not tagged), 13:10 rejected (budget), 13:20 rejected (timing),
        13:30 no answer, 14:00 later: 5 dials, 4 connects, 1 conversation, 0 meetings,
        3 rejections; 3 x 10 + 15 + 15 = 60 min: 5.0 dials/h. Wins: later = 1.
    team: 11 dials, 8 connects, 3 conversations, 1 meeting, 4 rejections, 11 dials per
        meeting, by reason budget 2, timing 1, not tagged 1; 114 min: 11 / 1.9 h = 5.79/h.

    Earlier in the week: Mon 16 ana rejected 4 x budget, 1 x value; Tue 17 ben 1 x budget.
    Wed 11 (eight days back, outside the week) ana 3 x competitor.
    The week's audit: budget 7, timing 1, value 1 of 9 tagged (10 rejections, 1 not tagged):
    budget alone 78% < 80%, budget + timing 89%: focus budget and timing, value tied.

    The list: 5 new, 2 retry, 1 follow-up, 1 booked, 3 archived, 1 do-not-call; one claim
    running (ana's, on a call), one expired. Prospects kept: 9."""
    tz = clock.local_tz()
    new = rows.prospects(5)
    rows.prospects(2, slot=2)
    rows.prospects(1, slot=0)
    rows.prospects(1, "done")
    rows.prospects(3, "archived")
    rows.prospects(1, "dnc")
    p = new[0]
    ids: dict[str, int] = {}
    for hh, mm, outcome in ((9, 0, "no_answer"), (9, 6, "voicemail")):
        rows.call("ana", p, at(DAY, hh, mm, tz), outcome)
    ids["ana_rejected"] = rows.call("ana", p, at(DAY, 9, 12, tz), "rejected", "budget")
    for hh, mm, outcome in ((9, 18, "conversation"), (9, 24, "meeting"), (10, 30, "gatekeeper")):
        rows.call("ana", p, at(DAY, hh, mm, tz), outcome)
    ids["ben_untagged"] = rows.call("ben", p, at(DAY, 13, 0, tz), "rejected", note="called back")
    ids["ben_budget"] = rows.call("ben", p, at(DAY, 13, 10, tz), "rejected", "budget")
    rows.call("ben", p, at(DAY, 13, 20, tz), "rejected", "timing")
    rows.call("ben", p, at(DAY, 13, 30, tz), "no_answer")
    rows.call("ben", p, at(DAY, 14, 0, tz), "later")
    monday, tuesday = DAY - timedelta(days=2), DAY - timedelta(days=1)
    for k in range(4):
        rows.call("ana", p, at(monday, 10, k, tz), "rejected", "budget")
    rows.call("ana", p, at(monday, 11, 0, tz), "rejected", "value")
    rows.call("ben", p, at(tuesday, 10, 0, tz), "rejected", "budget")
    for k in range(3):
        rows.call("ana", p, at(DAY - timedelta(days=7), 10, k, tz), "rejected", "competitor")
    rows.claim("ana", new[1], on_call=True)
    rows.claim("ben", new[2], on_call=True, minutes=-1)  # expired: neither held nor a call
    rows.seen("ana", 30)
    rows.seen("ben", 125)
    rows.seen("carl", 2 * 86400)  # not today: not listed
    return ids

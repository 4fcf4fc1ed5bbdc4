"""Rows written straight into the team database for the reports' and stories' tests, as one rep
(row-level security checks each private row's rep): prospects, calls with their private parts,
day totals, meeting dials and wins, shaped as the store's own writes shape them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from nextcall.store.codec import iso
from nextcall.store.postgres import PostgresStore

AT = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
DAY = date(2026, 11, 18)


def add_prospect(
    store: PostgresStore,
    name: str,
    phone: str,
    *,
    slot: int = 1,
    due_at: datetime = AT,
    timed: bool = False,
    owner: str | None = None,
    email: str = "",
    crm_id: str = "",
) -> int:
    """A prospect on the shared list; its id."""
    row = store.conn.execute(
        "INSERT INTO prospects (name, phone, phone_display, slot, due_at, timed, owner,"
        " email, crm_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        " RETURNING id",
        (name, phone, phone, slot, iso(due_at), int(timed), owner, email, crm_id, iso(AT)),
    ).fetchone()
    return int(row[0])


def add_call(
    store: PostgresStore,
    prospect_id: int,
    outcome: str,
    *,
    at: datetime = AT,
    day: date = DAY,
    reason: str | None = None,
    note: str | None = None,
    duration_s: float | None = None,
    ritual: str | None = None,
    recovery_s: float | None = None,
    debrief: str | None = None,
) -> int:
    """One call by the store's rep, with its private part, day total and meeting dial; its id."""
    rep, d = store.rep, day.isoformat()
    with store.conn.transaction():
        cid = int(
            store.conn.execute(
                "INSERT INTO calls (prospect_id, rep, at, day, outcome, reason, note, prior,"
                " duration_s) VALUES (%s, %s, %s, %s, %s, %s, %s, '{}', %s) RETURNING id",
                (prospect_id, rep, iso(at), d, outcome, reason, note, duration_s),
            ).fetchone()[0]
        )
        if (ritual, recovery_s, debrief) != (None, None, None):
            store.conn.execute(
                "INSERT INTO call_private (call_id, rep, day, ritual, recovery_s, debrief)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (cid, rep, d, ritual, recovery_s, debrief),
            )
        store.conn.execute(
            "INSERT INTO day_totals (rep, day, outcome, n) VALUES (%s, %s, %s, 1)"
            " ON CONFLICT (rep, day, outcome) DO UPDATE SET n = day_totals.n + 1",
            (rep, d, outcome),
        )
        if outcome == "meeting":
            store.conn.execute(
                "INSERT INTO meeting_dials (call_id, rep, day, dial) SELECT %s, %s, %s, count(*)"
                " FROM calls WHERE rep = %s AND day = %s",
                (cid, rep, d, rep, d),
            )
    return cid


def add_win(
    store: PostgresStore, kind: str, text: str, *, at: datetime = AT, day: date = DAY
) -> None:
    store.conn.execute(
        "INSERT INTO wins (rep, at, day, kind, text) VALUES (%s, %s, %s, %s, %s)",
        (store.rep, iso(at), day.isoformat(), kind, text),
    )

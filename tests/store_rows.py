"""Rows the tests of calls and days read on either backend beyond what the store's methods show:
prospects added and read back, and what a call left in the wins, meeting dials and private
parts. On SQLite they are the file's columns; on PostgreSQL plain SQL as the store's rep (so
row-level security applies)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from factories import known, people
from nextcall.domain.prospects import Prospect
from nextcall.store import NewProspect, Store


def _conn(store: Store) -> Any:
    return cast(Any, store).conn


def _team(store: Store) -> bool:
    return store.rep is not None


def add_rows(store: Store, rows: list[NewProspect], at: datetime) -> list[int]:
    """Add these prospects, new and due at `at`; their ids, in order."""
    store.add_prospects(rows, at)
    return [known(store.prospect_by_phone(r.phone)).id for r in rows]


def add_people(store: Store, count: int, at: datetime) -> list[int]:
    """`count` prospects (`factories.people`) due at `at`; their ids, in order."""
    return add_rows(store, people(count), at)


def prospect_of(store: Store, prospect_id: int) -> Prospect:
    """The prospect as stored now (it must be there)."""
    return known(store.prospect(prospect_id))


def _rows(store: Store, sqlite_sql: str, pg_sql: str, params: tuple[Any, ...]) -> list[Any]:
    if _team(store):
        return list(_conn(store).execute(pg_sql, (store.rep, *params)).fetchall())
    return list(_conn(store).execute(sqlite_sql, params).fetchall())


def wins_of(store: Store, day: date) -> list[tuple[str, str]]:
    """(kind, text) of the rep's wins on `day`, oldest first."""
    return [
        (r[0], r[1])
        for r in _rows(
            store,
            "SELECT kind, text FROM wins WHERE day = ? ORDER BY id",
            "SELECT kind, text FROM wins WHERE rep = %s AND day = %s ORDER BY id",
            (day.isoformat(),),
        )
    ]


def meeting_dials(store: Store, day: date) -> list[int]:
    """The dial (1 = the rep's first call of the day) of each of the rep's meetings on `day`."""
    return [
        int(r[0])
        for r in _rows(
            store,
            "SELECT dial FROM meeting_dials WHERE day = ? ORDER BY dial",
            "SELECT dial FROM meeting_dials WHERE rep = %s AND day = %s ORDER BY dial",
            (day.isoformat(),),
        )
    ]


def kept_dials(store: Store) -> list[tuple[str, int]]:
    """(day, dial) of every meeting of the rep's as `meeting_dials` keeps it."""
    return [
        (r[0], int(r[1]))
        for r in _rows(
            store,
            "SELECT day, dial FROM meeting_dials ORDER BY day, dial",
            "SELECT day, dial FROM meeting_dials WHERE rep = %s ORDER BY day, dial",
            (),
        )
    ]


def dials_from_the_calls(store: Store) -> list[tuple[str, int]]:
    """(day, dial) of every meeting of the rep's worked out from their calls themselves (what
    `meeting_dials` keeps so that reading past days never counts calls)."""
    numbered = "SELECT day, outcome, row_number() OVER (PARTITION BY day ORDER BY id) AS k"
    return [
        (r[0], int(r[1]))
        for r in _rows(
            store,
            f"SELECT day, k FROM ({numbered} FROM calls) WHERE outcome = 'meeting' ORDER BY day, k",
            f"SELECT day, k FROM ({numbered} FROM calls WHERE rep = %s) AS numbered"
            " WHERE outcome = 'meeting' ORDER BY day, k",
            (),
        )
    ]


def ritual_row(store: Store, call_id: int) -> tuple[str | None, float | None] | None:
    """(ritual, recovery_s) as stored for a call; None when the call is gone (undone)."""
    if not _team(store):
        row = (
            _conn(store)
            .execute("SELECT ritual, recovery_s FROM calls WHERE id = ?", (call_id,))
            .fetchone()
        )
    else:
        row = (
            _conn(store)
            .execute(
                "SELECT p.ritual, p.recovery_s FROM calls c"
                " LEFT JOIN call_private p ON p.call_id = c.id WHERE c.id = %s",
                (call_id,),
            )
            .fetchone()
        )
    return None if row is None else (row[0], row[1])

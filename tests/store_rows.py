"""Rows the tests of calls and days read or write on either backend without going through the
store's own prospect and report methods (the PostgreSQL store's are written in other parts):
prospects added and read back, and what a call left in the wins, meeting dials and private
parts. On SQLite they are the store's methods or its columns; on PostgreSQL plain SQL as the
store's rep (so row-level security applies)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

import pytest

from factories import people
from nextcall.domain.prospects import Prospect
from nextcall.store import NewProspect, Store
from nextcall.store.codec import PROSPECT_COLUMNS, iso, prospect


def whole(store: Store) -> Store:
    """`store`, for a test that needs every part of it (a session, the reports): the test skips
    on the team database until all of the PostgreSQL store is written."""
    if not isinstance(store, Store):
        pytest.skip("needs the whole PostgreSQL store (parts of it are written elsewhere)")
    return store


def _conn(store: Store) -> Any:
    return cast(Any, store).conn


def _team(store: Store) -> bool:
    return store.rep is not None


def add_rows(store: Store, rows: list[NewProspect], at: datetime) -> list[int]:
    """Add these prospects, new and due at `at`; their ids, in order."""
    if not _team(store):
        store.add_prospects(rows, at)
        return [cast(Prospect, store.prospect_by_phone(r.phone)).id for r in rows]
    return [
        int(
            _conn(store)
            .execute(
                "INSERT INTO prospects (name, company, title, phone, phone_display, email, notes,"
                " timezone, due_at, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " RETURNING id",
                (
                    *(r.name, r.company, r.title, r.phone, r.phone_display),
                    *(r.email, r.notes, r.timezone, iso(at), iso(at)),
                ),
            )
            .fetchone()[0]
        )
        for r in rows
    ]


def add_people(store: Store, count: int, at: datetime) -> list[int]:
    """`count` prospects (`factories.people`) due at `at`; their ids, in order."""
    return add_rows(store, people(count), at)


def prospect_of(store: Store, prospect_id: int) -> Prospect:
    """The prospect as stored now (it must be there)."""
    if not _team(store):
        found = store.prospect(prospect_id)
    else:
        row = (
            _conn(store)
            .execute(f"SELECT {PROSPECT_COLUMNS} FROM prospects WHERE id = %s", (prospect_id,))
            .fetchone()
        )
        found = None if row is None else prospect(row)
    assert found is not None
    return found


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

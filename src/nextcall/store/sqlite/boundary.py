"""The one place where sqlite3's errors become the store's: a thin wrapper over the connection
whose statements, rows and transactions raise only `StoreError` (chained from the sqlite3 error),
with a message a rep can read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from nextcall.store.errors import BUSY_MESSAGE, DatabaseError, StoreBusy, StoreError

Parameters = Sequence[Any] | Mapping[str, Any]

_BUSY_TEXT = ("database is locked", "database table is locked", "database is busy")


def store_error(exc: sqlite3.Error, path: Path | None) -> StoreError:
    """The `StoreError` a rep is shown for a failed statement on the database at `path`."""
    where = str(path) if path is not None else "the database"
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or text in _BUSY_TEXT:
        return StoreBusy(BUSY_MESSAGE)
    if primary == sqlite3.SQLITE_FULL or text == "database or disk is full":
        return StoreError(f"could not write to {where}: the disk is full; free some space")
    if primary == sqlite3.SQLITE_READONLY:
        return StoreError(
            f"could not write to {where}: it can only be read ({text}); check the permissions"
            " of the file and its folder"
        )
    if primary in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return StoreError(f"could not read or write {where} ({text})")
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return DatabaseError(
            f"{where} is damaged or not a database ({text}); `nextcall restore` lists your"
            " daily backups and puts one back"
        )
    if isinstance(exc, sqlite3.ProgrammingError) and "closed" in text:
        return StoreError(f"could not use {where}: it was already closed")
    return StoreError(f"the database at {where} refused the request ({text})")


class Cursor:
    """A statement's result: its rows, read through the boundary."""

    __slots__ = ("_cursor", "_path")

    def __init__(self, cursor: sqlite3.Cursor, path: Path | None) -> None:
        self._cursor = cursor
        self._path = path

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    def fetchone(self) -> Any:
        try:
            return self._cursor.fetchone()
        except sqlite3.Error as exc:
            raise store_error(exc, self._path) from exc

    def fetchall(self) -> list[Any]:
        try:
            return self._cursor.fetchall()
        except sqlite3.Error as exc:
            raise store_error(exc, self._path) from exc

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._cursor
        except sqlite3.Error as exc:
            raise store_error(exc, self._path) from exc


class Connection:
    """An open sqlite3 connection (autocommit mode: transactions are explicit) whose every
    failure is a `StoreError`."""

    def __init__(self, raw: sqlite3.Connection, path: Path | None = None) -> None:
        self.raw = raw
        self.path = path

    def execute(self, sql: str, params: Parameters = ()) -> Cursor:
        try:
            return Cursor(self.raw.execute(sql, params), self.path)
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    def executemany(self, sql: str, rows: Iterable[Parameters]) -> Cursor:
        try:
            return Cursor(self.raw.executemany(sql, rows), self.path)
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    @property
    def total_changes(self) -> int:
        return self.raw.total_changes

    def transaction(self, keep: bool = True) -> Transaction:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (or always, when not `keep`)."""
        return Transaction(self, keep)

    def close(self) -> None:
        try:
            self.raw.close()
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc


class Transaction:
    """One write: BEGIN IMMEDIATE, then COMMIT, or ROLLBACK on any error (or always, when not
    `keep`). An error inside keeps its own cause: a ROLLBACK that fails after it (SQLite may
    have rolled back already) never takes its place."""

    __slots__ = ("conn", "keep")

    def __init__(self, conn: Connection, keep: bool = True) -> None:
        self.conn = conn
        self.keep = keep

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self._roll_back()  # the error on its way out says what went wrong
            return
        if not self.keep:
            self.conn.execute("ROLLBACK")
            return
        try:
            self.conn.raw.execute("COMMIT")
        except sqlite3.Error as error:
            self._roll_back()  # e.g. a full disk: leave the connection usable
            raise store_error(error, self.conn.path) from error

    def _roll_back(self) -> None:
        """ROLLBACK if a transaction is still open (SQLite ends some on an error itself); a
        failure here would only hide the error that brought us here."""
        raw = self.conn.raw
        if raw.in_transaction:
            with suppress(sqlite3.Error):
                raw.execute("ROLLBACK")

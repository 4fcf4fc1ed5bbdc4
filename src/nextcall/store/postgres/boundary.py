"""The one place where psycopg's errors become the store's: statements, rows and transactions on
the team database raise only `StoreError` (chained from psycopg's), with words a rep can read.
A server that can't be reached is `TeamUnreachable`, which the outbox catches; no message ever
carries a password (psycopg's own never do, and URLs are shown without theirs)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

import psycopg
from psycopg import conninfo, errors

from nextcall.store.errors import StoreError

Parameters = Sequence[Any] | Mapping[str, Any]


class TeamUnreachable(StoreError):
    """The team database can't be reached (network, server down): nothing was written there."""


class CommitUnanswered(TeamUnreachable):
    """The connection broke while the team database was committing a write: it may be kept
    there or not (the outbox key sent with an outcome tells, when it is sent again)."""


class TeamSchemaError(StoreError):
    """The team database has no nextcall schema, an older one (`nextcall team init`), or a
    newer one."""


def safe_url(url: str) -> str:
    """The database as a rep may see it: host, port, database and user, never the password."""
    try:
        params = conninfo.conninfo_to_dict(url)
    except (psycopg.ProgrammingError, UnicodeEncodeError):
        return "the team database (its URL could not be read)"
    user = params.get("user")
    who = f"{user}@" if user else ""
    service = params.get("service")
    if service and not params.get("host"):  # the rest is in pg_service.conf
        database = f"/{params['dbname']}" if params.get("dbname") else ""
        return f"postgresql://{who}{database}?service={service}"
    host = params.get("host") or "localhost"
    port = params.get("port") or "5432"
    name = params.get("dbname") or user or "?"
    return f"postgresql://{who}{host}:{port}/{name}"


def store_error(exc: psycopg.Error, where: str) -> StoreError:
    """The `StoreError` a rep is shown for a failed statement on the team database `where`."""
    text = _first_line(exc)
    if isinstance(exc, psycopg.OperationalError) and not isinstance(
        exc, errors.QueryCanceled | errors.LockNotAvailable | errors.DeadlockDetected
    ):
        return TeamUnreachable(f"the team database {where} can't be reached ({text})")
    if isinstance(exc, errors.InsufficientPrivilege):
        return StoreError(f"the team database {where} refused this rep ({text})")
    if isinstance(exc, errors.UndefinedTable | errors.UndefinedColumn):
        return TeamSchemaError(
            f"the team database {where} has no nextcall schema or an older one ({text});"
            " run `nextcall team init`"
        )
    return StoreError(f"the team database {where} refused the request ({text})")


def unsendable(exc: UnicodeEncodeError, where: str) -> StoreError:
    """Text that can't be sent as UTF-8 (a lone surrogate: bytes Python could not decode and
    kept as they were) never reaches the server: said as the store's error, as any other."""
    return StoreError(
        f"the team database {where} could not be written: some of the text is not valid"
        " Unicode (characters a file or terminal could not decode)"
    )


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class Cursor:
    """A statement's result: its rows, read through the boundary."""

    __slots__ = ("_cursor", "_where")

    def __init__(self, cursor: psycopg.Cursor[Any], where: str) -> None:
        self._cursor = cursor
        self._where = where

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self) -> Any:
        try:
            return self._cursor.fetchone()
        except psycopg.Error as exc:
            raise store_error(exc, self._where) from exc

    def fetchall(self) -> list[Any]:
        try:
            return self._cursor.fetchall()
        except psycopg.Error as exc:
            raise store_error(exc, self._where) from exc

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._cursor
        except psycopg.Error as exc:
            raise store_error(exc, self._where) from exc


class Connection:
    """An open psycopg connection in autocommit mode (transactions are explicit, one per
    write) whose every failure is a `StoreError`. `where` names the database in messages."""

    def __init__(self, raw: psycopg.Connection[Any], where: str) -> None:
        self.raw = raw
        self.where = where
        self._heard: int | None = None

    def notifications(self, listen: str) -> int:
        """A number that grows by one with each notification this connection received since
        it first asked, `listen` (a LISTEN statement) run then; each call is one round trip,
        which reads those the server sent meanwhile (one arrives once its change committed)."""
        if self._heard is None:
            self.raw.add_notify_handler(self._hear)
            self._heard = self.raw.info.backend_pid << 32  # another connection: other numbers
            self.execute(listen)
        else:
            self.execute("SELECT 1")
        return self._heard

    def _hear(self, _: psycopg.Notify) -> None:
        self._heard = (self._heard or 0) + 1

    def execute(self, sql: str, params: Parameters = ()) -> Cursor:
        try:
            return Cursor(self.raw.execute(sql, params, prepare=True), self.where)
        except psycopg.Error as exc:
            raise store_error(exc, self.where) from exc
        except UnicodeEncodeError as exc:
            raise unsendable(exc, self.where) from exc

    def executemany(self, sql: str, rows: Iterable[Parameters]) -> None:
        try:
            with self.raw.cursor() as cur:
                cur.executemany(sql, rows)
        except psycopg.Error as exc:
            raise store_error(exc, self.where) from exc
        except UnicodeEncodeError as exc:
            raise unsendable(exc, self.where) from exc

    def copy(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """`COPY ... FROM STDIN` with these rows: the quick way in for thousands of rows."""
        try:
            with self.raw.cursor() as cur, cur.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as exc:
            raise store_error(exc, self.where) from exc
        except UnicodeEncodeError as exc:
            raise unsendable(exc, self.where) from exc

    def transaction(self, keep: bool = True) -> Transaction:
        """One write: committed whole at the end, or rolled back on any error (or always,
        when not `keep`)."""
        return Transaction(self, keep)

    @property
    def closed(self) -> bool:
        return bool(self.raw.closed)

    def close(self) -> None:
        self.raw.close()


class Transaction:
    """psycopg's transaction block, with its errors made the store's."""

    __slots__ = ("_block", "_outer", "conn", "keep")

    def __init__(self, conn: Connection, keep: bool = True) -> None:
        self.conn = conn
        self.keep = keep
        self._block: AbstractContextManager[Any] | None = None
        self._outer = False

    def __enter__(self) -> None:
        try:
            idle = self.conn.raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
            self._outer = idle and self.keep  # its end is a COMMIT, not a savepoint's
            self._block = self.conn.raw.transaction(force_rollback=not self.keep)
            self._block.__enter__()
        except psycopg.Error as exc:
            raise store_error(exc, self.conn.where) from exc

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        assert self._block is not None
        try:
            self._block.__exit__(exc_type, exc, tb)
        except psycopg.Error as error:
            if exc is not None:  # the first error stands
                return
            failed = store_error(error, self.conn.where)  # COMMIT itself failed: say so
            if self._outer and isinstance(failed, TeamUnreachable):
                raise CommitUnanswered(str(failed)) from error
            raise failed from error

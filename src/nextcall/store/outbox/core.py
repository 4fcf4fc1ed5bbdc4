"""The outbox store's own state: the team store while it can be reached, the outbox file and the
entries waiting in it, the last good read; going offline, keeping a write, and `flush`, which
reconnects and sends what waits, in order.

Threads: the app's writes and reads run on its thread, `flush` in a worker thread. One lock
guards the state and the outbox file; `flush` sends over its own new connection without holding
it, so a slow or hung network never holds up a keypress. While entries wait, the app's writes
join them (order is kept) and its reads are the last good read with them laid over; once
nothing waits, `flush` hands its connection over and the store is online again."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from typing import Any, TypeVar
from uuid import uuid4

from nextcall.store.errors import StoreError
from nextcall.store.outbox.entries import Entry, Kind
from nextcall.store.outbox.last_read import LastRead
from nextcall.store.outbox.local_file import Outbox
from nextcall.store.outbox.sending import Sent, TeamStore, send
from nextcall.store.postgres.boundary import TeamUnreachable, safe_url
from nextcall.store.syncing import Conflict, Flushed

T = TypeVar("T")
OFFLINE = "the team database can't be reached (your calls wait in the outbox meanwhile)"
NUDGE_GAP_S = 2.0
"""A write that joins the outbox starts a flush at most this often (the app's timer also does)."""


class OutboxCore:
    """See the module's docstring."""

    def __init__(
        self,
        team: TeamStore | None,
        outbox: Outbox,
        url: str,
        rep: str,
        opener: Callable[[], TeamStore],
        *,
        nudge: bool = True,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._team = team
        self.outbox = outbox
        self.url = url
        self._rep = rep
        self.target = f"{rep} @ {safe_url(url)}"
        """Whose and which database's entries are these (one file may hold another's)."""
        self._open = opener
        self._monotonic = monotonic
        self._lock = threading.RLock()
        self._flushing = threading.Lock()
        self._nudging = nudge
        self._nudged = -NUDGE_GAP_S
        self._closed = False
        self.pending: list[Entry] = outbox.entries(self.target)
        self._waiting = len(self.pending)
        self.last = LastRead()
        self.held: dict[int, float] = {}
        """Prospects this rep claimed: until when (monotonic), as far as this app knows."""
        self.problem: str | None = None if team is not None else OFFLINE
        """Why the team database could not be reached at the last try."""

    @property
    def rep(self) -> str:
        return self._rep

    @property
    def offline(self) -> bool:
        return self._team is None

    def waiting(self) -> int:
        return self._waiting  # no lock, no I/O: the top bar reads it on every refresh

    def close(self) -> None:
        with self._lock:
            self._closed = True
            team, self._team = self._team, None
            if team is not None:
                with suppress(StoreError):
                    team.close()
            self.outbox.close()

    # -- online, offline -----------------------------------------------------------------------

    def _lost(self, exc: StoreError) -> None:
        """The team database stopped answering: drop the broken connection (`flush` opens a
        new one)."""
        team, self._team = self._team, None
        self.problem = str(exc)
        if team is not None:
            with suppress(StoreError):
                team.close()

    def _pass(self, call: Callable[[TeamStore], T]) -> T:
        """A read or write with no answer offline: made on the team database, or
        TeamUnreachable."""
        with self._lock:
            team = self._team
            if team is None:
                raise TeamUnreachable(f"{OFFLINE}; try again when it is back")
            try:
                return call(team)
            except TeamUnreachable as exc:
                self._lost(exc)
                raise

    def _direct(self) -> TeamStore | None:
        """The team store, when a write may go straight to it: online, nothing waiting."""
        return None if self.pending else self._team

    def _queue(
        self,
        kind: Kind,
        body: Mapping[str, Any],
        *,
        key: str | None = None,
        prospect_id: int | None = None,
        call_id: int | None = None,
    ) -> Entry:
        """Keep a write in the outbox (committed before this returns)."""
        entry = self.outbox.add(self.target, key or uuid4().hex, kind, body, prospect_id, call_id)
        self.pending.append(entry)
        self._waiting = len(self.pending)
        self._nudge()
        return entry

    def _drop(self, entries: Sequence[Entry]) -> None:
        ids = {e.id for e in entries}
        self.outbox.drop(sorted(ids))
        self.pending = [e for e in self.pending if e.id not in ids]
        self._waiting = len(self.pending)

    # -- sending -------------------------------------------------------------------------------

    def flush(self) -> Flushed:
        """Reconnect when needed and send what waits, oldest first, each once; a conflict is
        kept in the outbox file (`conflicts`). Waits for the connection: call it from a worker
        thread. One flush at a time."""
        with self._flushing:
            return self._flush()

    def conflicts(self, *, unseen: bool = False) -> list[Conflict]:
        with self._lock:
            return self.outbox.conflicts(self.target, unseen)

    def mark_seen(self, ids: Sequence[int]) -> None:
        with self._lock:
            self.outbox.mark_seen(ids)

    def _flush(self) -> Flushed:
        with self._lock:
            if self._closed or (self._team is not None and not self.pending):
                return Flushed(0, 0, self._waiting)
        try:
            team = self._open()
        except StoreError as exc:  # unreachable, or a schema this nextcall can't use
            with self._lock:
                self.problem = str(exc)
            return Flushed(0, 0, self._waiting, str(exc))
        sent = conflicts = 0
        while True:
            with self._lock:
                if self._closed or not self.pending:
                    self._hand_over(team)
                    return Flushed(sent, conflicts, self._waiting)
                entry = self.pending[0] = self.outbox.mark_sending(self.pending[0])
            try:
                result = send(team, entry, self._team_call)
            except TeamUnreachable as exc:
                with suppress(StoreError):
                    team.close()
                with self._lock:
                    self.problem = str(exc)
                return Flushed(sent, conflicts, self._waiting, str(exc))
            except (StoreError, KeyError, TypeError, ValueError) as exc:
                result = Sent(conflict=_refused(entry, exc))  # kept whole; the next ones go on
            with self._lock:
                if self._closed:  # sent: the next run finds it there by its key
                    return Flushed(sent, conflicts, self._waiting)
                self._sent(entry, result)
            sent, conflicts = sent + 1, conflicts + (result.conflict is not None)

    def _sent(self, entry: Entry, result: Sent) -> None:
        """Forget a sent entry here (kept as a conflict when it met one); what it did on the
        team database joins the last read (a conflicted outcome's call is stored too)."""
        if result.conflict is None:
            self.outbox.done(entry, result.call_id)
        else:
            self.outbox.keep_conflict(self.target, entry, result.conflict, result.call_id)
        stored = entry.kind is Kind.OUTCOME and result.call_id is not None
        if result.conflict is None or stored:
            self.last.sent(entry, result.call_id)
        if result.conflict is not None and entry.prospect_id is not None:
            self.last.prospects.pop(entry.prospect_id, None)  # as the team has them: read again
        self.pending = [e for e in self.pending if e.id != entry.id]
        self._waiting = len(self.pending)

    def _hand_over(self, team: TeamStore) -> None:
        """Nothing waits: the new connection becomes the store's (it is online again)."""
        if self._team is None and not self._closed:
            self._team, self.problem = team, None
        else:
            with suppress(StoreError):
                team.close()

    def _team_call(self, local_id: int) -> int | None:
        with self._lock:
            return self.outbox.team_call(local_id)

    def _nudge(self) -> None:
        """A write joined the outbox: try sending it soon, in a thread (never on a keypress)."""
        now = self._monotonic()
        if not self._nudging or self._flushing.locked() or now - self._nudged < NUDGE_GAP_S:
            return
        self._nudged = now
        threading.Thread(target=self._flush_if_idle, name="nextcall outbox", daemon=True).start()

    def _flush_if_idle(self) -> None:
        if self._flushing.acquire(blocking=False):
            try:
                with suppress(StoreError):  # the app's timer tries again, and says why
                    self._flush()
            finally:
                self._flushing.release()


def _refused(entry: Entry, exc: Exception) -> str:
    name = entry.body.get("prospect", {}).get("name") if entry.kind is Kind.OUTCOME else None
    about = f" with {name}" if name else ""
    return (
        f"The team database did not take your {entry.kind.words}{about} ({exc}); it is kept"
        " in the outbox file."
    )

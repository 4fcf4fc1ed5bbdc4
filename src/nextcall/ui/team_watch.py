"""Team mode on the dial screen: the prospect the cursor rests on is claimed, the claim renewed
while the rep stays on it, and prospects other reps claim leave the queue within two seconds:
every second a thread reads the queue's change counter on a connection of its own and, when it
moved, the prospects other reps hold or just called (a few rows); they leave the queue here,
and a key never waits for it. The whole queue is read again by the minute refresh, as for one rep (prospects given up
or called by others, follow-ups falling due): reading it every second would make the team's
server read every rep's whole list every second.

On one rep's own store none of the timers starts: nothing changes in the single-rep program."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker

from nextcall.services.claims import renew_every_s
from nextcall.services.session import Session
from nextcall.store import Store
from nextcall.store.errors import StoreError
from nextcall.ui.markup import escape

REST_S = 0.3
"""The cursor is resting once it stayed on a prospect for one tick of this (0.3-0.6 s): only
then is the prospect claimed, so a run of cursor keys claims nobody on the way."""
POLL_S = 1.0
"""How often the queue's change counter is read (a claim elsewhere leaves in under 2 s)."""
RETRY_S = 10.0
"""After a claim failed (the database out of reach), when the same prospect is tried again."""
GONE = "Another rep is calling {who} now: on to the next one."


class TakenRead(Message):
    """What other reps hold or just called, as read in the watch's thread (the dial screen
    hands it back)."""

    def __init__(self, stamp: int, claimed: set[int]) -> None:
        super().__init__()
        self.stamp, self.claimed = stamp, claimed


class TeamWatch:
    """The dial screen's claims and queue watch (see the module's docstring)."""

    def __init__(self, screen: Screen[None], session: Session, show: Callable[[bool], None]):
        self.screen, self.session = screen, session
        self.show = show
        """Shows the queue changed under the rep (True: the current prospect too)."""
        self.reader: Store | None = None
        """The watch thread's own handle on the team database (opened on the first read)."""
        self._stamp: int | None = None
        self._seen: int | None = None
        self._failed: tuple[tuple[int, ...], float] | None = None
        self._polling: Worker[None] | None = None
        self._closed = False

    def start(self) -> None:
        """Start the timers (team mode only)."""
        if not self.session.claims.team:
            return
        self._seen = self.session.current_id
        self.settle(resting=True)  # the first prospects are the rep's before the first key
        self.screen.set_interval(REST_S, self.settle)
        self.screen.set_interval(POLL_S, self.poll)
        self.screen.set_interval(renew_every_s(self.session.claims.minutes), self.renew)

    # -- the claim -----------------------------------------------------------------------------

    def settle(self, *, resting: bool = False) -> None:
        """Claim the prospect the cursor rests on and the one after it (the claims held
        elsewhere given up, the call's kept); those another rep holds leave the queue, with
        a word. `resting`: no need to wait a tick for the cursor to rest (start-up)."""
        s = self.session
        current = s.current_id
        if current != self._seen and not resting:  # still moving: wait for it to rest
            self._seen = current
            return
        wanted = s.wanted_claims()
        if set(wanted) == s.claims.held.keys():
            return
        if self._waiting(wanted):
            return
        try:
            dropped = s.claim_current()
        except StoreError:
            self._failed = (wanted, s.clock.monotonic() + RETRY_S)
            return
        self._failed = None
        self._seen = s.current_id
        if dropped:
            self._gone(dropped)

    def _waiting(self, wanted: tuple[int, ...]) -> bool:
        """True while claiming these failed a moment ago (not asked again yet)."""
        failed = self._failed
        return (
            failed is not None
            and failed[0] == wanted
            and self.session.clock.monotonic() < failed[1]
        )

    def _gone(self, dropped: list[int]) -> None:
        """Say who left the queue to another rep (the first of them) and show the queue."""
        prospect = self.session.store.prospect(dropped[0]) if len(dropped) == 1 else None
        who = escape(prospect.name) if prospect else f"{len(dropped)} prospects"
        self.screen.notify(GONE.format(who=who), timeout=4)
        self.show(True)

    def renew(self) -> None:
        """Renew the claims held (their leases run on), or say one was lost meanwhile."""
        try:
            lost = self.session.renew_claim()
        except StoreError:
            return  # renewed next time; the top bar says when the database is out of reach
        if lost:
            self._gone(lost)

    # -- the queue's change counter ------------------------------------------------------------

    def poll(self) -> None:
        """Read the change counter (and what others took, when it moved) in a thread."""
        if self._closed or (self._polling is not None and not self._polling.is_finished):
            return
        self._polling = self.screen.run_worker(
            self._read, thread=True, exit_on_error=False, group="team watch"
        )

    def _read(self) -> None:
        """In the thread: the counter, and what other reps took when it moved."""
        try:
            if self.reader is None:
                self.reader = self.session.store.reader()
                if self.reader is None:  # no second handle: nothing to watch from here
                    self._closed = True
                    return
            stamp = self.reader.queue_stamp()
            if stamp == self._stamp:
                return
            claimed = self.reader.taken_by_others(self.session.claims.minutes)
        except StoreError:
            return  # out of reach: asked again in a second
        self._stamp = stamp
        self.screen.post_message(TakenRead(stamp, claimed))

    def take(self, read: TakenRead) -> None:
        """Take what other reps hold or just called out of the queue; the cursor stays on the
        same prospect."""
        s = self.session
        current = s.current_id
        if s.drop_taken(read.claimed):
            self.show(s.current_id != current)

    def close(self) -> None:
        """Stop watching and close the thread's connection (the screen is going)."""
        self._closed = True
        reader, self.reader = self.reader, None
        if reader is not None:
            with suppress(StoreError):
                reader.close()

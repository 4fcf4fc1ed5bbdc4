"""The rep's claim in team mode: the prospect on screen is this rep's to dial while the claim's
lease runs (`[team] claim_minutes`), so no two reps call the same person. `ClaimKeeper` remembers
which prospect this session holds and asks the store to take, renew and give it up; the store
holds the truth (the claim's lease runs on the server's clock) and releases the claim itself
when an outcome is logged.

On one rep's own store (`store.rep is None`) nothing here reads or writes: every claim is
granted without asking, so the single-rep program does exactly what it did before."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from nextcall.domain.clock import Clock
from nextcall.domain.outlook import HeldBack
from nextcall.domain.prospects import Lifecycle, Slot
from nextcall.store import Store
from nextcall.store.errors import StoreError

RENEW_EVERY_S = 60.0
"""How often a held claim is renewed (a lease of a few minutes is renewed several times)."""
CLAIM_TRIES = 20
"""How many prospects in a row another rep may hold before the session stops trying for now
(the queue is read again within a second and leaves them out)."""


def renew_every_s(minutes: int) -> float:
    """The renewal period for a lease of `minutes`: every minute, or a third of a shorter one."""
    return min(RENEW_EVERY_S, minutes * 60 / 3)


class ClaimKeeper:
    """Which prospect this session holds, and until when (on the monotonic clock, a little
    before the server's lease ends: the store's `claim` started the lease before it returned)."""

    def __init__(self, store: Store, clock: Clock, minutes: int) -> None:
        self.store, self.clock, self.minutes = store, clock, minutes
        self.team = store.rep is not None
        """False for one rep's own store: no claims are kept, nothing is asked."""
        self.held: int | None = None
        """The prospect this session holds a claim on (None: none)."""
        self.on_call: int | None = None
        """The prospect the rep is on a call with (None: not on a call)."""
        self._until = 0.0

    def holds(self, prospect_id: int | None) -> bool:
        """True when no claim is needed to dial this prospect now: one rep's own store, or
        this session's claim on it whose lease is still running."""
        if not self.team:
            return True
        return prospect_id is not None and prospect_id == self.held and self._running()

    def _running(self) -> bool:
        return self.clock.monotonic() < self._until

    def take(self, prospect_id: int) -> bool:
        """Claim (or renew the claim on) `prospect_id`; the claim held before on another
        prospect is given up. False when another rep's claim on it runs. StoreError when the
        team database can't be asked (nothing changed)."""
        if not self.team:
            return True
        if not self.store.claim(prospect_id, self.minutes):
            if self.held == prospect_id:  # the lease ran out and another rep took them
                self.held = None
            return False
        before, self.held = self.held, prospect_id
        self._until = self.clock.monotonic() + self.minutes * 60
        if before is not None and before != prospect_id:
            self._give_up(before)
        return True

    def take_to_dial(self, prospect_id: int) -> bool:
        """`take`, right before a dial. When the team database can't be reached, a claim this
        session holds and whose lease still runs is good enough (the rep keeps dialing what
        is already claimed); otherwise the StoreError stands and nothing is dialed."""
        try:
            return self.take(prospect_id)
        except StoreError:
            if self.holds(prospect_id):
                return True
            raise

    def renew(self) -> bool:
        """Renew the claim held (the app's timer); False when it was lost to another rep (the
        lease ran out, say while the laptop slept). StoreError when the database can't be
        reached: the claim is kept and renewed next time."""
        held = self.held
        return True if held is None else self.take(held)

    def let_go(self, prospect_id: int | None = None) -> None:
        """Give up the claim held (only if it is on `prospect_id`, when given): a skip, moving
        away, quitting. A failure is not the rep's problem: the lease runs out by itself."""
        held = self.held
        if held is None or (prospect_id is not None and prospect_id != held):
            return
        self.held = None
        self._give_up(held)

    def _give_up(self, prospect_id: int) -> None:
        with suppress(StoreError):  # its lease ends it within `minutes`
            self.store.release(prospect_id)

    def logged(self, prospect_id: int) -> None:
        """An outcome was logged for the prospect: the store released its claim with it."""
        if self.held == prospect_id:
            self.held = None

    def calling(self, prospect_id: int | None) -> None:
        """The rep is on a call with this prospect now (None: the call ended), for the floor.
        StoreError when the database can't be reached."""
        self.on_call = prospect_id
        if self.team:
            self.store.set_on_call(prospect_id)


class HoldsClaims:
    """The session's part in team mode (`Session` is one): its current prospect claimed, the
    ones other reps hold taken out of the queue."""

    store: Store
    clock: Clock
    claims: ClaimKeeper
    ids: list[int]
    cursor: int
    held: HeldBack | None
    by_hand: int | None

    if TYPE_CHECKING:  # the session's

        @property
        def current_id(self) -> int | None: ...

        def forget(self, prospect_id: int) -> None: ...

        def _past_held(self) -> None: ...

    @property
    def team(self) -> bool:
        """On a team database: claims are kept, a follow-up may be left to anyone."""
        return self.claims.team

    def leave_to_anyone(self, prospect_id: int) -> bool:
        """Let anyone on the team take the prospect's follow-up (just logged with `l`), not
        only this rep; False when they have none (or on one rep's own store). Its own small
        write after the outcome's: StoreError leaves the follow-up waiting for this rep."""
        prospect = self.store.prospect(prospect_id) if self.team else None
        if prospect is None or prospect.state.slot is not Slot.FOLLOW_UP:
            return False
        if prospect.state.lifecycle is not Lifecycle.ACTIVE:
            return False
        self.store.schedule_follow_up(prospect_id, prospect.state, "", anyone=True)
        return True

    def claim_current(self, tries: int = CLAIM_TRIES) -> list[int]:
        """Claim the prospect at the cursor once it rests there (team mode); while another rep
        holds it, it leaves the queue and the next one is tried, `tries` at most. Returns the
        prospects refused at the cursor. Nobody callable now: the claim held is given up,
        none taken. StoreError when the team database can't be asked."""
        dropped: list[int] = []
        if not self.claims.team:
            return dropped
        for _ in range(tries):
            pid = self.current_id
            if pid is None or self.held is not None:
                self.claims.let_go()
                break
            if pid == self.claims.held or self.claims.take(pid):
                break
            self._refused(pid, first=not dropped)
            dropped.append(pid)
        return dropped

    def _refused(self, prospect_id: int, *, first: bool = True) -> None:
        """Another rep holds or just called the prospect: out of the queue. The first time,
        with everyone else other reps took since the watch last looked (one small read):
        every rep's queue starts at the same head, and going down it one refusal at a time
        would cost a round trip for each prospect taken in the last second."""
        if first:
            self.drop_taken(self.store.taken_by_others(self.claims.minutes) | {prospect_id})
        else:
            self.drop(prospect_id)

    def claim_to_dial(self) -> bool:
        """Claim the current prospect right before dialing them (always, synchronously);
        False when another rep holds them: they leave the queue, the cursor on the next one.
        StoreError when the database can't be reached and this session holds no running
        claim on them."""
        pid = self.current_id
        if pid is None or self.claims.take_to_dial(pid):
            return True
        self._refused(pid)
        return False

    def renew_claim(self) -> int | None:
        """Renew the claim held (the app's timer); the prospect when it was lost to another
        rep meanwhile (it leaves the queue). StoreError when the database can't be reached."""
        held = self.claims.held
        if held is None or self.claims.renew():
            return None
        self.drop(held)
        return held

    def drop(self, prospect_id: int) -> None:
        """Take a prospect another rep holds out of this rep's queue; the cursor stays on the
        same row (the next prospect) and steps over anyone who can't be called now."""
        if prospect_id not in self.ids:  # O(n), on a refused claim only
            return
        at = self.ids.index(prospect_id)
        del self.ids[at]
        self.forget(prospect_id)
        if at < self.cursor:
            self.cursor -= 1
        self.cursor = min(self.cursor, max(0, len(self.ids) - 1))
        self._past_held()

    def drop_taken(self, claimed: set[int]) -> bool:
        """Take the prospects other reps hold or just called (`Store.taken_by_others`) out of
        the queue; the cursor stays on the same prospect, or on the same row when it was one
        of them. True when the queue changed. O(queue), once the change counter moved."""
        claimed = claimed - {self.by_hand}  # dialed by hand: the dial's own claim decides
        kept = [pid for pid in self.ids if pid not in claimed]
        if len(kept) == len(self.ids):
            return False
        current = self.current_id
        gone_before = sum(1 for pid in self.ids[: self.cursor] if pid in claimed)
        self.ids = kept
        if current is not None and current not in claimed:
            self.cursor = self.ids.index(current)
        else:
            self.cursor = min(self.cursor - gone_before, max(0, len(self.ids) - 1))
            self._past_held()
        if self.claims.held in claimed:  # its lease ran out and another rep took it
            self.claims.held = None
        return True

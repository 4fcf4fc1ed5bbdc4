"""The session's queue in team mode (`HoldsClaims`, a base of `Session`): the prospect at the
cursor and the one after it claimed, the prospects other reps hold or just called taken out,
the claims renewed and given up. On one rep's own store every method returns at once without a
read or a write (`ClaimKeeper.team` is False)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nextcall.domain.outlook import HeldBack
from nextcall.domain.prospects import Lifecycle, Slot
from nextcall.services.claims import CLAIM_TRIES, UNCONFIRMED, ClaimKeeper
from nextcall.store import Store
from nextcall.store.errors import StoreError

ON_DECK = 1
"""Prospects claimed past the one at the cursor: the next call is the rep's already, so a
short outage of the team database does not stop the dialing (offline, only claims held are
dialed)."""


class HoldsClaims:
    """The session's part in team mode (see the module's docstring)."""

    store: Store
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

    def wanted_claims(self) -> tuple[int, ...]:
        """What this rep should hold now: the prospect on a call, the one at the cursor and
        the one after it (none of those two while nobody queued may be called now)."""
        if not self.claims.team:
            return ()
        on_call = self.claims.on_call
        wanted = () if on_call is None else (on_call,)
        if self.held is not None or self.current_id is None:
            return wanted
        ahead = self.ids[self.cursor : self.cursor + 1 + ON_DECK]
        return wanted + tuple(pid for pid in ahead if pid != on_call)

    def claim_current(self, tries: int = CLAIM_TRIES) -> list[int]:
        """Claim what the rep should hold once the cursor rests (`wanted_claims`) and give up
        the rest; a prospect another rep holds leaves the queue and the next one is tried,
        `tries` claims at most. Returns the prospects refused at the cursor. StoreError when
        the team database can't be asked."""
        dropped: list[int] = []
        for _ in range(tries if self.claims.team else 0):
            wanted = self.wanted_claims()
            missing = [pid for pid in wanted if pid not in self.claims.held]
            if not missing:
                break
            pid = missing[0]
            if self.claims.take(pid):
                continue
            at_cursor = pid == self.current_id
            if not self._taken(pid):
                break  # refused, but nobody is known to hold them: asked again next time
            if at_cursor:
                dropped.append(pid)
        self.claims.keep_only(set(self.wanted_claims()))
        return dropped

    def claim_to_dial(self) -> bool:
        """Claim the current prospect right before dialing them (always, synchronously);
        False when another rep holds them: they leave the queue, the cursor on the next one.
        StoreError when that can't be made sure of (the team database out of reach) and this
        session holds no running claim on them."""
        pid = self.current_id
        if pid is None:
            return True
        if self.claims.take_to_dial(pid):
            self.claims.keep_only({pid, *self.wanted_claims()})  # moved here unrested
            return True
        if not self._taken(pid):
            raise StoreError(UNCONFIRMED)
        return False

    def renew_claim(self) -> list[int]:
        """Renew the claims held (the app's timer); the prospects lost to another rep
        meanwhile leave the queue. StoreError when the database can't be reached."""
        lost = self.claims.renew()
        if lost:
            self.drop_taken(set(lost))
        return lost

    def _taken(self, prospect_id: int) -> bool:
        """After a refused claim: when another rep holds or just called the prospect, they
        leave the queue with everyone else other reps took since the watch last looked (one
        small read: every rep's queue starts at the same head, and going down it one refusal
        at a time would cost a round trip for each prospect taken in the last second). False,
        changing nothing, when nobody is known to: the refusal came from a store that can't
        ask the team database now (offline, it grants only the claims it holds)."""
        taken = self.store.taken_by_others(self.claims.minutes)
        if prospect_id not in taken:
            return False
        self.drop_taken(taken)
        return True

    def drop_taken(self, taken: set[int]) -> bool:
        """Take the prospects other reps hold or just called (`Store.taken_by_others`) out of
        the queue; the cursor stays on the same prospect, or on the same row when it was one
        of them. True when the queue changed. O(queue), once the change counter moved."""
        taken = taken - {self.by_hand}  # dialed by hand: the dial's own claim decides
        self.claims.lost(taken)
        kept = [pid for pid in self.ids if pid not in taken]
        if len(kept) == len(self.ids):
            return False
        current = self.current_id
        gone_before = sum(1 for pid in self.ids[: self.cursor] if pid in taken)
        self.ids = kept
        for pid in taken:
            self.forget(pid)
        if current is not None and current not in taken:
            self.cursor = self.ids.index(current)
        else:
            self.cursor = min(self.cursor - gone_before, max(0, len(self.ids) - 1))
            self._past_held()
        return True

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

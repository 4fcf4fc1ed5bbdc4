"""The rep's claims in team mode: the prospect on screen, and the one after it, are this rep's to
dial while their claims' leases run (`[team] claim_minutes`), so no two reps call the same
person, and a rep whose team database drops out for a moment still has the next call to make.
`ClaimKeeper` remembers which prospects this session holds and asks the store to take, renew
and give them up; the store holds the truth (a lease runs on the server's clock) and releases
a claim itself when an outcome is logged. The session's part is `services.team_queue`.

On one rep's own store (`store.rep is None`) nothing here reads or writes: every claim is
granted without asking, so the single-rep program does exactly what it did before."""

from __future__ import annotations

from contextlib import suppress

from nextcall.domain.clock import Clock
from nextcall.store import Store
from nextcall.store.errors import StoreError

RENEW_EVERY_S = 60.0
"""How often a held claim is renewed (a lease of a few minutes is renewed several times)."""
UNCONFIRMED = (
    "nobody could confirm they are yours to call (the team database may be out of reach);"
    " try again in a moment"
)
"""Why a dial was refused when the claim was, with nobody known to hold the prospect."""
CLAIM_TRIES = 20
"""How many claims the session makes, at most, each time the cursor comes to rest (refused
ones included): the watch takes other reps' prospects out within a second anyway."""


def renew_every_s(minutes: int) -> float:
    """The renewal period for a lease of `minutes`: every minute, or a third of a shorter one."""
    return min(RENEW_EVERY_S, minutes * 60 / 3)


class ClaimKeeper:
    """The prospects this session holds, each until when on the monotonic clock (a little
    before the server's lease ends: the store's `claim` started the lease before it returned)."""

    def __init__(self, store: Store, clock: Clock, minutes: int) -> None:
        self.store, self.clock, self.minutes = store, clock, minutes
        self.team = store.rep is not None
        """False for one rep's own store: no claims are kept, nothing is asked."""
        self.held: dict[int, float] = {}
        """The prospects this session holds a claim on -> when it runs out (monotonic)."""
        self.on_call: int | None = None
        """The prospect the rep is on a call with (None: not on a call)."""

    def holds(self, prospect_id: int | None) -> bool:
        """True when no claim is needed to dial this prospect now: one rep's own store, or
        this session's claim on it whose lease is still running."""
        if not self.team:
            return True
        until = self.held.get(prospect_id) if prospect_id is not None else None
        return until is not None and self.clock.monotonic() < until

    def take(self, prospect_id: int) -> bool:
        """Claim (or renew the claim on) `prospect_id`. False when another rep's claim on it
        runs, or they called them within one lease. StoreError when the team database can't
        be asked (nothing changed)."""
        if not self.team:
            return True
        if not self.store.claim(prospect_id, self.minutes):
            self.held.pop(prospect_id, None)  # if it was ours, its lease ran out meanwhile
            return False
        self.held[prospect_id] = self.clock.monotonic() + self.minutes * 60
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

    def renew(self) -> list[int]:
        """Renew every claim held (the app's timer); returns the prospects lost to another
        rep meanwhile (a lease ran out, say while the laptop slept). StoreError when the
        database can't be reached: the claims are kept and renewed next time."""
        return [pid for pid in list(self.held) if not self.take(pid)]

    def keep_only(self, wanted: set[int]) -> None:
        """Give up every claim held on a prospect not in `wanted` (the rep moved away)."""
        for pid in [p for p in self.held if p not in wanted]:
            self.let_go(pid)

    def let_go(self, prospect_id: int | None = None) -> None:
        """Give up the claim on `prospect_id` (None: every claim held): a skip, moving away,
        quitting. A failure is not the rep's problem: the lease runs out by itself."""
        for pid in list(self.held) if prospect_id is None else [prospect_id]:
            if self.held.pop(pid, None) is not None:
                with suppress(StoreError):  # its lease ends it within `minutes`
                    self.store.release(pid)

    def logged(self, prospect_id: int) -> None:
        """An outcome was logged for the prospect: the store released its claim with it."""
        self.held.pop(prospect_id, None)

    def lost(self, prospect_ids: set[int]) -> None:
        """Another rep holds these now: whatever this session thought it held of them, it
        doesn't (its lease ran out)."""
        for pid in prospect_ids & self.held.keys():
            del self.held[pid]

    def calling(self, prospect_id: int | None) -> None:
        """The rep is on a call with this prospect now (None: the call ended), for the floor.
        StoreError when the database can't be reached."""
        self.on_call = prospect_id
        if self.team:
            self.store.set_on_call(prospect_id)

"""The rep's working session: the queue in dialing order, the cursor, today's live counts and
undo. Plain Python over the store and the domain; the dial screen drives it and shows it."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from nextcall.domain.block import CallBlock
from nextcall.domain.clock import Clock, day_bounds, local_now, today
from nextcall.domain.follow_ups import TimeContext
from nextcall.domain.funnel import (
    Averages,
    DayCounts,
    NoBudget,
    OwnRecord,
    Pace,
    Ratios,
    VarianceCheck,
    dialing_minutes,
)
from nextcall.domain.outcomes import BY_NAME, Outcome, OutcomeName
from nextcall.domain.outlook import HeldBack
from nextcall.domain.prospects import (
    CallingWindow,
    CallRecord,
    Prospect,
    QueueRules,
    Slot,
    calling_window,
    next_state,
    zone,
)
from nextcall.services.claims import ClaimKeeper
from nextcall.services.day_rhythm import PlansAndBlocks
from nextcall.services.team_queue import HoldsClaims
from nextcall.store import Store

CACHE_SIZE = 512
"""Prospects kept in memory around the visible part of the queue."""
HELD_LOOKAHEAD = 200
"""How far past held-back prospects the queue looks for one that may be called now."""


@dataclass(frozen=True)
class Panel:
    """Everything the ratio panel shows, computed from counts (never from the history)."""

    today: DayCounts
    ratios: Ratios
    averages: Averages
    variance: VarianceCheck
    budget: NoBudget
    pace: Pace
    per_hour: tuple[int, ...]
    """Dials in each local hour from the first dial of the day to now."""


@dataclass(frozen=True)
class Logged:
    """What a logged outcome did."""

    call: CallRecord
    outcome: Outcome
    prospect: Prospect


class Session(HoldsClaims, PlansAndBlocks):
    """One day's dialing over a store (in team mode, over claims: `services.team_queue`)."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        rules: QueueRules,
        target_meetings: int,
        claim_minutes: int = 10,
    ) -> None:
        self.store, self.clock, self.rules = store, clock, rules
        self.claims = ClaimKeeper(store, clock, claim_minutes)
        self.target_meetings = target_meetings
        """The config's default target (meetings), used until a day plan is set."""
        self.block: CallBlock | None = None
        self.store.close_stale_blocks()  # left running by an app that crashed: end them now
        self._cache: OrderedDict[int, Prospect] = OrderedDict()
        self.ids: list[int] = []
        self.cursor = 0
        self.held: HeldBack | None = None
        """Set while every queued prospect is outside calling hours and the cursor is where the
        queue put it (cleared when the rep moves it: they are looking at someone)."""
        self.by_hand: int | None = None
        """A prospect put at the cursor by hand (`put_at_cursor`): kept in the queue, whatever
        their standing, until an outcome is logged for them."""
        self.pinned: list[int] = []
        """Prospects a reminder put at the top of the queue (the latest first): they stay on
        top across queue refreshes until an outcome is logged for them."""
        self.record = OwnRecord()
        """The past days 'how usual is today' compares with, read once a day (start-up and
        midnight, ~4 ms for a year's history): per outcome the check is arithmetic on at most
        30 days' meeting positions."""
        self._record_day: date | None = None
        self.reload()

    # -- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read today's counts, the averages and the queue afresh (start-up, new day, undo)."""
        self.day = today(self.clock)
        self.counts = self.store.day_counts(self.day)
        self.averages = Averages.of(self.store.recent_days(self.day))
        if self._record_day != self.day:  # past days do not change with today's undo
            self.record = OwnRecord(tuple(self.store.past_days(self.day)))
            self._record_day = self.day
        self.call_times = self.store.call_times(self.day)
        self.day_plan = self.store.day_plan(self.day)
        self.last_plan = self.store.latest_plan(self.day)
        self.pinned.clear()
        self.refresh_queue()

    def refresh_queue(self) -> None:
        """Re-read the queue's order (retries whose wait ended join it); the cursor stays on
        the same prospect when it is still queued."""
        keep, before = self.current_id, self.ids
        _, end = day_bounds(self.day, self.clock.local_tz())
        self.ids = self.store.queue_ids(self.clock.now(), end)
        self._pin()
        self._cache.clear()
        by_hand = self.by_hand
        if by_hand is not None and by_hand not in self.ids:  # dialed by hand, not queued
            at = before.index(by_hand) if by_hand in before else self.cursor
            self.ids.insert(min(at, len(self.ids)), by_hand)
        if keep is not None and keep in self.ids:  # O(n), once a minute: never a new face
            self.cursor = self.ids.index(keep)
        self.cursor = min(self.cursor, max(0, len(self.ids) - 1))
        if self.held is not None:  # calling hours may have opened: find who can be called
            self._past_held()

    def roll_day_if_needed(self) -> bool:
        """After midnight, start a new day's counts. True when it did."""
        if today(self.clock) != self.day:
            self.reload()
            return True
        return False

    # -- the queue -----------------------------------------------------------------------------

    @property
    def current_id(self) -> int | None:
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    @property
    def current(self) -> Prospect | None:
        pid = self.current_id
        return None if pid is None else self.window(self.cursor, 1).get(pid)

    def window(self, start: int, count: int) -> dict[int, Prospect]:
        """The prospects of queue rows start..start+count, read through a small cache."""
        ids = self.ids[max(0, start) : start + count]
        missing = [i for i in ids if i not in self._cache]
        if missing:
            for pid, prospect in self.store.prospects(missing).items():
                self._cache[pid] = prospect
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return {i: self._cache[i] for i in ids if i in self._cache}

    def calling_window(self, prospect: Prospect) -> CallingWindow:
        return calling_window(zone(prospect.timezone), self.clock.now(), self.rules.hours)

    def time_context(self, prospect: Prospect) -> TimeContext:
        """What the follow-up picker needs to read a time of day at this prospect's."""
        return TimeContext(
            self.clock.local_tz(), self.clock.now(), zone(prospect.timezone), self.rules.hours
        )

    def waiting(self, prospect: Prospect) -> bool:
        """A follow-up set for a time of day whose reminder is still ahead (its time, with
        reminders off): it leads the queue, but the cursor passes over it until then."""
        state = prospect.state
        return (
            state.timed
            and state.slot is Slot.FOLLOW_UP
            and state.due_at - self.rules.remind > self.clock.now()
        )

    def follow_up_time(self, prospect: Prospect) -> datetime | None:
        """The rep's local time of a timed follow-up due today; None for any other."""
        state = prospect.state
        if not state.timed or state.slot is not Slot.FOLLOW_UP:
            return None
        local = state.due_at.astimezone(self.clock.local_tz())
        return local if local.date() == self.day else None

    def bring_forward(self, prospect_id: int, *, now_up: bool) -> None:
        """Put a prospect at the top of the queue (a reminder's follow-up). With `now_up` the
        cursor goes to them; otherwise it stays on the prospect it was on (the rep is busy
        with them) and goes to the top after the next outcome."""
        keep = self.current_id
        if prospect_id in self.pinned:
            self.pinned.remove(prospect_id)
        self.pinned.insert(0, prospect_id)
        if prospect_id in self.ids:  # O(n), once a reminder
            self.ids.remove(prospect_id)
        self.ids.insert(0, prospect_id)
        if now_up or keep is None:
            self.cursor = 0
        else:
            self.cursor = self.ids.index(keep)

    def _pin(self) -> None:
        """Put the pinned prospects still queued back on top, the latest first."""
        queued = [pid for pid in self.pinned if pid in self.ids]  # a few, once a minute
        self.pinned = queued
        for pid in reversed(queued):
            self.ids.remove(pid)
            self.ids.insert(0, pid)

    def move(self, delta: int) -> None:
        """Move the cursor by `delta` rows, clamped to the queue."""
        self.held = None
        if self.ids:
            self.cursor = max(0, min(len(self.ids) - 1, self.cursor + delta))

    def move_to(self, row: int) -> None:
        self.held = None
        if self.ids:
            self.cursor = max(0, min(len(self.ids) - 1, row))

    def skip(self) -> None:
        """Leave the current prospect in the queue and go to the next that may be called (in
        team mode, free for another rep)."""
        left = self.current_id
        self.move(1)
        self._past_held()
        self.claims.let_go(left)

    def skip_held(self) -> None:
        """Put the cursor on the first prospect from here who may be called now."""
        self._past_held()

    def _past_held(self) -> None:
        """Step over prospects outside their calling hours (bounded look-ahead); when nobody
        queued may be called, `held` says so."""
        self.held = None
        for start in range(self.cursor, self.cursor + HELD_LOOKAHEAD, 20):
            rows = self.window(start, 20)
            for offset, pid in enumerate(self.ids[start : start + 20]):
                prospect = rows.get(pid)
                if (
                    prospect is not None
                    and self.calling_window(prospect).open
                    and not self.waiting(prospect)
                ):
                    self.cursor = start + offset
                    return
        self.held = self._held_back()

    def _held_back(self) -> HeldBack | None:
        """The queue's first HELD_LOOKAHEAD rows, when none of them may be called now (rows
        before the cursor count: the rep may have skipped someone callable)."""
        opening: list[datetime] = []
        for start in range(0, min(len(self.ids), HELD_LOOKAHEAD), 20):
            for prospect in self.window(start, 20).values():
                window = self.calling_window(prospect)
                if window.open or window.opens_at is None:
                    return None
                opening.append(window.opens_at)
        if not opening:
            return None
        complete = len(self.ids) <= HELD_LOOKAHEAD
        return HeldBack(len(opening), min(opening), self.rules.hours[0], complete)

    # -- outcomes ------------------------------------------------------------------------------

    def log(
        self,
        name: OutcomeName,
        follow_up: datetime | None = None,
        reason: str | None = None,
        prospect_id: int | None = None,
        note: str | None = None,
        duration_s: float | None = None,
        timed: bool = False,
    ) -> Logged:
        """Log `name` for the current prospect, committed before this returns; advance the queue.

        `prospect_id` is the prospect the rep was looking at: if the queue moved under a prompt,
        the cursor goes back to them, and if they left the queue nothing is logged. `note` is
        kept with the call (a follow-up's note: the card shows it when the day comes);
        `timed`: the follow-up is for the time of day `follow_up` holds, not for its day.
        A prospect a reminder pinned to the top comes up next.
        """
        self.roll_day_if_needed()  # first: a new day re-reads the queue under the cursor
        if prospect_id is not None and prospect_id != self.current_id:
            if prospect_id not in self.ids:
                raise LookupError("that prospect is no longer in the queue; nothing was logged")
            self.cursor = self.ids.index(prospect_id)
        prospect = self.current
        if prospect is None:
            raise LookupError("the queue is empty")
        outcome = BY_NAME[name]
        now = self.clock.now()
        state = next_state(prospect.state, outcome, now, self.rules, follow_up, timed)
        call = self.store.log_outcome(
            prospect,
            outcome.name,
            now,
            self.day,
            state,
            reason=reason,
            note=note,
            duration_s=duration_s,
        )
        self.counts = self.counts.plus(outcome.name)
        if self.block is not None:
            self.block = self.block.plus(outcome.name)
        self.call_times.append(now)
        self._cache.pop(prospect.id, None)
        self.claims.logged(prospect.id)
        if prospect.id == self.by_hand:
            self.by_hand = None
        del self.ids[self.cursor]
        if prospect.id in self.pinned:
            self.pinned.remove(prospect.id)
        if self.ids and self.ids[0] in self.pinned:
            self.cursor = 0  # a reminder's follow-up is waiting on top
        else:
            self.cursor = min(self.cursor, max(0, len(self.ids) - 1))
            self._past_held()
        return Logged(call, outcome, prospect)

    def undo(self) -> CallRecord | None:
        """Take back today's newest outcome; its prospect becomes the current one again."""
        call = self.store.undo_last(self.day)
        if call is None:
            return None
        self.counts = self.counts.plus(call.outcome, -1)
        if self.block is not None and call.at >= self.block.started_at:
            self.block = self.block.plus(call.outcome, -1)
        if self.call_times:
            self.call_times.pop()
        self._cache.pop(call.prospect_id, None)
        if call.prospect_id in self.ids:
            self.ids.remove(call.prospect_id)
        self.ids.insert(self.cursor, call.prospect_id)
        self.held = None
        return call

    def put_at_cursor(self, prospect_id: int) -> None:
        """Put a prospect at the cursor, queued or not (a number dialed from the palette): they
        stay in the queue until an outcome is logged for them, so the call can be logged."""
        self.held = None
        if prospect_id in self.ids:
            self.cursor = self.ids.index(prospect_id)
        else:
            self.ids.insert(self.cursor, prospect_id)
        self._cache.pop(prospect_id, None)
        self.by_hand = prospect_id

    def add_note(self, text: str, prospect_id: int | None = None) -> None:
        """Append a note to a prospect (the current one unless named)."""
        pid = self.current_id if prospect_id is None else prospect_id
        if pid is None:
            raise LookupError("no prospect to add a note to")
        self.store.add_note(pid, text, self.day)
        self._cache.pop(pid, None)

    def forget(self, prospect_id: int) -> None:
        """Drop the copy of a prospect read earlier (its row changed: a note written in a call)."""
        self._cache.pop(prospect_id, None)

    def add_win(self, text: str) -> None:
        self.store.add_win(text, self.clock.now(), self.day, self.current_id)

    # -- the panel -----------------------------------------------------------------------------

    def panel(self) -> Panel:
        per_hour = self._per_hour()
        hours = self._hours_dialing()
        plan = self.plan
        return Panel(
            today=self.counts,
            ratios=Ratios.of(self.counts),
            averages=self.averages,
            variance=VarianceCheck.of(self.counts, self.averages, self.record),
            budget=NoBudget.of(self.counts, self.averages, plan.target, plan.kind),
            pace=Pace.of(self.counts, self.averages, plan.target, hours, plan.kind),
            per_hour=per_hour,
        )

    def _hours_dialing(self) -> float:
        """The hours actually spent dialing today (breaks left out): a day's calls at most."""
        return dialing_minutes(self.call_times, self.clock.now()) / 60

    def _per_hour(self) -> tuple[int, ...]:
        if not self.call_times:
            return ()
        tz = self.clock.local_tz()
        first = self.call_times[0].astimezone(tz).replace(minute=0, second=0, microsecond=0)
        now = local_now(self.clock)
        slots = max(1, int((now - first) / timedelta(hours=1)) + 1)
        buckets = [0] * slots
        for at in self.call_times:
            index = int((at.astimezone(tz) - first) / timedelta(hours=1))
            if 0 <= index < slots:
                buckets[index] += 1
        return tuple(buckets)

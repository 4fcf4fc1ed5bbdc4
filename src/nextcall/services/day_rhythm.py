"""The session's day plan and call blocks (`PlansAndBlocks`, a base of `Session`): the plan the
panel follows, what the morning dialog suggests, and timed blocks stored as they start and end."""

from __future__ import annotations

from datetime import date

from nextcall.domain.block import BlockSummary, CallBlock
from nextcall.domain.clock import Clock
from nextcall.domain.funnel import MEETINGS, Averages
from nextcall.domain.plan import DayPlan, Forecast, is_working_day
from nextcall.store import Store

MIN_BLOCK_S = 30.0
"""A block ended sooner than this with no dials in it was a slip of the key: not stored."""


class PlansAndBlocks:
    """Today's plan and the running block, for a session that has these attributes."""

    store: Store
    clock: Clock
    day: date
    day_plan: DayPlan | None
    last_plan: DayPlan | None
    target_meetings: int
    averages: Averages
    block: CallBlock | None

    # -- the day plan --------------------------------------------------------------------------

    @property
    def plan(self) -> DayPlan:
        """Today's plan; until one is set (and on weekends), the last plan set, or on the first
        day ever the config's default number of meetings."""
        return self.day_plan or self.suggested_plan()

    def needs_plan(self) -> bool:
        """True on the first start of a working day with prospects and no plan yet."""
        return self.day_plan is None and is_working_day(self.day) and self.store.has_prospects()

    def suggested_plan(self) -> DayPlan:
        """What `enter` accepts: the last plan set, or the config default on the first day."""
        return self.last_plan or DayPlan(MEETINGS, self.target_meetings)

    def set_plan(self, plan: DayPlan) -> None:
        """Store today's plan (committed) and let the panel follow it."""
        self.store.set_day_plan(self.day, plan, self.clock.now())
        self.day_plan = plan

    def forecast(self, plan: DayPlan) -> Forecast:
        return Forecast.of(plan, self.averages)

    # -- call blocks ---------------------------------------------------------------------------

    def start_block(self, minutes: int) -> CallBlock:
        """Start a timed block (stored at once, so the review sees it even after a crash)."""
        now = self.clock.now()
        block_id = self.store.start_block(self.day, now, minutes)
        self.block = CallBlock(block_id, now, self.clock.monotonic(), minutes)
        return self.block

    def end_block(self) -> BlockSummary | None:
        """End the running block: store its counts and return its summary. A block ended
        within MIN_BLOCK_S with nothing logged (a double `k`) is forgotten: None."""
        block = self.block
        if block is None:
            return None
        if block.counts.dials == 0 and block.elapsed_s(self.clock.monotonic()) < MIN_BLOCK_S:
            self.store.discard_block(block.id)
            self.block = None
            return None
        self.store.end_block(block.id, self.clock.now(), block.counts)
        self.block = None
        minutes = block.elapsed_s(self.clock.monotonic()) / 60
        return BlockSummary(block.counts, minutes, block.planned_minutes, self.averages)

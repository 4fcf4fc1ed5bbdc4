"""The day's rhythm on the dial screen: the day plan dialog on a working day's first start, the
call block (`k`) with its clock in the top bar and its summary, and the review (`t`)."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.timer import Timer

from nextcall.domain.plan import DayPlan
from nextcall.services.session import Session
from nextcall.store.errors import StoreError
from nextcall.ui.key_map import Keys
from nextcall.ui.markup import escape
from nextcall.ui.screens.block_summary import BlockSummaryScreen
from nextcall.ui.screens.day_plan import DayPlanPrompt
from nextcall.ui.screens.review import ReviewScreen
from nextcall.ui.text import plural

BLOCK_TICK_SECONDS = 1.0
"""The call block's clock in the top bar changes at most once a second."""


class DayRhythm(Screen[None]):
    """The dial screen's base: plan, blocks and review (the dial screen shows the rest)."""

    session: Session
    block_minutes: int
    keys: Keys
    block_timer: Timer

    if TYPE_CHECKING:  # the dial screen's

        def show_ratios(self) -> None: ...

        def show_topbar(self) -> None: ...

    def start_day_rhythm(self) -> None:
        """From on_mount: the block's once-a-second timer (paused) and today's plan."""
        self.block_timer = self.set_interval(BLOCK_TICK_SECONDS, self.tick_block, pause=True)
        self.call_after_refresh(self.ask_plan)

    def block_head(self) -> str | None:
        """The top bar's block clock and counts, or None when no block runs."""
        block = self.session.block
        if block is None:
            return None
        c = block.counts
        return (
            f"[reverse] block {block.clock_text(self.session.clock.monotonic())} [/] "
            f"{plural(c.dials, 'dial')}, {c.meetings} mtg"
        )

    def ask_plan(self) -> None:
        """On the first start of a working day, ask for today's target."""
        if not self.session.needs_plan():
            return
        if any(isinstance(screen, DayPlanPrompt) for screen in self.app.screen_stack):
            return  # already asking
        prompt = DayPlanPrompt(
            self.session.suggested_plan(), self.session.averages, self.session.last_plan is None
        )
        self.app.push_screen(prompt, self._set_plan)

    def _set_plan(self, plan: DayPlan | None) -> None:
        if plan is None:
            return
        try:
            self.session.set_plan(plan)
        except StoreError as exc:
            self.notify(f"The plan was not saved: {exc}", severity="error", timeout=10)
            return
        self.show_ratios()
        forecast = self.session.forecast(plan)
        self.notify(f"Today: {plan.label()}, about {forecast.dials} dials.", timeout=3)

    def action_block(self) -> None:
        """Start a timed call block, or end the running one early."""
        if self.session.block is not None:
            self.finish_block()
            return
        minutes = self.block_minutes
        try:
            self.session.start_block(minutes)
        except StoreError as exc:
            self.notify(f"The block did not start: {exc}", severity="error", timeout=10)
            return
        self.block_timer.resume()
        self.show_topbar()
        again = escape(self.keys["block"])
        self.notify(f"Call block: {minutes} minutes. {again} ends it early.", timeout=3)

    def tick_block(self) -> None:
        """Once a second while a block runs: its clock; at the end, its summary."""
        block = self.session.block
        if block is None:
            self.block_timer.pause()
            return
        if block.is_over(self.session.clock.monotonic()) and self.app.screen is self:
            self.finish_block()
            return
        self.show_topbar()

    def finish_block(self) -> None:
        try:
            summary = self.session.end_block()
        except StoreError as exc:
            self.notify(f"The block was not saved: {exc}", severity="error", timeout=10)
            return
        self.block_timer.pause()
        self.show_topbar()
        if summary is None:
            self.notify("Block cancelled: nothing was logged in it.", timeout=2)
        else:
            self.app.bell()
            self.app.push_screen(BlockSummaryScreen(summary), self._after_block)

    def _after_block(self, next_block: bool | None) -> None:
        if next_block:
            self.action_block()

    def action_review(self) -> None:
        self.open_review()

    def open_review(self, day: date | None = None, week: bool = False) -> None:
        """The review of `day` (default today), or of the week ending with it."""
        block = self.session.block
        self.app.push_screen(
            ReviewScreen(
                self.session.store,
                self.session.clock,
                day,
                week,
                running_block=None if block is None else block.id,
            )
        )

    def end_block_quietly(self) -> None:
        """On quit: a block cut short is still recorded (quitting goes on if that fails)."""
        if self.session.block is not None:
            with suppress(StoreError):
                self.session.end_block()

"""Pilot tests: t opens the review, [ ] step days, w toggles the week, escape returns; the day
plan's keys; k starts and ends a call block."""

from collections.abc import Callable
from datetime import date, timedelta

from textual.widgets import Static

from clocks import FakeClock
from nextcall.config import Config
from nextcall.domain.funnel import CONVERSATIONS, MEETINGS
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.plan import DayPlan
from nextcall.store import Store
from nextcall.store.sqlite import SQLiteStore
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.block_summary import BlockSummaryScreen
from nextcall.ui.screens.day_plan import DayPlanPrompt
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.review import ReviewScreen
from nextcall.ui.widgets.ratio_panel import RatioPanel
from review_helpers import loaded, section

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)
WED = date(2026, 11, 18)


async def test_review_keys(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.review is not None
        assert screen.review.day == WED and not screen.review.week
        assert "Dials" in section(app, "funnel") and "26" in section(app, "funnel")
        await pilot.press("right_square_bracket")  # tomorrow is not reviewable
        await loaded(pilot)
        assert screen.day == WED
        await pilot.press("left_square_bracket")
        await loaded(pilot)
        assert screen.review.day == WED - timedelta(days=1)
        tue = screen.review.counts.dials
        assert tue == app.session.store.day_counts(WED - timedelta(days=1)).dials > 0
        await pilot.press("w")
        await loaded(pilot)
        assert screen.review.week and screen.review.first == WED - timedelta(days=7)
        assert "week" in section(app, "funnel") or "Week" in str(
            screen.query_one("#review-title", Static).render()
        )
        await pilot.press("w", "right_square_bracket")
        await loaded(pilot)
        assert screen.review.day == WED and not screen.review.week
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)


async def test_the_review_follows_a_new_outcome(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        before = app.session.counts.meetings
        await pilot.press("m", "t")
        await loaded(pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.review is not None
        assert app.screen.review.counts.meetings == before + 1
        assert "Meeting booked" not in section(app, "wins")  # names, not toasts
        assert "meeting" in section(app, "wins")


async def test_day_plan_dialog_keys(unplanned_store: Store, clock: FakeClock) -> None:
    app = NextcallApp(Config(), unplanned_store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DayPlanPrompt)
        assert app.screen.plan == DayPlan(MEETINGS, 3)  # yesterday's plan in the demo
        await pilot.press("c", "1", "2", "up", "backspace")
        assert app.screen.plan == DayPlan(CONVERSATIONS, 1)
        await pilot.press("1", "5", "5")  # 155 is over the limit: refused, 15 stays
        assert app.screen.plan == DayPlan(CONVERSATIONS, 15)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert unplanned_store.day_plan(WED) == DayPlan(CONVERSATIONS, 15)
        assert "/15 convos" in str(app.screen.query_one(RatioPanel).render())


async def test_escape_keeps_yesterdays_plan(unplanned_store: Store, clock: FakeClock) -> None:
    app = NextcallApp(Config(), unplanned_store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("5", "escape")
        await pilot.pause()
        assert unplanned_store.day_plan(WED) == DayPlan(MEETINGS, 3)
        assert app.session.panel().pace.target_meetings == 3


async def test_call_block_start_count_and_end(app_factory: AppFactory, clock: FakeClock) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        block = app.session.block
        assert block is not None and block.planned_minutes == 60
        topbar = str(app.screen.query_one("#topbar", Static).render())
        assert "block 1:00:00" in topbar
        await pilot.press("n", "m", "u", "g")
        assert app.session.block is not None
        assert app.session.block.counts.dials == 2  # the undone meeting left the block too
        clock.advance(3600)
        assert isinstance(app.screen, DialScreen)
        app.screen.tick_block()  # the once-a-second timer
        await pilot.pause()
        assert isinstance(app.screen, BlockSummaryScreen)
        assert app.session.block is None
        (stored,) = app.session.store.blocks(WED, WED)
        assert stored.counts.dials == 2 and stored.ended_at is not None
        await pilot.press("k")  # straight into the next block
        await pilot.pause()
        assert isinstance(app.screen, DialScreen) and app.session.block is not None
        clock.advance(120)
        await pilot.press("k")  # ended early by hand
        await pilot.pause()
        assert isinstance(app.screen, BlockSummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.block is None and len(app.session.store.blocks(WED, WED)) == 2


async def test_a_failed_read_says_so_and_a_tiny_window_does_not_crash(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        assert isinstance(store, SQLiteStore)
        real = store.path
        await pilot.press("t")
        await loaded(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.resize_terminal(40, 12)
        await pilot.press("pagedown", "right_square_bracket")
        await pilot.resize_terminal(*SIZE)
        store.path = real.with_name("missing.db") if real else None  # the reader can't open it
        await pilot.press("w")
        await loaded(pilot)
        assert "Could not read this" in section(app, "audit")
        assert app.screen.query_one("#review-funnel").border_title == "The week's funnel"
        store.path = real
        await pilot.press("escape")


async def test_k_twice_in_a_row_stores_no_empty_block(
    app_factory: AppFactory, clock: FakeClock
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        clock.advance(2)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen) and app.session.block is None
        assert app.session.store.blocks(WED, WED) == []
        assert any("cancelled" in n.message for n in app._notifications)


async def test_the_review_shows_talk_time_once_calls_have_a_length(
    app_factory: AppFactory,
) -> None:
    """Two answered calls the softphone timed (1:30 and 2:50.4) and the demo's untimed ones."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await loaded(pilot)
        assert "Talk" not in section(app, "pace")  # the demo's calls have no length
        await pilot.press("escape")
        await pilot.pause()
        app.session.log(OutcomeName.CONVERSATION, duration_s=90.0)
        app.session.log(OutcomeName.REJECTED, duration_s=170.4)
        await pilot.press("t")
        await loaded(pilot)
        assert "Talk time 4:20 over 2 answered calls (avg 2:10)" in section(app, "pace")

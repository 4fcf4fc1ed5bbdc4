"""Pilot tests for the review reviewer's findings: the day plan's keys, the too-small window, the
review redrawn on resize, week steps, and a failed read that must not drop a newer request."""

import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from textual.widgets import Static

from clocks import FakeClock
from factories import people
from nextcall.config import Config
from nextcall.domain.funnel import CONVERSATIONS, MEETINGS
from nextcall.domain.plan import DayPlan
from nextcall.store import Store
from nextcall.store.errors import StoreError
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.day_plan import DayPlanPrompt
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.review import ReviewScreen
from review_helpers import loaded, section

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)
WED = date(2026, 11, 18)


async def test_a_superscript_digit_is_not_a_target(
    unplanned_store: Store, clock: FakeClock
) -> None:
    app = NextcallApp(Config(), unplanned_store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DayPlanPrompt)
        await pilot.press("4", "²", "٣")  # superscript two, Arabic-Indic three
        await pilot.pause()
        assert isinstance(app.screen, DayPlanPrompt) and app.screen.plan.target == 4


async def test_after_m_or_c_a_digit_starts_a_new_number(
    unplanned_store: Store, clock: FakeClock
) -> None:
    app = NextcallApp(Config(), unplanned_store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1", "2", "c", "5")
        assert isinstance(app.screen, DayPlanPrompt)
        assert app.screen.plan == DayPlan(CONVERSATIONS, 5)
        body = str(app.screen.query_one("#plan-body", Static).render())
        assert "backspace" in body and "as before" in body


async def test_the_first_day_ever_offers_the_default(store: Store, clock: FakeClock) -> None:
    store.add_prospects(people(5), clock.now() - timedelta(days=1))
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DayPlanPrompt)
        body = str(app.screen.query_one("#plan-body", Static).render())
        assert "the default (2 meetings)" in body and "as before" not in body


async def test_a_tiny_window_asks_for_room_in_the_day_plan(
    unplanned_store: Store, clock: FakeClock
) -> None:
    app = NextcallApp(Config(), unplanned_store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DayPlanPrompt)
        await pilot.resize_terminal(50, 14)
        await pilot.pause()
        assert screen.has_class("-too-small")
        assert screen.query_one("#plan-too-small").display
        await pilot.press("7", "c", "enter")  # nothing acts unseen
        await pilot.pause()
        assert isinstance(app.screen, DayPlanPrompt)
        assert app.screen is screen and screen.plan == DayPlan(MEETINGS, 3)
        await pilot.press("escape")  # the way out still works
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)


async def test_a_tiny_window_asks_for_room_in_the_review(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        assert screen.has_class("-too-small")
        assert screen.query_one("#review-too-small").display
        assert not screen.query_one("#review-body").display
        await pilot.press("w", "left_square_bracket")
        await loaded(pilot)
        assert screen.day == WED and not screen.week
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert not screen.has_class("-too-small")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)


async def test_resizing_redraws_the_review(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "w")
        await loaded(pilot)
        narrow_wins = section(app, "wins").count("\n")
        narrow_funnel = section(app, "funnel").splitlines()[0].count("█")
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert section(app, "wins").count("\n") > narrow_wins  # more wins listed
        wide_funnel = section(app, "funnel").splitlines()[0].count("█")
        assert wide_funnel > narrow_funnel  # longer bars


async def test_week_mode_steps_a_week(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "w", "left_square_bracket")
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.day == WED - timedelta(days=7) and screen.week
        await pilot.press("right_square_bracket")
        await loaded(pilot)
        assert screen.day == WED


async def test_a_failed_read_does_not_drop_a_newer_request(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nextcall.ui.screens.review as screen_module

    release, calls = threading.Event(), []
    from nextcall.services.review_data import load_review as real_load

    def first_fails(*args: Any, **kwargs: Any) -> object:
        calls.append(args)
        if len(calls) == 1:
            release.wait(5)
            raise StoreError("disk I/O error")
        return real_load(*args, **kwargs)

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(screen_module, "load_review", first_fails)
        await pilot.press("t")
        await pilot.pause()  # the first reader is in flight, held
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.reading
        await pilot.press("w")  # a newer request waits for it
        release.set()
        for _ in range(100):  # the failed worker can't be awaited (it raised): poll
            await pilot.pause(0.02)
            if screen.review is not None:
                break
        assert len(calls) == 2
        assert screen.review is not None and screen.review.week
        assert "Could not read" not in section(app, "audit")

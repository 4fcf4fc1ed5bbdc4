"""Snapshots of the dial screen with the demo data at a fixed time (Wed 18 Nov 2026, 14:30)."""

from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest
from textual.pilot import Pilot

from clocks import FakeClock
from nextcall.config import Config
from nextcall.store import Store
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.feel_it import FeelItScreen
from nextcall.ui.screens.ritual import RitualScreen

SnapCompare = Callable[..., bool]
"""pytest-textual-snapshot's fixture: an app and how to drive it (size, keys, run_before) in."""
RunBefore = Callable[[Pilot[None]], Awaitable[None]]

THEMES = ("nextcall-dark", "nextcall-light", "nextcall-contrast")


class TestDialScreen:
    """The main screen: queue, prospect card, ratio panel and footer."""

    @pytest.mark.parametrize("theme", THEMES)
    def test_80x24(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], theme: str
    ) -> None:
        app = app_factory(replace(Config(), theme=theme))
        assert snap_compare(app, terminal_size=(80, 24))

    def test_160x45(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        assert snap_compare(app_factory(), terminal_size=(160, 45))

    def test_after_outcomes(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        assert snap_compare(app_factory(), terminal_size=(80, 24), press=["n", "g", "m", "down"])

    def test_too_small(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        assert snap_compare(app_factory(), terminal_size=(40, 12))


class TestPrompts:
    """Help and the follow-up picker over the dial screen."""

    def test_help(self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]) -> None:
        assert snap_compare(app_factory(), terminal_size=(80, 24), press=["question_mark"])

    def test_follow_up_picker(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        assert snap_compare(app_factory(), terminal_size=(80, 24), press=["l"])

    def test_follow_up_note(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        """After a quick pick: the chosen day, and the note field focused."""
        assert snap_compare(
            app_factory(), terminal_size=(80, 24), press=["l", "3", *"pricing first"]
        )

    def test_follow_up_time(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        """A time typed for a prospect in Chicago: both clocks, and the calling-hours warning."""
        assert snap_compare(
            app_factory(),
            terminal_size=(80, 24),
            press=["down", "l", "1", "shift+tab", *"9:30pm"],
        )


async def _review_loaded(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class TestReview:
    """The review (t) over the demo's eight weeks, once its figures have been read."""

    @pytest.mark.parametrize("theme", THEMES)
    def test_80x24(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], theme: str
    ) -> None:
        app = app_factory(replace(Config(), theme=theme))
        assert snap_compare(app, terminal_size=(80, 24), press=["t"], run_before=_review_loaded)

    def test_160x45(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        assert snap_compare(
            app_factory(), terminal_size=(160, 45), press=["t"], run_before=_review_loaded
        )

    def test_week_160x45(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        async def week(pilot: Pilot[None]) -> None:
            await pilot.press("t", "w")
            await _review_loaded(pilot)

        assert snap_compare(app_factory(), terminal_size=(160, 45), run_before=week)


class TestDayAndBlock:
    """The day plan dialog on a new working day, and the end of a call block."""

    def test_day_plan(
        self, snap_compare: SnapCompare, unplanned_store: Store, clock: FakeClock
    ) -> None:
        app = NextcallApp(Config(), unplanned_store, clock)
        assert snap_compare(app, terminal_size=(80, 24))

    def test_block_summary(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        async def block(pilot: Pilot[None]) -> None:
            await pilot.press("k", "n", "g", "v", "m", "c", "n")
            clock.advance(45 * 60)
            pilot.app.clear_notifications()  # the outcomes' toasts are long gone after 45 min
            await pilot.press("k")
            await pilot.pause()

        assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=block)


def _ritual_at(clock: FakeClock, seconds: float, *keys: str) -> RunBefore:
    """A run_before: log a rejection, press `keys`, then move the clock by `seconds`."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*keys)
        clock.advance(seconds)
        assert isinstance(pilot.app.screen, RitualScreen | FeelItScreen)
        pilot.app.screen.tick()
        await pilot.pause()

    return run_before


class TestRitual:
    """The recovery ritual after r, each phase, and the feel-it timer."""

    def test_reset_with_a_tag(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        assert snap_compare(
            app_factory(), terminal_size=(80, 24), run_before=_ritual_at(clock, 2.2, "2")
        )

    def test_paused(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        assert snap_compare(
            app_factory(), terminal_size=(80, 24), run_before=_ritual_at(clock, 3, "p")
        )

    def test_reframe(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        assert snap_compare(
            app_factory(), terminal_size=(80, 24), run_before=_ritual_at(clock, 11.5)
        )

    def test_dial(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=_ritual_at(clock, 16))

    def test_feel_it(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        assert snap_compare(
            app_factory(),
            terminal_size=(80, 24),
            run_before=_ritual_at(clock, 42.5, "f", *"said no budget", "tab"),
        )

    def test_feel_it_time_up(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("f")
            await pilot.pause()
            pilot.app.bell = lambda: None  # type: ignore[method-assign]  # a silent bell
            for _ in range(20):
                clock.advance(15)
                assert isinstance(pilot.app.screen, FeelItScreen)
                pilot.app.screen.tick()
            await pilot.pause()

        assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)

    def test_perspective_check(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("f")
            await pilot.pause()
            await pilot.press("f2")

        assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)

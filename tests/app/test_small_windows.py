"""Pilot tests of small windows: every overlay below its size shows the "make the window larger"
line and lets no key act on what the rep cannot see; growing back restores the layout exactly;
an outcome key pressed across midnight asks for the new day's plan, as the minute timer does."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from clocks import FakeClock
from factories import known
from nextcall.config import Config
from nextcall.domain.clock import today
from nextcall.store import Store
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.block_summary import BlockSummaryScreen
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.day_plan import DayPlanPrompt
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.dial_number import DialNumberPrompt
from nextcall.ui.screens.feel_it import FeelItScreen, PerspectiveCheck
from nextcall.ui.screens.help import HelpScreen
from nextcall.ui.screens.prompts import FollowUpPrompt, TextPrompt
from nextcall.ui.screens.prospect import ProspectScreen
from nextcall.ui.screens.prospect_edit import EditPrompt
from nextcall.ui.screens.ritual_screen import RitualScreen
from nextcall.ui.screens.window_size import NOTE_CLASS

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)
TINY = (40, 12)
NEW_YORK = ZoneInfo("America/New_York")
S = TypeVar("S", bound=Screen[Any])


async def shrink(pilot: Pilot[None], kind: type[S], note_selector: str = f".{NOTE_CLASS}") -> S:
    """Make the window 40x12 with a `kind` screen on top: it says to make the window larger
    and shows nothing else (the call screen and the prospect view have their own line)."""
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    await pilot.resize_terminal(*TINY)
    await pilot.pause()
    assert screen.has_class("-too-small")
    note = screen.query_one(note_selector)
    assert note.display and "Make the window larger" in str(note.render())
    shown = [c for c in screen.children if c.display and c is not note]
    assert all(type(c).__name__ == "Tooltip" for c in shown), shown
    return screen


async def grow(pilot: Pilot[None], screen: Screen[Any]) -> None:
    await pilot.resize_terminal(*SIZE)
    await pilot.pause()
    assert not screen.has_class("-too-small")
    assert not screen.query_one(f".{NOTE_CLASS}").display


async def test_the_note_prompt(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = await shrink(pilot, TextPrompt)
        assert screen.focused is None  # nothing is typed into a field the rep cannot see
        await pilot.press(*"hello", "enter")
        await pilot.pause()
        assert app.screen is screen
        await grow(pilot, screen)
        field = screen.query_one(Input)
        assert screen.focused is field and field.value == ""  # the focus comes back
        await pilot.press("x", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)


async def test_the_follow_up_picker(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        dials = app.session.counts.dials
        await pilot.press("l")
        await pilot.pause()
        screen = await shrink(pilot, FollowUpPrompt)
        assert "cancels: the outcome is not logged" in str(
            screen.query_one(f".{NOTE_CLASS}").render()
        )
        await pilot.press("1", "0", "enter")
        await pilot.pause()
        assert isinstance(screen, FollowUpPrompt) and screen.chosen is None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen) and app.session.counts.dials == dials


async def test_help(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        screen = await shrink(pilot, HelpScreen)
        await grow(pilot, screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)


async def test_help_opened_in_a_tiny_window_says_so_from_its_first_frame(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=TINY) as pilot:
        await pilot.press("question_mark")  # the one key besides q the tiny dial screen takes
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one(f".{NOTE_CLASS}").display
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)


async def test_the_ritual(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = await shrink(pilot, RitualScreen)
        assert isinstance(screen, RitualScreen)
        phone = known(screen.context.rejected).phone
        await pilot.press("p", "x", "x", "1", "f")
        await pilot.pause()
        assert app.screen is screen and not screen.ritual.paused
        assert screen.ritual.reason is None and not app.session.store.is_dnc(phone)
        await pilot.press("escape")  # skip: the no stays logged
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)


async def test_the_feel_it_timer_and_its_perspective_check(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = await shrink(pilot, FeelItScreen)
        assert screen.focused is None
        await pilot.press(*"abc", "d")
        await pilot.pause()
        assert app.screen is screen
        assert all(field.value == "" for field in screen.query(Input))
        await grow(pilot, screen)
        assert isinstance(screen.focused, Input)  # back in the field the rep was in
        await pilot.press("f2")
        await pilot.pause()
        check = await shrink(pilot, PerspectiveCheck)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and check not in app.screen_stack
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)


async def test_the_dial_a_number_prompt(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"dial a num")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        screen = await shrink(pilot, DialNumberPrompt)
        await pilot.press(*"2125550143", "enter")
        await pilot.pause()
        assert app.screen is screen and screen.query_one("#number", Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)


async def test_the_prospect_view_and_its_edit_prompt(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        view = await shrink(pilot, ProspectScreen, "#prospect-too-small")
        await pilot.press("e")  # nothing opens unseen
        await pilot.pause()
        assert app.screen is view
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        screen = await shrink(pilot, EditPrompt)
        assert isinstance(screen, EditPrompt)
        await pilot.press("1")
        await pilot.pause()
        assert screen.chosen is None
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is view


async def test_the_call_screen(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        dials = app.session.counts.dials
        await pilot.press("d")
        await pilot.pause()
        screen = await shrink(pilot, CallScreen, "#call-too-small")
        await pilot.press("e")
        assert not screen.query_one(TextArea).display
        await pilot.press("n")  # the outcome keys still log the call
        await pilot.pause()
        assert isinstance(app.screen, DialScreen) and app.session.counts.dials == dials + 1


async def test_the_block_summary(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k", "n", "k")
        await pilot.pause()
        await shrink(pilot, BlockSummaryScreen)
        await pilot.press("k")  # the next block does not start unseen
        await pilot.pause()
        assert app.session.block is None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen) and app.session.block is None


async def test_the_day_plan(unplanned_store: Store, clock: FakeClock) -> None:
    app = NextcallApp(Config(), unplanned_store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.resize_terminal(*TINY)
        await pilot.pause()
        assert isinstance(screen, DayPlanPrompt) and screen.has_class("-too-small")
        await pilot.press("enter", "5")
        assert app.screen is screen


def screen_text(app: NextcallApp) -> list[str]:
    """The screen as the rep reads it, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_growing_back_restores_the_layout_exactly(app_factory: AppFactory) -> None:
    for size in (SIZE, (130, 36)):
        fresh_app = app_factory()
        async with fresh_app.run_test(size=size) as pilot:
            await pilot.pause()
            fresh = screen_text(fresh_app)
        app = app_factory()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for step in (TINY, (60, 16), TINY, size):
                await pilot.resize_terminal(*step)
                await pilot.pause()
            assert screen_text(app) == fresh  # the footer's keys and the card included


async def test_an_outcome_key_across_midnight_asks_for_the_plan(
    app_factory: AppFactory, clock: FakeClock
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        clock.current = datetime(2026, 11, 19, 0, 0, 30, tzinfo=NEW_YORK)  # Thursday, 00:00:30
        clock.mono += 3600 * 9.5
        await pilot.press("n")  # before the minute timer has looked at the clock
        await pilot.pause()
        assert app.session.day == today(clock)
        assert app.session.counts.dials == 1  # the call counts on the new day
        assert isinstance(app.screen, DayPlanPrompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert app.session.day_plan is not None


async def test_a_rejection_across_midnight_asks_for_the_plan_and_runs_the_ritual(
    app_factory: AppFactory, clock: FakeClock
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(timedelta(hours=10).total_seconds())  # 00:30 the next day
        await pilot.press("r")
        await pilot.pause()
        # The ritual first (the no just landed), the plan under it, there when it closes.
        assert [type(s) for s in app.screen_stack] == [DialScreen, DayPlanPrompt, RitualScreen]
        assert app.session.counts.nos == 1


async def test_a_picker_opened_from_the_tiny_call_screen_says_so_from_its_first_frame(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        dials = app.session.counts.dials
        await pilot.press("d")
        await pilot.pause()
        await shrink(pilot, CallScreen, "#call-too-small")
        await pilot.press("l")  # an outcome key: it acts, and its picker asks for room
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FollowUpPrompt) and screen.has_class("-too-small")
        assert screen.query_one(f".{NOTE_CLASS}").display and screen.focused is None
        await pilot.press("1")
        await pilot.pause()
        assert screen.chosen is None
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.counts.dials == dials  # escape: the outcome is not logged

"""Pilot tests of the recovery ritual and the feel-it timer: real keys, a fake clock moved by
hand, and the screen's next look at the clock called at once (no waiting on real time)."""

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, Digits, Input, Static

from clocks import FakeClock
from factories import known, people
from nextcall.config import Config, RitualConfig
from nextcall.domain.clock import today
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospects import Lifecycle, Slot
from nextcall.domain.ritual import Debrief
from nextcall.store import Store
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.feel_it import FeelItScreen, PerspectiveCheck
from nextcall.ui.screens.prompts import FollowUpPrompt
from nextcall.ui.screens.ritual_screen import RitualScreen
from store_rows import ritual_row

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)


def config(**ritual: Any) -> Config:
    return replace(Config(), ritual=replace(RitualConfig(), **ritual))


async def reject(app: NextcallApp, pilot: Pilot[None]) -> int:
    """Press r; returns the rejection's call id once the ritual is up."""
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, RitualScreen)
    return app.screen.context.call.id


def text(app: NextcallApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def look(
    app: NextcallApp, pilot: Pilot[None], clock: FakeClock, seconds: float, step: float = 0.5
) -> None:
    """Move the clock, with the open timer screen looking at it every `step` seconds (as the
    real one does at most every half second)."""
    while seconds > 0:
        clock.advance(min(step, seconds))
        seconds -= step
        screen = app.screen
        assert isinstance(screen, RitualScreen | FeelItScreen)
        screen.tick()
    await pilot.pause()


async def test_the_ritual_runs_reset_reframe_dial(
    app_factory: AppFactory, clock: FakeClock
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        call = await reject(app, pilot)
        nxt = app.session.current
        assert "reset" in text(app, "#ritual-phase") and "breathe in" in text(app, "#ritual-cue")
        assert app.screen.query_one("#ritual-count", Digits).value == "10"
        await pilot.press("2")
        assert ritual_row(store, call) == (None, None)
        assert (
            store.history(known(app.session.store.last_rejection(app.session.day)).prospect_id)[
                0
            ].reason
            == "budget"
        )
        assert "Tagged: budget" in text(app, "#ritual-body")
        await look(app, pilot, clock, 10)
        assert "reframe" in text(app, "#ritual-phase")
        body = text(app, "#ritual-body")
        panel = app.session.panel()
        assert f"{panel.budget.collected} of the ~{panel.budget.expected_nos}" in body
        assert "due" not in body  # nothing promises the next call
        await pilot.press("3")  # too late to tag: nothing changes
        assert (
            store.history(known(store.last_rejection(app.session.day)).prospect_id)[0].reason
            == "budget"
        )
        await look(app, pilot, clock, 5)
        assert "dial" in text(app, "#ritual-phase")
        assert nxt is not None and nxt.name in text(app, "#ritual-body")
        assert ritual_row(store, call) == ("done", None)
        await look(app, pilot, clock, 2.5)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert ritual_row(store, call) == ("done", 17.5)


async def test_escape_skips_and_the_next_dial_still_counts(
    app_factory: AppFactory, clock: FakeClock
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        call = await reject(app, pilot)
        await look(app, pilot, clock, 3)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert ritual_row(app.session.store, call) == ("skipped", None)
        clock.advance(4)
        await pilot.press("d")
        await pilot.pause()
        assert ritual_row(app.session.store, call) == ("skipped", 7.0)


async def test_pause_holds_the_countdown(app_factory: AppFactory, clock: FakeClock) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await reject(app, pilot)
        await look(app, pilot, clock, 4)
        await pilot.press("p")
        await look(app, pilot, clock, 300)
        assert "reset" in text(app, "#ritual-phase") and "paused" in text(app, "#ritual-phase")
        assert app.screen.query_one("#ritual-count", Digits).value == "6"
        await pilot.press("p")
        await look(app, pilot, clock, 6)
        assert "reframe" in text(app, "#ritual-phase")


async def test_auto_dial_starts_the_call(app_factory: AppFactory, clock: FakeClock) -> None:
    app = app_factory(config(auto_dial=True, reset_seconds=3, reframe_seconds=2))
    async with app.run_test(size=SIZE) as pilot:
        call = await reject(app, pilot)
        await look(app, pilot, clock, 5)
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert ritual_row(app.session.store, call) == ("done", 5.0)


async def test_a_sleep_ends_the_countdown_without_dialing(
    app_factory: AppFactory, clock: FakeClock
) -> None:
    app = app_factory(config(auto_dial=True))
    async with app.run_test(size=SIZE) as pilot:
        call = await reject(app, pilot)
        await look(app, pilot, clock, 4 * 3600, step=4 * 3600)  # the lid was closed
        assert isinstance(app.screen, RitualScreen)  # awake, not dialing on its own
        assert "dial" in text(app, "#ritual-phase") and "asleep" in text(app, "#ritual-cue")
        await pilot.press("enter")
        await pilot.pause()
        assert ritual_row(app.session.store, call) == ("done", None)  # not a recovery time


async def test_follow_up_and_do_not_call_from_the_ritual(
    app_factory: AppFactory, clock: FakeClock
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        await reject(app, pilot)
        assert isinstance(app.screen, RitualScreen)
        who = app.screen.context.rejected
        await pilot.press("l")
        assert isinstance(app.screen, FollowUpPrompt)
        assert "no follow-up is set; the no stays logged" in text(app, ".prompt-hint")
        await pilot.press("3", *"after their budget round", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen) and not app.screen.ritual.paused
        state = known(store.prospect(who.id)).state
        assert state.slot is Slot.FOLLOW_UP and state.lifecycle is Lifecycle.ACTIVE
        assert store.history(who.id)[0].note == "after their budget round"
        await pilot.press("x")
        assert "x again" in text(app, "#ritual-note") and not store.is_dnc(who.phone)
        await pilot.press("p")  # any other key calls it off
        assert "x again" not in text(app, "#ritual-note")
        await pilot.press("p", "x")
        assert "x again" in text(app, "#ritual-note") and not store.is_dnc(who.phone)
        await pilot.press("x")
        await pilot.pause()
        assert store.is_dnc(who.phone)
        assert known(store.prospect(who.id)).state.lifecycle is Lifecycle.DNC


async def test_feel_it_from_the_ritual(app_factory: AppFactory, clock: FakeClock) -> None:
    app = app_factory(config(feel_it_seconds=60))
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        call = await reject(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FeelItScreen)
        assert ritual_row(store, call) == ("feel_it", None)
        assert app.screen.query_one("#feel-count", Digits).value == "1:00"
        await pilot.press(*"no budget", "tab", *"no pain", "tab")
        assert Debrief.from_json(store.debrief(call)).real_reason == "no pain"
        await pilot.press("f2")
        assert isinstance(app.screen, PerspectiveCheck)
        await pilot.press("escape")
        bells: list[int] = []
        app.bell = lambda: bells.append(1)  # type: ignore[method-assign]  # a bell that counts
        await look(app, pilot, clock, 60)
        assert isinstance(app.screen, FeelItScreen)
        assert bells == [1] and app.screen.done
        assert "Next up" in text(app, "#feel-next")
        assert app.screen.focused is None  # so d dials
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        debrief = Debrief.from_json(store.debrief(call))
        assert (debrief.stated_reason, debrief.real_reason) == ("no budget", "no pain")
        assert ritual_row(store, call) == ("feel_it", 60.0)


async def test_feel_it_touchpoint_schedules_a_follow_up(
    app_factory: AppFactory, clock: FakeClock
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        call = await reject(app, pilot)
        assert isinstance(app.screen, RitualScreen)
        who = app.screen.context.rejected
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#feel-touchpoint", Checkbox).focus()
        await pilot.press("space")
        assert isinstance(app.screen, FollowUpPrompt)
        assert "no follow-up is set; the no stays logged" in text(app, ".prompt-hint")
        await pilot.press("escape")  # no day picked: the box goes back to unticked
        await pilot.pause()
        assert not app.screen.query_one("#feel-touchpoint", Checkbox).value
        await pilot.press("space", "4", "enter")
        await pilot.pause()
        debrief = Debrief.from_json(store.debrief(call))
        assert debrief.touchpoint and debrief.follow_up is not None
        assert known(store.prospect(who.id)).state.slot is Slot.FOLLOW_UP
        app.screen.query_one("#feel-bad-luck", Checkbox).focus()
        await pilot.press("space", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert Debrief.from_json(store.debrief(call)).bad_luck


async def test_f_on_the_main_screen(store: Store, clock: FakeClock) -> None:
    store.add_prospects(people(5), clock.now() - timedelta(days=1))
    store.set_day_plan(today(clock), DayPlan(MEETINGS, 2), clock.now())  # no plan dialog
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)  # no rejection today: a word, no timer
        assert any("none is logged today" in n.message for n in app._notifications)
        call = await reject(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FeelItScreen) and app.screen.call.id == call
        assert ritual_row(app.session.store, call) == ("feel_it", None)
        app.screen.query_one("#feel-differently", Input).value = "slow down"
        await pilot.press("escape", "escape")  # out of the field, then out of the screen
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert Debrief.from_json(app.session.store.debrief(call)).differently == "slow down"


async def test_a_rejection_logged_from_the_dial_prompt_opens_the_ritual(
    app_factory: AppFactory, clock: FakeClock
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, CallScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen)
        call = app.screen.context.call.id
        await look(app, pilot, clock, 15)
        await pilot.press("enter")  # dial the next one from the ritual
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        await pilot.press("r")  # and another no: the ritual again, for the new call
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen) and app.screen.context.call.id != call
        assert ritual_row(app.session.store, call) == ("done", 15.0)


async def test_typing_in_the_debrief_is_saved_when_it_pauses(
    app_factory: AppFactory, clock: FakeClock
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        call = await reject(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"too busy")
        await pilot.pause(1.3)  # the save waits for a pause in the typing (real seconds)
        assert Debrief.from_json(app.session.store.debrief(call)).stated_reason == "too busy"

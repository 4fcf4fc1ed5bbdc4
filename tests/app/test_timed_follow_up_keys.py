"""Pilot tests at 80x24: a follow-up for a time of day at the prospect's (from `l`, the ritual
and the feel-it debrief), a bad time refused in the picker, the time on the card, in the queue,
the prospect view, the call screen and the review, and the reminder before it (toast, bell,
desktop notification, the prospect on top), given once, driven by the fake clock."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Static

from clocks import FakeClock
from factories import known
from nextcall.config import CallingConfig, Config
from nextcall.domain.prospects import Lifecycle, Prospect, ProspectState, Slot
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.feel_it import FeelItScreen
from nextcall.ui.screens.prompts import FollowUpPrompt
from nextcall.ui.screens.ritual_screen import RitualScreen
from nextcall.ui.widgets.call_card import CallCard
from nextcall.ui.widgets.call_queue import CallQueue
from nextcall.ui.widgets.prospect_card import ProspectCard
from review_helpers import loaded, section

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)
CHICAGO = ZoneInfo("America/Chicago")
TOMORROW = date(2026, 11, 19)


def notes(app: NextcallApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        seen.append(message)
        original(message, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return seen


def chosen(app: NextcallApp) -> str:
    return str(app.screen.query_one("#chosen", Static).render())


def card(app: NextcallApp) -> str:
    return str(app.screen.query_one(ProspectCard).render())


def queue_row(app: NextcallApp, row: int) -> str:
    queue = app.screen.query_one(CallQueue)
    return "".join(segment.text for segment in queue.render_line(row + 1 - int(queue.scroll_y)))


async def on_chicago(app: NextcallApp, pilot: Pilot[None]) -> Prospect:
    """Put the cursor on the demo's first prospect in Chicago (Bram Brennan)."""
    s = app.session
    who = next(p for p in s.window(0, 10).values() if p.timezone == "America/Chicago")
    assert isinstance(app.screen, DialScreen)
    app.screen.jump_to(who.id)
    await pilot.pause()
    assert s.current_id == who.id
    return who


async def test_later_at_a_time_read_in_the_prospects_zone(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = await on_chicago(app, pilot)
        await pilot.press("l", "1")
        assert "shift+tab to the time field (read in Chicago)" in chosen(app)
        await pilot.press("shift+tab", *"2:30pm")
        assert "14:30 in Chicago = 15:30 your time" in chosen(app)
        await pilot.press("enter")  # the time is taken: on to the note
        assert app.screen.focused is app.screen.query_one("#note", Input)
        await pilot.press(*"after lunch there", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        state = known(s.store.prospect(who.id)).state
        assert state.timed and state.slot is Slot.FOLLOW_UP
        assert state.due_at == datetime(2026, 11, 19, 14, 30, tzinfo=CHICAGO)
        assert s.store.history(who.id)[0].note == "after lunch there"
        assert any("on Thu 19 Nov at 15:30 (14:30 there)" in m for m in seen)


async def test_a_bad_time_says_why_and_logs_nothing(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        dials, who = s.counts.dials, s.current_id
        await pilot.press("l", "1", "shift+tab", *"25:00", "enter")
        await pilot.pause()
        assert any("hours go from 0 to 23" in m for m in seen)
        assert "hours go from 0 to 23" in chosen(app)  # it stays in the picker, too
        assert app.screen.focused is app.screen.query_one("#time", Input)
        await pilot.press("tab", *"a note", "enter")  # the note's enter reads the time again
        await pilot.pause()
        assert isinstance(app.screen, FollowUpPrompt) and s.counts.dials == dials
        time_field = app.screen.query_one("#time", Input)
        time_field.value = ""
        await pilot.press("0")  # in a field: typed, not a pick
        time_field.value = ""
        app.screen.set_focus(None)
        await pilot.press("0", *"9:00", "enter")  # today at 09:00 in New York: passed
        await pilot.pause()
        assert any("09:00 has passed there (it is 14:30)" in m for m in seen)
        time_field.value = ""
        await pilot.press("tab", "enter")  # today with no time at all
        await pilot.pause()
        assert any("Today needs a time" in m for m in seen)
        assert isinstance(app.screen, FollowUpPrompt) and s.counts.dials == dials
        await pilot.press("escape")
        await pilot.pause()
        assert s.counts.dials == dials and s.current_id == who


async def test_today_at_a_time_leads_the_queue_and_the_card_says_when(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = await on_chicago(app, pilot)
        await pilot.press("l", "0", *"16:00", "enter", "enter")
        await pilot.pause()
        state = known(s.store.prospect(who.id)).state
        assert state.timed and state.due_at == datetime(2026, 11, 18, 16, 0, tzinfo=CHICAGO)
        screen = app.screen
        assert isinstance(screen, DialScreen)
        screen.refresh_queue()  # the minute refresh: back in today's queue among follow-ups
        await pilot.pause()
        row = s.ids.index(who.id)
        assert row < 3 and s.current_id != who.id  # the cursor waits for its time
        assert "follow-up 17:00" in queue_row(app, row)
        screen.jump_to(who.id)
        await pilot.pause()
        assert "Follow-up due today at 17:00 (16:00 there)" in card(app)
        await pilot.press("i")  # the prospect view says the time too, on both clocks
        await pilot.pause()
        status = str(app.screen.query_one("#prospect-status", Static).render())
        assert "Follow-up due Wed 18 Nov 2026 at 17:00 (16:00 there)" in status
        await pilot.press("escape", "d")  # and the call screen's card
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        on_call = str(app.screen.query_one(CallCard).render())
        assert "Follow-up due today at 17:00 (16:00 there)" in on_call


async def test_a_typed_date_with_a_time_and_outside_calling_hours(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = await on_chicago(app, pilot)
        await pilot.press("l", "tab", *"2026-11-20 21:30", "enter")
        assert "21:30 in Chicago = 22:30 your time" in chosen(app)
        assert "Outside calling hours there (08:00-21:00)" in chosen(app)
        await pilot.press("enter")  # allowed: they asked for it
        await pilot.pause()
        state = known(s.store.prospect(who.id)).state
        assert state.due_at == datetime(2026, 11, 20, 21, 30, tzinfo=CHICAGO)


async def test_the_review_shows_a_follow_ups_time(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = await on_chicago(app, pilot)
        await pilot.press("l", "1", "shift+tab", *"10:15", "tab", "enter")
        await pilot.pause()
        await pilot.press("t")
        await loaded(pilot)
        text = section(app, "follow-ups")
        assert f"Thu 19 Nov 11:15 (10:15 there) {who.name}" in text
        assert known(s.store.prospect(who.id)).state.timed


# -- from the ritual and the feel-it debrief --------------------------------------------------


async def test_a_touchpoint_at_a_time_from_the_ritual(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = await on_chicago(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen)
        await pilot.press("l", "1", "shift+tab", *"9", "enter", *"new budget", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen)
        state = known(s.store.prospect(who.id)).state
        assert state.timed and state.due_at == datetime(2026, 11, 19, 9, 0, tzinfo=CHICAGO)
        assert s.store.history(who.id)[0].note == "new budget"


async def test_a_touchpoint_at_a_time_from_the_feel_it_debrief(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = await on_chicago(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FeelItScreen)
        app.screen.query_one("#feel-touchpoint", Checkbox).focus()
        await pilot.press("space")
        assert isinstance(app.screen, FollowUpPrompt)
        await pilot.press("2", "shift+tab", *"1pm", "tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FeelItScreen)
        state = known(s.store.prospect(who.id)).state
        assert state.timed and state.due_at == datetime(2026, 11, 20, 13, 0, tzinfo=CHICAGO)


# -- reminders --------------------------------------------------------------------------------


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The desktop notifications sent (none reaches a real desktop)."""
    sent: list[tuple[str, str]] = []

    def send(title: str, body: str) -> bool:
        sent.append((title, body))
        return True

    monkeypatch.setattr("nextcall.ui.reminder_bell.desktop_notify", send)
    return sent


def timed_for(app: NextcallApp, who: Prospect, at: datetime) -> None:
    """Set a timed follow-up for `who` straight in the store."""
    state = ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, at, 1, timed=True)
    app.session.store.schedule_follow_up(who.id, state, "")


def bells(app: NextcallApp) -> list[int]:
    rung: list[int] = []
    app.bell = lambda: rung.append(1)  # type: ignore[method-assign]  # a bell that counts
    return rung


async def test_the_reminder_puts_the_prospect_on_top_once(
    app_factory: AppFactory,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    desktop: list[tuple[str, str]],
) -> None:
    app = app_factory()
    seen = notes(app, monkeypatch)
    rung = bells(app)
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        screen = app.screen
        assert isinstance(screen, DialScreen)
        who = next(p for p in s.window(0, 40).values() if p.name == "Rosa Berg")  # Chicago, row 12
        timed_for(app, who, datetime(2026, 11, 18, 14, 0, tzinfo=CHICAGO))
        s.refresh_queue()
        screen.reminder_bell.arm()
        assert rung == [] and s.ids[0] != who.id  # 15:00 here; it is 14:30
        clock.advance(20 * 60)  # 14:50: ten minutes before
        screen.reminder_bell.arm()  # what the timer calls
        await pilot.pause()
        toast = "Follow-up with Rosa Berg (Saltmarsh Brewing) at 15:00 (14:00 there) in 10 min"
        assert toast in seen
        assert rung == [1]
        assert desktop == [("nextcall: follow-up", toast)]
        assert s.ids[0] == who.id and s.cursor == 0 and s.current_id == who.id
        assert "Rosa Berg" in card(app) and "today at 15:00 (14:00 there)" in card(app)
        screen.refresh_queue()  # the minute refresh: still on top, not reminded again
        clock.advance(60)
        screen.reminder_bell.arm()
        await pilot.pause()
        assert rung == [1] and len(desktop) == 1 and s.ids[0] == who.id
    again = app_factory()  # a restart within the window: no second reminder
    seen_again = notes(again, monkeypatch)
    rung_again = bells(again)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert rung_again == [] and not any("Follow-up with" in m for m in seen_again)


async def test_a_reminder_on_a_call_leaves_the_screen_alone(
    app_factory: AppFactory,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    desktop: list[tuple[str, str]],
) -> None:
    app = app_factory()
    seen = notes(app, monkeypatch)
    rung = bells(app)
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        dial = app.screen
        assert isinstance(dial, DialScreen)
        who = next(p for p in s.window(0, 40).values() if p.name == "Rosa Berg")
        timed_for(app, who, clock.now() + timedelta(minutes=15))
        on_call = s.current_id
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        clock.advance(6 * 60)
        dial.reminder_bell.arm()
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)  # not yanked away
        assert rung == [1] and any("Follow-up with Rosa Berg" in m for m in seen)
        assert s.ids[0] == who.id and s.current_id == on_call
        await pilot.press("n")  # the call's outcome: then the reminder's prospect is next
        await pilot.pause()
        assert isinstance(app.screen, DialScreen) and s.current_id == who.id
        assert known(s.store.history(known(on_call))[0]).outcome == "no_answer"


async def test_a_reminder_due_at_start_and_reminders_off(
    app_factory: AppFactory,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    desktop: list[tuple[str, str]],
) -> None:
    off = app_factory(Config(calling=CallingConfig(remind_minutes=0)))
    rung_off = bells(off)
    async with off.run_test(size=SIZE) as pilot:
        s = off.session
        who = next(p for p in s.window(0, 40).values() if p.name == "Rosa Berg")
        timed_for(off, who, clock.now() + timedelta(minutes=5))
        assert isinstance(off.screen, DialScreen)
        off.screen.reminder_bell.arm()
        await pilot.pause()
        assert rung_off == [] and desktop == []
        assert s.waiting(known(s.store.prospect(who.id)))  # with reminders off: until its time
    app = app_factory()
    seen = notes(app, monkeypatch)
    rung = bells(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert rung == [1] and any("Rosa Berg" in m and "in 5 min" in m for m in seen)
        assert app.session.current_id == who.id


def test_remind_minutes_is_read_from_config() -> None:
    assert Config().calling.rules().remind == timedelta(minutes=10)
    assert CallingConfig(remind_minutes=0).rules().remind == timedelta(0)
    assert time(8) < time(21)  # the default window the picker warns outside of

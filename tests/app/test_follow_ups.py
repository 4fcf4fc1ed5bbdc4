"""Pilot tests: the follow-up picker (each quick pick, a typed date, bad input, a note), and
looking up prospects who are not in the queue (do-not-call, archived)."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from textual.widgets import Input, Static

from clocks import FakeClock
from factories import known
from nextcall.domain.clock import today
from nextcall.domain.follow_ups import QUICK_PICKS, quick_pick
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospects import Lifecycle, Slot
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.prompts import FollowUpPrompt
from nextcall.ui.widgets.prospect_card import ProspectCard

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)


def card(app: NextcallApp) -> str:
    return str(app.screen.query_one(ProspectCard).render())


def capture_notes(app: NextcallApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notification the app shows, as text."""
    seen: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        seen.append(message)
        original(message, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return seen


@pytest.mark.parametrize("key", [k for k, _ in QUICK_PICKS])
async def test_each_quick_pick(app_factory: AppFactory, key: str) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = s.current
        assert who is not None
        await pilot.press("l", key)
        await pilot.pause()
        assert isinstance(app.screen, FollowUpPrompt)  # a day picked: now the note
        assert f"{quick_pick(key, s.day):%a %d %b %Y}" in str(
            app.screen.query_one("#chosen").render()
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        state = known(s.store.prospect(who.id)).state
        assert state.slot is Slot.FOLLOW_UP
        assert state.due_at.astimezone(s.clock.local_tz()).date() == quick_pick(key, s.day)


async def test_a_typed_date_and_a_note_come_back_on_the_day(
    app_factory: AppFactory, clock: FakeClock
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = s.current
        assert who is not None
        await pilot.press("l", "tab", *"2026-11-23", "enter", *"send the pricing sheet", "enter")
        await pilot.pause()
        (call, *_) = s.store.history(who.id)
        assert (call.outcome, call.note) == ("later", "send the pricing sheet")
        assert s.store.follow_ups(s.clock.now(), s.clock.now() + timedelta(days=7))[0].note == (
            "send the pricing sheet"
        )
        clock.advance(5 * 86400)  # Monday: the follow-up leads the queue, note on the card
        s.store.set_day_plan(today(clock), DayPlan(MEETINGS, 2), clock.now())  # no plan dialog
        assert isinstance(app.screen, DialScreen)
        app.screen.refresh_queue()
        assert known(s.store.prospect(s.ids[s.ids.index(who.id)])).state.slot is Slot.FOLLOW_UP
        assert s.ids.index(who.id) < 10  # among the follow-ups that lead the queue
        app.screen.jump_to(who.id)
        await pilot.pause()
        assert "Follow-up due today: send the pricing sheet" in card(app)


async def test_a_bad_date_is_explained_and_nothing_logged(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = capture_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        dials = app.session.counts.dials
        await pilot.press("l", "tab", *"next tuesday", "enter")
        await pilot.pause()
        assert any("is not a date like" in m for m in seen)
        app.screen.query_one("#date", Input).value = ""
        await pilot.press(*"2026-11-01", "enter")  # before today
        await pilot.pause()
        assert any("after today" in m for m in seen)
        assert isinstance(app.screen, FollowUpPrompt) and app.session.counts.dials == dials


async def test_enter_in_the_note_before_a_day_asks_for_one(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = capture_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "tab", "tab", *"hello", "enter")
        await pilot.pause()
        assert any("Pick a day first" in m for m in seen)
        assert isinstance(app.screen, FollowUpPrompt)
        assert "escape cancels: the outcome is not logged" in str(
            app.screen.query_one(".prompt-hint", Static).render()
        )


async def test_escape_after_a_pick_logs_nothing(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        dials, who = app.session.counts.dials, app.session.current_id
        await pilot.press("l", "2", *"a note", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert app.session.counts.dials == dials and app.session.current_id == who


async def test_looking_up_a_do_not_call_prospect_says_why(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = capture_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        target = s.window(0, len(s.ids))[s.ids[3]]
        s.store.mark_dnc([target.phone], s.clock.now(), "dnc.csv")
        s.refresh_queue()
        assert target.id not in s.ids
        hits = s.store.search(target.name, 5)
        assert hits[0].state.lifecycle is Lifecycle.DNC
        assert isinstance(app.screen, DialScreen)
        app.screen.jump_to(target.id)
        await pilot.pause()
        assert any(
            f"{target.name} is not in today's queue: on the do-not-call list since" in m
            and "from dnc.csv" in m
            for m in seen
        )


async def test_an_archived_prospect_in_the_palette(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        archived = next(
            p for p in s.store.search("a", 300) if p.state.lifecycle is Lifecycle.ARCHIVED
        )
        assert isinstance(app.screen, DialScreen)
        text = app.screen.standing_of(archived)
        assert text.startswith("archived after")
        await pilot.pause()


async def test_a_number_listed_while_the_app_runs_is_not_dialed(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = capture_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = s.current
        assert who is not None
        s.store.mark_dnc([who.phone], s.clock.now(), "dnc.csv")  # e.g. `nextcall import --dnc`
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, CallScreen)
        assert any("on the do-not-call list: not dialed" in m for m in seen)
        assert who.id not in s.ids


def test_quick_picks_cover_the_issue() -> None:
    assert [label for _, label in QUICK_PICKS] == [
        "tomorrow",
        "in 2 days",
        "next week",
        "next month",
        "next quarter",
        "in 12 months",
    ]
    assert quick_pick("6", date(2026, 11, 18)) == date(2027, 11, 18)

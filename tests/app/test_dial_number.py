"""Pilot tests at 80x24: "Dial a number…" from the palette (a new number, a bad one, a stored
one, a do-not-call one), and the empty queue's card saying when work comes back."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from clocks import FakeClock
from factories import known, people
from nextcall.config import Config
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospects import Lifecycle
from nextcall.store import Store
from nextcall.store.errors import StoreError
from nextcall.store.sqlite import SQLiteStore
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.dial_number import DialNumberPrompt
from nextcall.ui.widgets.prospect_card import ProspectCard

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)
NEW_NUMBER = "+1 415 555 0188"
NY = ZoneInfo("America/New_York")


def card(app: NextcallApp) -> str:
    return str(app.screen.query_one(ProspectCard).render())


def verdict(app: NextcallApp) -> str:
    return str(app.screen.query_one("#verdict", Static).render())


def count_prospects(store: Store) -> int:
    return int(
        cast(SQLiteStore, store).conn.execute("SELECT count(*) FROM prospects").fetchone()[0]
    )


async def open_dial_prompt(pilot: Pilot[None]) -> None:
    """ctrl+p, the command by name, enter: the number prompt."""
    await pilot.press("ctrl+p", *"dial a num")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DialNumberPrompt)


async def type_number(pilot: Pilot[None], number: str) -> None:
    await pilot.press(*number, "enter")
    await pilot.pause()


async def on_the_call(pilot: Pilot[None]) -> None:
    """The call screen is up (whatever its class): neither the dial screen nor the prompt."""
    await pilot.pause()
    assert not isinstance(pilot.app.screen, DialScreen | DialNumberPrompt)


async def test_a_new_number_is_dialed_and_logged_against_a_prospect_added_by_hand(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        assert s.store.prospect_by_phone("+14155550188") is None
        dials, shown = s.counts.dials, s.current_id
        await open_dial_prompt(pilot)
        await type_number(pilot, NEW_NUMBER)
        assert "+1 415-555-0188 is new" in verdict(app) and "added by hand" in verdict(app)
        await pilot.press(*"Ana Ruiz", "enter")
        await on_the_call(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        added = known(s.store.prospect_by_phone("+14155550188"))
        assert added.name == "Ana Ruiz" and added.added_by_hand
        assert added.timezone == "America/Los_Angeles"
        (call,) = s.store.history(added.id)
        assert call.outcome is OutcomeName.NO_ANSWER
        assert s.counts.dials == dials + 1 == s.store.day_counts(s.day).dials
        assert s.current_id == shown  # back to where the rep was in the queue


async def test_a_number_typed_into_the_palette_goes_straight_to_the_prompt(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"415 555 0188")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DialNumberPrompt)
        assert "+1 415-555-0188 is new" in verdict(app)
        await pilot.press("enter")  # no name: the number is the name
        await on_the_call(pilot)
        await pilot.press("v")
        await pilot.pause()
        added = known(app.session.store.prospect_by_phone("+14155550188"))
        assert added.name == "+1 415-555-0188" and added.added_by_hand
        assert app.session.store.history(added.id)[0].outcome is OutcomeName.VOICEMAIL


async def test_a_bad_number_is_refused_with_the_parsers_reason(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        before, dials = count_prospects(s.store), s.counts.dials
        await open_dial_prompt(pilot)
        await type_number(pilot, "555 0143")
        assert "Not dialed: '555 0143' has no area code." in verdict(app)
        await pilot.press("enter")  # still refused: nothing opens
        await pilot.pause()
        assert isinstance(app.screen, DialNumberPrompt)
        await pilot.press(*"12", "enter")  # fixed? not yet: '555 014312'
        await pilot.pause()
        assert "not a possible phone number" in verdict(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert count_prospects(s.store) == before and s.counts.dials == dials


async def test_a_stored_number_goes_to_its_prospect(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        target = s.window(0, len(s.ids))[s.ids[7]]
        before = count_prospects(s.store)
        await open_dial_prompt(pilot)
        await type_number(pilot, target.phone_display)
        assert f"That is {target.name}" in verdict(app)
        await pilot.press("enter")
        await on_the_call(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert s.store.history(target.id)[0].outcome is OutcomeName.GATEKEEPER
        assert count_prospects(s.store) == before  # no duplicate


async def test_an_archived_prospect_can_be_called_and_says_so(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        conn = cast(SQLiteStore, s.store).conn
        pid = conn.execute(
            "SELECT id FROM prospects WHERE lifecycle = 'archived' LIMIT 1"
        ).fetchone()[0]
        archived = known(s.store.prospect(pid))
        calls_before = len(s.store.history(pid, 100))
        await open_dial_prompt(pilot)
        await type_number(pilot, archived.phone)
        assert f"That is {archived.name}" in verdict(app) and "archived" in verdict(app)
        await pilot.press("enter")
        await on_the_call(pilot)
        toasts = [n.message for n in app._notifications]
        assert any("this call goes on their record" in t for t in toasts)
        await pilot.press("m")
        await pilot.pause()
        assert len(s.store.history(pid, 100)) == calls_before + 1
        assert s.store.history(pid)[0].outcome is OutcomeName.MEETING
        assert known(s.store.prospect(pid)).state.lifecycle is Lifecycle.DONE


async def test_a_do_not_call_number_is_refused(app_factory: AppFactory, clock: FakeClock) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        s.store.mark_dnc(["+14155550188"], clock.now(), "dnc.csv")
        await open_dial_prompt(pilot)
        await type_number(pilot, NEW_NUMBER)
        assert "Not dialed: +1 415-555-0188 is on the do-not-call list since" in verdict(app)
        assert "from dnc.csv" in verdict(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DialNumberPrompt)  # nothing dialed
        await pilot.press("escape")
        assert s.store.prospect_by_phone("+14155550188") is None


# -- the empty queue ----------------------------------------------------------------------------


def planned(store: Store, clock: FakeClock) -> NextcallApp:
    store.set_day_plan(date(2026, 11, 18), DayPlan(MEETINGS, 2), clock.now())  # no dialog
    return NextcallApp(Config(), store, clock)


async def test_an_empty_queue_says_when_work_comes_back(store: Store, clock: FakeClock) -> None:
    store.add_prospects(people(3), clock.now())
    app = planned(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "v")
        await pilot.pause()
        await pilot.press("l", "1", "enter")  # a follow-up tomorrow
        await pilot.pause()
        text = card(app)
        assert "Nobody left to call right now." in text
        # Logged at 14:30: both retries wait the default four hours.
        assert "Next: 2 retries at 18:30, 1 follow-up tomorrow." in " ".join(text.split())
        clock.advance(4 * 3600)  # 18:30: the retries are back
        app.screen.refresh_queue()  # type: ignore[attr-defined]
        await pilot.pause()
        assert "Person 00" in card(app)


async def test_a_queue_held_by_calling_hours_says_when_it_opens(store: Store) -> None:
    clock = FakeClock(datetime(2026, 11, 18, 6, 30, tzinfo=NY), NY)
    store.add_prospects(people(3, "415"), clock.now() - timedelta(days=1))  # 03:30 there
    app = planned(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        text = " ".join(card(app).split())
        assert "Nobody can be called right now." in text
        assert (
            "All 3 queued prospects are held until 08:00 their time; the first can be called "
            "at 11:00 your time." in text
        )
        await pilot.press("down")  # a look at who is held: their card
        await pilot.pause()
        assert "Person 01" in card(app)


# -- when the store fails -----------------------------------------------------------------------


def failing(store: Store, method: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the store's `method` fails as a full disk would."""

    def fail(*args: object, **kwargs: object) -> None:
        raise StoreError("disk is full")

    monkeypatch.setattr(store, method, fail)


async def test_a_number_that_cannot_be_checked_or_stored_is_not_dialed(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        dials = s.counts.dials
        failing(s.store, "prospect_by_phone", monkeypatch)
        await open_dial_prompt(pilot)
        await type_number(pilot, NEW_NUMBER)
        assert "Not dialed: the number could not be checked: disk is full." in verdict(app)
        monkeypatch.undo()
        failing(s.store, "add_by_hand", monkeypatch)
        await pilot.press("backspace", "8", "enter")  # judged again: new
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)  # no call screen
        assert any("Not dialed: disk is full" in n.message for n in app._notifications)
        assert s.counts.dials == dials


async def test_the_empty_card_without_its_times_when_they_cannot_be_read(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_prospects(people(1), clock.now())
    app = planned(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        failing(store, "next_retry_at", monkeypatch)
        await pilot.press("n")
        await pilot.pause()
        assert "Retries come back when their wait is over" in card(app)

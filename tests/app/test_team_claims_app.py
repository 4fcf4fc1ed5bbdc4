"""The app in team mode: the prospect the cursor rests on is claimed (and the next one, on
deck), a prospect another rep claims leaves the queue within two seconds, a dial is refused on another rep's claim, the call
is shown to the floor, quitting gives the claim up, and the follow-up picker can leave a
follow-up to anyone on the team (offered only in team mode)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from textual.css.query import NoMatches
from textual.pilot import Pilot

from clocks import FakeClock
from factories import known, people
from nextcall.config import Config
from nextcall.domain.clock import today
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.plan import DayPlan
from nextcall.store import Store
from nextcall.store.postgres import PostgresStore
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.prompts import FollowUpPrompt

SIZE = (80, 24)
WITHIN_S = 2.0
"""SPEC 15: a prospect another rep claims leaves every other rep's queue within this."""

Open = Callable[[str], Store]


@pytest.fixture
def ana_app(team_store: Open, clock: FakeClock) -> NextcallApp:
    """ana's app on a team list of six, today's plan set."""
    ana = team_store("ana")
    ana.add_prospects(people(6), clock.now() - timedelta(days=1))
    ana.set_day_plan(today(clock), DayPlan(MEETINGS, 2), clock.now())
    return NextcallApp(Config(), ana, clock)


def held_by(store: Store, rep: str) -> dict[int, bool]:
    """The prospects `rep` holds a running claim on -> whether the rep is on a call."""
    assert isinstance(store, PostgresStore)
    rows = store.conn.execute(
        "SELECT prospect_id, on_call FROM claims WHERE rep = %s AND until > now()", (rep,)
    )
    return {int(pid): bool(on_call) for pid, on_call in rows.fetchall()}


async def until(pilot: Pilot[None], done: Callable[[], bool], seconds: float) -> float:
    """Let the app run until `done()` or `seconds` passed; the seconds it took."""
    began = time.monotonic()
    while not done() and time.monotonic() - began < seconds:
        await pilot.pause(0.05)
    return time.monotonic() - began


def toasts(app: NextcallApp) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_the_prospect_the_cursor_rests_on_is_claimed(
    ana_app: NextcallApp, team_store: Open
) -> None:
    ben = team_store("ben")
    async with ana_app.run_test(size=SIZE) as pilot:
        s = ana_app.session
        first, second, third, fourth = s.ids[:4]
        assert held_by(ben, "ana") == {first: False, second: False}  # before the first key
        await pilot.press("down", "down")
        moved = {third: False, fourth: False}
        await until(pilot, lambda: held_by(ben, "ana") == moved, WITHIN_S)
        assert held_by(ben, "ana") == moved  # moving away gave the first two up
        assert ben.claim(first, 10)


async def test_a_prospect_ben_claims_leaves_anas_queue_within_two_seconds(
    ana_app: NextcallApp, team_store: Open
) -> None:
    ben = team_store("ben")
    async with ana_app.run_test(size=SIZE) as pilot:
        s = ana_app.session
        current, taken = known(s.current_id), s.ids[3]  # not one of ana's two
        assert ben.claim(taken, 10)
        took = await until(pilot, lambda: taken not in s.ids, WITHIN_S)
        assert taken not in s.ids, f"still queued after {took:.1f} s"
        assert s.current_id == current  # the rep's place in the queue stays where it was
        topbar = str(ana_app.screen.query_one("#topbar").render())
        assert "1 of 5" in topbar


async def test_a_dial_is_refused_on_bens_claim_and_the_next_one_is_up(
    ana_app: NextcallApp, team_store: Open
) -> None:
    ben = team_store("ben")
    async with ana_app.run_test(size=SIZE) as pilot:
        s = ana_app.session
        await pilot.press("down", "down")
        third = known(s.current_id)
        assert ben.claim(third, 10)  # before ana's cursor rested there or the queue was read
        await pilot.press("d")
        assert isinstance(ana_app.screen, DialScreen)
        assert third not in s.ids and s.current_id == s.ids[2]
        assert "Another rep is calling Person 02 now: not dialed." in toasts(ana_app)
        await pilot.press("d")  # the next one is ana's to call
        assert isinstance(ana_app.screen, CallScreen)
        held = held_by(ben, "ana")
        assert held[known(s.current_id)] is True and not {s.ids[0], s.ids[1]} & held.keys()


async def test_the_floor_sees_the_call_and_the_outcome_gives_the_claim_up(
    ana_app: NextcallApp, team_store: Open
) -> None:
    ben = team_store("ben")
    async with ana_app.run_test(size=SIZE) as pilot:
        first, second = ana_app.session.ids[:2]
        await pilot.press("d")
        assert held_by(ben, "ana") == {first: True, second: False}
        await pilot.press("escape")  # back without an outcome: still ana's, off the call
        assert isinstance(ana_app.screen, DialScreen)
        assert held_by(ben, "ana") == {first: False, second: False}
        await pilot.press("d", "n")
        await pilot.pause()
        assert first not in held_by(ben, "ana")


async def test_quitting_gives_the_claim_up(ana_app: NextcallApp, team_store: Open) -> None:
    ben = team_store("ben")
    async with ana_app.run_test(size=SIZE) as pilot:
        first, second = ana_app.session.ids[:2]
        assert held_by(ben, "ana") == {first: False, second: False}
        await pilot.press("q")
    assert held_by(ben, "ana") == {}
    assert ben.claim(first, 10)


async def test_a_follow_up_can_be_left_to_anyone_on_the_team(
    ana_app: NextcallApp, team_store: Open
) -> None:
    ben = team_store("ben")
    async with ana_app.run_test(size=SIZE) as pilot:
        first = known(ana_app.session.current_id)
        await pilot.press("l")
        prompt = ana_app.screen
        assert isinstance(prompt, FollowUpPrompt)
        assert "it waits for you" in str(prompt.query_one("#whose").render())
        await pilot.press("ctrl+t")
        assert "now: anyone on the team may take it" in str(prompt.query_one("#whose").render())
        await pilot.press("1", "enter")  # tomorrow, no note
        assert isinstance(ana_app.screen, DialScreen)
        assert "Anyone on the team may take it." in toasts(ana_app)
    assert isinstance(ben, PostgresStore)
    row = ben.conn.execute("SELECT owner, slot FROM prospects WHERE id = %s", (first,))
    assert row.fetchone() == (None, 0)


async def test_one_rep_is_not_offered_the_team_choice(
    app_factory: Callable[[], NextcallApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert isinstance(app.screen, FollowUpPrompt)
        with pytest.raises(NoMatches):
            app.screen.query_one("#whose")
        await pilot.press("ctrl+t")  # nothing to switch
        assert app.screen.anyone is False

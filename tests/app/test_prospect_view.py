"""Pilot tests of the prospect view at 80x24: `i` and the palette open it; its history after a
ritual with a tag and a feel-it debrief; each edit and its refusal; requeue; a follow-up;
do-not-call; `g` back to the queue."""

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from textual.pilot import Pilot
from textual.widgets import Input, Static

from clocks import FakeClock
from factories import known, people
from nextcall.config import Config
from nextcall.domain.clock import today
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospects import Lifecycle, ProspectState, Slot
from nextcall.domain.ritual import Debrief
from nextcall.io.phones import parse
from nextcall.services.hand_dial import add_by_hand
from nextcall.store import Store
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.feel_it import FeelItScreen
from nextcall.ui.screens.prompts import FollowUpPrompt
from nextcall.ui.screens.prospect import ProspectScreen
from nextcall.ui.screens.prospect_edit import EditPrompt
from nextcall.ui.screens.ritual_screen import RitualScreen

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)


def section(app: NextcallApp, name: str) -> str:
    return str(app.screen.query_one(f"#prospect-{name}", Static).render())


def view(app: NextcallApp) -> ProspectScreen:
    assert isinstance(app.screen, ProspectScreen)
    return app.screen


def toasts(app: NextcallApp) -> str:
    return "\n".join(n.message for n in app._notifications)


async def small_app(store: Store, clock: FakeClock, count: int = 4) -> NextcallApp:
    store.add_prospects(people(count), clock.now() - timedelta(days=1))
    store.set_day_plan(today(clock), DayPlan(MEETINGS, 2), clock.now())  # no plan dialog
    return NextcallApp(Config(), store, clock)


async def edit(pilot: Pilot[None], key: str, text: str) -> None:
    """e, pick the field with `key`, replace its value with `text`, enter."""
    await pilot.press("e", key)
    app = pilot.app
    assert isinstance(app.screen, EditPrompt)
    app.screen.query_one("#edit-value", Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_i_shows_the_story_after_a_ritual_with_a_tag_and_a_debrief(
    store: Store, clock: FakeClock
) -> None:
    app = await small_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        who = known(app.session.current)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen)
        call = app.screen.context.call.id
        await pilot.press("2", "f")  # tag budget, then the feel-it timer
        await pilot.pause()
        assert isinstance(app.screen, FeelItScreen)
        await pilot.press(*"no budget", "tab", *"no pain", "tab")
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert Debrief.from_json(store.debrief(call)).real_reason == "no pain"
        assert isinstance(app.screen, DialScreen)
        app.screen.open_prospect(who.id)  # the rejected prospect has left the queue
        await pilot.pause()
        assert who.name in str(view(app).query_one("#prospect-title", Static).render())
        calls = section(app, "calls")
        assert "rejected · reason: budget" in calls and "Wed 18 Nov 2026 14:30" in calls
        assert "feel-it timer" in calls
        assert "they said: no budget" in calls and "really: no pain" in calls
        assert "Archived after 1 dial: not queued again" in section(app, "status")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        await pilot.press("i")  # the next prospect up
        await pilot.pause()
        assert "Not called yet." in section(app, "calls")
        assert "In today's queue (new)" in section(app, "status")


async def test_edits_are_written_kept_and_shown(store: Store, clock: FakeClock) -> None:
    app = await small_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        pid = known(app.session.current).id
        await pilot.press("i")
        await pilot.pause()
        await edit(pilot, "1", "Ann Lee")
        await edit(pilot, "2", "Head of Sales")
        await edit(pilot, "3", "Acme")
        await edit(pilot, "4", "ann@acme.example")
        await edit(pilot, "6", "Pacific")
        await edit(pilot, "5", "(312) 555-0100")
        story = known(store.prospect_story(pid))
        p = story.prospect
        assert (p.name, p.title, p.company, story.email) == (
            "Ann Lee",
            "Head of Sales",
            "Acme",
            "ann@acme.example",
        )
        assert (p.phone, p.timezone) == ("+13125550100", "America/Los_Angeles")  # set by hand
        assert [e.field for e in story.edits] == [
            "phone",
            "timezone",
            "email",
            "company",
            "title",
            "name",
        ]
        shown = section(app, "edits")
        assert "name: Person 00 → Ann Lee" in shown and "title: (empty) → Head of Sales" in shown
        assert "+1 312-555-0100" in section(app, "about")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)  # the card shows the new name at once
        assert "Ann Lee" in str(app.screen.query_one("#card", Static).render())


async def test_each_refusal_says_why_and_keeps_the_typing(store: Store, clock: FakeClock) -> None:
    app = await small_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        pid = known(app.session.current).id
        await pilot.press("i")
        await pilot.pause()
        refusals = [
            ("5", "12", "not a possible phone number: '12'"),
            ("5", "(212) 555-1001", "already the number of Person 01 at Company 01"),
            ("6", "Mars/Olympus", "not a time zone"),
            ("4", "ann at acme", "not an email address"),
            ("1", "   ", "needs a name"),
        ]
        for key, typed, reason in refusals:
            await edit(pilot, key, typed)
            assert isinstance(app.screen, EditPrompt), reason  # open again, with the reason
            assert reason in str(app.screen.query_one("#edit-problem", Static).render())
            assert app.screen.query_one("#edit-value", Input).value == typed
            await pilot.press("escape")
            await pilot.pause()
        assert known(store.prospect_story(pid)).edits == ()


async def test_a_number_edit_keeps_the_do_not_call_rules(store: Store, clock: FakeClock) -> None:
    app = await small_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        pid = known(app.session.current).id
        store.mark_dnc(["+13125550100"], clock.now(), "dnc.csv")
        await pilot.press("i")
        await pilot.pause()
        await edit(pilot, "5", "312 555 0100")
        assert known(store.prospect(pid)).state.lifecycle is Lifecycle.DNC
        assert "never queued again" in toasts(app)
        assert "do-not-call list since" in section(app, "status")
        await pilot.press("escape")
        await pilot.pause()
        assert pid not in app.session.ids


async def test_requeue_an_archived_prospect(store: Store, clock: FakeClock) -> None:
    app = await small_app(store, clock)
    gone = known(store.prospect(4))
    store.set_states({4: ProspectState(Lifecycle.ARCHIVED, Slot.RETRY, gone.state.due_at, 6)})
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, DialScreen)
        app.session.refresh_queue()
        assert 4 not in app.session.ids
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("a")  # still being worked: refused
        assert "still being worked" in toasts(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        app.screen.open_prospect(4)
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        state = known(store.prospect(4)).state
        assert (state.lifecycle, state.slot, state.attempts) == (Lifecycle.ACTIVE, Slot.RETRY, 6)
        assert "put back in the queue (was archived)" in section(app, "edits")
        assert "In today's queue (retry)" in section(app, "status")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen) and app.session.current_id == 4


async def test_requeue_is_refused_for_do_not_call(store: Store, clock: FakeClock) -> None:
    app = await small_app(store, clock)
    store.mark_dnc([known(store.prospect(3)).phone], clock.now(), "ritual")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, DialScreen)
        app.screen.open_prospect(3)
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert "Not put back:" in toasts(app) and "never queued again" in toasts(app)
        assert known(store.prospect(3)).state.lifecycle is Lifecycle.DNC
        await pilot.press("l")  # no follow-up either
        assert isinstance(app.screen, ProspectScreen)
        await pilot.press("g")
        await pilot.pause()
        assert "is not in today's queue: on the do-not-call list since" in toasts(app)


async def test_who_shows_the_crm_id_and_a_prospect_added_by_hand(
    store: Store, clock: FakeClock
) -> None:
    first, *others = people(3)
    store.add_prospects([replace(first, crm_id="0031x00000AbCdEAAA"), *others], clock.now())
    by_hand = add_by_hand(store, parse("+1 646 555 0123", "US"), "Cy Hand", clock.now())
    store.set_day_plan(today(clock), DayPlan(MEETINGS, 2), clock.now())
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, DialScreen)
        app.screen.open_prospect(1)
        await pilot.pause()
        who = section(app, "about")
        assert "crm id  0031x00000AbCdEAAA" in who and "· imported" in who
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        app.screen.open_prospect(by_hand.id)
        await pilot.pause()
        who = section(app, "about")
        assert "crm id  —" in who and "· by hand (Dial a number…)" in who


async def test_a_follow_up_from_the_view(store: Store, clock: FakeClock) -> None:
    app = await small_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        pid = known(app.session.current).id
        await pilot.press("n")  # a call first, for the note to go on
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        app.screen.open_prospect(pid)
        await pilot.pause()
        await pilot.press("l")
        assert isinstance(app.screen, FollowUpPrompt)
        hint = str(app.screen.query_one(".prompt-hint", Static).render())
        assert "escape cancels: no follow-up is set" in hint and "outcome" not in hint
        await pilot.press("3", *"after the board meets", "enter")
        await pilot.pause()
        state = known(store.prospect(pid)).state
        assert state.slot is Slot.FOLLOW_UP and state.lifecycle is Lifecycle.ACTIVE
        assert "after the board meets" in section(app, "status")
        assert "Follow-up due Wed 25 Nov 2026" in section(app, "status")
        await pilot.press("escape")
        await pilot.pause()
        assert pid not in app.session.ids  # next week's, not today's


async def test_do_not_call_from_the_view_asks_twice(store: Store, clock: FakeClock) -> None:
    app = await small_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        who = known(app.session.current)
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("x")
        assert "x again puts" in section(app, "status") and not store.is_dnc(who.phone)
        await pilot.press("down")  # any other key calls it off
        assert "x again" not in section(app, "status")
        await pilot.press("x", "x")
        await pilot.pause()
        assert store.is_dnc(who.phone)
        assert known(store.dnc_entry(who.phone))[1] == "prospect view"
        assert "from prospect view" in section(app, "status")
        await pilot.press("escape")
        await pilot.pause()
        assert who.id not in app.session.ids and app.session.current_id != who.id


async def test_the_palette_opens_the_view(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        archived = next(
            p for p in s.store.search("a", 300) if p.state.lifecycle is Lifecycle.ARCHIVED
        )
        await pilot.press("ctrl+p", *archived.name)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert view(app).prospect_id == archived.id
        assert section(app, "status").startswith("Archived after")


async def test_too_small_asks_for_a_larger_window(store: Store, clock: FakeClock) -> None:
    app = await small_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await pilot.resize_terminal(50, 14)
        await pilot.pause()
        assert view(app).has_class("-too-small")
        await pilot.press("x", "x")  # nothing acts unseen
        assert not store.is_dnc(known(app.session.current).phone)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)

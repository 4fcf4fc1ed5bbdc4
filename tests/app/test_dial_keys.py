"""Pilot tests: the real keys on the dial screen, checked against the database and the screen."""

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.message import Message
from textual.widgets import Digits, Input

from clocks import FakeClock
from factories import known
from nextcall.config import Config
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.outcomes import OUTCOMES, OutcomeName
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospects import Lifecycle, Slot
from nextcall.store import Store
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.help import HelpScreen
from nextcall.ui.screens.outcome_logging import OutcomeLogged, OutcomeUndone
from nextcall.ui.screens.prompts import FollowUpPrompt, TextPrompt
from nextcall.ui.screens.prospect import ProspectScreen
from nextcall.ui.widgets.prospect_card import ProspectCard
from nextcall.ui.widgets.ratio_panel import RatioPanel

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)


def unique(messages: list[Message]) -> list[Message]:
    """Each message once: the hook sees a message again as it bubbles."""
    return list({id(m): m for m in messages}.values())


def text_of(app: NextcallApp, widget_type: type) -> str:
    return str(app.screen.query_one(widget_type).render())


async def test_every_outcome_key_logs_and_advances(app_factory: AppFactory) -> None:
    app = app_factory()
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        session = app.session
        for o in OUTCOMES:
            before_dials = session.counts.dials
            current = session.current
            assert current is not None
            await pilot.press(o.key)
            if o.name == "later":
                assert isinstance(app.screen, FollowUpPrompt)
                await pilot.press("1", "enter")  # a day, then no note
            if o.name == "rejected":  # the recovery ritual opens by itself; skip it
                await pilot.pause()
                await pilot.press("escape")
            await pilot.pause()
            assert session.counts.dials == before_dials + 1
            assert session.store.day_counts(session.day).by_outcome[o.name] >= 1
            assert session.store.history(current.id)[0].outcome == o.name
            assert session.current_id != current.id
            assert f"Dials    {session.counts.dials:>4}" in text_of(app, RatioPanel)
    logged = [m.logged.outcome.name for m in unique(seen) if isinstance(m, OutcomeLogged)]
    assert logged == [o.name for o in OUTCOMES]


async def test_outcomes_change_the_prospect(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        first = s.current
        assert first is not None
        await pilot.press("m")
        second = s.current
        assert second is not None
        await pilot.press("b")
        await pilot.pause()
        assert known(s.store.prospect(first.id)).state.lifecycle is Lifecycle.DONE
        assert known(s.store.prospect(second.id)).state.lifecycle is Lifecycle.ARCHIVED


async def test_later_schedules_the_picked_day(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = s.current
        assert who is not None
        await pilot.press("l", "3", "enter")
        await pilot.pause()
        state = known(s.store.prospect(who.id)).state
        assert state.slot is Slot.FOLLOW_UP
        local = state.due_at.astimezone(s.clock.local_tz())
        assert local.date() == s.day + timedelta(days=7) and local.hour == 0


async def test_later_with_a_typed_date_and_a_bad_one(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = s.current
        assert who is not None
        await pilot.press("l", "tab", *"2026-13-01", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpPrompt)  # still asking: not a date
        inp = app.screen.query_one(Input)
        inp.value = ""
        await pilot.press(*"2027-01-05", "enter", "enter")
        await pilot.pause()
        due = known(s.store.prospect(who.id)).state.due_at.astimezone(s.clock.local_tz())
        assert due.date() == date(2027, 1, 5)


async def test_escape_from_the_picker_logs_nothing(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        dials = app.session.counts.dials
        await pilot.press("l", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert app.session.counts.dials == dials


async def test_undo_goes_back_through_the_day(app_factory: AppFactory) -> None:
    app = app_factory()
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        s = app.session
        start_ids, start_dials = list(s.ids), s.counts.dials
        first = s.current
        assert first is not None
        await pilot.press("n", "r")
        await pilot.pause()
        await pilot.press("escape", "m")
        assert s.counts.dials == start_dials + 3
        await pilot.press("u", "u", "u")
        await pilot.pause()
        assert s.counts.dials == start_dials
        assert s.ids == start_ids and s.current == first
        assert s.store.prospect(first.id) == first
        # The demo's synthetic history has no earlier state to return to: undo stops there.
        await pilot.press("u")
        await pilot.pause()
        assert s.counts.dials == start_dials
    assert sum(isinstance(m, OutcomeUndone) for m in unique(seen)) == 3


async def test_skip_moves_without_logging(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        dials, row = s.counts.dials, s.cursor
        await pilot.press("s")
        assert s.cursor > row and s.counts.dials == dials
        assert s.current is not None
        assert s.current.name in text_of(app, ProspectCard)


async def test_arrow_keys_move_the_card(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        row = s.cursor
        await pilot.press("down", "down")
        assert s.cursor == row + 2
        assert s.current is not None
        assert s.current.name in text_of(app, ProspectCard)
        await pilot.press("end")
        assert s.cursor == len(s.ids) - 1
        await pilot.press("home")
        assert s.cursor == 0


async def test_note_is_saved_on_the_prospect(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who = s.current
        assert who is not None
        await pilot.press("e")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")  # empty: refused, still asking
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"call after 3pm", "enter")
        await pilot.pause()
        assert known(s.store.prospect(who.id)).notes.endswith("call after 3pm")
        assert "call after 3pm" in text_of(app, ProspectCard)


async def test_a_small_win_by_hand(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        await pilot.press("plus", *"got the email", "enter")
        await pilot.pause()
        wins = s.store.wins(s.day, s.day)
        assert wins[0].text == "got the email" and wins[0].kind == "small win"
        await pilot.press("plus", "escape")
        assert len(s.store.wins(s.day, s.day)) == len(wins)


async def test_dial_shows_the_number_big(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        who = app.session.current
        assert who is not None
        await pilot.press("d")
        assert isinstance(app.screen, CallScreen)
        assert app.screen.query_one(Digits).value == who.phone_display.replace("-", " ")
        assert app.clipboard == who.phone
        await pilot.press("escape")
        assert isinstance(app.screen, DialScreen)


async def test_an_outcome_key_in_the_dial_prompt_logs_it(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who, dials = s.current, s.counts.dials
        assert who is not None
        await pilot.press("d", "v")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert s.counts.dials == dials + 1
        assert s.store.history(who.id)[0].outcome == "voicemail"


async def test_help_lists_every_outcome_and_closes(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        body = str(app.screen.query_one("Static").render())
        for o in OUTCOMES:
            assert o.label in body
        await pilot.press("escape")
        assert isinstance(app.screen, DialScreen)


async def test_help_lists_the_call_screen_and_the_follow_up_picker(
    app_factory: AppFactory,
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        body = str(app.screen.query_one("Static").render())
        for said in ("prospect view", "Dial a number…", "On a call", "pgup pgdn", "shift+tab"):
            assert said in body
        assert "today, at a time" in body and "the whole track" in body


async def test_q_quits(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_remapped_keys_from_config(app_factory: AppFactory) -> None:
    keys = {o.name: o.key for o in OUTCOMES} | {"no_answer": "a"}
    app = app_factory(Config(keys=keys))
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        dials = s.counts.dials
        await pilot.press("n")
        assert s.counts.dials == dials
        await pilot.press("a")
        await pilot.pause()
        assert s.counts.dials == dials + 1
        assert s.store.day_counts(s.day).by_outcome[OutcomeName.NO_ANSWER] >= 1


async def test_too_small_a_window_says_so(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-too-small")
        assert app.screen.query_one("#too-small").display
        dials = app.session.counts.dials
        await pilot.press("n", "m", "u")  # nothing acts on a queue the rep cannot see
        assert app.session.counts.dials == dials
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.screen.has_class("-too-small")


async def test_an_empty_database_says_how_to_start(store: Store, clock: FakeClock) -> None:
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert "No prospects here yet" in text_of(app, ProspectCard)
        await pilot.press("n", "u", "d", "e")
        assert app.session.counts.dials == 0
        assert isinstance(app.screen, DialScreen)


async def test_a_worked_through_queue_says_so(store: Store, clock: FakeClock) -> None:
    from factories import people

    store.add_prospects(people(1), clock.now())
    store.set_day_plan(date(2026, 11, 18), DayPlan(MEETINGS, 2), clock.now())  # no dialog
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert "Nobody left to call" in text_of(app, ProspectCard)
        await pilot.press("s")  # the end of the queue: nothing moves, nothing breaks
        assert app.session.counts.dials == 1


async def test_palette_finds_a_prospect_in_the_queue(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        target = s.window(0, len(s.ids))[s.ids[10]]
        await pilot.press("ctrl+p", *target.name)
        await pilot.pause(0.3)
        await pilot.press("enter")  # their prospect view; g puts the cursor on them
        await pilot.pause()
        assert isinstance(app.screen, ProspectScreen) and app.screen.prospect_id == target.id
        await pilot.press("g")
        await pilot.pause()
        assert s.current_id == target.id
        assert target.name in text_of(app, ProspectCard)


async def test_a_theme_picked_in_the_app_is_remembered(
    demo_store: Store,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    from nextcall.config import load

    path = tmp_path / "config.toml"
    app = NextcallApp(Config(), demo_store, clock, config_path=path)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nextcall-light"
        await pilot.pause()
    assert load(path).theme == "nextcall-light"


async def test_dialing_outside_calling_hours_is_allowed_with_a_warning(store: Store) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from clocks import FakeClock
    from factories import people

    ny = ZoneInfo("America/New_York")
    clock = FakeClock(datetime(2026, 11, 18, 22, 10, tzinfo=ny), ny)
    store.add_prospects(people(2), clock.now())
    store.set_day_plan(date(2026, 11, 18), DayPlan(MEETINGS, 2), clock.now())  # no dialog
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert "held until 08:00" in text_of(app, ProspectCard)
        await pilot.press("d")
        assert isinstance(app.screen, CallScreen)
        texts = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "It is 22:10 there, outside calling hours." in texts
        await pilot.press("n")
        await pilot.pause()
        assert app.session.counts.dials == 1


async def test_the_app_makes_todays_backup(
    demo_store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    app = NextcallApp(Config(), demo_store, clock, backup_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert (folder / "nextcall-2026-11-18.db").exists()


async def test_a_failed_backup_is_a_warning_once_a_day(
    demo_store: Store, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nextcall.store.errors import DatabaseError

    tries: list[object] = []

    def damaged(*args: object) -> None:
        tries.append(args)
        raise DatabaseError("today's backup was not made: nextcall.db is damaged")

    monkeypatch.setattr(demo_store, "backup", damaged)
    app = NextcallApp(Config(), demo_store, clock, backup_dir=tmp_path / "backups")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.ensure_backup()  # the timer, a few minutes on
        await app.workers.wait_for_complete()
        await pilot.pause()
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert [n.message for n in warnings] == [
            "The daily backup failed: today's backup was not made: nextcall.db is damaged"
        ]
    assert len(tries) == 1


async def test_markup_in_a_name_is_shown_as_text(store: Store, clock: FakeClock) -> None:
    from nextcall.store import NewProspect

    store.add_prospects(
        [NewProspect("Ann [/] [@click=app.quit]x[/]", "+12125550199", "+1 212-555-0199")],
        clock.now(),
    )
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("d", "escape", "l", "escape", "e", "escape"):
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DialScreen)


async def test_a_follow_up_too_far_ahead_is_refused(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        dials = app.session.counts.dials
        await pilot.press("l", "tab", *"9999-12-31", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpPrompt)
        assert app.session.counts.dials == dials

"""`d` through each softphone adapter: the call screen, its status, and what gets logged."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from fake_baresip import FakeBaresip, call_event
from nextcall.config import Config, SoftphoneConfig
from nextcall.store.sqlite import SQLiteStore
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.dial import DialScreen

SIZE = (100, 30)
AppFactory = Callable[..., NextcallApp]


def status(app: NextcallApp) -> str:
    return str(app.screen.query_one("#call-status", Static).render())


async def settle(pilot: Pilot[None], app: NextcallApp, text: str) -> None:
    """Wait (bounded) until the call screen's status shows `text`."""
    async with asyncio.timeout(3):
        while text not in status(app):
            await pilot.pause(0.02)


def with_phone(**settings: Any) -> Config:
    return Config(softphone=SoftphoneConfig(**settings))


async def test_command_adapter_runs_the_template(app_factory: AppFactory, tmp_path: Path) -> None:
    out = tmp_path / "argv.json"
    script = f"import json, sys; open({str(out)!r}, 'w').write(json.dumps(sys.argv[1:]))"
    app = app_factory(
        with_phone(adapter="command", command=(sys.executable, "-c", script, "tel:{e164}"))
    )
    async with app.run_test(size=SIZE) as pilot:
        who = app.session.current
        assert who is not None
        await pilot.press("d")
        await settle(pilot, app, "Handed to")
        assert json.loads(out.read_text()) == [f"tel:{who.phone}"]
        await pilot.press("n")
        assert isinstance(app.screen, DialScreen)
        assert app.session.store.history(who.id)[0].outcome == "no_answer"


async def test_command_failure_says_so_and_falls_back_to_dialing_by_hand(
    app_factory: AppFactory,
) -> None:
    fail = (sys.executable, "-c", "import sys; sys.exit('no method available')")
    app = app_factory(with_phone(adapter="command", command=fail))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await settle(pilot, app, "Dial it by hand")
        assert "no method available" in status(app)
        await pilot.press("enter")
        assert isinstance(app.screen, DialScreen)


async def test_baresip_call_answered_then_logged_with_its_duration(
    app_factory: AppFactory,
) -> None:
    fake = FakeBaresip()
    fake.after_dial = [call_event("CALL_RINGING")]
    app = app_factory(with_phone(adapter="baresip", address=await fake.start()))
    try:
        async with app.run_test(size=SIZE) as pilot:
            who = app.session.current
            assert who is not None
            await pilot.press("d")
            await settle(pilot, app, "Ringing")
            assert fake.commands[0]["params"] == who.phone
            await pilot.press("enter")  # an open call is not closed by accident
            assert isinstance(app.screen, CallScreen)
            await fake.push(call_event("CALL_ESTABLISHED"))
            await settle(pilot, app, "Connected")
            await fake.push(call_event("CALL_CLOSED", "Connection reset by peer"))
            await settle(pilot, app, "Press the outcome key")
            await pilot.press("enter")  # answered: no guess, so enter alone logs nothing
            assert isinstance(app.screen, CallScreen)
            await pilot.press("c")
            assert isinstance(app.screen, DialScreen)
            assert isinstance(app.session.store, SQLiteStore)
            row = app.session.store.conn.execute(
                "SELECT outcome, duration_s FROM calls ORDER BY id DESC LIMIT 1"
            ).fetchone()
            assert row[0] == "conversation" and row[1] is not None and row[1] >= 0
    finally:
        await fake.stop()


async def test_baresip_busy_suggests_no_answer_and_enter_logs_it(app_factory: AppFactory) -> None:
    fake = FakeBaresip()
    fake.after_dial = [call_event("CALL_RINGING"), call_event("CALL_CLOSED", "486 Busy Here")]
    app = app_factory(with_phone(adapter="baresip", address=await fake.start()))
    try:
        async with app.run_test(size=SIZE) as pilot:
            who = app.session.current
            assert who is not None
            await pilot.press("d")
            await settle(pilot, app, "Enter logs no answer (n)")
            await pilot.press("enter")
            assert isinstance(app.screen, DialScreen)
            assert app.session.store.history(who.id)[0].outcome == "no_answer"
    finally:
        await fake.stop()


async def test_escape_hangs_up_an_open_call_and_logs_nothing(app_factory: AppFactory) -> None:
    fake = FakeBaresip()
    fake.after_dial = [call_event("CALL_RINGING")]
    app = app_factory(with_phone(adapter="baresip", address=await fake.start()))
    try:
        async with app.run_test(size=SIZE) as pilot:
            dials = app.session.counts.dials
            await pilot.press("d")
            await settle(pilot, app, "Ringing")
            await pilot.press("escape")
            assert isinstance(app.screen, DialScreen)
            assert [c["command"] for c in fake.commands] == ["dial", "hangup"]
            assert app.session.counts.dials == dials
    finally:
        await fake.stop()


async def test_news_of_a_call_already_closed_changes_nothing(app_factory: AppFactory) -> None:
    """The app posts the softphone's news to the screen on top: the dial screen lets it go."""
    fake = FakeBaresip()
    fake.after_dial = [call_event("CALL_RINGING")]
    app = app_factory(with_phone(adapter="baresip", address=await fake.start()))
    try:
        async with app.run_test(size=SIZE) as pilot:
            dials = app.session.counts.dials
            await pilot.press("d")
            await settle(pilot, app, "Ringing")
            await pilot.press("escape")
            await fake.push(call_event("CALL_CLOSED", "486 Busy Here"))
            await pilot.pause(0.1)
            assert isinstance(app.screen, DialScreen)
            assert app.session.counts.dials == dials
            await pilot.press("s")  # the dial screen still takes its keys
            assert app.session.cursor == 1
    finally:
        await fake.stop()


async def test_baresip_not_running_is_a_clear_message(app_factory: AppFactory) -> None:
    app = app_factory(with_phone(adapter="baresip", address="127.0.0.1:9"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await settle(pilot, app, "Dial it by hand")
        assert "baresip is not answering on 127.0.0.1:9" in status(app)


async def test_a_missing_program_is_reported_even_before_the_screen_is_up(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    app = app_factory(with_phone(adapter="command", command=(str(tmp_path / "xdg-open"), "{e164}")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await settle(pilot, app, "Could not run")


async def test_keys_pressed_as_the_call_screen_closes_log_once(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        dials = app.session.counts.dials
        await pilot.press("d", "n", "n", "escape", "d", "escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert app.session.counts.dials == dials + 2  # the second n logs the next prospect

"""The settings screen: for each group, a change is saved (to a file the loader reads back),
applied without a restart, and a refused value shows the loader's own message; escape leaves
without saving and says so."""

import stat
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from clocks import FakeClock
from nextcall.config import Config, ConfigError, TeamConfig, load, parse
from nextcall.io.softphone import CommandSoftphone, NoSoftphone
from nextcall.store import Store
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.ritual_screen import RitualScreen
from nextcall.ui.screens.settings import SettingsScreen

SIZE = (80, 24)
Opened = Callable[..., AbstractAsyncContextManager[tuple[NextcallApp, Pilot[None]]]]
"""Opens the app with the settings screen up (a context manager)."""


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "conf" / "config.toml"


@pytest.fixture
def opened(demo_store: Store, clock: FakeClock, config_path: Path) -> Opened:
    """The app on the demo data with a config file, the settings screen open (`,`)."""

    @asynccontextmanager
    async def run(config: Config | None = None) -> AsyncIterator[tuple[NextcallApp, Pilot[None]]]:
        app = NextcallApp(config or Config(), demo_store, clock, config_path=config_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("comma")
            await pilot.pause()
            assert isinstance(app.screen, SettingsScreen)
            yield app, pilot

    return run


async def change(pilot: Pilot[None], field: str, value: str) -> None:
    """Put `value` in the field (an input's text, or a list's choice)."""
    widget = pilot.app.screen.query_one(f"#field-{field}")
    if isinstance(widget, Input):
        widget.value = value
    else:
        assert isinstance(widget, Select)
        widget.value = value
    await pilot.pause()


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


def toasts(app: NextcallApp) -> str:
    return "\n".join(n.message for n in app._notifications)


def error_under(app: NextcallApp, field: str) -> str:
    error = app.screen.query_one(f"#error-field-{field}", Static)
    assert error.has_class("-shown")
    return str(error.render())


def refused_like_the_loader(text: str, key: str) -> str:
    """The loader's message for the same value written in a file."""
    with pytest.raises(ConfigError) as info:
        parse(text, Path("config.toml"))
    assert info.value.key == key
    return info.value.message


async def test_ritual_saved_reloaded_and_used_by_the_next_ritual(
    opened: Opened, config_path: Path
) -> None:
    async with opened() as (app, pilot):
        await change(pilot, "ritual-reset_seconds", "3")
        await change(pilot, "ritual-auto_dial", "true")
        await save(pilot)
        assert "Saved and applied" in toasts(app)
        assert load(config_path).ritual == replace(Config().ritual, reset_seconds=3, auto_dial=True)
        assert load(config_path) == app.config
        await pilot.press("escape")
        await pilot.press("r")  # a rejection: the ritual opens with the new reset
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen)
        assert app.screen.settings.reset_seconds == 3
        assert app.screen.ritual.reset_s == 3


async def test_ritual_refused_value_says_what_the_loader_says(
    opened: Opened, config_path: Path
) -> None:
    async with opened() as (app, pilot):
        await change(pilot, "ritual-reset_seconds", "0")
        await save(pilot)
        said = refused_like_the_loader("[ritual]\nreset_seconds = 0\n", "[ritual] reset_seconds")
        assert said in error_under(app, "ritual-reset_seconds")
        assert f"[ritual] reset_seconds: {said}" in toasts(app)
        assert not config_path.exists()
        assert isinstance(app.screen, SettingsScreen)  # still there, to fix it
        await change(pilot, "ritual-reset_seconds", "ten")
        await save(pilot)
        said = refused_like_the_loader(
            '[ritual]\nreset_seconds = "ten"\n', "[ritual] reset_seconds"
        )
        assert said in error_under(app, "ritual-reset_seconds")


async def test_day_block_length_and_target(opened: Opened, config_path: Path) -> None:
    async with opened() as (app, pilot):
        await change(pilot, "day-block_minutes", "45")
        await change(pilot, "day-target_meetings", "4")
        await save(pilot)
        assert load(config_path).day.block_minutes == 45
        await pilot.press("escape")
        assert app.session.target_meetings == 4
        await pilot.press("k")
        await pilot.pause()
        assert "Call block: 45 minutes" in toasts(app)
        await pilot.press("comma")
        await change(pilot, "day-block_minutes", "4")
        await save(pilot)
        said = refused_like_the_loader("[day]\nblock_minutes = 4\n", "[day] block_minutes")
        assert said in error_under(app, "day-block_minutes")


async def test_calling_hours_apply_to_the_queue_at_once(
    opened: Opened,
    config_path: Path,
    clock: FakeClock,
) -> None:
    """14:30 in New York: hours that closed at 09:00 hold everyone back as the queue is read."""
    async with opened() as (app, pilot):
        assert app.session.held is None
        await change(pilot, "calling-hours", "07:00-09:00")
        await change(pilot, "calling-retry_after_hours", "1.5")
        await save(pilot)
        assert load(config_path).calling.hours == ("07:00", "09:00")
        assert app.session.held is not None
        await pilot.press("escape")
        await change_hours_back(pilot)
        first = app.session.current
        assert first is not None
        await pilot.press("n")
        await pilot.pause()
        stored = app.session.store.prospect(first.id)
        assert stored is not None
        assert stored.state.due_at == clock.now() + timedelta(hours=1.5)


async def change_hours_back(pilot: Pilot[None]) -> None:
    await pilot.press("comma")
    await change(pilot, "calling-hours", "08:00-21:00")
    await save(pilot)
    await pilot.press("escape")


async def test_calling_refused_hours_and_region(
    opened: Opened,
) -> None:
    async with opened() as (app, pilot):
        await change(pilot, "calling-hours", "21:00-08:00")
        await save(pilot)
        said = refused_like_the_loader('[calling]\nhours = ["21:00", "08:00"]\n', "[calling] hours")
        assert said in error_under(app, "calling-hours")
        await change(pilot, "calling-hours", "08:00-21:00")
        await change(pilot, "calling-default_region", "XX")
        await save(pilot)
        said = refused_like_the_loader(
            '[calling]\ndefault_region = "XX"\n', "[calling] default_region"
        )
        assert said in error_under(app, "calling-default_region")


async def test_softphone_adapter_is_replaced_without_a_restart(
    opened: Opened, config_path: Path
) -> None:
    async with opened() as (app, pilot):
        assert isinstance(app.softphone, NoSoftphone)
        await change(pilot, "softphone-adapter", "command")
        await change(pilot, "softphone-command", "true 'dial {e164}'")
        await save(pilot)
        assert load(config_path).softphone.command == ("true", "dial {e164}")
        assert isinstance(app.softphone, CommandSoftphone)
        await pilot.press("escape")
        dial = app.screen
        assert isinstance(dial, DialScreen) and dial.softphone is app.softphone
        await pilot.press("comma")
        await change(pilot, "softphone-address", "localhost")
        await save(pilot)
        said = refused_like_the_loader(
            '[softphone]\naddress = "localhost"\n', "[softphone] address"
        )
        assert said in error_under(app, "softphone-address")


async def test_team_url_shown_without_its_password_and_kept(
    opened: Opened, config_path: Path
) -> None:
    url = "postgresql://ana:s3cret@db.example/team?sslmode=require&password=s3cret"
    config = replace(Config(), team=TeamConfig(database=url, rep="ana"))
    async with opened(config) as (app, pilot):
        shown = app.screen.query_one("#field-team-database", Input).value
        assert "s3cret" not in shown and shown.startswith("postgresql://ana@db.example/team")
        assert "s3cret" not in str(app.screen.query_one("#tab-team").render())
        await change(pilot, "team-claim_minutes", "15")
        await save(pilot)
        assert load(config_path).team == TeamConfig(database=url, rep="ana", claim_minutes=15)
        assert "next start" in toasts(app)
        await change(pilot, "team-database", "mysql://db/team")
        await save(pilot)
        said = refused_like_the_loader('[team]\ndatabase = "mysql://db/team"\n', "[team] database")
        assert said in error_under(app, "team-database")


async def test_keys_remapped_at_once(opened: Opened, config_path: Path) -> None:
    async with opened() as (app, pilot):
        await change(pilot, "keys-skip", "j")
        await change(pilot, "keys-help", "h")
        await save(pilot)
        assert load(config_path).keys["skip"] == "j"
        assert "[keys]\nskip = " in config_path.read_text()  # only the changed keys
        assert "no_answer" not in config_path.read_text()
        await pilot.press("escape")
        before = app.session.cursor
        await pilot.press("j")
        await pilot.pause()
        assert app.session.cursor == before + 1
        await pilot.press("s")  # the old key does nothing now
        await pilot.pause()
        assert app.session.cursor == before + 1
        await pilot.press("h")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


async def test_keys_refused_clash_names_both_actions(opened: Opened, config_path: Path) -> None:
    async with opened() as (app, pilot):
        await change(pilot, "keys-skip", "n")
        await save(pilot)
        said = refused_like_the_loader('[keys]\nskip = "n"\n', "[keys] skip")
        assert 'no_answer and skip both have "n" on the dial screen' in said
        assert said in error_under(app, "keys-skip")
        await change(pilot, "keys-skip", "down")
        await save(pilot)
        said = refused_like_the_loader('[keys]\nskip = "down"\n', "[keys] skip")
        assert said in error_under(app, "keys-skip")
        assert not config_path.exists()


async def test_theme_applied_at_once(opened: Opened, config_path: Path) -> None:
    async with opened() as (app, pilot):
        await change(pilot, "top-theme", "nextcall-light")
        await save(pilot)
        assert app.theme == "nextcall-light"
        assert load(config_path).theme == "nextcall-light"


async def test_theme_refused_when_empty(config_path: Path) -> None:
    said = refused_like_the_loader('theme = ""\n', "theme")
    assert "non-empty" in said


async def test_saved_atomically_and_private(opened: Opened, config_path: Path) -> None:
    async with opened() as (app, pilot):
        await change(pilot, "ritual-reframe_seconds", "7")
        await save(pilot)
        assert stat.S_IMODE(config_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(config_path.parent.stat().st_mode) == 0o700
        assert [p.name for p in config_path.parent.iterdir()] == ["config.toml"]


async def test_escape_leaves_without_saving_and_says_so(opened: Opened, config_path: Path) -> None:
    async with opened() as (app, pilot):
        await change(pilot, "ritual-reset_seconds", "20")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert "not saved: 1 change" in toasts(app) and "reset_seconds" in toasts(app)
        assert not config_path.exists() and app.config.ritual.reset_seconds == 10
        app.clear_notifications()
        await pilot.press("comma")
        await pilot.press("escape")  # nothing changed: nothing to say
        await pilot.pause()
        assert toasts(app) == ""


async def test_the_demo_applies_without_saving(demo_store: Store, clock: FakeClock) -> None:
    app = NextcallApp(Config(), demo_store, clock)  # no config file: the demo
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        await change(pilot, "day-block_minutes", "30")
        await save(pilot)
        assert app.config.day.block_minutes == 30
        assert "demo does not save" in toasts(app)


async def test_a_value_from_the_file_shows_inert(opened: Opened, config_path: Path) -> None:
    """A config value may hold any bytes: the fields show them without control sequences,
    and saving leaves a setting nobody touched as it was."""
    url = "postgresql://db/te\x1b]52;c;aGk=\x07am"
    config = replace(Config(), team=TeamConfig(database=url), theme="mine\x1b[31m")
    async with opened(config) as (app, pilot):
        shown = app.screen.query_one("#field-team-database", Input).value
        assert "\x1b" not in shown and "\x07" not in shown and shown.startswith("postgresql://db/")
        theme = app.screen.query_one("#field-top-theme", Select)
        assert "\x1b" not in str(theme.query_one("#label", Static).render())
        await change(pilot, "ritual-reset_seconds", "12")
        await save(pilot)
        assert load(config_path).team.database == url

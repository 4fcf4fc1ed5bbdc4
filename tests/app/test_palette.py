"""The palette (ctrl+p) does everything: each command found by name and run, at 80x24."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from nextcall.domain.prospects import Lifecycle
from nextcall.ui.app import NextcallApp
from nextcall.ui.commands import DialCommands, commands
from nextcall.ui.screens.confirm import ConfirmPrompt
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.feel_it import FeelItScreen
from nextcall.ui.screens.help import HelpScreen
from nextcall.ui.screens.prompts import TextPrompt
from nextcall.ui.screens.review import ReviewScreen
from nextcall.ui.screens.settings import SettingsScreen

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)
TODAY = date(2026, 11, 18)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The home folder exports are offered in, and relative paths start from."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


async def command(pilot: Pilot[None], typed: str) -> None:
    """Open the palette, type the command's name, run the best match."""
    await pilot.press("ctrl+p", *typed)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def answer(pilot: Pilot[None], text: str) -> None:
    """Type `text` into the prompt on top (over what it offered) and press enter."""
    assert isinstance(pilot.app.screen, TextPrompt)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


def toasts(app: NextcallApp) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_every_command_has_a_line_of_help(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DialScreen)
        found = commands(screen)
        assert len(found) == len({title for title, _, _ in found}) >= 12
        assert all(help_text for _, help_text, _ in found)
        assert DialCommands in screen.COMMANDS


@pytest.mark.parametrize(("typed", "week"), [("review today", False), ("review the week", True)])
async def test_review_today_and_the_week(app_factory: AppFactory, typed: str, week: bool) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await command(pilot, typed)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.day == TODAY and app.screen.week is week


async def test_review_a_day(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await command(pilot, "review a day")
        await answer(pilot, "2026-11-12")
        assert isinstance(app.screen, ReviewScreen) and app.screen.day == date(2026, 11, 12)
        await pilot.press("escape")
        await command(pilot, "review a day")
        await answer(pilot, "12/11/2026")
        assert isinstance(app.screen, DialScreen) and "not a date" in toasts(app)
        await command(pilot, "review a day")
        await answer(pilot, "2026-12-01")
        assert isinstance(app.screen, DialScreen) and "not come yet" in toasts(app)


@pytest.mark.parametrize(
    ("typed", "offered", "first_line"),
    [
        ("export calls", "nextcall-calls-2026-11-18.csv", "Call Time,"),
        ("export prospects", "nextcall-prospects-2026-11-18.csv", "First Name,"),
        ("export follow-ups as csv", "nextcall-follow-ups-2026-11-18.csv", "Due,"),
        (
            "export follow-ups as a calendar",
            "nextcall-follow-ups-2026-11-18.ics",
            "BEGIN:VCALENDAR",
        ),
    ],
)
async def test_export_writes_the_file_it_names(
    app_factory: AppFactory, home: Path, typed: str, offered: str, first_line: str
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await command(pilot, typed)
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == f"~/{offered}"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = home / offered
        assert written.read_text().startswith(first_line)
        assert f"to {written}" in toasts(app) and "Wrote" in toasts(app)


async def test_export_over_a_file_asks_first(app_factory: AppFactory, home: Path) -> None:
    (home / "mine.csv").write_text("keep me")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await command(pilot, "export calls")
        await answer(pilot, "mine.csv")  # relative: from the home folder
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("escape")
        await pilot.pause()
        assert (home / "mine.csv").read_text() == "keep me"
        await command(pilot, "export calls")
        await answer(pilot, "~/mine.csv")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (home / "mine.csv").read_text().startswith("Call Time,")


async def test_export_to_a_folder_is_refused(app_factory: AppFactory, home: Path) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await command(pilot, "export prospects")
        await answer(pilot, str(home))
        assert "Not exported" in toasts(app) and "is a directory" in toasts(app)


CSV = (
    "Name,Company,Phone\n"
    "Iris Newman,Acme,+1 212 555 0101\n"
    "Omar Lane,Birch,+1 212 555 0102\n"
    "Nobody,Nowhere,not a number\n"
)


async def test_import_shows_the_dry_run_then_imports(app_factory: AppFactory, home: Path) -> None:
    (home / "list.csv").write_text(CSV)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        before = store.count_prospects()
        await command(pilot, "import prospects")
        await answer(pilot, "~/list.csv")
        assert isinstance(app.screen, ConfirmPrompt)
        body = app.screen.body
        assert "dry run, nothing written: would import 2, merge 0, skip 1" in body
        assert "line 4" in body
        assert store.count_prospects() == before  # nothing written yet
        await pilot.press("enter")
        await pilot.pause()
        assert store.count_prospects() == before + 2
        assert "imported 2, merged 0, skipped 1" in toasts(app)
        assert any(p.name == "Iris Newman" for p in store.search("Iris Newman", 5))


async def test_import_can_be_called_off(app_factory: AppFactory, home: Path) -> None:
    (home / "list.csv").write_text(CSV)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        before = app.session.store.count_prospects()
        await command(pilot, "import prospects")
        await answer(pilot, "list.csv")
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.store.count_prospects() == before
        assert "Nothing was imported" in toasts(app)


async def test_import_of_a_missing_file_says_so(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await command(pilot, "import prospects")
        await answer(pilot, "~/nope.csv")
        assert isinstance(app.screen, DialScreen)
        assert "Nothing imported: nope.csv: can't read" in toasts(app)


async def test_call_block_starts_and_ends(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await command(pilot, "start a call block")
        assert app.session.block is not None
        await pilot.press("n")
        await command(pilot, "end the call block")
        await pilot.pause()
        assert app.session.block is None


async def test_feel_it_timer(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")  # the ritual, skipped
        await command(pilot, "feel-it timer")
        assert isinstance(app.screen, FeelItScreen)
        assert app.screen.call.outcome == "rejected"


async def test_settings(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await command(pilot, "settings")
        assert isinstance(app.screen, SettingsScreen)


async def test_do_not_call_a_queued_number(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        target = s.window(0, 5)[s.ids[2]]
        await command(pilot, "do-not-call")
        await answer(pilot, target.phone)
        assert isinstance(app.screen, ConfirmPrompt) and target.name in app.screen.body
        await pilot.press("enter")
        await pilot.pause()
        assert s.store.is_dnc(target.phone) and target.id not in s.ids
        stored = s.store.prospect(target.id)
        assert stored is not None and stored.state.lifecycle is Lifecycle.DNC
        await command(pilot, "do-not-call")
        await answer(pilot, target.phone)
        assert "already on the do-not-call list" in toasts(app)


async def test_do_not_call_refuses_what_is_not_a_number(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await command(pilot, "do-not-call")
        await answer(pilot, "call me maybe")
        assert isinstance(app.screen, DialScreen) and "is not a phone number" in toasts(app)


async def test_theme_from_the_palette(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await command(pilot, "theme")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"nextcall-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nextcall-light"


async def test_help_from_the_palette(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await command(pilot, "help")
        assert isinstance(app.screen, HelpScreen) and app.screen.screen_id == "dial"

"""Remapped keys act, and every place that names a key shows the rep's: the footer, help, the
ritual's hints, the top bar. And every remappable binding of every screen is in the key map."""

from collections.abc import Callable
from pathlib import Path

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from nextcall.config import Config, parse
from nextcall.config.keys import ACTIONS, BY_NAME, OUTCOME_NAMES
from nextcall.ui.app import NextcallApp
from nextcall.ui.key_map import textual_key
from nextcall.ui.screens.block_summary import BlockSummaryScreen
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.feel_it import FeelItScreen
from nextcall.ui.screens.help import HelpScreen
from nextcall.ui.screens.prospect import ProspectScreen
from nextcall.ui.screens.review import ReviewScreen
from nextcall.ui.screens.ritual_screen import RitualScreen

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)
MINE = parse(
    "[keys]\n"
    'skip = "j"\nhelp = "h"\nreview = "o"\nnote = "w"\n'
    'pause = "z"\ndo_not_call = "y"\ntiming = "!"\nday_before = ","\nweek = "f3"\n',
    Path("config.toml"),
)

SCREEN_CLASSES: dict[str, type[Screen[object]]] = {
    "dial": DialScreen,  # type: ignore[dict-item]
    "call": CallScreen,  # type: ignore[dict-item]
    "ritual": RitualScreen,  # type: ignore[dict-item]
    "feel_it": FeelItScreen,  # type: ignore[dict-item]
    "review": ReviewScreen,  # type: ignore[dict-item]
    "prospect": ProspectScreen,  # type: ignore[dict-item]
    "block_summary": BlockSummaryScreen,  # type: ignore[dict-item]
    "help": HelpScreen,  # type: ignore[dict-item]
}


def footer(app: NextcallApp) -> dict[str, str]:
    """Description -> key, as the footer shows them (its keys are FooterKey widgets)."""
    return {
        str(getattr(key, "description", "")): str(getattr(key, "key_display", ""))
        for key in app.screen.query("FooterKey")
    }


def test_every_remappable_binding_is_in_the_key_map() -> None:
    """A binding with an id is an action of its screen at its default key; every action of a
    screen has a binding there (the call screen reads the outcome keys itself)."""
    for screen, cls in SCREEN_CLASSES.items():
        ids = set()
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.id is not None:
                action = BY_NAME[binding.id]
                assert screen in action.screens, (screen, action.name)
                assert binding.key == textual_key(action.key)
                ids.add(action.name)
        wanted = {a.name for a in ACTIONS if screen in a.screens}
        if screen == "call":
            wanted -= set(OUTCOME_NAMES)
        assert ids == wanted, screen


async def test_remapped_keys_act_and_show_on_the_dial_screen(app_factory: AppFactory) -> None:
    app = app_factory(MINE)
    async with app.run_test(size=(130, 30)) as pilot:
        await pilot.pause()
        shown = footer(app)
        assert shown["help"] == "h"
        assert "j skip" in str(app.screen.query_one("#topbar", Static).render())
        assert "o review" in str(app.screen.query_one("#topbar", Static).render())
        before = app.session.cursor
        await pilot.press("j")
        await pilot.pause()
        assert app.session.cursor == before + 1
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert footer(app)["earlier"] == "," and footer(app)["day/week"] == "F3"
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen.week
        await pilot.press("o")  # the review key closes it, as t does
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)


async def test_help_shows_the_reps_keys(app_factory: AppFactory) -> None:
    app = app_factory(MINE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = str(app.screen.query_one(Static).render())
        assert "j  skip: leave this prospect queued" in body
        assert "o  review: the day, , ] other days, F3 the week" in body
        assert "s  skip" not in body
        await pilot.press("h")  # the help key closes help too
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)


async def test_the_rituals_hints_and_footer_show_the_reps_keys(app_factory: AppFactory) -> None:
    app = app_factory(MINE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen)
        assert footer(app)["pause"] == "z" and footer(app)["do-not-call"] == "y"
        body = str(app.screen.query_one("#ritual-body", Static).render())
        assert "! timing" in body and "1 timing" not in body
        await pilot.press("!")  # the remapped tag key tags
        await pilot.pause()
        assert app.screen.ritual.reason == "timing"
        await pilot.press("z")
        await pilot.pause()
        assert "z picks up" in str(app.screen.query_one("#ritual-cue", Static).render())
        await pilot.press("y")
        await pilot.pause()
        assert "y again puts" in str(app.screen.query_one("#ritual-note", Static).render())
        await pilot.press("h")  # help for the ritual
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = str(app.screen.query_one(Static).render())
        assert "The recovery ritual" in body and "z  pause or resume" in body


async def test_help_over_the_ritual_holds_its_countdown(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        ritual = app.screen
        assert isinstance(ritual, RitualScreen) and not ritual.ritual.paused
        await pilot.press("question_mark")
        await pilot.pause()
        assert ritual.ritual.paused
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is ritual and not ritual.ritual.paused


async def test_the_call_screen_shows_and_takes_the_reps_keys(app_factory: AppFactory) -> None:
    config = parse('[keys]\nnote = "w"\nno_answer = "a"\nhelp = "h"\n', Path("c"))
    app = app_factory(config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert footer(app)["note"] == "w"
        assert "a no-ans" in str(app.screen.query_one("#call-keys", Static).render())
        await pilot.press("h")
        await pilot.pause()
        body = str(app.screen.query_one(Static).render())
        assert "The call screen" in body and "w  a note as you talk" in body
        await pilot.press("escape")
        dials = app.session.counts.dials
        await pilot.press("a")  # the remapped outcome key logs the call
        await pilot.pause()
        assert app.session.counts.dials == dials + 1
        assert isinstance(app.screen, DialScreen)


async def test_help_says_where_the_files_are(app_factory: AppFactory) -> None:
    app = app_factory(Config())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        body = str(app.screen.query_one(Static).render())
        assert "Why the ritual" in body and "recovery time" in body
        assert str(app.session.store.path) in body.replace("\n", "")
        assert "Settings" in body and "Themes" in body

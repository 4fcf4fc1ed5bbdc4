"""Pilot test: a theme file or config theme name holding markup is reported as written, not run."""

from pathlib import Path

from textual.widgets._toast import Toast

from clocks import FakeClock
from nextcall.config import Config
from nextcall.store import Store
from nextcall.ui.app import NextcallApp


async def test_markup_in_a_theme_problem_or_theme_name_is_shown_as_text(
    tmp_path: Path, demo_store: Store, clock: FakeClock
) -> None:
    (tmp_path / "mine.toml").write_text('name = "mine"\nprimary = "[/]"\n')
    (tmp_path / "other.toml").write_text('name = "other"\nprimary = "[b]x[/b]"\n')
    app = NextcallApp(Config(theme="[/]"), demo_store, clock, theme_dirs=(tmp_path,))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause(0.3)
        toasts = list(app.screen.query(Toast))
        messages = [toast.render().plain for toast in toasts]
    assert any("primary: '[/]' is not a colour" in m for m in messages)
    assert any("[b]x[/b]" in m for m in messages)
    assert any('Theme "[/]" was not found' in m for m in messages)


async def test_a_reps_theme_without_semantic_colours_falls_back(
    tmp_path: Path, demo_store: Store, clock: FakeClock
) -> None:
    """Its own success stands in for outcome-meeting; the default theme's for the rest."""
    (tmp_path / "mine.toml").write_text('name = "mine"\nprimary = "#336699"\nsuccess = "#00AA00"\n')
    app = NextcallApp(Config(theme="mine"), demo_store, clock, theme_dirs=(tmp_path,))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "r")  # the ratio panel, the ritual: semantic colours on screen
        await pilot.pause()
        assert app.theme == "mine"
        default = app.get_theme("nextcall-dark")
        assert default is not None
        assert app.theme_variables["outcome-meeting"] == "#00AA00"
        assert app.theme_variables["outcome-connect"] == "#336699"
        assert app.theme_variables["timer-urgent"] == default.variables["timer-urgent"]

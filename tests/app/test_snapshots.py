"""Snapshots of the dial screen with the demo data at a fixed time (Wed 18 Nov 2026, 14:30)."""

from collections.abc import Callable
from dataclasses import replace

import pytest

from nextcall.app import NextcallApp
from nextcall.config import Config

THEMES = ("nextcall-dark", "nextcall-light", "nextcall-contrast")


class TestDialScreen:
    """The main screen: queue, prospect card, ratio panel and footer."""

    @pytest.mark.parametrize("theme", THEMES)
    def test_80x24(self, snap_compare, app_factory: Callable[..., NextcallApp], theme: str) -> None:  # type: ignore[no-untyped-def]
        app = app_factory(replace(Config(), theme=theme))
        assert snap_compare(app, terminal_size=(80, 24))

    def test_160x45(self, snap_compare, app_factory: Callable[..., NextcallApp]) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(app_factory(), terminal_size=(160, 45))

    def test_after_outcomes(self, snap_compare, app_factory: Callable[..., NextcallApp]) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(app_factory(), terminal_size=(80, 24), press=["n", "g", "m", "down"])

    def test_too_small(self, snap_compare, app_factory: Callable[..., NextcallApp]) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(app_factory(), terminal_size=(40, 12))


class TestPrompts:
    """Help and the follow-up picker over the dial screen."""

    def test_help(self, snap_compare, app_factory: Callable[..., NextcallApp]) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(app_factory(), terminal_size=(80, 24), press=["question_mark"])

    def test_follow_up_picker(self, snap_compare, app_factory: Callable[..., NextcallApp]) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(app_factory(), terminal_size=(80, 24), press=["l"])

    def test_follow_up_note(self, snap_compare, app_factory: Callable[..., NextcallApp]) -> None:  # type: ignore[no-untyped-def]
        """After a quick pick: the chosen day, and the note field focused."""
        assert snap_compare(
            app_factory(), terminal_size=(80, 24), press=["l", "3", *"pricing first"]
        )

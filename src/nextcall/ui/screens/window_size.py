"""The "make the window larger" state shared by screens that need room (the review, the day
plan): below their size a screen hides its content, says so, and lets only its way out act."""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.screen import Screen

TOO_SMALL = "-too-small"
"""The class a screen carries while the window is below its size."""


def too_small(size: Size, least: tuple[int, int]) -> bool:
    return size.width < least[0] or size.height < least[1]


def guard(screen: Screen[Any], size: Size, least: tuple[int, int]) -> bool:
    """Set or clear the screen's too-small class for `size`; True when it is too small."""
    small = too_small(size, least)
    screen.set_class(small, TOO_SMALL)
    return small


def larger_text(least: tuple[int, int], then: str, escape: str = "goes back") -> str:
    return f"Make the window larger (at least {least[0]}x{least[1]}) {then}. Escape {escape}."

"""The "make the window larger" state shared by screens that need room (the review, the day
plan, every overlay): below their size a screen hides its content, says so, and lets only its
way out act."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Tooltip

TOO_SMALL = "-too-small"
"""The class a screen carries while the window is below its size."""
NOTE_CLASS = "too-small-note"
"""The class of the one line a `SizeGuarded` screen shows instead of its content."""


def too_small(size: Size, least: tuple[int, int]) -> bool:
    return size.width < least[0] or size.height < least[1]


def guard(screen: Screen[Any], size: Size, least: tuple[int, int]) -> bool:
    """Set or clear the screen's too-small class for `size`; True when it is too small. When
    that changes, the footer is redrawn: keys hidden while small come back as they were."""
    small = too_small(size, least)
    if small != screen.has_class(TOO_SMALL):
        screen.set_class(small, TOO_SMALL)
        screen.refresh_bindings()
    return small


def larger_text(least: tuple[int, int], then: str, escape: str = "goes back") -> str:
    return f"Make the window larger (at least {least[0]}x{least[1]}) {then}. Escape {escape}."


class TooSmallNote(Widget):
    """The line itself: not a Static, so a screen's own `Static` is still the first one found."""

    def __init__(self, text: str) -> None:
        super().__init__(classes=NOTE_CLASS)
        self.text = text

    def render(self) -> Content:
        return Content(self.text)  # plain text, never markup


class SizeGuarded:
    """For an overlay (mixed in before its Screen class): below `MIN_SIZE` its content is
    hidden behind one line asking for a larger window (yield `too_small_note()` in compose),
    the focus is set aside (nothing is typed into a field the rep cannot see), and only the
    actions in `ACTS_WHEN_SMALL` act. Growing back shows it all as it was, focus included."""

    MIN_SIZE: ClassVar[tuple[int, int]] = (60, 16)
    ACTS_WHEN_SMALL: ClassVar[frozenset[str]] = frozenset({"cancel", "close"})
    SMALL_THEN: ClassVar[str] = "to see this"
    """What the larger window is for, in the line: "Make the window larger ... to see this"."""
    SMALL_ESCAPE: ClassVar[str] = "goes back"
    """What escape does, in the line: "Escape goes back"."""
    _focus_set_aside: Widget | None = None

    def too_small_note(self, escape: str = "") -> TooSmallNote:
        """The line; `escape` says what escape does where that is known only when opened."""
        text = larger_text(self.MIN_SIZE, self.SMALL_THEN, escape or self.SMALL_ESCAPE)
        return TooSmallNote(text)

    def on_mount(self) -> None:
        self.guard_size()

    def on_resize(self, event: Resize) -> None:
        self.guard_size()

    def guard_size(self) -> None:
        """Show the content or the note for the window's size now."""
        screen = cast(Screen[Any], self)
        was_small = screen.has_class(TOO_SMALL)
        small = guard(screen, screen.app.size, self.MIN_SIZE)
        for child in screen.children:
            if not isinstance(child, Tooltip):
                child.display = small == child.has_class(NOTE_CLASS)
        if small and not was_small:
            self._focus_set_aside = screen.focused
            screen.set_focus(None)
        elif was_small and not small:
            aside, self._focus_set_aside = self._focus_set_aside, None
            if aside is not None and aside.is_attached:
                screen.set_focus(aside)

    def size_allows(self, action: str, parameters: tuple[object, ...]) -> bool:
        """False when the window is too small for `action` to act (it would act unseen)."""
        small = cast(Screen[Any], self).has_class(TOO_SMALL)
        return not small or self.acts_when_small(action, parameters)

    def acts_when_small(self, action: str, parameters: tuple[object, ...]) -> bool:
        return action in self.ACTS_WHEN_SMALL

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.size_allows(action, parameters)

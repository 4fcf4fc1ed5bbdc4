"""Outside text (names, notes, file names, a softphone's words, error messages) as Textual
markup that shows it as it is: made inert (`io.inert`: no escape sequence or control byte
reaches the terminal), then escaped (a `[` is a bracket, not a tag). The screens import `escape`
from here, never from Textual; a test holds it."""

from __future__ import annotations

from textual.markup import escape as _escape

from nextcall.io.inert import inert


def escape(text: str) -> str:
    """`text` as markup that displays it, inert."""
    return _escape(inert(text))

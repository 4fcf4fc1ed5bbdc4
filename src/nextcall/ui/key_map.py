"""The rep's `[keys]` in Textual's terms: every remappable binding has its action's name as its
id (`config.keys.ACTIONS`), and the App's keymap moves the ones the rep changed. Texts that name a
key (hints, help, the top bar) ask `Keys` for the rep's."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from textual.binding import Binding

from nextcall.config.keys import DEFAULT_KEYS, changed

_NAME_FIXES = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
"""Where Textual names a sign otherwise than its Unicode name does."""


def textual_key(key: str) -> str:
    """A config key as Textual names it: "n", "f2", "comma", "question_mark"."""
    if len(key) != 1 or key.isalnum():
        return key
    name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    return _NAME_FIXES.get(name, name)


def shown(key: str) -> str:
    """A config key as the rep reads it: "n", "F2", ","."""
    return key.upper() if len(key) > 1 else key


def keymap(keys: Mapping[str, str]) -> dict[str, str]:
    """The App's keymap: binding id -> Textual key, for each action the rep moved."""
    return {name: textual_key(key) for name, key in changed(keys).items()}


def bound(
    action: str,
    run: str,
    description: str,
    *,
    show: bool = True,
    tooltip: str = "",
    key_display: str = "",
) -> Binding:
    """The binding of remappable `action` (its default key; the keymap moves it, and then the
    footer shows the new key: `key_display` is for the default only)."""
    key = DEFAULT_KEYS[action]
    return Binding(
        textual_key(key),
        run,
        description,
        show=show,
        key_display=key_display or shown(key),
        id=action,
        tooltip=tooltip,
    )


class Keys:
    """The rep's key for each action, as texts show it."""

    def __init__(self, keys: Mapping[str, str] | None = None) -> None:
        self.map = dict(DEFAULT_KEYS) | dict(keys or {})

    def __getitem__(self, action: str) -> str:
        """The key as the rep reads it ("d", "F2")."""
        return shown(self.map[action])

    def textual(self, action: str) -> str:
        """The key as Textual names it (what `Key.key` holds when it is pressed)."""
        return textual_key(self.map[action])

    def run(self, *actions: str, joint: str = "") -> str:
        """Several actions' keys together: "1-6" when they follow each other, else "1 2"."""
        got = [self[a] for a in actions]
        if len(got) > 2 and all(len(k) == 1 and k.isdigit() for k in got):
            numbers = [int(k) for k in got]
            if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
                return f"{got[0]}-{got[-1]}"
        return (joint or " ").join(got)

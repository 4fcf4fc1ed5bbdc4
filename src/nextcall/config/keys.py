"""The key map: every action a key starts, on which screens, with its default key; which keys
the rep may use; and the clashes a `[keys]` table can make.

One action has one key everywhere it acts (`dial` is `d` on the dial screen, in the ritual and
in the feel-it timer). Two actions may share a key only when no screen has both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from nextcall.domain.outcomes import OUTCOMES, REASONS

SCREENS: dict[str, str] = {
    "dial": "the dial screen",
    "call": "the call screen",
    "ritual": "the ritual",
    "feel_it": "the feel-it timer",
    "review": "the review",
    "prospect": "the prospect view",
    "block_summary": "the block summary",
    "help": "help",
}
"""Screen id -> its name in a sentence."""


@dataclass(frozen=True)
class Action:
    """One remappable action."""

    name: str
    """Its name under `[keys]`, and its binding's id."""
    key: str
    """The default key, as written in config.toml: "n", "+", ",", "f2"."""
    screens: tuple[str, ...]
    """Where the key acts (ids of `SCREENS`)."""
    what: str
    """What it does, in a few words."""


_TALK = ("timing", "budget", "competitor", "authority", "need", "value")

ACTIONS: tuple[Action, ...] = (
    *(Action(o.name, o.key, ("dial", "call"), f"log the call: {o.label}") for o in OUTCOMES),
    Action("dial", "d", ("dial", "call", "ritual", "feel_it"), "dial (on the call screen: back)"),
    Action("skip", "s", ("dial",), "leave the prospect queued, go to the next"),
    Action("undo", "u", ("dial",), "take the last outcome back"),
    Action("note", "e", ("dial", "call"), "write a note on the prospect"),
    Action("win", "+", ("dial",), "put a small win in the jar"),
    Action("feel_it", "f", ("dial", "ritual"), "the five-minute feel-it timer"),
    Action("review", "t", ("dial", "review"), "open (or close) the review"),
    Action("block", "k", ("dial", "block_summary"), "start or end a call block"),
    Action("prospect", "i", ("dial", "prospect"), "open (or close) the prospect view"),
    Action("settings", ",", ("dial",), "open the settings"),
    Action(
        "help",
        "?",
        ("dial", "call", "ritual", "feel_it", "review", "prospect", "help"),
        "help: the keys of the screen you are on",
    ),
    Action("quit", "q", ("dial", "review", "prospect", "help"), "quit (elsewhere: back)"),
    Action("pause", "p", ("ritual",), "pause or resume the countdown"),
    Action("follow_up", "l", ("ritual", "prospect"), "set a follow-up with the prospect"),
    Action("do_not_call", "x", ("ritual", "prospect"), "do-not-call (press twice)"),
    *(
        Action(
            reason,
            key,
            ("ritual", "call") if reason in _TALK else ("ritual",),
            f"tag the no: {reason.replace('_', ' ')}"
            + ("; on a call, its talk-track notes" if reason in _TALK else ""),
        )
        for key, reason in zip(("1", "2", "3", "4", "5", "6", "0"), REASONS, strict=True)
    ),
    Action("whole_track", "0", ("call",), "on a call: the whole talk track"),
    Action("perspective", "f2", ("feel_it",), "the perspective check"),
    Action("day_before", "[", ("review",), "the day (or week) before"),
    Action("day_after", "]", ("review",), "the day (or week) after"),
    Action("week", "w", ("review",), "switch between the day and its week"),
    Action("edit", "e", ("prospect",), "edit the prospect's details"),
    Action("requeue", "a", ("prospect",), "put the prospect back in the queue"),
    Action("go_to", "g", ("prospect",), "back to the queue, cursor on the prospect"),
)
"""Every remappable action, outcomes first (the order of the settings screen's keys)."""

BY_NAME: dict[str, Action] = {a.name: a for a in ACTIONS}
DEFAULT_KEYS: dict[str, str] = {a.name: a.key for a in ACTIONS}
OUTCOME_NAMES: tuple[str, ...] = tuple(o.name for o in OUTCOMES)

SIGNS = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
"""The signs a key may be (printable ASCII that is not a letter, a digit or a space)."""
_LETTER_DIGIT_F = re.compile(r"[a-z0-9]|f([1-9]|1[0-9]|2[0-4])")


def key_problem(value: object) -> str | None:
    """Why `value` can't be a key, or None: one lower-case letter, digit or sign, or f1-f24."""
    if isinstance(value, str) and (_LETTER_DIGIT_F.fullmatch(value) or value in SIGNS):
        return None
    return (
        'must be one key: a lower-case letter, a digit, a sign such as "+" or ",", '
        f"or f1 to f24; got {value!r}"
    )


@dataclass(frozen=True)
class Clash:
    """Two actions given one key on one screen."""

    key: str
    first: str
    second: str
    screen: str

    def __str__(self) -> str:
        return (
            f'{self.first} and {self.second} both have "{self.key}" on '
            f"{SCREENS[self.screen]}: give one of them another key"
        )


def clashes(keys: Mapping[str, str]) -> Iterator[Clash]:
    """Each pair of actions sharing a key on a screen (a pair once, on its first screen)."""
    seen: set[tuple[str, str]] = set()
    for screen in SCREENS:
        taken: dict[str, str] = {}
        for action in ACTIONS:
            if screen not in action.screens:
                continue
            key = keys.get(action.name, action.key)
            other = taken.setdefault(key, action.name)
            if other != action.name and (other, action.name) not in seen:
                seen.add((other, action.name))
                yield Clash(key, other, action.name, screen)


def outcome_keys(keys: Mapping[str, str]) -> dict[str, str]:
    """Outcome name -> key, in the outcome table's order."""
    return {name: keys.get(name, DEFAULT_KEYS[name]) for name in OUTCOME_NAMES}


def changed(keys: Mapping[str, str]) -> dict[str, str]:
    """The actions whose key is not the default one."""
    return {name: key for name, key in keys.items() if DEFAULT_KEYS.get(name) != key}

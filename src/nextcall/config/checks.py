"""What each setting may hold: one check per key of config.toml (`SCHEMA`), each returning the
message the rep reads (the loader and the settings screen say the same words)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from nextcall.config.keys import ACTIONS, key_problem

Check = Callable[[Any], str | None]
"""Returns an error message, or None when the value is fine."""


def _int(lo: int, hi: int) -> Check:
    def check(v: Any) -> str | None:
        if type(v) is not int:
            return f"must be a whole number, got {v!r}"
        return None if lo <= v <= hi else f"must be between {lo} and {hi}, got {v}"

    return check


def _number(lo: float, hi: float) -> Check:
    def check(v: Any) -> str | None:
        if type(v) not in (int, float):
            return f"must be a number, got {v!r}"
        return None if lo <= v <= hi else f"must be between {lo:g} and {hi:g}, got {v}"

    return check


def _bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else f"must be true or false, got {v!r}"


def _choice(*options: str) -> Check:
    def check(v: Any) -> str | None:
        return None if v in options else f"must be one of {', '.join(options)}; got {v!r}"

    return check


def _text(v: Any) -> str | None:
    return None if isinstance(v, str) and v.strip() else f"must be a non-empty string, got {v!r}"


def _file(v: Any) -> str | None:
    if isinstance(v, str) and v.strip() and v.isprintable():
        return None
    return f'must be a file path such as "talk_track.md", got {v!r}'


def _region(v: Any) -> str | None:
    import phonenumbers

    if isinstance(v, str) and v.upper() in phonenumbers.SUPPORTED_REGIONS:
        return None
    return f'must be a two-letter region code such as "US" or "GB", got {v!r}'


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _hours(v: Any) -> str | None:
    ok = (
        isinstance(v, list)
        and len(v) == 2
        and all(isinstance(h, str) and _HHMM.match(h) for h in v)
    )
    if not ok:
        return f'must be two times like ["08:00", "21:00"], got {v!r}'
    return None if v[0] < v[1] else f"the start ({v[0]}) must come before the end ({v[1]})"


def _argv(v: Any) -> str | None:
    ok = isinstance(v, list) and v and all(isinstance(a, str) and a for a in v)
    return None if ok else f'must be a list of strings like ["xdg-open", "tel:{{e164}}"], got {v!r}'


def _address(v: Any) -> str | None:
    m = re.match(r"^[\w.\-]+:(\d{1,5})$", v) if isinstance(v, str) else None
    return None if m and 0 < int(m.group(1)) < 65536 else f'must be "host:port", got {v!r}'


def _database(v: Any) -> str | None:
    if not isinstance(v, str):
        return f'must be text such as "postgresql://host/team"; got {type(v).__name__}'
    if v and not v.startswith(("postgresql://", "postgres://")):
        return 'must start with "postgresql://" (or be "" for one rep\'s own file)'
    return None


def _rep(v: Any) -> str | None:
    if not isinstance(v, str) or len(v) > 64 or not re.fullmatch(r"[\w.@ -]*", v):
        return "must be a name of up to 64 letters, digits, spaces, dots, @ or dashes"
    return None


CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("calling", "after_conversation"): ("retry", "archive"),
    ("softphone", "adapter"): ("none", "command", "baresip"),
}
"""The settings that take one of a few words (the settings screen offers them as a list)."""


SCHEMA: dict[str, dict[str, Check]] = {
    "": {"theme": _text},
    "ritual": {
        "reset_seconds": _int(1, 600),
        "reframe_seconds": _int(1, 600),
        "feel_it_seconds": _int(10, 3600),
        "auto_dial": _bool,
    },
    "day": {"target_meetings": _int(0, 100), "block_minutes": _int(5, 480)},
    "calling": {
        "default_region": _region,
        "hours": _hours,
        "retry_after_hours": _number(0, 24 * 90),
        "max_attempts": _int(1, 100),
        "after_conversation": _choice(*CHOICES[("calling", "after_conversation")]),
        "talk_track": _file,
        "remind_minutes": _int(0, 240),
    },
    "softphone": {
        "adapter": _choice(*CHOICES[("softphone", "adapter")]),
        "command": _argv,
        "address": _address,
    },
    "team": {"database": _database, "rep": _rep, "claim_minutes": _int(1, 240)},
    "keys": {a.name: key_problem for a in ACTIONS},
}
"""Section ('' for the top level) -> key -> its check."""

"""config.toml: frozen settings, loaded and validated field by field, saved atomically.

An invalid file stops every command: the error names the file, the line (where it can be found)
and the key, and suggests the nearest known key for a typo. The parts: `model` (the dataclasses),
`checks` (what each key may hold), `keys` (the key map and its clashes), `saving` (tomli-w),
`lines` (where a key is set), `catalogue` (what each setting means, for the settings screen).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from nextcall.config.checks import SCHEMA, Check
from nextcall.config.keys import DEFAULT_KEYS, clashes
from nextcall.config.lines import line_of
from nextcall.config.model import (
    SECTIONS,
    CallingConfig,
    Config,
    ConfigError,
    DayConfig,
    RitualConfig,
    SoftphoneConfig,
    TeamConfig,
)
from nextcall.config.saving import save, to_toml

__all__ = [
    "SCHEMA",
    "CallingConfig",
    "Check",
    "Config",
    "ConfigError",
    "DayConfig",
    "RitualConfig",
    "SoftphoneConfig",
    "TeamConfig",
    "from_data",
    "load",
    "parse",
    "save",
    "to_toml",
]


def _line_of(text: str, section: str, key: str) -> int | None:
    """The line where `key` is set inside `[section]` (or at the top level), if it can be found."""
    return line_of(text, tuple(part for part in (section, key) if part)) if text else None


def _suggest(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def parse(text: str, path: Path) -> Config:
    """Validate config text; raise ConfigError naming the first problem."""
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except RecursionError as exc:
        raise ConfigError(path, "not valid TOML: nested too deeply") from exc
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            path, f"not valid TOML: {exc}", line=int(m.group(1)) if m else None
        ) from exc
    return from_data(data, path, text)


def from_data(data: dict[str, Any], path: Path, text: str = "") -> Config:
    """Validate settings as TOML reads them (the file's, or the settings screen's); raise
    ConfigError naming the first problem (with its line in `text`, when given)."""
    values: dict[str, dict[str, Any]] = {name: {} for name in SCHEMA}
    for name, value in data.items():
        if name in SCHEMA and name:
            _table(text, path, name, value)
            for key, item in value.items():
                _check(text, path, name, key, item)
                values[name][key] = item
        elif name in SCHEMA[""]:
            _check(text, path, "", name, value)
            values[""][name] = value
        else:
            known = [k for k in SCHEMA if k] + list(SCHEMA[""])
            raise ConfigError(
                path,
                f"unknown setting{_suggest(name, known)}",
                key=name,
                line=_line_of(text, name, ""),
            )
    keys = DEFAULT_KEYS | values["keys"]
    _no_clash(text, path, keys, list(values["keys"]))
    sections = {s: dict(values[s]) for s in SECTIONS}
    calling, phone = sections["calling"], sections["softphone"]
    if "hours" in calling:
        calling["hours"] = tuple(calling["hours"])
    if "default_region" in calling:
        calling["default_region"] = calling["default_region"].upper()
    if "command" in phone:
        phone["command"] = tuple(phone["command"])
    return Config(
        theme=values[""].get("theme", Config.theme),
        ritual=RitualConfig(**sections["ritual"]),
        day=DayConfig(**sections["day"]),
        calling=CallingConfig(**calling),
        softphone=SoftphoneConfig(**phone),
        team=TeamConfig(**sections["team"]),
        keys=keys,
    )


def _no_clash(text: str, path: Path, keys: dict[str, str], set_here: list[str]) -> None:
    """Two actions on one key on one screen: the error names both, at the line of the one
    set last (defaults never clash, so the rep set at least one of them)."""
    clash = next(clashes(keys), None)
    if clash is None:
        return
    setter = max(
        (name for name in (clash.first, clash.second) if name in set_here),
        key=set_here.index,
        default=clash.second,
    )
    raise ConfigError(path, str(clash), key=f"[keys] {setter}", line=_line_of(text, "keys", setter))


def _table(text: str, path: Path, name: str, value: Any) -> None:
    """A section must be a table: `[ritual]`, not `ritual = 5` nor `[[ritual]]`."""
    if isinstance(value, dict):
        return
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        problem = f"must be a table: write [{name}], not [[{name}]]"
    else:
        problem = f"must be a table: a [{name}] line with its settings below it; got {value!r}"
    raise ConfigError(path, problem, key=f"[{name}]", line=_line_of(text, name, ""))


def _check(text: str, path: Path, section: str, key: str, value: Any) -> None:
    checks = SCHEMA[section]
    label = f"[{section}] {key}" if section else key
    if key not in checks:
        what = "unknown action" if section == "keys" else "unknown setting"
        raise ConfigError(
            path,
            f"{what}{_suggest(key, list(checks))}",
            key=label,
            line=_line_of(text, section, key),
        )
    problem = checks[key](value)
    if problem:
        raise ConfigError(path, problem, key=label, line=_line_of(text, section, key))


def load(path: Path) -> Config:
    """The config at `path`; defaults when the file does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(path, f"can't be read: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, "is not UTF-8 text") from exc
    return parse(text, path)

"""The settings screen's fields as text: what each one shows for a value, and the value its text
stands for, handed to the loader's own checks (so a refusal says what the loader says)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from nextcall.config import Config, from_data, to_toml
from nextcall.config.catalogue import SETTINGS, Setting
from nextcall.config.keys import ACTIONS, DEFAULT_KEYS
from nextcall.io.inert import inert

_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class Field:
    """One field of the form: a setting, or an action's key (section "keys")."""

    section: str
    key: str

    @property
    def label(self) -> str:
        """As the loader names it in a message: "[ritual] reset_seconds", "theme"."""
        return f"[{self.section}] {self.key}" if self.section else self.key

    @property
    def widget_id(self) -> str:
        return f"field-{self.section or 'top'}-{self.key}"


FIELDS: tuple[Field, ...] = (
    *(Field(s.section, s.key) for s in SETTINGS),
    *(Field("keys", a.name) for a in ACTIONS),
)


def value_of(config: Config, field: Field) -> Any:
    """The field's value in `config`."""
    if field.section == "keys":
        return config.keys[field.key]
    if not field.section:
        return getattr(config, field.key)
    return getattr(getattr(config, field.section), field.key)


def as_text(field: Field, value: Any) -> str:
    """What the field shows for `value` (inert: a value from the file may hold any bytes)."""
    return inert(_text_of(field, value))


def _text_of(field: Field, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if field.key == "hours":
        return f"{value[0]}-{value[1]}"
    if field.key == "command":
        return shlex.join(value)
    if field.key == "database":
        return shown_url(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def from_text(field: Field, text: str, was: Any) -> Any:
    """The value the field's text stands for (as TOML would read it), for the checks to judge:
    text that reads as no such value stays text, and the check says what it should be."""
    text = text.strip()
    if isinstance(was, bool):
        return {"true": True, "false": False}.get(text, text)
    if field.key == "hours":
        parts = [p for p in re.split(r"[\s,–-]+", text) if p]
        return parts if len(parts) == 2 else text
    if field.key == "command":
        try:
            return shlex.split(text)
        except ValueError:
            return text
    if field.key == "database" and text == as_text(field, was):
        return was  # shown without its password: unchanged
    if isinstance(was, int | float) and _INT.fullmatch(text):
        return int(text)
    if isinstance(was, int | float) and _FLOAT.fullmatch(text):
        return float(text)
    return text


def shown_url(url: str) -> str:
    """A database URL without its password (in the user part or a password= parameter)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}@{host}"
    query = "&".join(p for p in parts.query.split("&") if not p.lower().startswith("password="))
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def checked(base: Config, texts: dict[Field, str]) -> Config:
    """`base` with the form's texts, through the loader's checks (ConfigError names the first
    problem, with the loader's words)."""
    from pathlib import Path

    data = to_toml(base)
    keys: dict[str, Any] = {}
    for field, text in texts.items():
        value = from_text(field, text, value_of(base, field))
        if field.section == "keys":
            if value != DEFAULT_KEYS[field.key]:
                keys[field.key] = value
        elif field.section:
            data[field.section][field.key] = value
        else:
            data[field.key] = value
    data["keys"] = keys
    return from_data(data, Path("settings"))


def default_text(setting: Setting) -> str:
    """The default, as the screen says it."""
    value = value_of(Config(), Field(setting.section, setting.key))
    if setting.key == "rep":
        return "your login name"
    if setting.key == "database":
        return "empty: your own file"
    return as_text(Field(setting.section, setting.key), value)

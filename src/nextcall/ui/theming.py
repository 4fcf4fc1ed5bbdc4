"""Themes from TOML files: the ones shipped in the package and the rep's own folder."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "success",
    "warning",
    "error",
    "boost",
)


DEFAULT_THEME = "nextcall-dark"
"""The theme a rep starts with, and whose colours fill what another theme leaves out."""
SEMANTIC: dict[str, str] = {
    "outcome-meeting": "success",
    "outcome-rejected": "error",
    "outcome-connect": "primary",
    "timer-urgent": "warning",
}
"""nextcall's own colour variables, each with the theme colour that stands in for it."""
LAST_RESORT: dict[str, str] = {
    "outcome-meeting": "#6BC98B",
    "outcome-rejected": "#E06C75",
    "outcome-connect": "#5FA8D3",
    "timer-urgent": "#E8B04B",
}
"""The default theme's values, for when even it can't be read (a broken install)."""


def semantic_defaults(theme: Theme, default: Theme | None) -> dict[str, str]:
    """The semantic colours a theme that leaves them out gets: its own colour that stands in
    for each (its success for outcome-meeting...), else the default theme's."""
    fallback = {**LAST_RESORT, **(default.variables if default else {})}
    found = {}
    for name, field in SEMANTIC.items():
        own = getattr(theme, field, None)
        found[name] = own if isinstance(own, str) and own else fallback[name]
    return found


@dataclass(frozen=True)
class ThemeProblem:
    path: Path
    message: str


def shipped_dir() -> Path:
    """The themes shipped with the package (or the repository's themes/ when run from source)."""
    packaged = Path(str(resources.files("nextcall"))) / "themes"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "themes"


def _shown(value: Any) -> str:
    """The value as the file wrote it, cut short for the notification."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _colour(key: str, value: Any) -> str:
    """The colour string, or a ValueError saying why it isn't one."""
    if not isinstance(value, str):
        raise ValueError(
            f'{key}: {_shown(value)} is not a colour (a colour is text in quotes, e.g. "#336699")'
        )
    try:
        Color.parse(value)
    except ColorParseError as exc:
        raise ValueError(f"{key}: {_shown(value)} is not a colour") from exc
    return value


def _theme(data: dict[str, Any]) -> Theme:
    unknown = set(data) - {"name", "dark", "variables", *COLOUR_FIELDS}
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    name = data.get("name")
    if not (isinstance(name, str) and name.strip() and name.isprintable()) or "primary" not in data:
        raise ValueError('needs a "name" (text on one line) and a "primary" colour')
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ValueError(f"dark: must be true or false, got {_shown(dark)}")
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ValueError(f'variables: must be a table of name = "colour", got {_shown(variables)}')
    colours: dict[str, Any] = {k: _colour(k, data[k]) for k in COLOUR_FIELDS if k in data}
    checked = {k: _colour(k, v) for k, v in variables.items()}
    theme = Theme(name=name, dark=dark, variables=checked, **colours)
    theme.to_color_system().generate()
    return theme


def _read(path: Path) -> Theme:
    text = path.read_bytes().decode("utf-8-sig")
    try:
        data = tomllib.loads(text)
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc
    return _theme(data)


def load_themes(*folders: Path) -> tuple[list[Theme], list[ThemeProblem]]:
    """Every good theme in the folders, and every bad file with its error."""
    themes, problems = [], []
    for folder in folders:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                themes.append(_read(path))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
                problems.append(ThemeProblem(path, str(exc)))
    return themes, problems

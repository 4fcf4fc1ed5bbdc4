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


@dataclass(frozen=True)
class ThemeProblem:
    path: Path
    message: str


def shipped_dir() -> Path:
    """The themes shipped with the package (or the repository's themes/ when run from source)."""
    packaged = Path(str(resources.files("nextcall"))) / "themes"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "themes"


def _theme(path: Path, data: dict[str, Any]) -> Theme:
    unknown = set(data) - {"name", "dark", "variables", *COLOUR_FIELDS}
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    if not isinstance(data.get("name"), str) or "primary" not in data:
        raise ValueError('needs a "name" and a "primary" colour')
    colours = {k: data[k] for k in COLOUR_FIELDS if k in data}
    variables = data.get("variables", {})
    for key, value in list(colours.items()) + list(variables.items()):
        try:
            Color.parse(value)
        except ColorParseError as exc:
            raise ValueError(f"{key}: {value!r} is not a colour") from exc
    return Theme(
        name=data["name"], dark=bool(data.get("dark", True)), variables=dict(variables), **colours
    )


def load_themes(*folders: Path) -> tuple[list[Theme], list[ThemeProblem]]:
    """Every good theme in the folders, and every bad file with its error."""
    themes, problems = [], []
    for folder in folders:
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                themes.append(_theme(path, tomllib.loads(path.read_text(encoding="utf-8"))))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
                problems.append(ThemeProblem(path, str(exc)))
    return themes, problems

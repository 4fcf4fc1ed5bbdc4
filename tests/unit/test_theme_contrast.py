"""Every shipped theme meets WCAG AA (4.5:1) for body text, key labels and every semantic colour
on the background it is shown on, computed from the colours Textual derives from the theme; and a
theme that leaves a semantic colour out gets a stand-in."""

import re
from pathlib import Path

import pytest
from textual.color import Color
from textual.theme import Theme

from nextcall.ui.theming import (
    LAST_RESORT,
    SEMANTIC,
    load_themes,
    semantic_defaults,
    shipped_dir,
)

AA = 4.5
THEMES, PROBLEMS = load_themes(shipped_dir())
DEFAULT = next(t for t in THEMES if t.name == "nextcall-dark")

PAIRS: tuple[tuple[str, str, str], ...] = (
    # body text
    ("body", "foreground", "background"),
    ("body", "foreground", "surface"),  # dialogs, fields
    ("body", "foreground", "panel"),  # top bar
    ("body", "foreground", "primary 55%"),  # the queue's cursor row
    ("body", "text-muted", "background"),  # the queue's header
    ("body", "text-muted", "surface"),
    ("body", "text-disabled", "background"),  # prospects held by calling hours
    ("body", "block-cursor-foreground", "block-cursor-background"),  # the chosen tab
    # key labels
    ("keys", "footer-key-foreground", "footer-background"),
    ("keys", "footer-description-foreground", "footer-background"),
    ("keys", "accent", "surface"),  # help's keys
    ("keys", "accent", "background"),  # the ritual's tag keys
    # semantic colours, where they are written
    *(
        ("semantic", colour, under)
        for colour in (*SEMANTIC, "success", "warning", "error", "primary", "accent")
        for under in ("background", "surface")
    ),
)


def luminance(colour: Color) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def resolve(variables: dict[str, str], name: str, under: Color) -> Color:
    """A variable (or "variable N%") as painted over `under`: "auto" is Textual's text colour
    for that background, a colour with alpha is blended onto it."""
    written, _, percent = name.partition(" ")
    value = variables.get(written, written)
    auto = re.fullmatch(r"auto(?: (\d+)%)?", value)
    if auto:
        colour = under.get_contrast_text(int(auto.group(1) or 100) / 100)
    else:
        colour = Color.parse(value)
    if percent:
        colour = colour.with_alpha(int(percent.rstrip("%")) / 100)
    return under + colour if colour.a < 1 else colour


def variables_of(theme: Theme) -> dict[str, str]:
    """As the App builds them: Textual's, the theme's own, our stand-ins for what it lacks."""
    return {
        **semantic_defaults(theme, DEFAULT),
        **theme.to_color_system().generate(),
        **theme.variables,
    }


def test_the_shipped_themes_are_all_here() -> None:
    assert PROBLEMS == []
    assert {"nextcall-dark", "nextcall-light", "nextcall-contrast"} <= {t.name for t in THEMES}


def test_the_arithmetic() -> None:
    """Black on white is 21:1; a colour on itself is 1:1; #767676 on white is AA's edge."""
    white, black = Color.parse("#FFFFFF"), Color.parse("#000000")
    assert contrast(black, white) == pytest.approx(21.0)
    assert contrast(white, white) == pytest.approx(1.0)
    assert contrast(Color.parse("#767676"), white) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_pair_meets_aa(theme: Theme) -> None:
    variables = variables_of(theme)
    page = Color.parse(variables["background"])
    failing = []
    for kind, text, under in PAIRS:
        ground = resolve(variables, under, page)
        ratio = contrast(resolve(variables, text, ground), ground)
        if ratio < AA:
            failing.append(f"{kind}: {text} on {under}: {ratio:.2f}")
    assert failing == []


def test_a_theme_without_semantic_colours_gets_stand_ins(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text('name = "mine"\nprimary = "#336699"\nsuccess = "#00AA00"\n')
    (theme,), _ = load_themes(tmp_path)
    found = semantic_defaults(theme, DEFAULT)
    assert found["outcome-meeting"] == "#00AA00"  # its own success
    assert found["outcome-connect"] == "#336699"  # its own primary
    assert found["outcome-rejected"] == DEFAULT.variables["outcome-rejected"]  # the default's
    assert found["timer-urgent"] == DEFAULT.variables["timer-urgent"]
    assert semantic_defaults(theme, None)["timer-urgent"] == LAST_RESORT["timer-urgent"]

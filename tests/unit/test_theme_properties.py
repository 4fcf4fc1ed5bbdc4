"""Theme files with wrong types are reported and skipped; no theme file makes loading raise."""

from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.css.stylesheet import Stylesheet

from nextcall.ui.theming import COLOUR_FIELDS, load_themes

GOOD = 'name = "mine"\nprimary = "#336699"\n'


def load_one(tmp_path: Path, text: str) -> tuple[list[str], list[str]]:
    for old in tmp_path.glob("*.toml"):
        old.unlink()
    (tmp_path / "mine.toml").write_text(text, encoding="utf-8")
    themes, problems = load_themes(tmp_path)
    return [t.name for t in themes], [p.message for p in problems]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('name = "mine"\nprimary = 5\n', "primary"),
        ('name = "mine"\nprimary = ["#336699"]\n', "primary"),
        ('name = "mine"\n[primary]\nred = 1\n', "primary"),
        (GOOD + "surface = 1.5\n", "surface"),
        (GOOD + "background = true\n", "background"),
        (GOOD + "variables = 5\n", "variables"),
        (GOOD + 'variables = ["red"]\n', "variables"),
        (GOOD + "variables = { outcome-meeting = 5 }\n", "outcome-meeting"),
        (GOOD + "[variables]\noutcome-meeting = { red = 1 }\n", "outcome-meeting"),
        (GOOD + 'dark = "no"\n', "dark"),
        (GOOD + "dark = 0\n", "dark"),
        ('name = 5\nprimary = "#336699"\n', "name"),
        ('name = ""\nprimary = "#336699"\n', "name"),
        ('name = "a\\u001bb"\nprimary = "#336699"\n', "name"),
        ('name = ["mine"]\nprimary = "#336699"\n', "name"),
    ],
)
def test_a_wrong_type_is_reported_and_skipped(tmp_path: Path, text: str, words: str) -> None:
    names, problems = load_one(tmp_path, text)
    assert names == [] and len(problems) == 1
    assert words in problems[0]


def test_dark_must_be_a_toml_boolean(tmp_path: Path) -> None:
    (tmp_path / "light.toml").write_text(GOOD + "dark = false\n")
    themes, problems = load_themes(tmp_path)
    assert problems == [] and themes[0].dark is False


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    themes, problems = load_themes(tmp_path)
    assert problems == [] and [t.name for t in themes] == ["mine"]


def test_deep_nesting_is_reported(tmp_path: Path) -> None:
    names, problems = load_one(tmp_path, GOOD + "variables = " + "[" * 5000)
    assert names == [] and len(problems) == 1


def test_a_theme_without_variables_uses_the_app_defaults() -> None:
    """Every $variable the app's CSS uses is a Textual one or has a default in the app."""
    import re

    from textual.theme import Theme

    from nextcall.ui.app import NextcallApp

    src = Path(__file__).resolve().parents[2] / "src" / "nextcall" / "ui"
    used = {
        name
        for path in [*src.rglob("*.tcss"), *src.rglob("*.py")]
        for name in re.findall(r"\$([a-z][a-z0-9-]*)", path.read_text(encoding="utf-8"))
    }
    theme = Theme(name="bare", primary="#336699")
    textual_vars = set(theme.to_color_system().generate())

    class App:
        current_theme = theme

        def get_theme(self, name: str) -> Theme | None:
            return None

    defaults = NextcallApp.get_theme_variable_defaults(App())  # type: ignore[arg-type]
    assert not used - textual_vars - set(defaults)


COLOURISH = st.one_of(
    st.sampled_from(["#336699", "red", "transparent", "ansi_red", "#fff0", "rgb(1,2,3)", "auto"]),
    st.text(max_size=10),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
THEME_DATA = st.fixed_dictionaries(
    {"name": st.one_of(st.just("mine"), st.text(max_size=6), st.integers())},
    optional={
        **{field: COLOURISH for field in COLOUR_FIELDS},
        "dark": st.one_of(st.booleans(), st.text(max_size=3), st.integers()),
        "variables": st.one_of(
            st.dictionaries(st.sampled_from(["outcome-meeting", "x", "a b"]), COLOURISH),
            COLOURISH,
        ),
        "sparkle": st.booleans(),
    },
)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(THEME_DATA)
def test_any_theme_data_loads_or_is_reported(tmp_path: Path, data: dict[str, Any]) -> None:
    names, problems = load_one(tmp_path, tomli_w.dumps(data))
    assert len(names) + len(problems) == 1
    themes, _ = load_themes(tmp_path)
    for theme in themes:
        variables = {**theme.to_color_system().generate(), **theme.variables}
        sheet = Stylesheet(variables=variables)
        sheet.add_source("Screen { background: $primary; color: $foreground; }")
        sheet.parse()


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_load_or_are_reported(tmp_path: Path, raw: bytes) -> None:
    (tmp_path / "mine.toml").write_bytes(raw)
    themes, problems = load_themes(tmp_path)
    assert len(themes) + len(problems) == 1


def test_a_long_wrong_value_is_cut_short_in_the_report(tmp_path: Path) -> None:
    _, problems = load_one(tmp_path, GOOD + f"variables = {list(range(1000))}\n")
    assert len(problems[0]) < 120 and "…" in problems[0]

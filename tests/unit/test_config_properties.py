"""Property tests: no text, data or bytes make config loading fail with anything but ConfigError."""

from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nextcall.config import SCHEMA, Config, ConfigError, load, parse
from nextcall.config.lines import line_of

PATH = Path("config.toml")
SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

NAMES = st.sampled_from([*SCHEMA, *(k for table in SCHEMA.values() for k in table), "x", "a.b"])
SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["\n[ritual]\nx = 1\n", "a'''b", 'q"""\n"', "#", "\\\n"]),
    st.dates(),
    st.times(),
    st.datetimes(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=3),
    max_leaves=8,
)
TOML_PIECES = st.sampled_from(
    [
        "[ritual]",
        "[[ritual]]",
        "[ritual.x]",
        '["keys"]',
        "reset_seconds = 5",
        "ritual.reset_seconds = 0",
        '"ritual".auto_dial = "no"',
        'ritual = { reset_seconds = "x" }',
        "ritual = 5",
        'theme = """\n[day]\n"""',
        "hours = [\n'08:00', # c\n'21:00']",
        'meeting = "n"',
        "keys = { meeting = 'm', no_answer = 'm' }",
        "x = 1",
        "# comment",
        "",
        "=",
        "[",
        '"',
        "\ufeff",
        "\r",
        "\u2028",
    ]
)


def _outcome(call: Any) -> None:
    try:
        config = call()
    except ConfigError as exc:
        assert exc.line is None or exc.line >= 1
        str(exc)
    else:
        assert isinstance(config, Config)


@SETTINGS
@given(st.lists(TOML_PIECES | st.text(max_size=12), max_size=12))
def test_toml_ish_text_gives_a_config_or_a_config_error(lines: list[str]) -> None:
    _outcome(lambda: parse("\n".join(lines), PATH))


@SETTINGS
@given(st.dictionaries(NAMES, VALUES, max_size=6))
def test_any_toml_data_gives_a_config_or_a_config_error(data: dict[str, Any]) -> None:
    text = tomli_w.dumps(data)
    _outcome(lambda: parse(text, PATH))


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_give_a_config_or_a_config_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(raw)
    _outcome(lambda: load(path))


@SETTINGS
@given(st.sampled_from(list(SCHEMA)).filter(bool), st.sampled_from(["dotted", "inline", "quoted"]))
def test_a_bad_value_is_found_however_it_is_written(section: str, form: str) -> None:
    key = next(iter(SCHEMA[section]))
    setting = {
        "dotted": f"{section}.{key} = {{}}",
        "inline": f"{section} = {{ {key} = {{}} }}",
        "quoted": f'"{section}"."{key}" = {{}}',
    }[form]
    text = f'theme = "x"\n\n{setting}\n'
    try:
        parse(text, PATH)
    except ConfigError as exc:
        assert exc.line == 3, text
    else:
        raise AssertionError("a table where a value belongs was accepted")


def _paths(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every key path in `data`, not following arrays."""
    found = []
    for key, value in data.items():
        found.append((*prefix, key))
        if isinstance(value, dict):
            found += _paths(value, (*prefix, key))
    return found


KEYS = st.sampled_from(["ritual", "reset_seconds", "a b", "x.y", "", "é", "keys", "'q'", '"d"'])


@SETTINGS
@given(
    st.dictionaries(
        KEYS,
        st.recursive(SCALARS, lambda inner: st.dictionaries(KEYS, inner, max_size=3), max_leaves=8),
        max_size=5,
    )
)
def test_every_key_written_by_tomli_w_is_found_on_its_line(data: dict[str, Any]) -> None:
    text = tomli_w.dumps(data, multiline_strings=True)
    lines = text.split("\n")
    for path in _paths(data):
        line = line_of(text, path)
        assert line is not None and 1 <= line <= len(lines), (path, text)
        if path[-1].isidentifier():
            assert path[-1] in lines[line - 1], (path, text)

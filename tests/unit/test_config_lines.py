"""config.toml errors name the line however the setting is written: dotted, inline, quoted, as a table."""

from pathlib import Path

import pytest

from nextcall.config import Config, ConfigError, RitualConfig, load, parse

PATH = Path("/home/rep/.config/nextcall/config.toml")


def bad(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse(text, PATH)
    return info.value


@pytest.mark.parametrize(
    "text",
    [
        'theme = "x"\n\nritual.reset_seconds = "ten"\n',
        'theme = "x"\n# a comment\nritual = { reset_seconds = "ten" }\n',
        'theme = "x"\n\n"ritual".reset_seconds = "ten"\n',
        'theme = "x"\n\n\'ritual\' . "reset_seconds" = "ten"\n',
        'theme = "x"\n[ritual]\n"reset_seconds" = "ten"\n',
        '[day]\n[ritual]\nreset_seconds = "ten"\n',
    ],
)
def test_the_line_is_found_however_the_key_is_written(text: str) -> None:
    err = bad(text)
    assert err.key == "[ritual] reset_seconds" and "whole number" in err.message
    assert err.line == 3, text


def test_a_dotted_key_inside_a_table() -> None:
    err = bad('[calling]\nhours = ["08:00", "21:00"]\n\nsub.key = 1\n')
    assert err.key == "[calling] sub" and err.line == 4


def test_a_nested_table_header_names_its_line() -> None:
    err = bad("[ritual]\nreset_seconds = 5\n[ritual.extra]\nx = 1\n")
    assert err.key == "[ritual] extra" and err.line == 3


def test_a_header_with_spaces_and_quotes() -> None:
    err = bad('theme = "x"\n[ "ritual" ]  # mine\nreset_seconds = 0\n')
    assert err.key == "[ritual] reset_seconds" and err.line == 3


def test_text_that_looks_like_a_header_inside_a_multiline_string_is_skipped() -> None:
    text = 'theme = """\n[ritual]\nreset_seconds = 0\n"""\n[ritual]\nreset_seconds = 0\n'
    err = bad(text)
    assert err.line == 6


def test_a_multiline_array_does_not_confuse_the_count() -> None:
    text = '[softphone]\ncommand = [\n  "a",\n  "b", # x = 1\n]\nadapter = "skype"\n'
    err = bad(text)
    assert err.key == "[softphone] adapter" and err.line == 6


def test_a_line_separator_inside_a_string_does_not_shift_lines() -> None:
    err = bad('theme = "a\u2028b\u0085c"\n[ritual]\nreset_seconds = 0\n')
    assert err.line == 3


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("theme = 'x'\nritual = 5\n", 2),
        ('theme = "x"\n[[ritual]]\nreset_seconds = 5\n', 2),
        ('theme = "x"\nkeys = ["m"]\n', 2),
        ("theme = 'x'\n\nday = \"busy\"\n", 3),
    ],
)
def test_a_section_that_is_not_a_table(text: str, line: int) -> None:
    err = bad(text)
    assert "must be a table" in err.message and "unknown" not in err.message
    assert err.line == line


def test_a_theme_written_as_a_table_names_its_line() -> None:
    err = bad("\n[theme]\nname = 'x'\n")
    assert err.key == "theme" and err.line == 2


def test_two_outcomes_on_one_key_names_the_line_that_set_it() -> None:
    err = bad('[keys]\nno_answer = "a"\nmeeting = "a"\n')
    assert 'no_answer and meeting both have "a" on the dial screen' in err.message
    assert err.line == 3 and err.key == "[keys] meeting"  # the one set last
    err = bad('theme = "x"\nkeys.meeting = "n"\n')
    assert err.line == 2


def test_an_unknown_top_level_dotted_key_names_its_line() -> None:
    err = bad('theme = "x"\nritaul.reset_seconds = 5\n')
    assert err.key == "ritaul" and err.line == 2 and 'did you mean "ritual"' in err.message


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbftheme = 'nextcall-light'\n[ritual]\nreset_seconds = 12\n")
    assert load(path) == Config(theme="nextcall-light", ritual=RitualConfig(reset_seconds=12))
    path.write_bytes(b"\xef\xbb\xbftheme = 'x'\n[ritual]\nreset_seconds = 0\n")
    with pytest.raises(ConfigError) as info:
        load(path)
    assert info.value.line == 3


def test_crlf_line_ends_count_lines_right() -> None:
    err = bad('theme = "x"\r\n[ritual]\r\nreset_seconds = 0\r\n')
    assert err.line == 3


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    err = bad("theme = " + "[" * 5000)
    assert "not valid TOML" in err.message

"""config.toml: defaults, and every kind of bad file named by file, line and key."""

from pathlib import Path

import pytest

from nextcall.config import Config, ConfigError, load, parse, save


def bad(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse(text, Path("/home/rep/.config/nextcall/config.toml"))
    return info.value


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load(tmp_path / "nope.toml") == Config()


def test_spec_example_parses() -> None:
    text = """
theme = "nextcall-light"
[ritual]
reset_seconds = 12
reframe_seconds = 5
feel_it_seconds = 300
auto_dial = true
[day]
target_meetings = 3
block_minutes = 45
[calling]
default_region = "gb"
hours = ["09:00", "18:30"]
retry_after_hours = 2.5
max_attempts = 4
[softphone]
adapter = "command"
command = ["linphonecsh", "dial", "{e164}"]
address = "127.0.0.1:4444"
[keys]
no_answer = "a"
"""
    config = parse(text, Path("c.toml"))
    assert config.theme == "nextcall-light"
    assert config.ritual.reset_seconds == 12 and config.ritual.auto_dial
    assert config.calling.default_region == "GB"
    assert config.calling.rules().hours[1].minute == 30
    assert config.softphone.command == ("linphonecsh", "dial", "{e164}")
    assert config.keys["no_answer"] == "a" and config.keys["meeting"] == "m"


def test_broken_toml_names_the_line() -> None:
    err = bad('theme = "x"\n[ritual]\nreset_seconds = = 3\n')
    assert err.line == 3
    assert "config.toml:3" in str(err) and "not valid TOML" in str(err)


def test_unknown_key_suggests_the_nearest() -> None:
    err = bad("[ritual]\nreset_second = 10\n")
    assert err.line == 2 and err.key == "[ritual] reset_second"
    assert 'did you mean "reset_seconds"' in str(err)


def test_unknown_section() -> None:
    err = bad("[rituals]\nreset_seconds = 10\n")
    assert err.key == "rituals" and err.line == 1
    assert 'did you mean "ritual"' in str(err)


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ('[ritual]\nreset_seconds = "ten"\n', "[ritual] reset_seconds", "whole number"),
        ("[ritual]\nreset_seconds = 0\n", "[ritual] reset_seconds", "between 1 and 600"),
        ('[ritual]\nauto_dial = "yes"\n', "[ritual] auto_dial", "true or false"),
        ('[calling]\nhours = ["21:00", "08:00"]\n', "[calling] hours", "must come before"),
        ('[calling]\nhours = ["8am", "9pm"]\n', "[calling] hours", "two times"),
        ('[calling]\ndefault_region = "XX"\n', "[calling] default_region", "region code"),
        ('[softphone]\nadapter = "skype"\n', "[softphone] adapter", "one of none"),
        ('[softphone]\naddress = "localhost"\n', "[softphone] address", "host:port"),
        ('[keys]\nmeeting = "MM"\n', "[keys] meeting", "one key"),
        ('[keys]\nmeeting = "down"\n', "[keys] meeting", "one key"),
        ('[keys]\nmeeting = "enter"\n', "[keys] meeting", "one key"),
    ],
)
def test_wrong_type_or_range(text: str, key: str, words: str) -> None:
    err = bad(text)
    assert err.key == key and err.line == 2
    assert words in str(err)


def test_two_outcomes_on_one_key() -> None:
    err = bad('[keys]\nmeeting = "n"\n')
    assert 'no_answer and meeting both have "n" on the dial screen' in str(err)


def test_unreadable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00theme")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load(path)


def test_save_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    config = parse('theme = "nextcall-contrast"\n[keys]\nno_answer = "a"\n', path)
    save(config, path)
    assert load(path) == config
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".config-")]

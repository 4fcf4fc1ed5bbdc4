"""`[keys]`: every action of every screen can be remapped; a clash on one screen, an unknown
action and an unusable key are config errors (exit 2) naming the line and the actions."""

import stat
from pathlib import Path

import pytest

from nextcall.__main__ import main
from nextcall.config import Config, ConfigError, load, parse, save
from nextcall.config.keys import (
    ACTIONS,
    DEFAULT_KEYS,
    SCREENS,
    changed,
    clashes,
    key_problem,
    outcome_keys,
)
from nextcall.domain.outcomes import OUTCOMES, REASONS

PATH = Path("/home/rep/.config/nextcall/config.toml")


def bad(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse(text, PATH)
    return info.value


def test_the_defaults_are_the_specs_and_never_clash() -> None:
    assert list(clashes(DEFAULT_KEYS)) == []
    spec = {
        "dial": "d",
        "skip": "s",
        "undo": "u",
        "note": "e",
        "win": "+",
        "feel_it": "f",
        "review": "t",
        "block": "k",
        "prospect": "i",
        "settings": ",",
        "help": "?",
        "quit": "q",
        "pause": "p",
        "follow_up": "l",
        "do_not_call": "x",
    }
    assert {name: DEFAULT_KEYS[name] for name in spec} == spec
    assert outcome_keys(DEFAULT_KEYS) == {o.name: o.key for o in OUTCOMES}
    assert [DEFAULT_KEYS[r] for r in REASONS] == ["1", "2", "3", "4", "5", "6", "0"]
    assert Config().keys == DEFAULT_KEYS


def test_every_action_names_known_screens_once() -> None:
    assert len({a.name for a in ACTIONS}) == len(ACTIONS)
    for action in ACTIONS:
        assert action.screens and set(action.screens) <= set(SCREENS)
        assert key_problem(action.key) is None


def test_every_action_can_be_remapped() -> None:
    """Each action alone on a key no screen uses."""
    for action in ACTIONS:
        config = parse(f'[keys]\n{action.name} = "f9"\n', PATH)
        assert config.keys[action.name] == "f9"
        assert changed(config.keys) == {action.name: "f9"}


def test_two_actions_on_different_screens_may_share_a_key() -> None:
    config = parse('[keys]\npause = "n"\nday_before = ","\n', PATH)
    assert config.keys["pause"] == config.keys["no_answer"] == "n"
    assert config.keys["day_before"] == config.keys["settings"] == ","


def test_keys_can_be_swapped() -> None:
    config = parse('[keys]\nskip = "n"\nno_answer = "s"\n', PATH)
    assert (config.keys["skip"], config.keys["no_answer"]) == ("n", "s")


def test_a_clash_names_both_actions_the_screen_and_the_line() -> None:
    err = bad('theme = "nextcall-dark"\n[keys]\npause = "f"\n')
    assert err.line == 3 and err.key == "[keys] pause"
    assert 'feel_it and pause both have "f" on the ritual' in err.message
    err = bad('[keys]\nwhole_track = "e"\n')  # note is `e` on the call screen
    assert 'note and whole_track both have "e" on the call screen' in err.message


def test_a_clash_between_two_set_keys_points_at_the_later_line() -> None:
    err = bad('[keys]\nskip = "j"\nundo = "j"\n')
    assert err.line == 3 and err.key == "[keys] undo"
    assert 'skip and undo both have "j" on the dial screen' in err.message


@pytest.mark.parametrize("key", ["down", "enter", "N", "ctrl+x", " ", "", "f25", "é", 5])
def test_an_unusable_key(key: object) -> None:
    written = f'"{key}"' if isinstance(key, str) else str(key)
    err = bad(f"[keys]\nskip = {written}\n")
    assert err.key == "[keys] skip" and err.line == 2
    assert "must be one key" in err.message


@pytest.mark.parametrize("key", ["j", "7", "!", "[", ",", "f12"])
def test_usable_keys(key: str) -> None:
    assert key_problem(key) is None


def test_an_unknown_action_suggests_the_nearest() -> None:
    err = bad('[keys]\nsettngs = "o"\n')
    assert err.key == "[keys] settngs" and err.line == 2
    assert 'unknown action (did you mean "settings"?)' in err.message


def test_saved_keys_are_only_the_changed_ones(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    config = parse('[keys]\nskip = "j"\nhelp = "h"\n', path)
    save(config, path)
    assert load(path) == config
    text = path.read_text()
    assert 'skip = "j"' in text and "no_answer" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    save(Config(), path)
    assert "[keys]" not in path.read_text()


def test_a_clash_stops_every_command_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nprospect = "s"\n')
    assert main(["--config", str(config), "--data-dir", str(tmp_path), "stats"]) == 2
    err = capsys.readouterr().err
    assert f"{config}:2" in err and 'skip and prospect both have "s" on the dial screen' in err

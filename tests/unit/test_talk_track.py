"""The talk track file: its objection sections, and every way the file can't be shown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nextcall.config import Config, ConfigError
from nextcall.config import parse as parse_config
from nextcall.io.talk_track import (
    MAX_BYTES,
    OBJECTIONS,
    TalkTrackError,
    parse,
    printable,
    read,
    resolve,
)

TRACK = """\
Opener before any heading: hi, it's Sam.

## Timing
Ask when it quiets down.

## BUDGET: "no money"
Is it no budget, or not worth it yet?

### If they insist
Ask who sets it.

## Small talk
Not an objection.

# value
Give one number.
"""


def test_sections_by_their_first_word_any_case() -> None:
    track = parse(TRACK)
    assert set(track.sections) == {"timing", "budget", "value"}
    assert track.sections["timing"] == "## Timing\nAsk when it quiets down."
    assert track.sections["value"] == "# value\nGive one number."


def test_a_section_keeps_its_sub_headings_and_stops_at_the_next_of_its_level() -> None:
    budget = parse(TRACK).sections["budget"]
    assert budget.startswith('## BUDGET: "no money"')
    assert "### If they insist\nAsk who sets it." in budget
    assert "Small talk" not in budget


def test_missing_sections_are_absent_and_the_opener_stays_in_the_whole_text() -> None:
    track = parse(TRACK)
    for reason in ("competitor", "authority", "need"):
        assert reason not in track.sections
    assert track.text.startswith("Opener before any heading")
    assert all("Opener" not in section for section in track.sections.values())


def test_no_headings_no_sections() -> None:
    track = parse("Just an opener.\nAnd a second line.")
    assert track.sections == {} and track.text == "Just an opener.\nAnd a second line."


def test_headings_inside_fenced_code_are_text() -> None:
    text = "## need\nAsk.\n```\n## budget\n```\n~~~md\n# value\n~~~\nStill need.\n"
    track = parse(text)
    assert set(track.sections) == {"need"}
    assert track.sections["need"].endswith("Still need.")


def test_a_reason_given_twice_keeps_both_in_file_order() -> None:
    track = parse("## need\nFirst.\n## timing\nT.\n## Need\nSecond.")
    assert track.sections["need"] == "## need\nFirst.\n\n## Need\nSecond."


def test_a_word_that_only_starts_like_a_reason_is_not_one() -> None:
    assert parse("## Needs\nx\n## Budgeting\ny\n##timing\nz").sections == {}


def test_control_characters_are_removed_line_breaks_kept() -> None:
    text = "## timing\r\nSay \x1b[31mred\x1b[0m\x07 \u202ehello\u202c\tthen\r\nnext\x9b2J"
    track = parse(text)
    assert "\x1b" not in track.text and "\x07" not in track.text and "\x9b" not in track.text
    assert "\u202e" not in track.text and "\r" not in track.text
    assert track.sections["timing"] == "## timing\nSay [31mred[0m hello\tthen\nnext2J"
    assert printable("a\x00b\nc\td") == "ab\nc\td"


def test_the_six_objections_follow_the_ritual_tags() -> None:
    from nextcall.domain.ritual import TAG_KEYS

    assert tuple(reason for key, reason in TAG_KEYS if key in "123456") == OBJECTIONS


# -- reading the file --------------------------------------------------------------------------


def test_read_a_file(tmp_path: Path) -> None:
    path = tmp_path / "talk_track.md"
    path.write_bytes(b"\xef\xbb\xbf## need\nAsk why.\n")  # a BOM, as some editors write
    track = read(path)
    assert track is not None and track.sections["need"] == "## need\nAsk why."


def test_no_file_is_none(tmp_path: Path) -> None:
    assert read(tmp_path / "talk_track.md") is None


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.write_bytes(b"## need\n\xff\xfe caf\xe9\n"), "is not UTF-8 text"),
        (lambda p: p.write_bytes(b"x" * (MAX_BYTES + 1)), "is over 1 MiB"),
        (lambda p: p.mkdir(), "is not a plain file"),
        (lambda p: os.mkfifo(p), "is not a plain file"),
    ],
    ids=["not-utf8", "huge", "folder", "pipe"],
)
def test_a_file_that_cannot_be_shown_says_why_in_one_line(
    tmp_path: Path, make: object, says: str
) -> None:
    path = tmp_path / "talk_track.md"
    make(path)  # type: ignore[operator]
    with pytest.raises(TalkTrackError) as info:
        read(path)
    message = str(info.value)
    assert says in message and str(path) in message and "\n" not in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "talk_track.md"
    path.write_text("## need\n")
    path.chmod(0)
    with pytest.raises(TalkTrackError, match="can't be read: Permission denied"):
        read(path)


def test_exactly_one_mebibyte_is_read(tmp_path: Path) -> None:
    path = tmp_path / "talk_track.md"
    path.write_bytes(b"x" * MAX_BYTES)
    track = read(path)
    assert track is not None and len(track.text) == MAX_BYTES


# -- where the file is -------------------------------------------------------------------------


def test_the_default_sits_beside_the_config_file() -> None:
    config = Path("/home/rep/.config/nextcall/config.toml")
    assert resolve(Config().calling.talk_track, config) == config.parent / "talk_track.md"
    assert resolve("/srv/team/track.md", config) == Path("/srv/team/track.md")
    assert resolve("~/track.md", config) == Path.home() / "track.md"
    assert resolve("tracks/mine.md", config) == config.parent / "tracks" / "mine.md"


def test_the_config_key_is_checked() -> None:
    path = Path("/home/rep/.config/nextcall/config.toml")
    assert parse_config('[calling]\ntalk_track = "~/t.md"\n', path).calling.talk_track == "~/t.md"
    for bad in ('""', "3", '"a\\u0007b"'):
        with pytest.raises(ConfigError) as info:
            parse_config(f"[calling]\nhours = ['08:00', '21:00']\ntalk_track = {bad}\n", path)
        assert info.value.key == "[calling] talk_track" and info.value.line == 3

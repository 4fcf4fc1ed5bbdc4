"""The rep's talk track: a Markdown file they own (`talk_track.md` beside config.toml), read when
a call starts, with a section per objection (`## timing` ... `## value`) that `1`-`6` show."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nextcall.domain.outcomes import REASONS

FILE_NAME = "talk_track.md"
MAX_BYTES = 1 << 20
"""A talk track is a page or two; anything over 1 MiB is not one (and would slow the call screen)."""
OBJECTIONS: tuple[str, ...] = REASONS[:6]
"""The sections that answer objections, in the order of their keys 1-6."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters (line breaks and tabs aside) and the bidirectional overrides."""
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FIRST_WORD = re.compile(r"[^\W\d_]+")


class TalkTrackError(Exception):
    """The talk track file exists but can't be shown; the message is one line for the rep."""


@dataclass(frozen=True)
class TalkTrack:
    """The file's text (control characters removed) and its objection sections."""

    text: str
    sections: Mapping[str, str] = field(default_factory=dict)
    """Reason (timing ... value) -> its section's Markdown, heading included."""


def printable(text: str) -> str:
    """`text` without control characters or direction overrides; line breaks become `\\n`, tabs
    stay. What comes from a file or a paste reaches the terminal as text, never as a command."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _objection(heading: str) -> str | None:
    """The reason a heading names by its first word (`## Budget: no money` -> budget)."""
    word = _FIRST_WORD.match(heading)
    name = word.group(0).lower() if word else ""
    return name if name in OBJECTIONS else None


def parse(text: str) -> TalkTrack:
    """Split a talk track into its objection sections. A section starts at a heading whose
    first word is a reason (case-insensitive, at any heading level) and runs to the next heading
    of the same or a higher level. Headings inside fenced code are text. A reason given twice
    keeps both sections, in file order; text before the first heading is the opener."""
    text = printable(text)
    found: dict[str, list[str]] = {}
    current: tuple[str, int] | None = None  # (reason, heading level) of the open section
    lines: list[str] = []
    fence = ""

    def close() -> None:
        if current is not None:
            found.setdefault(current[0], []).append("\n".join(lines).strip())

    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        elif heading := _HEADING.match(line):
            level = len(heading.group(1))
            if current is not None and level <= current[1]:
                close()
                current = None
            reason = _objection(heading.group(2) or "")
            if reason is not None and current is None:
                current, lines = (reason, level), []
        if current is not None:
            lines.append(line)
    close()
    return TalkTrack(text, {reason: "\n\n".join(parts) for reason, parts in found.items()})


def read(path: Path) -> TalkTrack | None:
    """The talk track at `path`; None when there is no file. TalkTrackError (one line, naming
    the file) when it can't be shown: not a plain file, unreadable, over 1 MiB, not UTF-8."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise TalkTrackError(f"{path} can't be read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):  # a folder or a pipe (reading one would block)
        raise TalkTrackError(f"{path} is not a plain file: the talk track is a Markdown file")
    if info.st_size > MAX_BYTES:
        raise TalkTrackError(f"{path} is over 1 MiB: a talk track is a page or two")
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise TalkTrackError(f"{path} can't be read: {exc.strerror or exc}") from exc
    if len(raw) > MAX_BYTES:  # it grew since the stat
        raise TalkTrackError(f"{path} is over 1 MiB: a talk track is a page or two")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TalkTrackError(f"{path} is not UTF-8 text: save it as UTF-8") from exc
    return parse(text)


def resolve(setting: str, config_path: Path) -> Path:
    """The talk track's path from config: `~` expanded, a relative path taken from the config
    file's folder (the default, `talk_track.md`, sits beside config.toml)."""
    path = Path(setting).expanduser()
    return path if path.is_absolute() else config_path.parent / path

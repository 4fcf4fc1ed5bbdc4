"""The settings as frozen dataclasses, one per section of config.toml, and the error a file
that can't be used raises."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path

from nextcall.config.keys import DEFAULT_KEYS
from nextcall.domain.prospects import QueueRules

SECTIONS = ("ritual", "day", "calling", "softphone", "team")
"""The sections held in a dataclass each, in the file's order (theme and [keys] aside)."""


class ConfigError(Exception):
    """A config file that can't be used, with where and why."""

    def __init__(self, path: Path, message: str, key: str = "", line: int | None = None):
        self.path, self.key, self.line, self.message = path, key, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {key + ': ' if key else ''}{message}")


@dataclass(frozen=True)
class RitualConfig:
    reset_seconds: int = 10
    reframe_seconds: int = 5
    feel_it_seconds: int = 300
    auto_dial: bool = False


@dataclass(frozen=True)
class DayConfig:
    target_meetings: int = 2
    block_minutes: int = 60


@dataclass(frozen=True)
class CallingConfig:
    default_region: str = "US"
    hours: tuple[str, str] = ("08:00", "21:00")
    retry_after_hours: float = 4
    max_attempts: int = 6
    after_conversation: str = "retry"
    """What `c` does with the prospect: 'retry' later or 'archive'."""
    talk_track: str = "talk_track.md"
    """The rep's talk track (Markdown); a relative path is taken from the config file's folder."""
    remind_minutes: int = 10
    """How long before a timed follow-up the app reminds the rep; 0 = no reminders."""

    def rules(self) -> QueueRules:
        start, end = (time.fromisoformat(h) for h in self.hours)
        return QueueRules(
            retry_after=timedelta(hours=self.retry_after_hours),
            max_attempts=self.max_attempts,
            after_conversation=self.after_conversation,
            hours=(start, end),
            remind=timedelta(minutes=self.remind_minutes),
        )


@dataclass(frozen=True)
class SoftphoneConfig:
    adapter: str = "none"
    command: tuple[str, ...] = ("xdg-open", "tel:{e164}")
    address: str = "127.0.0.1:4444"


@dataclass(frozen=True)
class TeamConfig:
    database: str = ""
    """The team database's URL (postgresql://...); '' = one rep's own SQLite file.
    NEXTCALL_DATABASE_URL, when set, takes its place (`team_database`)."""
    rep: str = ""
    """The rep's name on the team database; '' = the login name (`rep_name`)."""
    claim_minutes: int = 10
    """How long a prospect stays this rep's after the last sign of life."""

    def url(self) -> str:
        """The team database's URL from the environment or the config; '' for one rep."""
        return os.environ.get("NEXTCALL_DATABASE_URL", "").strip() or self.database

    def rep_name(self) -> str:
        """The rep's name: the config's, or the login name."""
        import getpass

        return self.rep or getpass.getuser()


@dataclass(frozen=True)
class Config:
    theme: str = "nextcall-dark"
    ritual: RitualConfig = field(default_factory=RitualConfig)
    day: DayConfig = field(default_factory=DayConfig)
    calling: CallingConfig = field(default_factory=CallingConfig)
    softphone: SoftphoneConfig = field(default_factory=SoftphoneConfig)
    team: TeamConfig = field(default_factory=TeamConfig)
    keys: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))
    """Action name -> key (see `config.keys.ACTIONS`); always holds every action."""

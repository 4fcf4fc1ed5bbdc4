"""What each setting means, in one line, and the groups the settings screen shows them in."""

from __future__ import annotations

from dataclasses import dataclass

from nextcall.config.checks import CHOICES


@dataclass(frozen=True)
class Setting:
    """One setting of config.toml as the settings screen offers it."""

    section: str
    """Its table ('' for the top level)."""
    key: str
    what: str
    """What it changes, in one line."""

    @property
    def label(self) -> str:
        """As the loader's messages name it: "[ritual] reset_seconds", "theme"."""
        return f"[{self.section}] {self.key}" if self.section else self.key

    @property
    def choices(self) -> tuple[str, ...]:
        """The words it takes, for a setting that takes one of a few (else ())."""
        return CHOICES.get((self.section, self.key), ())


SETTINGS: tuple[Setting, ...] = (
    Setting("ritual", "reset_seconds", "seconds to stand, breathe and tag the no"),
    Setting("ritual", "reframe_seconds", "seconds with today's real numbers before the dial"),
    Setting("ritual", "feel_it_seconds", "length of the feel-it timer after a hard call"),
    Setting("ritual", "auto_dial", "dial the next prospect by itself when the ritual ends"),
    Setting("day", "target_meetings", "the day's target when no plan is set yet"),
    Setting("day", "block_minutes", "length of a timed call block"),
    Setting("calling", "default_region", "country of numbers written without +code (US, GB...)"),
    Setting("calling", "hours", "when prospects may be called, at their own clock"),
    Setting(
        "calling", "retry_after_hours", "hours before no answer, voicemail or gatekeeper return"
    ),
    Setting("calling", "max_attempts", "dials before an unreached prospect is archived"),
    Setting(
        "calling", "after_conversation", "a conversation with no next step: retry later, or archive"
    ),
    Setting("calling", "talk_track", "your talk track (Markdown), beside config.toml if relative"),
    Setting("calling", "remind_minutes", "reminder before a timed follow-up (0: none)"),
    Setting("softphone", "adapter", "how calls are placed: none (you dial), command, or baresip"),
    Setting("softphone", "command", "the program the command adapter runs; {e164} = the number"),
    Setting("softphone", "address", "baresip's ctrl_tcp address, host:port"),
    Setting("team", "database", "the team's PostgreSQL, postgresql://you@host/team"),
    Setting("team", "rep", "your name on the team database"),
    Setting("team", "claim_minutes", "how long a prospect stays yours with no sign of you"),
    Setting("", "theme", "colours: the shipped themes, Textual's, or your own"),
)
"""Every setting the screen offers, by group (`[keys]` is listed from `config.keys.ACTIONS`)."""

GROUPS: tuple[str, ...] = ("ritual", "day", "calling", "softphone", "team", "keys", "theme")
"""The settings screen's tabs, in order."""


def group_of(setting: Setting) -> str:
    return setting.section or setting.key

"""The one table of call outcomes: names, keys, funnel flags and what happens next.

Bindings, the footer, the help screen, `stats --json` and the config's `[keys]` section all read
this table, so a new outcome is one row here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum


class OutcomeName(StrEnum):
    """The outcomes' stable names: stored in the database, the config's `[keys]` and
    `stats --json` as these strings."""

    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    BAD_NUMBER = "bad_number"
    GATEKEEPER = "gatekeeper"
    REJECTED = "rejected"
    CONVERSATION = "conversation"
    LATER = "later"
    MEETING = "meeting"


class NextStep(Enum):
    """What happens to the prospect after an outcome."""

    RETRY = "retry later"
    ARCHIVE = "archived"
    RITUAL = "ritual; archive or follow-up"
    CONVERSATION = "small win; retry or archive"
    FOLLOW_UP = "pick a follow-up; small win"
    DONE = "win! prospect done"


class WinKind(Enum):
    """Kinds of entries in the wins jar."""

    MEETING = "meeting"
    CONVERSATION = "conversation"
    FOLLOW_UP = "follow-up agreed"
    MANUAL = "small win"


@dataclass(frozen=True)
class Outcome:
    """One row of the outcome table (SPEC section 4)."""

    name: OutcomeName
    """Stable name used in the database, config and `stats --json`."""
    key: str
    """Default key; the rep can remap it in `[keys]`."""
    label: str
    """Short human label for the footer and the queue."""
    connect: bool
    conversation: bool
    meeting: bool
    next_step: NextStep
    win: WinKind | None = None
    """The win this outcome drops in the jar, if any."""

    @property
    def is_no(self) -> bool:
        """Every dial that did not book a meeting counts as a no."""
        return not self.meeting


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(OutcomeName.NO_ANSWER, "n", "no answer", False, False, False, NextStep.RETRY),
    Outcome(OutcomeName.VOICEMAIL, "v", "voicemail", False, False, False, NextStep.RETRY),
    Outcome(OutcomeName.BAD_NUMBER, "b", "bad number", False, False, False, NextStep.ARCHIVE),
    Outcome(OutcomeName.GATEKEEPER, "g", "gatekeeper", True, False, False, NextStep.RETRY),
    Outcome(OutcomeName.REJECTED, "r", "rejected", True, False, False, NextStep.RITUAL),
    Outcome(
        OutcomeName.CONVERSATION,
        "c",
        "conversation",
        True,
        True,
        False,
        NextStep.CONVERSATION,
        WinKind.CONVERSATION,
    ),
    Outcome(
        OutcomeName.LATER,
        "l",
        "follow-up",
        True,
        True,
        False,
        NextStep.FOLLOW_UP,
        WinKind.FOLLOW_UP,
    ),
    Outcome(OutcomeName.MEETING, "m", "meeting", True, True, True, NextStep.DONE, WinKind.MEETING),
)

BY_NAME: dict[str, Outcome] = {o.name: o for o in OUTCOMES}
"""Outcome name -> outcome; a plain string from storage or config finds it too (a StrEnum
member equals its value)."""

REASONS: tuple[str, ...] = (
    "timing",
    "budget",
    "competitor",
    "authority",
    "need",
    "value",
    "hung_up",
)
"""Rejection reasons, in the order of their tag keys 1-6, then 0 (hung up / no reason)."""


def outcome(name: str) -> Outcome:
    """The outcome called `name`; KeyError names the unknown one."""
    return BY_NAME[name]

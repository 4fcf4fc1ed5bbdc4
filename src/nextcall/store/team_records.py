"""What one read of the team's figures gives (the floor, `nextcall stats --team`): activity and
outcomes only. A rep's private parts (debriefs, feel-it notes, recovery times, rituals) have no
field here: no team read can carry them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

from nextcall.domain.funnel import DayCounts

EMPTY: Mapping[str, int] = MappingProxyType({})


@dataclass(frozen=True)
class TeamAsk:
    """What to read: the seven days ending with `last` (the reviewed span and its week's
    rejection audit), and with `times` when each call of `last` was logged (the reps' pace)."""

    last: date
    times: bool = False
    """Read the call times of `last` (not for a week: a week has no pace)."""
    after_id: int = 0
    """The caller already holds the times of `last`'s calls up to this call id."""
    held: Mapping[str, int] = field(default_factory=lambda: EMPTY)
    """How many of `last`'s call times the caller holds for each rep: a rep whose count no
    longer matches (an undo, a call committed out of id order) is read whole again."""
    progress: bool = True
    """Count the list by place (a count over every prospect: the floor asks now and then)."""


@dataclass(frozen=True)
class Presence:
    """Whether a rep is on the floor: their last sign of life and whether they are on a call."""

    seen_at: datetime | None
    """The rep's last claim, renewal or outcome (the server's clock)."""
    seen_ago_s: float | None
    """Seconds since then, by the server's clock (no skew with the reader's)."""
    on_call: bool
    """On a call with a prospect they hold now."""


@dataclass(frozen=True)
class ListProgress:
    """Where the team's list stands: the prospects by their place, and those held now."""

    new: int = 0
    retry: int = 0
    follow_ups: int = 0
    booked: int = 0
    """A meeting was booked: done."""
    archived: int = 0
    dnc: int = 0
    """On the do-not-call list."""
    claimed: int = 0
    """Held by a rep right now (a running claim)."""

    @property
    def kept(self) -> int:
        """Prospects in the database, not archived (nor do-not-call): `nextcall stats`'s
        `prospects`."""
        return self.new + self.retry + self.follow_ups + self.booked

    @property
    def total(self) -> int:
        return self.kept + self.archived + self.dnc


@dataclass(frozen=True)
class TeamRead:
    """One consistent read (one snapshot of the database) of the team's figures."""

    first: date
    """The first of the seven days read (`last` less six)."""
    last: date
    days: Mapping[str, Mapping[date, DayCounts]]
    """Rep -> day -> that day's counts, for the days the rep dialed."""
    reasons: Mapping[str, Mapping[date, Mapping[str, int]]]
    """Rep -> day -> tagged rejection reason -> count."""
    wins: Mapping[str, Mapping[date, int]]
    """Rep -> day -> wins logged (meetings, follow-ups, small wins)."""
    times: Mapping[str, tuple[datetime, ...]]
    """Rep -> when their calls of `last` were logged, in the order logged: those after the ask's
    `after_id`, or all of the day's for the reps in `whole`."""
    whole: frozenset[str]
    """Reps whose `times` replace what the caller held (their held count was wrong)."""
    last_id: int
    """The newest call id of `last` read (the next ask's `after_id`)."""
    presence: Mapping[str, Presence]
    """Every rep the database has seen."""
    claimed: int
    """Prospects held by a rep right now (a running claim)."""
    progress: ListProgress | None
    """The list by place (its `claimed` too); None when the ask did not count it."""

"""Prospects and calls as the domain sees them, and the queue's rules for what comes next."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from enum import Enum, IntEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nextcall.domain.clock import day_bounds
from nextcall.domain.outcomes import NextStep, Outcome, OutcomeName


class Lifecycle(Enum):
    """Whether a prospect is still worked."""

    ACTIVE = "active"
    ARCHIVED = "archived"
    DONE = "done"
    """A meeting was booked."""
    DNC = "dnc"
    """Do not call, ever."""


class Slot(IntEnum):
    """The queue's three groups, in dialing order."""

    FOLLOW_UP = 0
    """A follow-up: leads the queue from the start of its day."""
    NEW = 1
    """Never dialed."""
    RETRY = 2
    """Dialed before; back once its wait is over."""

    @property
    def label(self) -> str:
        return ("follow-up due", "new", "retry")[self]


@dataclass(frozen=True)
class ProspectState:
    """The part of a prospect that outcomes change (and undo restores)."""

    lifecycle: Lifecycle
    slot: Slot
    due_at: datetime
    """When the prospect (re)enters the queue, UTC. For new prospects: when they were added."""
    attempts: int
    """Dials so far."""
    timed: bool = False
    """A follow-up for a set time of day: `due_at` is that instant, not the start of a day."""


@dataclass(frozen=True)
class Prospect:
    """Someone to call."""

    id: int
    name: str
    company: str
    title: str
    phone: str
    """E.164, the only form that reaches a softphone."""
    phone_display: str
    """The number as a person reads it."""
    timezone: str
    """IANA zone at the prospect's location, or '' when unknown."""
    notes: str
    state: ProspectState
    added_by_hand: bool = False
    """Created for a number the rep dialed from the palette, not brought in by an import."""


@dataclass(frozen=True)
class CallRecord:
    """One logged outcome."""

    id: int
    prospect_id: int
    at: datetime
    outcome: OutcomeName
    reason: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        # The store reads the name back as a plain string: the record holds the enum member.
        object.__setattr__(self, "outcome", OutcomeName(self.outcome))


@dataclass(frozen=True)
class QueueRules:
    """The `[calling]` settings the queue follows."""

    retry_after: timedelta = timedelta(hours=4)
    max_attempts: int = 6
    after_conversation: str = "retry"
    """'retry' or 'archive': what `c` does with the prospect."""
    hours: tuple[time, time] = (time(8, 0), time(21, 0))
    """The calling window at the prospect's location."""
    remind: timedelta = timedelta(minutes=10)
    """How long before a timed follow-up the rep is reminded (0: never); until then the
    cursor passes over it."""


def next_state(
    state: ProspectState,
    outcome: Outcome,
    now: datetime,
    rules: QueueRules,
    follow_up: datetime | None = None,
    timed: bool = False,
) -> ProspectState:
    """The prospect's state after `outcome` was logged at `now`.

    `follow_up` is when a follow-up falls due (from `l`, or set after a rejection): the UTC
    start of the day picked, or with `timed` the instant of the time of day picked; without
    one, `l` comes back tomorrow.
    """
    attempts = state.attempts + 1
    step = outcome.next_step
    if step is NextStep.DONE:
        return replace(state, lifecycle=Lifecycle.DONE, attempts=attempts, timed=False)
    if follow_up is not None or step is NextStep.FOLLOW_UP:
        due = follow_up if follow_up is not None else now + timedelta(days=1)
        timed = timed and follow_up is not None
        return ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, due, attempts, timed)
    if step in (NextStep.ARCHIVE, NextStep.RITUAL) or (
        step is NextStep.CONVERSATION and rules.after_conversation == "archive"
    ):
        return replace(state, lifecycle=Lifecycle.ARCHIVED, attempts=attempts, timed=False)
    if attempts >= rules.max_attempts:
        return replace(state, lifecycle=Lifecycle.ARCHIVED, attempts=attempts, timed=False)
    return ProspectState(Lifecycle.ACTIVE, Slot.RETRY, now + rules.retry_after, attempts)


def follow_up_start(day: date, tz: tzinfo) -> datetime:
    """The UTC instant a follow-up for local `day` enters the queue: the start of that day."""
    return day_bounds(day, tz)[0]


def zone(name: str) -> tzinfo | None:
    """The zone called `name`, or None when it is empty or unknown."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass(frozen=True)
class CallingWindow:
    """Whether the prospect may be called now, judged at their location."""

    local: datetime | None
    """The prospect's local time, when their zone is known."""
    open: bool
    opens_at: datetime | None = None
    """When calling opens again (prospect's local time), if closed now."""

    @property
    def held_label(self) -> str:
        """'held to 08:00' for the queue's status column; '' when open."""
        if self.open or self.opens_at is None:
            return ""
        return f"held to {self.opens_at:%H:%M}"


def calling_window(tz: tzinfo | None, now: datetime, hours: tuple[time, time]) -> CallingWindow:
    """Is `now` inside the calling hours at a prospect in zone `tz`? Unknown zones are open."""
    if tz is None:
        return CallingWindow(None, True)
    local = now.astimezone(tz)
    start, end = hours
    if start <= local.time().replace(tzinfo=None) < end:
        return CallingWindow(local, True)
    day = local.date() if local.time() < start else local.date() + timedelta(days=1)
    opens = datetime.combine(day, start, tzinfo=tz)
    return CallingWindow(local, False, opens)

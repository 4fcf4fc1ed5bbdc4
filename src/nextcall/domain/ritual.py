"""The recovery ritual after a rejection (reset, reframe, dial) and the feel-it countdown.

Plain state machines over an injected clock's monotonic seconds: the screens read them a few
times a second and show what they say, so a busy machine can delay a frame but never stretch a
countdown. Nothing here counts ticks.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import Enum, StrEnum
from typing import Any

from nextcall.domain.clock import Clock
from nextcall.domain.funnel import Averages, NoBudget, Pace
from nextcall.domain.outcomes import REASONS

SLEEP_GAP_S = 20.0
"""A gap this long between two looks at a running countdown means the machine was asleep
(the screens look several times a second)."""

TAG_KEYS: tuple[tuple[str, str], ...] = tuple(
    zip(("1", "2", "3", "4", "5", "6", "0"), REASONS, strict=True)
)
"""Key -> rejection reason, in the order SPEC 5 gives them."""


class Phase(Enum):
    """Where the ritual is."""

    RESET = "reset"
    REFRAME = "reframe"
    DIAL = "dial"


class RitualEnd(StrEnum):
    """How the ritual finished: stored in `calls.ritual` on the rejection's row."""

    DONE = "done"
    """It ran to the dial phase."""
    SKIPPED = "skipped"
    """Escape before the dial phase."""
    FEEL_IT = "feel_it"
    """Turned into the feel-it timer."""


@dataclass
class Stopwatch:
    """Running seconds on a monotonic clock, with pauses, that notices a machine's sleep."""

    clock: Clock
    started: float = field(init=False)
    paused_at: float | None = field(default=None, init=False)
    paused_total: float = field(default=0.0, init=False)
    last_seen: float = field(init=False)
    slept: bool = field(default=False, init=False)
    """True once a look came long after the one before: the machine slept (or froze)."""

    def __post_init__(self) -> None:
        self.started = self.last_seen = self.clock.monotonic()

    def elapsed(self) -> float:
        """Seconds run so far, pauses left out."""
        end = self.paused_at if self.paused_at is not None else self.clock.monotonic()
        return max(0.0, end - self.started - self.paused_total)

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def pause(self) -> None:
        if self.paused_at is None:
            self.paused_at = self.clock.monotonic()

    def resume(self) -> None:
        if self.paused_at is not None:
            self.paused_total += self.clock.monotonic() - self.paused_at
            self.paused_at = None

    def observe(self) -> bool:
        """Note a look at the clock; True when it is the first after a sleep."""
        now = self.clock.monotonic()
        gap, self.last_seen = now - self.last_seen, now
        if gap > SLEEP_GAP_S:
            self.slept = True
            return True
        return False


def shown_seconds(remaining: float) -> int:
    """The whole second a countdown shows: 9.2 s left shows 10, 0 shows 0."""
    return max(0, math.ceil(remaining - 1e-9))


def next_look(remaining: float, cap: float) -> float:
    """Seconds until a countdown with `remaining` seconds shows a new second (just past the
    change, so the look lands after it), at most `cap`; `cap` once it has ended."""
    if remaining <= 0:
        return cap
    until = remaining - (shown_seconds(remaining) - 1)
    return min(cap, max(0.01, until + 0.002))


def clock_face(seconds: int) -> str:
    """'7' under a minute, '4:05' from a minute up."""
    return str(seconds) if seconds < 60 else f"{seconds // 60}:{seconds % 60:02d}"


@dataclass
class Countdown:
    """A countdown of `total` seconds that can pause (the feel-it timer)."""

    clock: Clock
    total: float
    watch: Stopwatch = field(init=False)

    def __post_init__(self) -> None:
        self.watch = Stopwatch(self.clock)

    def remaining(self) -> float:
        return max(0.0, self.total - self.watch.elapsed())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0.0

    def face(self) -> str:
        return clock_face(shown_seconds(self.remaining()))


BREATH_IN_S = 4.0
BREATH_OUT_S = 6.0
"""One slow breath: in for four, out for six (a longer out-breath settles the body)."""


def breath(elapsed: float, steps: int = 8) -> tuple[bool, int]:
    """The breathing cue at `elapsed` seconds: (breathing in?, fullness 0..steps)."""
    t = elapsed % (BREATH_IN_S + BREATH_OUT_S)
    if t < BREATH_IN_S:
        return True, min(steps, 1 + int(t / BREATH_IN_S * steps))
    return False, max(0, steps - 1 - int((t - BREATH_IN_S) / BREATH_OUT_S * steps))


class Ritual:
    """Reset, reframe, dial: phases worked out from the running time, never from ticks.

    Tags are only taken in the reset phase and never move the clock; pausing stops it. After
    the reframe the ritual stays in the dial phase until the rep dials or leaves.
    """

    def __init__(self, clock: Clock, reset_seconds: float, reframe_seconds: float) -> None:
        self.reset_s, self.reframe_s = float(reset_seconds), float(reframe_seconds)
        self.watch = Stopwatch(clock)
        self.reason: str | None = None
        self.end: RitualEnd | None = None

    @property
    def phase(self) -> Phase:
        elapsed = self.watch.elapsed()
        if elapsed < self.reset_s:
            return Phase.RESET
        if elapsed < self.reset_s + self.reframe_s:
            return Phase.REFRAME
        return Phase.DIAL

    def remaining(self) -> float:
        """Seconds left in the current phase (0 in the dial phase)."""
        elapsed = self.watch.elapsed()
        if elapsed < self.reset_s:
            return self.reset_s - elapsed
        return max(0.0, self.reset_s + self.reframe_s - elapsed)

    def breath(self) -> tuple[bool, int]:
        return breath(self.watch.elapsed())

    @property
    def paused(self) -> bool:
        return self.watch.paused

    def toggle_pause(self) -> bool:
        """Pause or resume; True when now paused. The dial phase has nothing to pause."""
        if self.watch.paused:
            self.watch.resume()
        elif self.phase is not Phase.DIAL:
            self.watch.pause()
        return self.watch.paused

    def tag(self, key: str) -> str | None:
        """The reason for default tag key `key`, recorded when the reset phase is on; else None."""
        reason = dict(TAG_KEYS).get(key)
        return None if reason is None else self.choose(reason)

    def choose(self, reason: str) -> str | None:
        """Record `reason` (one of REASONS) when the reset phase is on; else None."""
        if reason not in REASONS or self.phase is not Phase.RESET or self.end is not None:
            return None
        self.reason = reason
        return reason

    def finish(self, how: RitualEnd) -> RitualEnd:
        """Settle how the ritual ended; returns it. The first settlement stands, except that
        the feel-it timer may follow a ritual that reached the dial. Escape once the dial phase
        is reached is still `done`: the ritual ran its course."""
        if self.end is None or how is RitualEnd.FEEL_IT:
            if how is RitualEnd.SKIPPED and self.phase is Phase.DIAL:
                how = RitualEnd.DONE
            self.end = how
        return self.end


@dataclass
class PendingRecovery:
    """A rejection waiting for the next dial: its recovery time runs from when it was logged."""

    call_id: int
    started: float
    """The monotonic second the rejection was logged."""
    slept: bool = False
    """The machine slept in between: the gap measures the lid, not the rep."""

    def seconds(self, now: float) -> float | None:
        """The recovery time if the dial is at `now`; None when it can't be measured."""
        return None if self.slept else round(max(0.0, now - self.started), 3)


@dataclass(frozen=True)
class Debrief:
    """The feel-it debrief (SPEC 6); every field optional."""

    stated_reason: str = ""
    """What the prospect said, in their words."""
    real_reason: str = ""
    """What was really behind it."""
    lost_momentum: str = ""
    """Where the call lost its way."""
    differently: str = ""
    """One thing to do differently next time."""
    bad_luck: bool = False
    """'Nothing, bad luck': no change to make."""
    touchpoint: bool | None = None
    """Worth a future touchpoint? None = not answered."""
    follow_up: date | None = None
    """The day the touchpoint was scheduled for."""

    @property
    def empty(self) -> bool:
        return self == Debrief()

    def to_json(self) -> str:
        data: dict[str, Any] = asdict(self)
        data["follow_up"] = None if self.follow_up is None else self.follow_up.isoformat()
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> Debrief:
        """Read a stored debrief; anything unreadable gives an empty one (nothing breaks)."""
        try:
            data = json.loads(text or "{}")
            up = data.get("follow_up")
            return cls(
                stated_reason=str(data.get("stated_reason", "")),
                real_reason=str(data.get("real_reason", "")),
                lost_momentum=str(data.get("lost_momentum", "")),
                differently=str(data.get("differently", "")),
                bad_luck=bool(data.get("bad_luck", False)),
                touchpoint=None if data.get("touchpoint") is None else bool(data["touchpoint"]),
                follow_up=None if not up else date.fromisoformat(up),
            )
        except (ValueError, TypeError, AttributeError):
            return cls()


REFRAMES: tuple[str, ...] = (
    "One call, one data point. It is logged; let it go.",
    "That no was about their day and their needs, not about you.",
    "The next person has not heard the last call. Start them fresh.",
    "A no tells you about fit and timing. It is not a verdict on you.",
)
"""The reframe's one line, in turn (never a promise that a yes is due: calls are independent)."""


def reframe_line(call_id: int) -> str:
    return REFRAMES[call_id % len(REFRAMES)]


@dataclass(frozen=True)
class ReframeNumbers:
    """Today's numbers for the reframe, taken from the live panel's values."""

    nos: int
    """No's collected today."""
    nos_expected: int
    """No's the day's target brings at the rep's average (0 = no target)."""
    meetings: int
    target_meetings: int
    dials_to_go: int
    """Dials still expected, at the rep's average, to reach the target."""
    conversations_to_go: int | None
    """Conversations still needed for the target at the rep's average; None without history."""
    dials_per_meeting: float
    """The rep's average (or the rule of thumb before there is history)."""
    own_average: bool
    """False while `dials_per_meeting` is the rule of thumb."""
    long_day_one_in: int = 0
    """Past the budget: about 1 day in this many runs this long (0 while within it)."""

    @classmethod
    def of(cls, budget: NoBudget, pace: Pace, averages: Averages) -> ReframeNumbers:
        totals = averages.totals
        to_go = max(0, pace.target_meetings - pace.meetings)
        conversations: int | None = None
        if averages.has_history:
            conversations = math.ceil(to_go * totals.conversations / totals.meetings - 1e-9)
        return cls(
            nos=budget.collected,
            nos_expected=budget.expected_nos,
            meetings=pace.meetings,
            target_meetings=pace.target_meetings,
            dials_to_go=pace.dials_to_go,
            conversations_to_go=conversations,
            dials_per_meeting=averages.dials_per_meeting,
            own_average=averages.has_history,
            long_day_one_in=budget.long_day_one_in,
        )

    @property
    def fill(self) -> float:
        return min(1.0, self.nos / self.nos_expected) if self.nos_expected else 1.0

    @property
    def target_met(self) -> bool:
        return self.target_meetings > 0 and self.meetings >= self.target_meetings

"""The ritual's phases and the feel-it countdown on a fake clock: no sleeps, no ticks counted."""

from datetime import date

import pytest

from clocks import FakeClock
from nextcall.domain.funnel import Averages, DayCounts, NoBudget, Pace
from nextcall.domain.ritual import (
    SLEEP_GAP_S,
    Countdown,
    Debrief,
    PendingRecovery,
    Phase,
    ReframeNumbers,
    Ritual,
    RitualEnd,
    breath,
    clock_face,
    shown_seconds,
)


def test_phases_follow_the_clock(clock: FakeClock) -> None:
    r = Ritual(clock, 10, 5)
    assert r.phase is Phase.RESET and r.remaining() == 10
    clock.advance(9.5)
    assert r.phase is Phase.RESET and shown_seconds(r.remaining()) == 1
    clock.advance(0.5)
    assert r.phase is Phase.REFRAME and r.remaining() == pytest.approx(5)  # type: ignore[comparison-overlap]  # narrowed before the clock moved
    clock.advance(5)
    assert r.phase is Phase.DIAL and r.remaining() == 0
    clock.advance(600)
    assert r.phase is Phase.DIAL  # it waits for the dial


def test_durations_come_from_the_settings(clock: FakeClock) -> None:
    r = Ritual(clock, 3, 2)
    clock.advance(3)
    assert r.phase is Phase.REFRAME
    clock.advance(2)
    assert r.phase is Phase.DIAL  # type: ignore[comparison-overlap]  # narrowed before the clock moved


def test_pause_stops_the_countdown_and_resume_goes_on(clock: FakeClock) -> None:
    r = Ritual(clock, 10, 5)
    clock.advance(4)
    assert r.toggle_pause() is True
    clock.advance(120)
    assert r.phase is Phase.RESET and r.remaining() == pytest.approx(6)
    assert r.toggle_pause() is False
    clock.advance(6)
    assert r.phase is Phase.REFRAME  # type: ignore[comparison-overlap]  # narrowed before the clock moved


def test_the_dial_phase_has_nothing_to_pause(clock: FakeClock) -> None:
    r = Ritual(clock, 1, 1)
    clock.advance(2)
    assert r.toggle_pause() is False and not r.paused


def test_tags_only_in_the_reset_and_never_extend_it(clock: FakeClock) -> None:
    r = Ritual(clock, 10, 5)
    clock.advance(3)
    assert r.tag("2") == "budget"
    assert r.tag("0") == "hung_up"  # another key changes it
    assert r.tag("9") is None and r.reason == "hung_up"
    assert r.remaining() == pytest.approx(7)
    clock.advance(7)
    assert r.phase is Phase.REFRAME
    assert r.tag("1") is None and r.reason == "hung_up"


def test_how_it_ended(clock: FakeClock) -> None:
    skipped = Ritual(clock, 10, 5)
    clock.advance(2)
    assert skipped.finish(RitualEnd.SKIPPED) is RitualEnd.SKIPPED
    assert skipped.finish(RitualEnd.DONE) is RitualEnd.SKIPPED  # the first settlement stands
    ran = Ritual(clock, 10, 5)
    clock.advance(15)
    assert ran.finish(RitualEnd.SKIPPED) is RitualEnd.DONE  # escape after the countdown
    assert ran.finish(RitualEnd.FEEL_IT) is RitualEnd.FEEL_IT  # f from the dial phase


def test_a_machine_that_slept_through_the_countdown_wakes_in_the_dial_phase(
    clock: FakeClock,
) -> None:
    r = Ritual(clock, 10, 5)
    clock.advance(0.25)
    assert r.watch.observe() is False
    clock.advance(3 * 3600)  # the lid closed for three hours (CLOCK_BOOTTIME counts it)
    assert r.watch.observe() is True and r.watch.slept
    assert r.phase is Phase.DIAL and r.remaining() == 0


def test_a_paused_ritual_stays_paused_through_a_sleep(clock: FakeClock) -> None:
    r = Ritual(clock, 10, 5)
    clock.advance(2)
    r.toggle_pause()
    clock.advance(SLEEP_GAP_S * 100)
    assert r.watch.observe() is True
    assert r.phase is Phase.RESET and r.remaining() == pytest.approx(8)


def test_feel_it_countdown(clock: FakeClock) -> None:
    c = Countdown(clock, 300)
    assert c.face() == "5:00" and not c.expired
    clock.advance(0.4)
    assert c.face() == "5:00"
    clock.advance(0.6)
    assert c.face() == "4:59"
    clock.advance(298.5)
    assert c.face() == "1"
    clock.advance(0.5)
    assert c.expired and c.face() == "0"
    c.watch.pause()  # pausing after the end changes nothing
    assert c.remaining() == 0


@pytest.mark.parametrize(
    ("seconds", "face"), [(0, "0"), (9, "9"), (59, "59"), (60, "1:00"), (305, "5:05")]
)
def test_clock_face(seconds: int, face: str) -> None:
    assert clock_face(seconds) == face


def test_breath_fills_in_then_empties_out() -> None:
    fills = [breath(t / 2)[1] for t in range(20)]
    inhales = [breath(t / 2)[0] for t in range(20)]
    assert inhales[:8] == [True] * 8 and not any(inhales[8:])
    assert fills[:8] == sorted(fills[:8]) and fills[7] == 8
    assert fills[8:] == sorted(fills[8:], reverse=True) and fills[-1] == 0


def test_recovery_seconds_and_sleep(clock: FakeClock) -> None:
    pending = PendingRecovery(7, clock.monotonic())
    clock.advance(18.5)
    assert pending.seconds(clock.monotonic()) == 18.5
    pending.slept = True
    assert pending.seconds(clock.monotonic()) is None


def test_debrief_round_trip_and_bad_json() -> None:
    d = Debrief("no budget", "no pain", "the pitch", "ask first", False, True, date(2026, 12, 1))
    assert Debrief.from_json(d.to_json()) == d
    assert Debrief.from_json(None) == Debrief() and Debrief().empty
    assert Debrief.from_json("{not json") == Debrief()
    assert Debrief.from_json('{"follow_up": "someday"}') == Debrief()


def _numbers(today: dict[str, int], history: dict[str, int], target: int) -> ReframeNumbers:
    counts, days = DayCounts.of(today), [DayCounts.of(history)] if history else []
    averages = Averages.of(days)
    return ReframeNumbers.of(
        NoBudget.of(counts, averages, target), Pace.of(counts, averages, target, 1.0), averages
    )


def test_reframe_numbers_from_the_panel_values() -> None:
    n = _numbers(
        {"rejected": 3, "no_answer": 5},
        {"no_answer": 30, "conversation": 6, "meeting": 2},
        target=2,
    )
    # 38 dials, 8 conversations (6 + 2 meetings), 2 meetings: 19 dials and 4 talks a meeting.
    assert (n.nos, n.nos_expected, n.dials_to_go, n.conversations_to_go) == (8, 36, 38, 8)
    assert n.own_average and n.fill == pytest.approx(8 / 36)
    assert not n.target_met


def test_reframe_without_history_uses_the_rule_of_thumb() -> None:
    n = _numbers({"rejected": 1}, {}, target=2)
    assert n.conversations_to_go is None and not n.own_average
    assert n.dials_per_meeting == 20 and n.dials_to_go == 40


def test_reframe_when_the_target_is_met() -> None:
    n = _numbers({"meeting": 2, "rejected": 4}, {"no_answer": 30, "meeting": 2}, target=2)
    assert n.target_met and n.dials_to_go == 0 and n.conversations_to_go == 0


def test_the_system_clock_counts_through_suspend() -> None:
    import time

    from nextcall.domain.clock import SystemClock

    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is None:
        pytest.skip("no suspend-aware clock on this platform")
    before = time.clock_gettime(boottime)
    reading = SystemClock().monotonic()
    assert before <= reading <= time.clock_gettime(boottime)


@pytest.mark.parametrize(
    ("remaining", "cap", "wait"),
    [(9.2, 0.5, 0.202), (9.2, 1.0, 0.202), (9.0, 1.5, 1.002), (0.001, 0.5, 0.01), (0, 0.5, 0.5)],
)
def test_the_next_look_lands_just_after_the_shown_second_changes(
    remaining: float, cap: float, wait: float
) -> None:
    from nextcall.domain.ritual import next_look

    assert next_look(remaining, cap) == pytest.approx(wait)

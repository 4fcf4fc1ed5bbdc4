"""What each outcome does to a prospect, and calling hours across zones and a DST change."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from nextcall.domain.clock import day_bounds
from nextcall.domain.outcomes import BY_NAME
from nextcall.domain.prospects import (
    Lifecycle,
    ProspectState,
    QueueRules,
    Slot,
    calling_window,
    follow_up_start,
    next_state,
    zone,
)

NOW = datetime(2026, 11, 18, 19, 30, tzinfo=UTC)
NEW = ProspectState(Lifecycle.ACTIVE, Slot.NEW, NOW - timedelta(days=3), 0)
RULES = QueueRules()
NY = ZoneInfo("America/New_York")


def after(name: str, state: ProspectState = NEW, **kw: Any) -> ProspectState:
    return next_state(state, BY_NAME[name], NOW, kw.pop("rules", RULES), **kw)


def test_retry_outcomes_wait_then_return() -> None:
    for name in ("no_answer", "voicemail", "gatekeeper"):
        state = after(name)
        assert state == ProspectState(Lifecycle.ACTIVE, Slot.RETRY, NOW + timedelta(hours=4), 1)


def test_retries_stop_at_max_attempts() -> None:
    fifth = ProspectState(Lifecycle.ACTIVE, Slot.RETRY, NOW, 5)
    assert after("no_answer", fifth).lifecycle is Lifecycle.ARCHIVED
    assert after("no_answer", fifth).attempts == 6


def test_archiving_outcomes() -> None:
    assert after("bad_number").lifecycle is Lifecycle.ARCHIVED
    assert after("rejected").lifecycle is Lifecycle.ARCHIVED
    assert after("meeting").lifecycle is Lifecycle.DONE


def test_rejection_with_a_follow_up_stays() -> None:
    later = NOW + timedelta(days=90)
    state = after("rejected", follow_up=later)
    assert (state.lifecycle, state.slot, state.due_at) == (Lifecycle.ACTIVE, Slot.FOLLOW_UP, later)


def test_conversation_follows_config() -> None:
    assert after("conversation").slot is Slot.RETRY
    archive = QueueRules(after_conversation="archive")
    assert after("conversation", rules=archive).lifecycle is Lifecycle.ARCHIVED


def test_later_defaults_to_tomorrow() -> None:
    assert after("later").due_at == NOW + timedelta(days=1)
    picked = NOW + timedelta(days=7)
    assert after("later", follow_up=picked).due_at == picked


def test_calling_window_open_and_closed() -> None:
    hours = (time(8), time(21))
    noon = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)  # 12:00 in New York
    assert calling_window(NY, noon, hours).open
    early = datetime(2026, 11, 18, 12, 30, tzinfo=UTC)  # 07:30 in New York
    w = calling_window(NY, early, hours)
    assert not w.open and w.opens_at == datetime(2026, 11, 18, 8, 0, tzinfo=NY)
    assert w.held_label == "held to 08:00"
    late = datetime(2026, 11, 19, 2, 30, tzinfo=UTC)  # 21:30 in New York
    assert calling_window(NY, late, hours).opens_at == datetime(2026, 11, 19, 8, 0, tzinfo=NY)
    # The same instant is fine in Los Angeles (18:30).
    assert calling_window(ZoneInfo("America/Los_Angeles"), late, hours).open


def test_calling_window_on_a_dst_morning() -> None:
    # 2026-03-08: New York springs forward at 02:00. 11:30 UTC is 07:30 EDT.
    instant = datetime(2026, 3, 8, 11, 30, tzinfo=UTC)
    w = calling_window(NY, instant, (time(8), time(21)))
    assert not w.open
    assert w.opens_at is not None and w.opens_at.astimezone(UTC) == datetime(
        2026, 3, 8, 12, 0, tzinfo=UTC
    )


def test_unknown_zone_is_open() -> None:
    assert zone("") is None and zone("Mars/Olympus") is None
    assert calling_window(None, NOW, (time(8), time(21))).open


def test_local_day_bounds_across_dst() -> None:
    start, end = day_bounds(date(2026, 3, 8), NY)
    assert start == datetime(2026, 3, 8, 5, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=23)
    assert follow_up_start(date(2026, 11, 20), NY) == datetime(2026, 11, 20, 5, 0, tzinfo=UTC)

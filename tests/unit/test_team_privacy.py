"""Private by default (issue 11, item 5): a rep's ritual endings, recovery times and feel-it
debriefs are theirs alone. Another rep reads none of them through any store method nor with a
plain SELECT on their own connection (row-level security), can't write or wipe them, and
can't take back the rep's outcomes; each rep's day counts are their own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.prospects import CallRecord, QueueRules, next_state
from nextcall.domain.ritual import RitualEnd
from nextcall.store import HistoryCall, Store
from nextcall.store.errors import StoreError
from nextcall.store.postgres import PostgresStore
from nextcall.store.postgres.ritual_rows import OthersCall
from store_rows import add_people, prospect_of

AT = datetime(2026, 11, 18, 19, 30, tzinfo=UTC)
DAY = date(2026, 11, 18)
DEBRIEF = '{"stated_reason": "no budget", "differently": "ask sooner"}'
Reps = Callable[[str], Store]


def log(store: Store, pid: int, name: str, at: datetime = AT) -> CallRecord:
    p = prospect_of(store, pid)
    state = next_state(p.state, BY_NAME[name], at, QueueRules())
    return store.log_outcome(p, OutcomeName(name), at, DAY, state)


def rows(store: Store, sql: str, *params: Any) -> list[Any]:
    assert isinstance(store, PostgresStore)
    return store.conn.execute(sql, params).fetchall()


@pytest.fixture
def reps(team_store: Reps) -> tuple[Store, Store, int]:
    """ana and ben on one team; ana's rejection with its ritual, recovery time and debrief."""
    ana, ben = team_store("ana"), team_store("ben")
    (pid,) = add_people(ana, 1, AT - timedelta(days=1))
    call = log(ana, pid, "rejected")
    ana.set_ritual(call.id, RitualEnd.SKIPPED)
    ana.set_recovery(call.id, 12.5)
    ana.set_debrief(call.id, DEBRIEF)
    return ana, ben, call.id


def test_the_rep_reads_their_own(reps: tuple[Store, Store, int]) -> None:
    ana, _, call = reps
    assert ana.debrief(call) == DEBRIEF
    assert rows(ana, "SELECT ritual, recovery_s, debrief FROM call_private") == [
        ("skipped", 12.5, DEBRIEF)
    ]


def test_another_rep_reads_none_of_it(reps: tuple[Store, Store, int]) -> None:
    _, ben, call = reps
    assert ben.debrief(call) is None
    assert rows(ben, "SELECT * FROM call_private") == []
    assert rows(ben, "SELECT * FROM call_private WHERE rep = 'ana' OR call_id = %s", call) == []
    assert rows(ben, "SELECT count(*) FROM call_private") == [(0,)]


def test_the_call_itself_is_the_teams(reps: tuple[Store, Store, int]) -> None:
    """Activity and outcomes are shared: ben sees that ana called, not how she took it."""
    _, ben, call = reps
    (seen,) = rows(ben, "SELECT id, rep, outcome FROM calls")
    assert seen == (call, "ana", "rejected")


READERS: dict[str, Callable[[Store], object]] = {
    "recovery_median_s": lambda s: s.recovery_median_s(DAY, DAY),
    "ritual_counts": lambda s: s.ritual_counts(DAY, DAY),
    "ritual_weekly_median_s": lambda s: s.ritual_weekly_median_s(DAY, 1),
    "calls_between": lambda s: [c.recovery_s for c in s.calls_between(DAY, DAY)],
    "prospect_story": lambda s: [
        (c.ritual, c.recovery_s, c.debrief) for c in getattr(s.prospect_story(1), "calls", ())
    ],
}
NOTHING: dict[str, object] = {
    "recovery_median_s": None,
    "ritual_counts": (0, 0),
    "ritual_weekly_median_s": [None],
}


@pytest.mark.parametrize("method", sorted(READERS))
def test_no_store_method_shows_another_reps_private_parts(
    reps: tuple[Store, Store, int], method: str
) -> None:
    ana, ben, _ = reps
    seen = READERS[method](ben)
    if method in NOTHING:
        assert seen == NOTHING[method]
        assert READERS[method](ana) != seen  # ana's own report shows them
    else:
        assert isinstance(seen, list)
        assert all(
            v is None for item in seen for v in (item if isinstance(item, tuple) else [item])
        )


def test_another_rep_can_not_write_or_wipe_them(reps: tuple[Store, Store, int]) -> None:
    ana, ben, call = reps
    writes: list[Callable[[], None]] = [
        lambda: ben.set_ritual(call, RitualEnd.DONE),
        lambda: ben.set_recovery(call, 1.0),
        lambda: ben.set_debrief(call, None),
        lambda: ben.set_reason(call, "timing"),
    ]
    for write in writes:
        with pytest.raises(OthersCall, match="another rep"):
            write()
    assert rows(ben, "UPDATE call_private SET debrief = NULL RETURNING call_id") == []
    assert rows(ben, "DELETE FROM call_private RETURNING call_id") == []
    with pytest.raises(StoreError, match="row-level security"):
        rows(ben, "INSERT INTO call_private (call_id, rep, day) VALUES (%s, 'ana', 'x')", call)
    assert rows(ana, "SELECT ritual, recovery_s, debrief FROM call_private") == [
        ("skipped", 12.5, DEBRIEF)
    ]
    assert ana.history(1)[0].reason is None


def test_no_rep_hangs_private_parts_on_a_teammates_call(team_store: Reps) -> None:
    """Not even with a SQL prompt: the row would block the teammate's own."""
    ana, ben = team_store("ana"), team_store("ben")
    (pid,) = add_people(ana, 1, AT - timedelta(days=1))
    call = log(ana, pid, "rejected")
    with pytest.raises(StoreError, match="row-level security"):
        rows(ben, "INSERT INTO call_private (call_id, rep, day) VALUES (%s, 'ben', 'x')", call.id)
    ana.set_recovery(call.id, 3.0)
    assert rows(ana, "SELECT recovery_s FROM call_private") == [(3.0,)]


def test_private_parts_written_in_bulk_are_the_reps_own(team_store: Reps) -> None:
    ana, ben = team_store("ana"), team_store("ben")
    (pid,) = add_people(ana, 1, AT - timedelta(days=1))
    ana.add_history([HistoryCall(pid, AT, DAY, "rejected", "budget", "done", 9.0)])
    assert rows(ana, "SELECT rep, ritual, recovery_s FROM call_private") == [("ana", "done", 9.0)]
    assert rows(ben, "SELECT * FROM call_private") == []


def test_another_reps_undo_never_takes_back_the_reps_outcome(team_store: Reps) -> None:
    ana, ben = team_store("ana"), team_store("ben")
    ids = add_people(ana, 3, AT - timedelta(days=1))
    first = log(ana, ids[0], "no_answer")
    assert ben.undo_last(DAY) is None
    his = log(ben, ids[1], "voicemail", AT + timedelta(minutes=1))
    last = log(ana, ids[2], "meeting", AT + timedelta(minutes=2))
    assert ben.undo_last(DAY) == his
    assert ben.undo_last(DAY) is None
    assert ana.day_counts(DAY).dials == 2
    assert ana.undo_last(DAY) == last and ana.undo_last(DAY) == first


def test_day_counts_and_the_last_rejection_are_each_reps_own(team_store: Reps) -> None:
    ana, ben = team_store("ana"), team_store("ben")
    ids = add_people(ana, 4, AT - timedelta(days=1))
    log(ana, ids[0], "no_answer")
    rejection = log(ana, ids[1], "rejected")
    log(ben, ids[2], "meeting")
    assert (ana.day_counts(DAY).dials, ana.day_counts(DAY).meetings) == (2, 0)
    assert (ben.day_counts(DAY).dials, ben.day_counts(DAY).meetings) == (1, 1)
    assert ana.last_rejection(DAY) == rejection and ben.last_rejection(DAY) is None

"""`nextcall stats --team` and the team read under it, on a real PostgreSQL: two reps' day with
known outcomes, every figure computed by hand; the JSON's shape; nothing private in it."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from clocks import FakeClock
from nextcall.cli import team_stats
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.prospects import Lifecycle, Prospect, ProspectState, Slot
from nextcall.domain.ritual import RitualEnd
from nextcall.services.team_figures import PROGRESS_SECONDS, Kept, read_figures
from nextcall.store import Store
from nextcall.store.postgres import PostgresStore
from nextcall.store.sqlite import SQLiteStore
from nextcall.store.team_view import TeamView
from pg_cluster import Cluster
from team_rows import DAY, TeamRows, at, two_reps

SPEC_FIELDS = {
    "dials",
    "connects",
    "conversations",
    "meetings",
    "rejections",
    "by_outcome",
    "by_reason",
    "dials_per_meeting",
    "recovery_median_s",
    "wins",
    "prospects",
}


@pytest.fixture
def rows(team_url: str, pg_cluster: Cluster, clock: FakeClock) -> Iterator[TeamRows]:
    writer = TeamRows(pg_cluster.admin_url, clock.local_tz())
    yield writer
    writer.close()


@pytest.fixture
def view(team_store: Callable[[str], Store]) -> PostgresStore:
    store = team_store("lead")
    assert isinstance(store, PostgresStore)
    return store


def run_json(
    view: TeamView, clock: FakeClock, capsys: pytest.CaptureFixture[str], **kw: object
) -> dict[str, object]:
    args = argparse.Namespace(day=None, week=False, json=True, team=True)
    for k, v in kw.items():
        setattr(args, k, v)
    assert team_stats.run(args, view, clock) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_two_reps_day_by_hand(
    view: PostgresStore, rows: TeamRows, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    two_reps(rows, clock)
    data = run_json(view, clock, capsys)
    assert data["day"] == "2026-11-18"
    assert {
        k: data[k] for k in ("dials", "connects", "conversations", "meetings", "rejections")
    } == {
        "dials": 11,
        "connects": 8,
        "conversations": 3,
        "meetings": 1,
        "rejections": 4,
    }
    assert data["dials_per_meeting"] == 11.0
    assert data["by_reason"] == {
        "timing": 1,
        "budget": 2,
        "competitor": 0,
        "authority": 0,
        "need": 0,
        "value": 0,
        "hung_up": 0,
    }
    assert data["not_tagged"] == 1
    assert data["wins"] == 3
    assert data["prospects"] == 9
    assert data["pace_per_hour"] == 5.8
    assert data["on_call"] == 1
    assert data["list"] == {
        "new": 5,
        "retry": 2,
        "follow_ups": 1,
        "booked": 1,
        "archived": 3,
        "dnc": 1,
        "claimed": 1,
    }
    reps = {r["rep"]: r for r in data["reps"]}  # type: ignore[attr-defined]
    assert list(reps) == ["ana", "ben"]
    ana, ben = reps["ana"], reps["ben"]
    assert (ana["dials"], ana["connects"], ana["conversations"], ana["meetings"]) == (6, 4, 2, 1)
    assert (ana["rejections"], ana["wins"], ana["pace_per_hour"]) == (1, 2, 6.7)
    assert ana["by_outcome"]["gatekeeper"] == 1
    assert ana["on_call"] is True
    assert ana["first_call_at"] == "2026-11-18T14:00:00.000Z"
    assert ana["last_call_at"] == "2026-11-18T15:30:00.000Z"
    assert (ben["dials"], ben["connects"], ben["conversations"], ben["meetings"]) == (5, 4, 1, 0)
    assert (ben["rejections"], ben["wins"], ben["pace_per_hour"]) == (3, 1, 5.0)
    assert ben["dials_per_meeting"] is None
    assert ben["not_tagged"] == 1
    assert ben["on_call"] is False


def test_the_weeks_audit_by_hand(
    view: PostgresStore, rows: TeamRows, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    two_reps(rows, clock)
    audit = run_json(view, clock, capsys)["audit"]
    assert audit == {
        "week_start": "2026-11-12",
        "by_reason": {
            "timing": 1,
            "budget": 7,
            "competitor": 0,
            "authority": 0,
            "need": 0,
            "value": 1,
            "hung_up": 0,
        },
        "not_tagged": 1,
        "tagged": 9,
        "focus": ["budget", "timing"],
        "share": round(8 / 9, 3),
    }


def test_the_week(
    view: PostgresStore, rows: TeamRows, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """The seven days to today: Mon's and Tue's calls join, last Wednesday's stay out; a week
    has no pace."""
    two_reps(rows, clock)
    data = run_json(view, clock, capsys, week=True)
    assert data["week_start"] == "2026-11-12"
    assert (data["dials"], data["rejections"]) == (17, 10)
    assert data["by_reason"]["budget"] == 7  # type: ignore[index]
    assert data["pace_per_hour"] is None
    assert data["by_day"]["2026-11-16"]["rejections"] == 5  # type: ignore[index]
    reps = {r["rep"]: r for r in data["reps"]}  # type: ignore[attr-defined]
    assert (reps["ana"]["dials"], reps["ben"]["dials"]) == (11, 6)


def test_a_chosen_day(
    view: PostgresStore, rows: TeamRows, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """Monday alone: ana's five no's; ben is not listed (no dials, and it is not today)."""
    two_reps(rows, clock)
    data = run_json(view, clock, capsys, day=DAY - timedelta(days=2))
    assert (data["dials"], data["rejections"]) == (5, 5)
    assert [r["rep"] for r in data["reps"]] == ["ana"]  # type: ignore[attr-defined]
    assert data["audit"]["week_start"] == "2026-11-10"  # type: ignore[index]
    assert data["audit"]["by_reason"]["competitor"] == 3  # type: ignore[index]


def test_the_json_has_spec_7s_fields_for_the_team_and_each_rep(
    view: PostgresStore, rows: TeamRows, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    two_reps(rows, clock)
    data = run_json(view, clock, capsys)
    assert SPEC_FIELDS | {"day", "reps"} <= set(data)
    for rep in data["reps"]:  # type: ignore[attr-defined]
        assert SPEC_FIELDS | {"rep"} <= set(rep)
        assert set(rep["by_outcome"]) == {
            "no_answer",
            "voicemail",
            "bad_number",
            "gatekeeper",
            "rejected",
            "conversation",
            "later",
            "meeting",
        }


def test_nothing_private_reaches_the_team(
    view: PostgresStore, rows: TeamRows, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ben's rituals, recovery times and debrief are stored; none of it shows, in the JSON or
    the report."""
    ids = two_reps(rows, clock)
    rows.private(ids["ben_untagged"], "skipped", 4321.5, '{"real_reason": "SECRET-DEBRIEF"}')
    rows.private(ids["ben_budget"], "feel_it", 98765.0, '{"next_time": "SECRET-PLAN"}')
    data = run_json(view, clock, capsys)
    assert data["recovery_median_s"] is None
    assert all(r["recovery_median_s"] is None for r in data["reps"])  # type: ignore[attr-defined]
    args = argparse.Namespace(day=None, week=False, json=False, team=True)
    assert team_stats.run(args, view, clock) == 0
    out = json.dumps(data) + capsys.readouterr().out
    for secret in ("4321", "98765", "SECRET", "skipped", "feel_it", "debrief", "ritual"):
        assert secret not in out


def test_the_report_reads_like_stats(
    view: PostgresStore, rows: TeamRows, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    two_reps(rows, clock)
    args = argparse.Namespace(day=None, week=False, json=False, team=True)
    assert team_stats.run(args, view, clock) == 0
    out = capsys.readouterr().out
    assert "nextcall · the team · 2026-11-18" in out
    lines = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert lines["ana"][1:7] == ["6", "4", "2", "1", "1", "7/h"]
    assert lines["Team"][1:7] == ["11", "8", "3", "1", "4", "6/h"]
    assert "on a call" in out and "2 min ago" in out
    assert "89% of the team's tagged no's are budget and timing (value tied with timing)" in out
    assert "Rates 73% of dials connect · 38% of connects talk · meetings 1 in 11 dials" in out
    assert (
        "The list new 5 · in retry 2 · follow-ups 1 · booked 1 · archived 3 · do-not-call 1"
        " · held by a rep now 1" in out
    )


def test_a_hostile_rep_name_is_inert(
    view: PostgresStore, rows: TeamRows, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    (p,) = rows.prospects(1)
    rows.call("\x1b]0;owned\x07[red]eve", p, clock.now() - timedelta(minutes=5), "no_answer")
    args = argparse.Namespace(day=None, week=False, json=False, team=True)
    assert team_stats.run(args, view, clock) == 0
    out = capsys.readouterr().out
    assert "\x1b]" not in out and "\x07" not in out
    assert "[red]eve" in out


def test_one_reps_own_file_has_no_team(
    tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    store = SQLiteStore.open(tmp_path / "nextcall.db")
    args = argparse.Namespace(day=None, week=False, json=True, team=True)
    assert team_stats.run(args, store, clock) == 2
    assert "team database" in capsys.readouterr().err
    store.close()


def test_a_day_in_the_future_is_a_usage_error(
    view: PostgresStore, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(day=DAY + timedelta(days=1), week=False, json=True, team=True)
    assert team_stats.run(args, view, clock) == 2
    assert "future" in capsys.readouterr().err


def test_call_times_are_read_once_and_mended_after_an_undo(
    view: PostgresStore, rows: TeamRows, clock: FakeClock
) -> None:
    """The floor's reads fetch only new calls; an undo (fewer calls than held) makes that
    rep's day be read whole again."""
    (p,) = rows.prospects(1)
    tz = clock.local_tz()
    first = rows.calls("ana", p, at(DAY, 13, 0, tz), 10, ["no_answer"] * 3)
    kept = Kept()
    read_figures(view, clock, DAY, kept=kept)
    assert len(kept.times.of("ana")) == 3
    ask = kept.ask(DAY, clock.monotonic())
    assert (ask.after_id, dict(ask.held)) == (first[-1], {"ana": 3})
    read = view.read_team(ask)
    assert (read.times, read.whole) == ({}, frozenset())  # nothing new: nothing read
    rows.undo(first[-1])
    figs = read_figures(view, clock, DAY, kept=kept)
    assert len(kept.times.of("ana")) == 2 and figs.reps[0].counts.dials == 2
    rows.call("ana", p, at(DAY, 13, 40, tz), "no_answer")
    read = view.read_team(kept.ask(DAY, clock.monotonic()))
    assert read.whole == frozenset() and len(read.times["ana"]) == 1  # only the new one


def test_a_call_committed_out_of_id_order_is_not_missed(
    view: PostgresStore, rows: TeamRows, clock: FakeClock
) -> None:
    """Two reps' transactions commit in the other order than their ids: the later read sees
    the lower id only after it passed it; the counts give it away and the rep is read whole."""
    (p,) = rows.prospects(1)
    tz = clock.local_tz()
    rows.call("ana", p, at(DAY, 13, 0, tz), "no_answer", call_id=100)
    kept = Kept()
    read_figures(view, clock, DAY, kept=kept)
    rows.call("ben", p, at(DAY, 13, 20, tz), "no_answer", call_id=50)  # committed late
    figs = read_figures(view, clock, DAY, kept=kept)
    assert kept.times.of("ben") == [at(DAY, 13, 20, tz)]
    assert figs.reps[1].rep == "ben" and figs.reps[1].first_call == at(DAY, 13, 20, tz)
    assert kept.times.last_id == 100


def test_an_undone_day_leaves_no_times(
    view: PostgresStore, rows: TeamRows, clock: FakeClock
) -> None:
    (p,) = rows.prospects(1)
    (only,) = rows.calls("ben", p, at(DAY, 13, 0, clock.local_tz()), 10, ["no_answer"])
    kept = Kept()
    read_figures(view, clock, DAY, kept=kept)
    rows.undo(only)
    figs = read_figures(view, clock, DAY, kept=kept)
    assert kept.times.of("ben") == []
    assert figs.total.counts.dials == 0 and figs.total.pace is None


def test_a_new_day_starts_afresh(view: PostgresStore, rows: TeamRows, clock: FakeClock) -> None:
    (p,) = rows.prospects(1)
    rows.call("ana", p, at(DAY, 13, 0, clock.local_tz()), "no_answer")
    kept = Kept()
    read_figures(view, clock, DAY, kept=kept)
    clock.advance(12 * 3600)  # 02:30 the next day
    figs = read_figures(view, clock, DAY + timedelta(days=1), kept=kept)
    assert kept.times.of("ana") == [] and figs.total.counts.dials == 0


def test_the_list_is_counted_now_and_then_the_claims_every_time(
    view: PostgresStore, rows: TeamRows, clock: FakeClock
) -> None:
    new = rows.prospects(3)
    kept = Kept()
    assert read_figures(view, clock, DAY, kept=kept).progress.new == 3
    rows.prospects(2)
    rows.claim("ana", new[0], on_call=False)
    figs = read_figures(view, clock, DAY, kept=kept)
    assert (figs.progress.new, figs.progress.claimed) == (3, 1)  # counted a moment ago
    clock.advance(PROGRESS_SECONDS)
    figs = read_figures(view, clock, DAY, kept=kept)
    assert (figs.progress.new, figs.progress.claimed) == (5, 1)


def test_an_empty_team(view: PostgresStore, clock: FakeClock) -> None:
    figs = read_figures(view, clock, DAY)
    assert figs.reps == () and figs.total.counts.dials == 0 and figs.total.pace is None
    assert figs.audit.focus == () and figs.progress.total == 0
    assert figs.by_day == ((DAY, figs.total.counts),)


def _prospect(pid: int, clock: FakeClock) -> Prospect:
    state = ProspectState(Lifecycle.ACTIVE, Slot.NEW, clock.now(), 0)
    return Prospect(pid, f"Prospect {pid}", "", "", f"+1555{pid:07d}", "x", "", "", state)


def test_what_the_reps_own_stores_write(
    team_store: Callable[[str], Store],
    view: PostgresStore,
    rows: TeamRows,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The reps' stores write (claims, outcomes, a tag, the private parts, an undo) and the
    team's figures read it as it was written."""
    ana, ben = team_store("ana"), team_store("ben")
    p1, p2, p3 = (_prospect(pid, clock) for pid in rows.prospects(3))
    retry = ProspectState(Lifecycle.ACTIVE, Slot.RETRY, clock.now(), 1)
    tz = clock.local_tz()
    assert ana.claim(p1.id, 10)
    ana.set_on_call(p1.id)
    ana.log_outcome(p1, OutcomeName.MEETING, at(DAY, 13, 0, tz), DAY, retry)
    assert ana.claim(p2.id, 10)
    ana.set_on_call(p2.id)
    no = ben.log_outcome(p3, OutcomeName.REJECTED, at(DAY, 13, 5, tz), DAY, retry)
    ben.set_reason(no.id, "budget")
    ben.set_recovery(no.id, 4321.5)
    ben.set_ritual(no.id, RitualEnd.SKIPPED)
    ben.set_debrief(no.id, '{"real_reason": "SECRET-DEBRIEF"}')
    ben.log_outcome(p3, OutcomeName.NO_ANSWER, at(DAY, 13, 10, tz), DAY, retry)
    assert ben.undo_last(DAY) is not None
    data = run_json(view, clock, capsys)
    assert (data["dials"], data["meetings"], data["rejections"], data["wins"]) == (2, 1, 1, 1)
    assert data["by_reason"]["budget"] == 1  # type: ignore[index]
    assert (data["on_call"], data["list"]["claimed"]) == (1, 1)  # type: ignore[index]
    reps = {r["rep"]: r for r in data["reps"]}  # type: ignore[attr-defined]
    assert reps["ana"]["on_call"] is True and reps["ben"]["on_call"] is False
    assert reps["ben"]["last_call_at"] == "2026-11-18T18:05:00.000Z"  # the undone one is gone
    assert reps["ana"]["last_seen_at"] is not None
    out = json.dumps(data)
    assert "4321" not in out and "SECRET" not in out and "skipped" not in out

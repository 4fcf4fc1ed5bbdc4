"""Team mode's follow-ups, prospect stories and reports on a real PostgreSQL: a rep's follow-up
waits for them (an "anyone" one for everyone), a rep's review counts their own calls only, and a
prospect's story shows every rep's outcomes but only the reader's own private parts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest

from clocks import FakeClock
from factories import known
from nextcall.domain.prospect_edits import QUEUE_FIELD, EditField
from nextcall.domain.prospects import Lifecycle, Prospect, ProspectState, QueueRules, Slot
from nextcall.domain.ritual import Debrief
from nextcall.services.prospect_story import ProspectDesk
from nextcall.services.session import Session
from nextcall.store import Store
from nextcall.store.postgres import PostgresStore, report_queries
from nextcall.store.records import ProspectEdit, ProspectStory, StoryCall
from nextcall.store.sqlite import SQLiteStore
from pg_report_rows import AT, DAY, add_call, add_prospect, add_win

TeamStore = Callable[[str], Store]


def pg(store: Store) -> PostgresStore:
    assert isinstance(store, PostgresStore)
    return store


@pytest.fixture
def ana(team_store: TeamStore) -> PostgresStore:
    return pg(team_store("ana"))


@pytest.fixture
def ben(team_store: TeamStore) -> PostgresStore:
    return pg(team_store("ben"))


def follow_up(at_hours: float, timed: bool = False) -> ProspectState:
    return ProspectState(Lifecycle.ACTIVE, Slot.FOLLOW_UP, AT + timedelta(hours=at_hours), 1, timed)


# -- follow-ups --------------------------------------------------------------------------------


def test_a_follow_up_waits_for_its_rep_and_an_anyone_one_for_both(
    ana: PostgresStore, ben: PostgresStore
) -> None:
    mine = add_prospect(ana, "Ada Mine", "+12125550101")
    shared = add_prospect(ana, "Bo Shared", "+12125550102")
    ana.schedule_follow_up(mine, follow_up(1, timed=True), "")
    ana.schedule_follow_up(shared, follow_up(2, timed=True), "", anyone=True)
    until = AT + timedelta(days=1)

    assert [f.prospect.id for f in ana.follow_ups(None, until)] == [mine, shared]
    assert [f.prospect.id for f in ben.follow_ups(None, until)] == [shared]
    assert (ana.count_follow_ups(None, until), ben.count_follow_ups(None, until)) == (2, 1)
    assert [f.prospect.id for f in ben.timed_follow_ups(AT, until)] == [shared]
    assert [f.prospect.id for f in ana.timed_follow_ups(AT, until)] == [mine, shared]
    assert ana.next_timed_follow_up(AT) == AT + timedelta(hours=1)
    assert ben.next_timed_follow_up(AT) == AT + timedelta(hours=2)
    assert ben.next_timed_follow_up(AT + timedelta(hours=2)) is None
    owners = dict(ana.conn.execute("SELECT id, owner FROM prospects").fetchall())
    assert owners == {mine: "ana", shared: None}


def test_ben_taking_a_follow_up_over_makes_it_his(ana: PostgresStore, ben: PostgresStore) -> None:
    pid = add_prospect(ana, "Ada", "+12125550101")
    ana.schedule_follow_up(pid, follow_up(1), "")
    ben.schedule_follow_up(pid, follow_up(3), "")
    until = AT + timedelta(days=1)
    assert ana.follow_ups(None, until) == [] and ana.count_follow_ups(None, until) == 0
    (his,) = ben.follow_ups(None, until, limit=5)
    assert his.due_at == AT + timedelta(hours=3)
    assert ben.follow_ups(None, until, limit=0) == []


def test_the_note_goes_on_the_reps_own_latest_call(ana: PostgresStore, ben: PostgresStore) -> None:
    pid = add_prospect(ana, "Ada", "+12125550101")
    first = add_call(ana, pid, "rejected", note="ana's")
    bens = add_call(ben, pid, "no_answer", at=AT + timedelta(minutes=5), note="ben's")
    ana.schedule_follow_up(pid, follow_up(24), "call after the board meets")
    notes = dict(ana.conn.execute("SELECT id, note FROM calls").fetchall())
    assert notes == {first: "call after the board meets", bens: "ben's"}  # ben's note stays
    (due,) = ana.follow_ups(None, AT + timedelta(days=2))
    assert due.note == "ben's"  # the latest call's note, as in one rep's file
    never = add_prospect(ana, "Cy", "+12125550103")
    add_call(ben, never, "rejected", note="ben's only")
    ana.schedule_follow_up(never, follow_up(24), "mine")  # no call of ana's: nothing overwritten
    assert ana.conn.execute(
        "SELECT note FROM calls WHERE prospect_id = %s", (never,)
    ).fetchall() == [("ben's only",)]


def test_a_follow_up_set_on_another_reps_prospect_keeps_its_note(
    team_store: TeamStore, clock: FakeClock
) -> None:
    """From the prospect view: ana never called them, so her note goes in their notes (it
    would have nowhere else to go), and ben's call keeps his."""
    ana, ben = team_store("ana"), pg(team_store("ben"))
    pid = add_prospect(pg(ana), "Ada", "+12125550101")
    add_call(ben, pid, "no_answer", note="ben's")
    desk = ProspectDesk(Session(ana, clock, QueueRules(), 2), "US")
    desk.follow_up(pid, date(2026, 11, 25), "send the deck")
    assert "follow-up: send the deck" in known(ana.prospect(pid)).notes
    assert ben.conn.execute("SELECT note FROM calls").fetchall() == [("ben's",)]


# -- the review's numbers are the rep's own ----------------------------------------------------


@pytest.fixture
def two_reps_day(ana: PostgresStore, ben: PostgresStore) -> int:
    """A Wednesday both reps dialed the same prospect; ana booked a meeting on her 2nd dial."""
    pid = add_prospect(ana, "Ada", "+12125550101")
    minute = timedelta(minutes=1)
    add_call(ana, pid, "no_answer", duration_s=None)
    add_call(ana, pid, "meeting", at=AT + minute, duration_s=300.0)
    add_call(
        ana,
        pid,
        "rejected",
        at=AT + 2 * minute,
        reason="timing",
        duration_s=60.0,
        ritual="done",
        recovery_s=40.0,
    )
    add_call(ben, pid, "meeting", at=AT + 3 * minute, duration_s=500.0)
    add_call(
        ben,
        pid,
        "rejected",
        at=AT + 4 * minute,
        reason="budget",
        duration_s=20.0,
        ritual="skipped",
        recovery_s=999.0,
    )
    add_call(ben, pid, "rejected", at=AT + 5 * minute, ritual="done", recovery_s=7.0)
    add_win(ana, "meeting", "Ada")
    add_win(ben, "meeting", "Ada")
    add_win(ben, "small win", "ben's")
    return pid


def test_anas_review_numbers_leave_bens_calls_out(
    ana: PostgresStore, ben: PostgresStore, two_reps_day: int
) -> None:
    before = DAY + timedelta(days=1)
    (counts,) = ana.recent_days(before)
    assert (counts.dials, counts.meetings, counts.rejections) == (3, 1, 1)
    assert [c.dials for c in ben.recent_days(before)] == [3]
    assert ana.past_days(before)[0].meeting_dials == (2,)
    assert ben.past_days(before)[0].meeting_dials == (1,)
    assert ana.days_counts(DAY, DAY)[DAY].dials == 3
    assert len(ana.call_times(DAY)) == 3 and ana.call_times(DAY)[0] == AT
    assert ana.by_reason(DAY, DAY) == {"timing": 1}
    assert ben.by_reason(DAY, DAY) == {"budget": 1}
    assert ana.talk_time(DAY, DAY) == (2, 360.0)
    assert ana.ritual_counts(DAY, DAY) == (1, 0)
    assert ben.ritual_counts(DAY, DAY) == (2, 1)
    assert ana.recovery_median_s(DAY, DAY) == 40.0
    assert ben.recovery_median_s(DAY, DAY) == pytest.approx(503.0)
    assert ana.ritual_weekly_median_s(DAY - timedelta(days=7), 2) == [None, 40.0]
    assert [w.text for w in ana.wins(DAY, DAY)] == ["Ada"]
    assert ana.count_wins(DAY, DAY) == {"meeting": 1}
    assert ben.count_wins(DAY, DAY) == {"meeting": 1, "small win": 1}


def test_exports_hold_the_reps_calls_and_the_whole_list(
    ana: PostgresStore, ben: PostgresStore, two_reps_day: int
) -> None:
    calls = list(ana.calls_between(DAY, DAY))
    assert [c.outcome for c in calls] == ["no_answer", "meeting", "rejected"]
    assert [c.recovery_s for c in calls] == [None, None, 40.0]
    assert [c.outcome for c in ben.calls_between(DAY, DAY)] == ["meeting", "rejected", "rejected"]
    assert [c.recovery_s for c in ben.calls_between(DAY, DAY)] == [None, 999.0, 7.0]
    add_prospect(ben, "Never Called", "+12125550199")
    listed = list(ben.all_prospects())
    assert [(p.prospect.name, p.calls) for p in listed] == [("Ada", 6), ("Never Called", 0)]
    assert listed[0].last_outcome == "rejected"
    assert listed[0].last_call_at == AT + timedelta(minutes=5)
    assert [p.prospect.name for p in ana.all_prospects(DAY, DAY)] == ["Ada"]
    assert list(ana.all_prospects(DAY + timedelta(days=1), DAY + timedelta(days=9))) == []


def test_exports_read_page_by_page(
    ana: PostgresStore, ben: PostgresStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_queries, "PAGE", 2)
    ids = [add_prospect(ana, f"P{i}", f"+1212555{1000 + i}") for i in range(5)]
    days = [DAY, DAY, DAY + timedelta(days=1), DAY + timedelta(days=1), DAY + timedelta(days=3)]
    for i, (pid, day) in enumerate(zip(ids, days, strict=True)):
        add_call(
            ana, pid, "no_answer", at=AT + timedelta(days=(day - DAY).days, minutes=i), day=day
        )
        add_call(ben, pid, "voicemail", day=day)
    calls = list(ana.calls_between(DAY, DAY + timedelta(days=9)))
    assert [c.prospect.id for c in calls] == ids
    assert {c.outcome for c in calls} == {"no_answer"}
    assert [e.prospect.id for e in ana.all_prospects()] == ids
    assert [e.prospect.id for e in ana.all_prospects(DAY, DAY + timedelta(days=1))] == ids[:4]


def test_medians_match_one_reps_file_on_ties_and_even_counts(
    ana: PostgresStore, tmp_path: Path
) -> None:
    """The same recovery times in both stores give the same medians to the last bit."""
    solo = SQLiteStore.open(tmp_path / "solo.db")
    solo.conn.execute(
        "INSERT INTO prospects (name, phone, phone_display, due_at, created_at)"
        " VALUES ('Ada', '+12125550101', '555', 'x', 'x')"
    )
    pid = add_prospect(ana, "Ada", "+12125550101")
    times = {
        DAY: [190.3, 22.9],  # even: SQLite's (a + b) / 2, not percentile_cont's a + (b - a) / 2
        DAY + timedelta(days=1): [5.0, 5.0, 9.0],  # a tie in the middle
        DAY + timedelta(days=8): [3.3, 1.1, 2.2, 4.4],
    }
    for day, values in times.items():
        for seconds in values:
            add_call(ana, pid, "rejected", day=day, ritual="done", recovery_s=seconds)
            solo.conn.execute(
                "INSERT INTO calls (prospect_id, at, day, outcome, prior, ritual, recovery_s)"
                " VALUES (1, 'x', ?, 'rejected', '{}', 'done', ?)",
                (day.isoformat(), seconds),
            )
    spans = [(DAY, DAY), (DAY, DAY + timedelta(days=1)), (DAY, DAY + timedelta(days=30))]
    for first, last in [*spans, (DAY + timedelta(days=2), DAY + timedelta(days=7))]:
        assert ana.recovery_median_s(first, last) == solo.recovery_median_s(first, last)
    start = DAY - timedelta(days=7)
    assert ana.ritual_weekly_median_s(start, 4) == solo.ritual_weekly_median_s(start, 4)
    assert ana.ritual_weekly_median_s(start, 4)[0] is None
    assert ana.recovery_median_s(DAY, DAY) == (22.9 + 190.3) / 2 != 22.9 + (190.3 - 22.9) / 2
    assert ana.ritual_weekly_median_s(start, 0) == []
    solo.close()


# -- one prospect's story ----------------------------------------------------------------------


def test_bens_story_shows_anas_outcome_but_not_her_private_parts(
    ana: PostgresStore, ben: PostgresStore
) -> None:
    pid = add_prospect(ana, "Ada", "+12125550101")
    debrief = Debrief(stated_reason="no budget", real_reason="no pain").to_json()
    hers = add_call(
        ana,
        pid,
        "rejected",
        reason="budget",
        note="wants Q3",
        duration_s=83.5,
        ritual="feel_it",
        recovery_s=312.0,
        debrief=debrief,
    )
    his = add_call(ben, pid, "no_answer", at=AT + timedelta(hours=1), ritual="done", recovery_s=9.0)

    story = ben.prospect_story(pid)
    assert story is not None
    newest, anas = story.calls
    assert (newest.id, newest.rep, newest.ritual, newest.recovery_s) == (his, "ben", "done", 9.0)
    assert (anas.id, anas.rep, anas.outcome, anas.reason) == (hers, "ana", "rejected", "budget")
    assert (anas.note, anas.duration_s) == ("wants Q3", 83.5)
    assert (anas.ritual, anas.recovery_s, anas.debrief) == (None, None, None)

    own = ana.prospect_story(pid)
    assert own is not None
    assert (own.calls[1].ritual, own.calls[1].recovery_s) == ("feel_it", 312.0)
    assert own.calls[1].debrief == Debrief(stated_reason="no budget", real_reason="no pain")
    assert own.calls[0].recovery_s is None  # ben's
    assert ben.prospect_story(pid + 1) is None


def test_private_rows_stay_hidden_even_without_the_reps_name(
    ana: PostgresStore, ben: PostgresStore
) -> None:
    """Row-level security: another rep's private parts are not there for ben's connection."""
    pid = add_prospect(ana, "Ada", "+12125550101")
    add_call(ana, pid, "rejected", ritual="done", recovery_s=30.0, debrief="{}")
    assert ben.conn.execute("SELECT count(*) FROM call_private").fetchone()[0] == 0
    assert ana.conn.execute("SELECT count(*) FROM call_private").fetchone()[0] == 1


def test_edits_are_kept_with_the_rep_who_made_them(ana: PostgresStore, ben: PostgresStore) -> None:
    pid = add_prospect(ana, "Ada", "+12125550101")
    edit = ana.edit_prospect(pid, EditField.TITLE, "CFO", AT)
    assert edit is not None and edit.rep == "ana"
    ben.edit_prospect(pid, EditField.TITLE, "CEO", AT + timedelta(minutes=1))
    story = ana.prospect_story(pid)
    assert story is not None
    assert [(e.rep, e.old, e.new) for e in story.edits] == [
        ("ben", "CFO", "CEO"),
        ("ana", "", "CFO"),
    ]


def test_requeue_returns_a_follow_up_to_the_pool(ana: PostgresStore, ben: PostgresStore) -> None:
    pid = add_prospect(ana, "Ada", "+12125550101", slot=0, owner="ana")
    ana.conn.execute("UPDATE prospects SET lifecycle = 'archived' WHERE id = %s", (pid,))
    state = ProspectState(Lifecycle.ACTIVE, Slot.RETRY, AT, 6)
    edit = ben.requeue(pid, state, AT)
    assert (edit.field, edit.old, edit.new, edit.rep) == (QUEUE_FIELD, "archived", "active", "ben")
    row = ana.conn.execute("SELECT owner, lifecycle, slot FROM prospects").fetchone()
    assert row == (None, "active", 2)


def test_a_changed_number_of_a_listed_prospect_joins_the_list(ana: PostgresStore) -> None:
    pid = add_prospect(ana, "Ada", "+12125550101")
    ana.conn.execute("INSERT INTO dnc VALUES ('+12125550101', %s, 'ritual')", ("2026-11-01",))
    ana.conn.execute("UPDATE prospects SET lifecycle = 'dnc'")
    ana.edit_prospect(pid, EditField.PHONE, "+13125550100", AT, display="+1 312-555-0100")
    entry = ana.conn.execute("SELECT added_at, source FROM dnc WHERE phone = '+13125550100'")
    assert entry.fetchone() == ("2026-11-01", "ritual")


# -- every read is an index range ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "index"),
    [
        (
            "SELECT id FROM prospects WHERE timed = 1 AND lifecycle = 'active' AND slot = 0"
            " AND due_at > 'a' AND (owner IS NULL OR owner = 'ana') ORDER BY due_at LIMIT 1",
            "prospects_timed",
        ),
        (
            "SELECT id FROM calls WHERE rep = 'ana' AND day BETWEEN 'a' AND 'b' AND"
            " (day, id) > ('a', 0) ORDER BY day, id LIMIT 5",
            "calls_rep_day|calls_day",
        ),
        (
            "SELECT reason, count(*) FROM calls WHERE rep = 'ana' AND day BETWEEN 'a' AND 'b'"
            " AND reason IS NOT NULL GROUP BY reason",
            "calls_rep_reason|calls_rep_day|calls_reason",
        ),
        (
            "SELECT recovery_s FROM call_private WHERE rep = 'ana' AND ritual IS NOT NULL"
            " AND recovery_s IS NOT NULL AND day BETWEEN 'a' AND 'b'",
            "call_private_ritual",
        ),
        (
            "SELECT day, array_agg(dial) FROM meeting_dials WHERE rep = 'ana' AND day >= 'a'"
            " AND day < 'b' GROUP BY day",
            "meeting_dials_day",
        ),
        ("SELECT id FROM calls WHERE prospect_id = 1 ORDER BY at DESC, id DESC", "calls_prospect"),
        (
            "SELECT id FROM prospects WHERE lifecycle = 'active' AND slot = 0 AND due_at >= ''"
            " AND due_at < 'b' AND (owner IS NULL OR owner = 'ana') ORDER BY due_at, id",
            "prospects_queue",
        ),
        (
            "SELECT count(*), sum(duration_s) FROM calls WHERE rep = 'ana'"
            " AND day BETWEEN 'a' AND 'b' AND duration_s IS NOT NULL",
            "calls_duration|calls_rep_day",
        ),
        ("SELECT kind FROM wins WHERE rep = 'ana' AND day BETWEEN 'a' AND 'b'", "wins_day"),
        (
            "SELECT day, outcome, n FROM day_totals WHERE rep = 'ana' AND day >= 'a'"
            " AND day < 'b' AND n > 0",
            "day_totals_pkey|day_totals_day",
        ),
    ],
)
def test_the_reads_use_their_indexes(ana: PostgresStore, sql: str, index: str) -> None:
    """With sequential scans priced out, each read is a range of one of the indexes named
    (which one depends on the statistics the other tests left; each is a range of days or of
    one prospect, never the whole history). On an empty table the planner would otherwise
    scan, which says nothing about a year of calls."""
    ana.conn.execute("SET enable_seqscan = off")
    plan = " ".join(r[0] for r in ana.conn.execute(f"EXPLAIN {sql}"))
    ana.conn.execute("RESET enable_seqscan")
    assert any(name in plan for name in index.split("|")) and "Seq Scan" not in plan


def test_dates_far_apart_still_read(ana: PostgresStore) -> None:
    """The exports ask for every day there is (date.min to date.max)."""
    pid = add_prospect(ana, "Ada", "+12125550101")
    add_call(ana, pid, "rejected", ritual="done", recovery_s=10.0)
    assert [c.outcome for c in ana.calls_between(date.min, date.max)] == ["rejected"]
    assert ana.recovery_median_s(date.min, date.max) == 10.0
    assert [p.calls for p in ana.all_prospects(date.min, date.max)] == [1]


def test_the_prospect_view_says_who_called_and_who_changed_what() -> None:
    from nextcall.ui.screens import prospect_markup as text

    def call(rep: str | None) -> StoryCall:
        return StoryCall(1, AT, "rejected", "budget", None, None, None, None, None, rep)

    bens = text.calls(_story((call("ben\x1b[31m[b]"),)), UTC)
    assert "  rejected · by ben\\[b] · reason: budget" in bens  # inert and escaped
    assert " by " not in text.calls(_story((call(None),)), UTC)  # one rep's own file
    edit = ProspectEdit(AT, "title", "", "CFO", "ana")
    assert text.edits(_story((), (edit,)), UTC).endswith("CFO [dim]· by ana[/]")
    solo = ProspectEdit(AT, "title", "", "CFO")
    assert text.edits(_story((), (solo,)), UTC).endswith("→ CFO")


def _story(calls: tuple[StoryCall, ...], edits: tuple[ProspectEdit, ...] = ()) -> ProspectStory:
    state = ProspectState(Lifecycle.ACTIVE, Slot.NEW, AT, 0)
    who = Prospect(1, "Ada", "", "", "+12125550101", "555", "", "", state)
    return ProspectStory(who, "", AT, calls, edits, None)

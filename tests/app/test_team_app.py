"""The real app on the team database as "ana" (SPEC 15), on the PostgreSQL store and on what the
app opens in team mode (the same behind its local outbox): the same keys show the same screens as
on one rep's own file (the queue, an outcome, the ritual and the recovery time, undo, the review),
and what they log is on the server, read back through another connection. The screens don't
know which backend is under them: nothing in `nextcall.ui` imports one."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static

import nextcall.ui
from clocks import FakeClock
from factories import known
from nextcall.config import Config
from nextcall.domain.clock import today
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.plan import DayPlan
from nextcall.services.demo import seed
from nextcall.store import Store
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.review import DETAILS, ReviewScreen
from nextcall.ui.screens.ritual_screen import RitualScreen
from nextcall.ui.widgets.call_queue import CallQueue
from nextcall.ui.widgets.prospect_card import ProspectCard
from nextcall.ui.widgets.ratio_panel import RatioPanel
from review_helpers import loaded, section

SIZE = (80, 24)
Views = list[tuple[str, list[str]]]


@pytest.fixture(params=["postgres", "outbox"])
def ana(
    request: pytest.FixtureRequest, team_url: str, tmp_path: Path, clock: FakeClock
) -> Iterator[Store]:
    """The demo's list and history on the team database as ana, today's plan set: through the
    PostgreSQL store itself, and through what the app opens in team mode (the same behind the
    local outbox)."""
    from nextcall.store.outbox import open_team_store  # psycopg: only where PostgreSQL runs
    from nextcall.store.postgres import PostgresStore

    if request.param == "postgres":
        store: Store = PostgresStore.open(team_url, "ana")
    else:
        store = open_team_store(team_url, "ana", tmp_path / "team-data")
    seed(store, clock)
    store.set_day_plan(today(clock), DayPlan(MEETINGS, Config().day.target_meetings), clock.now())
    yield store
    store.close()


def dial_view(app: NextcallApp) -> list[str]:
    """What the dial screen shows: the queue's rows, the prospect's card, the ratio panel."""
    assert isinstance(app.screen, DialScreen)
    queue = app.screen.query_one(CallQueue)
    rows = ["".join(s.text for s in queue.render_line(y)) for y in range(queue.size.height)]
    card = str(app.screen.query_one(ProspectCard).render())
    return [*rows, card, str(app.screen.query_one(RatioPanel).render())]


def ritual_view(app: NextcallApp) -> list[str]:
    assert isinstance(app.screen, RitualScreen)
    return [str(app.screen.query_one(f"#ritual-{p}", Static).render()) for p in ("phase", "body")]


async def press_through(app: NextcallApp, other: Store, clock: FakeClock) -> Views:
    """A rep's keys: `n`; `r`, a reason and `escape` out of the ritual, `d` four seconds later
    (the recovery time) and `escape` off the call; `u`; `t`. After each, `other` (another
    connection to the same data) must already hold what the screen shows."""
    s = app.session
    views: Views = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        views.append(("start", dial_view(app)))
        dials, first = s.counts.dials, known(s.current)
        assert sum(first.name in row for row in views[0][1]) == 2  # its queue row, its card
        await pilot.press("n")
        await pilot.pause()
        assert other.history(first.id)[0].outcome == OutcomeName.NO_ANSWER
        assert other.day_counts(s.day).dials == dials + 1
        views.append(("no answer", dial_view(app)))
        rejected = known(s.current)
        await pilot.press("r")
        await pilot.pause()
        views.append(("ritual", ritual_view(app)))
        await pilot.press("2", "escape")  # tagged budget, then skipped
        await pilot.pause()
        views.append(("after the ritual", dial_view(app)))
        clock.advance(4)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        await pilot.press("escape")
        await pilot.pause()
        (call, *_) = known(other.prospect_story(rejected.id)).calls
        assert (call.outcome, call.reason, call.ritual) == ("rejected", "budget", "skipped")
        assert call.recovery_s == 4.0
        await pilot.press("u")
        await pilot.pause()
        assert call.id not in [c.id for c in other.history(rejected.id, -1)]
        assert other.day_counts(s.day).dials == dials + 1 and s.current_id == rejected.id
        views.append(("undone", dial_view(app)))
        await pilot.press("t")
        await loaded(pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.review is not None
        assert app.screen.review.counts == other.day_counts(s.day)
        views.append(("review", [section(app, name) for name in ("funnel", "pace", *DETAILS)]))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
    return views


async def test_the_same_keys_show_the_same_screens_on_either_backend(
    ana: Store, demo_store: Store, clock: FakeClock
) -> None:
    """The team's app as ana, key by key beside the app on one rep's file with the same data."""
    views: dict[str, Views] = {}
    for backend, store in (("sqlite", demo_store), ("team", ana)):
        its_clock = replace(clock)  # each app from the same instant
        other = known(store.reader())
        try:
            views[backend] = await press_through(
                NextcallApp(Config(), store, its_clock), other, its_clock
            )
        finally:
            other.close()
    assert ana.rep == "ana"
    team, own = views["team"], views["sqlite"]
    assert [step for step, _ in team] == [step for step, _ in own]
    for (step, shown), (_, expected) in zip(team, own, strict=True):
        assert shown == expected, step


def test_no_screen_imports_a_backend() -> None:
    """The screens reach storage through `nextcall.store`'s interface, records and errors only."""
    backends = ("nextcall.store.sqlite", "nextcall.store.postgres")
    found = []
    for path in sorted(Path(nextcall.ui.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            found += [f"{path.name}: {n}" for n in names if n.startswith(backends)]
    assert found == []

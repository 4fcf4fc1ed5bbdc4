"""Team mode offline, on screen: the top bar says how many writes wait in the outbox while the
team database can't be reached, and goes back once the app's timer has sent them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from clocks import FakeClock
from nextcall.config import Config
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.outcomes import REASONS
from nextcall.domain.plan import DayPlan
from nextcall.store.postgres import PostgresStore
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.ritual_screen import RitualScreen
from outbox_support import AT, DAY, Server, log, opened, rows, seed, serving
from pg_cluster import Cluster


@pytest.fixture
def server(pg_cluster: Cluster) -> Iterator[Server]:
    yield from serving(pg_cluster)


def topbar(app: NextcallApp) -> str:
    return str(app.screen.query_one("#topbar", Static).render())


async def test_the_top_bar_says_what_waits_and_goes_back_when_sent(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster, clock: FakeClock
) -> None:
    seed(team_url, 5)
    store = opened(team_url, tmp_path)
    store.set_day_plan(DAY, DayPlan(MEETINGS, 2), AT)
    app = NextcallApp(Config(), store, clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            assert "offline" not in topbar(app)
            server.stop()
            await pilot.press("n")
            await pilot.press("v")
            await pilot.pause()
            assert "offline: 2 waiting" in topbar(app)
            assert "2 dials" in topbar(app)  # the counts go on from the outbox
            sender = app.outbox_sender
            assert sender is not None
            sender.flush()  # the timer's turn: still down, nothing sent, nothing lost
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "offline: 2 waiting" in topbar(app)
            server.start()
            sender.flush()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "offline" not in topbar(app)
            assert "2 dials" in topbar(app)
    finally:
        store.close()
    assert rows(pg_cluster, "SELECT outcome FROM calls ORDER BY id") == [
        ("no_answer",),
        ("voicemail",),
    ]


async def test_the_dial_loop_goes_on_offline(
    team_url: str, tmp_path: Path, server: Server, pg_cluster: Cluster, clock: FakeClock
) -> None:
    """A rejection, its tag, the ritual skipped, the next dial and its outcome on the call
    screen, all while the server is down: kept, shown, and sent once it is back."""
    seed(team_url, 5)
    store = opened(team_url, tmp_path)
    store.set_day_plan(DAY, DayPlan(MEETINGS, 2), AT)
    app = NextcallApp(Config(), store, clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            first = app.session.current
            assert first is not None
            store.history(first.id)  # as the card read it
            server.stop()
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, RitualScreen)
            await pilot.press("1")  # the first reason tag
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, DialScreen)
            clock.advance(4)
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, CallScreen)
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, DialScreen)
            assert "offline: 5 waiting" in topbar(app)  # 2 calls, a tag, the skip, 7 s
            assert "2 dials" in topbar(app)
            server.start()
            sender = app.outbox_sender
            assert sender is not None
            sender.flush()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "offline" not in topbar(app)
    finally:
        store.close()
    calls = rows(
        pg_cluster,
        "SELECT c.outcome, c.reason, p.ritual, p.recovery_s FROM calls c"
        " LEFT JOIN call_private p ON p.call_id = c.id ORDER BY c.id",
    )
    assert calls == [("rejected", REASONS[0], "skipped", 4.0), ("no_answer", None, None, None)]


async def test_a_conflict_is_shown_once(
    team_url: str,
    tmp_path: Path,
    server: Server,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, *_ = seed(team_url, 3)
    store = opened(team_url, tmp_path)
    store.set_day_plan(DAY, DayPlan(MEETINGS, 2), AT)
    app = NextcallApp(Config(), store, clock)
    shown: list[str] = []
    notify = app.notify

    def seen(message: str, **kwargs: Any) -> None:
        shown.append(message)
        notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", seen)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            server.stop()
            log(store, first, "meeting")
            server.start()
            ben = PostgresStore.open(team_url, "ben")
            ben.mark_dnc([first.phone], AT, "asked by phone")
            ben.close()
            sender = app.outbox_sender
            assert sender is not None
            sender.flush()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert sum("do-not-call" in m for m in shown) == 1
            assert "offline" not in topbar(app)
            sender.show_conflicts()  # shown already: kept in the file, not shown again
            assert sum("do-not-call" in m for m in shown) == 1
    finally:
        store.close()

"""The floor (`nextcall floor`) on a real PostgreSQL: two reps' rows and the team's, a refresh
that brings a new outcome, a server that goes away (the last figures stay, it says so, it comes
back), the larger-window view, help; and snapshots at 80x24 and 160x45."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from clocks import FakeClock
from nextcall.config import Config
from nextcall.store import Store
from nextcall.store.postgres import PostgresStore
from nextcall.store.sqlite import SQLiteStore
from nextcall.ui.floor_app import FloorApp
from nextcall.ui.screens.floor import SLOW_SECONDS, FloorScreen
from nextcall.ui.screens.floor_help import FloorHelp
from pg_cluster import Cluster, free_port
from team_rows import DAY, TeamRows, at, two_reps

SnapCompare = Callable[..., bool]
SIZE = (80, 24)


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


async def settle(pilot: Pilot[None]) -> None:
    """Let the read in flight finish (or fail) and its figures reach the screen."""
    screen = pilot.app.screen
    assert isinstance(screen, FloorScreen)
    for _ in range(1000):
        await pilot.pause(0.01)
        if screen.reading is None:
            break
    await pilot.pause()


def reads_running() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "floor read")


def backend_pid(view: PostgresStore) -> int:
    row = view.conn.execute("SELECT pg_backend_pid()").fetchone()
    return int(row[0])


def table_rows(app: FloorApp) -> list[list[str]]:
    """The reps' table's cells, their padding taken off."""
    table = app.screen.query_one("#floor-reps", DataTable)
    return [[str(c).strip() for c in table.get_row_at(k)] for k in range(table.row_count)]


def status(app: FloorApp) -> Static:
    return app.screen.query_one("#floor-status", Static)


def shown(widget: Static) -> str:
    return str(widget.render())


async def test_two_reps_and_the_team(view: PostgresStore, rows: TeamRows, clock: FakeClock) -> None:
    two_reps(rows, clock)
    app = FloorApp(view, clock, every=3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        got = table_rows(app)
        assert got[0][:6] == ["ana", "6", "4", "2", "1", "7/h"]
        assert got[0][6].endswith("]on a call[/]")
        assert got[1][:7] == ["ben", "5", "4", "1", "0", "5/h", "2 min ago"]
        team = [c.replace("[b]", "").replace("[/]", "").strip() for c in got[2][:6]]
        assert team == ["Team", "11", "8", "3", "1", "6/h"]
        audit = shown(app.screen.query_one("#floor-audit", Static))
        assert "89% of the team's tagged no's are budget and timing" in audit
        assert "not tagged" in audit
        progress = shown(app.screen.query_one("#floor-list", Static))
        assert "new" in progress and "5" in progress
        title = shown(app.screen.query_one("#floor-title", Static))
        assert "2 reps dialing · 1 on a call" in title
        assert not status(app).has_class("-problem")


async def test_a_new_outcome_shows_at_the_next_refresh(
    view: PostgresStore, rows: TeamRows, clock: FakeClock
) -> None:
    two_reps(rows, clock)
    app = FloorApp(view, clock, every=3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (p,) = rows.prospects(1)
        rows.call("ben", p, at(DAY, 14, 20, clock.local_tz()), "meeting")
        rows.call("dora", p, at(DAY, 14, 25, clock.local_tz()), "no_answer")
        screen = app.screen
        assert isinstance(screen, FloorScreen)
        screen.refresh_figures()  # the interval's tick
        await settle(pilot)
        got = table_rows(app)
        assert [r[0] for r in got] == ["ana", "ben", "dora", "[b]Team[/]"]
        assert got[1][1:5] == ["6", "5", "2", "1"]
        assert got[3][1].replace(" ", "") == "[b]13[/]"


async def test_the_timer_refreshes_by_itself(
    view: PostgresStore, rows: TeamRows, clock: FakeClock
) -> None:
    app = FloorApp(view, clock, every=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (p,) = rows.prospects(1)
        rows.call("ana", p, at(DAY, 14, 0, clock.local_tz()), "meeting")
        for _ in range(100):
            await pilot.pause(0.05)
            if table_rows(app)[0][0] == "ana":
                break
        assert table_rows(app)[0][:5] == ["ana", "1", "1", "1", "1"]


async def test_a_lost_server_keeps_the_figures_says_so_and_comes_back(
    view: PostgresStore, rows: TeamRows, clock: FakeClock, team_url: str
) -> None:
    """The connection dies and the server can't be reached (a port nobody listens on): the
    floor keeps the last figures and says it is retrying; when the server is back, the next
    refresh reads anew."""
    two_reps(rows, clock)
    app = FloorApp(view, clock, every=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FloorScreen)
        await settle(pilot)
        before = table_rows(app)
        view.conn.close()
        view.url = f"postgresql://nextcall_app@127.0.0.1:{free_port()}/team"
        screen.refresh_figures()
        await settle(pilot)
        assert status(app).has_class("-problem")
        said = shown(status(app))
        assert "can't be reached, retrying" in said and "14:30:00" in said
        assert table_rows(app) == before
        screen.refresh_figures()  # still away: still said, nothing lost
        await settle(pilot)
        assert status(app).has_class("-problem") and table_rows(app) == before
        (p,) = rows.prospects(1)
        rows.call("ana", p, at(DAY, 14, 10, clock.local_tz()), "meeting")
        view.url = team_url  # back
        screen.refresh_figures()
        await settle(pilot)
        assert not status(app).has_class("-problem")
        assert table_rows(app)[0][1] == "7"


async def test_the_server_stopping_for_real(
    view: PostgresStore, rows: TeamRows, clock: FakeClock, pg_cluster: Cluster
) -> None:
    """The server itself stops (a crash) and starts again on the same port."""
    two_reps(rows, clock)
    app = FloorApp(view, clock, every=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FloorScreen)
        await settle(pilot)
        before = table_rows(app)
        pg_cluster.stop("immediate")
        try:
            screen.refresh_figures()
            await settle(pilot)
            assert status(app).has_class("-problem")
            assert table_rows(app) == before
        finally:
            pg_cluster.start()
        screen.refresh_figures()
        await settle(pilot)
        assert not status(app).has_class("-problem")
        assert table_rows(app) == before


async def test_a_hung_read_is_left_to_itself_and_a_new_one_reads(
    view: PostgresStore, rows: TeamRows, clock: FakeClock
) -> None:
    """The server process serving the floor stops answering (SIGSTOP: a dead network looks
    the same): ticks meanwhile start no second read; past SLOW_SECONDS the floor says so and
    reads on a new connection; the hung read, when it comes back, changes nothing."""
    two_reps(rows, clock)
    app = FloorApp(view, clock, every=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FloorScreen)
        await settle(pilot)
        pid = backend_pid(view)
        os.kill(pid, signal.SIGSTOP)
        try:
            screen.refresh_figures()
            hung = screen.reading
            await pilot.pause(0.3)
            screen.refresh_figures()  # a tick while it hangs
            assert screen.reading is hung and hung is not None
            assert not status(app).has_class("-problem")
            (p,) = rows.prospects(1)
            rows.call("ana", p, at(DAY, 14, 10, clock.local_tz()), "meeting")
            clock.advance(SLOW_SECONDS)
            screen.refresh_figures()
            assert "not answering" in shown(status(app))
            assert screen.stuck is hung and screen.reading is not hung
            await settle(pilot)
            assert not status(app).has_class("-problem")
            assert table_rows(app)[0][1] == "7"
        finally:
            os.kill(pid, signal.SIGCONT)
        for _ in range(500):
            await pilot.pause(0.01)
            if screen.stuck is None:
                break
        assert screen.stuck is None and table_rows(app)[0][1] == "7"


async def test_q_quits_while_a_read_hangs(view: PostgresStore, clock: FakeClock) -> None:
    app = FloorApp(view, clock, every=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FloorScreen)
        await settle(pilot)
        pid = backend_pid(view)
        os.kill(pid, signal.SIGSTOP)
        try:
            screen.refresh_figures()
            await pilot.pause(0.2)
            assert screen.reading is not None
            await pilot.press("q")
            await pilot.pause()
            assert not app.is_running
        finally:
            os.kill(pid, signal.SIGCONT)
    for _ in range(500):  # the hung read ends by itself once the server answers
        if not reads_running():
            break
        threading.Event().wait(0.01)
    assert not reads_running()


async def test_a_hostile_rep_name_is_shown_as_text(
    view: PostgresStore, rows: TeamRows, clock: FakeClock
) -> None:
    (p,) = rows.prospects(1)
    rows.call("[b]boss\x1b[2J", p, at(DAY, 14, 0, clock.local_tz()), "no_answer")
    app = FloorApp(view, clock, every=3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cell = app.screen.query_one("#floor-reps", DataTable).get_cell_at((0, 0))  # type: ignore[arg-type]
        assert "\x1b" not in str(cell)
        assert str(cell).startswith("\\[b]boss")


async def test_an_empty_floor(view: PostgresStore, clock: FakeClock) -> None:
    app = FloorApp(view, clock, every=3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#floor-reps", DataTable)
        assert table.border_title == "Today: no rep has dialed yet"
        assert [r[0] for r in table_rows(app)] == ["[b]Team[/]"]
        assert "0 reps dialing" in shown(app.screen.query_one("#floor-title", Static))


async def test_too_small_then_larger(view: PostgresStore, clock: FakeClock) -> None:
    app = FloorApp(view, clock, every=3600)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        small = app.screen.query_one("#floor-small", Static)
        assert small.display and "Make the window larger" in shown(small)
        assert not app.screen.query_one("#floor-body").display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not small.display and app.screen.query_one("#floor-body").display


async def test_help_and_quit(view: PostgresStore, clock: FakeClock) -> None:
    app = FloorApp(view, clock, every=3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, FloorHelp)
        await pilot.press("escape")
        assert isinstance(app.screen, FloorScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (None, 0)


def test_the_command_needs_the_team_database(
    tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from nextcall.cli import floor

    store = SQLiteStore.open(tmp_path / "nextcall.db")
    assert floor.run(argparse.Namespace(), store, clock, Config()) == 2
    assert "the floor needs the team database" in capsys.readouterr().err
    store.close()


class TestFloorSnapshots:
    """The floor with two reps' day at a fixed time (Wed 18 Nov 2026, 14:30 in New York)."""

    @staticmethod
    def app(view: PostgresStore, rows: TeamRows, clock: FakeClock, theme: str) -> FloorApp:
        two_reps(rows, clock)
        return FloorApp(view, clock, theme=theme, every=3600)

    @pytest.mark.parametrize("theme", ["nextcall-dark", "nextcall-light", "nextcall-contrast"])
    def test_80x24(
        self,
        snap_compare: SnapCompare,
        view: PostgresStore,
        rows: TeamRows,
        clock: FakeClock,
        theme: str,
    ) -> None:
        app = self.app(view, rows, clock, theme)
        assert snap_compare(app, terminal_size=(80, 24), run_before=settle)

    def test_160x45(
        self, snap_compare: SnapCompare, view: PostgresStore, rows: TeamRows, clock: FakeClock
    ) -> None:
        app = self.app(view, rows, clock, "nextcall-dark")
        assert snap_compare(app, terminal_size=(160, 45), run_before=settle)

    def test_too_small(
        self, snap_compare: SnapCompare, view: PostgresStore, clock: FakeClock
    ) -> None:
        app = FloorApp(view, clock, every=3600)
        assert snap_compare(app, terminal_size=(40, 12), run_before=settle)

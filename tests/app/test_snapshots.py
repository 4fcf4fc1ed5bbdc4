"""Snapshots of the dial screen with the demo data at a fixed time (Wed 18 Nov 2026, 14:30)."""

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from clocks import FakeClock
from factories import people
from nextcall.config import Config
from nextcall.domain.clock import today
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.plan import DayPlan
from nextcall.services.demo_talk_track import write_sample
from nextcall.store import HistoryCall, Store
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.feel_it import FeelItScreen
from nextcall.ui.screens.ritual_screen import RitualScreen

SnapCompare = Callable[..., bool]
"""pytest-textual-snapshot's fixture: an app and how to drive it (size, keys, run_before) in."""
RunBefore = Callable[[Pilot[None]], Awaitable[None]]

NEW_YORK = ZoneInfo("America/New_York")
THEMES = ("nextcall-dark", "nextcall-light", "nextcall-contrast")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Help shows where the files are from ~: the same words on every run."""
    monkeypatch.setenv("HOME", str(tmp_path))


class TestDialScreen:
    """The main screen: queue, prospect card, ratio panel and footer."""

    @pytest.mark.parametrize("theme", THEMES)
    def test_80x24(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], theme: str
    ) -> None:
        app = app_factory(replace(Config(), theme=theme))
        assert snap_compare(app, terminal_size=(80, 24))

    def test_160x45(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        assert snap_compare(app_factory(), terminal_size=(160, 45))

    def test_after_outcomes(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        assert snap_compare(app_factory(), terminal_size=(80, 24), press=["n", "g", "m", "down"])

    def test_too_small(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        assert snap_compare(app_factory(), terminal_size=(40, 12))

    def test_empty_queue(self, snap_compare: SnapCompare, store: Store, clock: FakeClock) -> None:
        """Worked through: the card says when the retries and the follow-up come back."""
        store.add_prospects(people(3), clock.now())
        store.set_day_plan(today(clock), DayPlan(MEETINGS, 2), clock.now())
        app = NextcallApp(Config(), store, clock)

        async def work_through(pilot: Pilot[None]) -> None:
            await pilot.press("n", "v", "l", "1", "enter")
            await pilot.pause()
            pilot.app.clear_notifications()  # the outcomes' toasts: not what this shows

        assert snap_compare(app, terminal_size=(80, 24), run_before=work_through)

    def test_all_held(self, snap_compare: SnapCompare, store: Store) -> None:
        """06:30 in New York, every prospect in California: held, and when they open."""
        clock = FakeClock(datetime(2026, 11, 18, 6, 30, tzinfo=NEW_YORK), NEW_YORK)
        store.add_prospects(people(3, "415"), clock.now())
        store.set_day_plan(today(clock), DayPlan(MEETINGS, 2), clock.now())
        assert snap_compare(NextcallApp(Config(), store, clock), terminal_size=(80, 24))


class TestPrompts:
    """Help and the follow-up picker over the dial screen."""

    @pytest.mark.parametrize("theme", THEMES)
    def test_help(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], theme: str
    ) -> None:
        app = app_factory(replace(Config(), theme=theme))
        assert snap_compare(app, terminal_size=(80, 24), press=["question_mark"])

    def test_help_on_the_ritual_with_the_reps_keys(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        """Help opened from the ritual: its keys, remapped ones as the rep set them."""
        keys = {**Config().keys, "pause": "z", "timing": "a", "help": "h"}
        app = app_factory(replace(Config(), keys=keys))
        assert snap_compare(app, terminal_size=(80, 24), press=["r", "h"])

    def test_help_scrolled_to_the_end(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        """The call screen's keys and the follow-up picker's, below the dial screen's."""
        assert snap_compare(app_factory(), terminal_size=(80, 24), press=["question_mark", "end"])

    def test_follow_up_picker(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        assert snap_compare(app_factory(), terminal_size=(80, 24), press=["l"])

    def test_follow_up_note(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        """After a quick pick: the chosen day, and the note field focused."""
        assert snap_compare(
            app_factory(), terminal_size=(80, 24), press=["l", "3", *"pricing first"]
        )

    def test_follow_up_time(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        """A time typed for a prospect in Chicago: both clocks, and the calling-hours warning."""
        assert snap_compare(
            app_factory(),
            terminal_size=(80, 24),
            press=["down", "l", "1", "shift+tab", *"9:30pm"],
        )


def _on_the_call(clock: FakeClock, *keys: str) -> RunBefore:
    """A run_before: give the first prospect two older calls, dial, press `keys`, then let
    65 seconds of the call pass."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, NextcallApp)
        store, who = app.session.store, app.session.current
        assert who is not None
        now, day = clock.now(), app.session.day
        store.add_history(
            [
                HistoryCall(who.id, now - timedelta(days=d), day - timedelta(days=d), o, r)
                for d, o, r in [(9, "voicemail", None), (6, "rejected", "timing")]
            ]
        )
        app.session.forget(who.id)
        await pilot.press("d", *keys)
        clock.advance(65)
        assert isinstance(app.screen, CallScreen)
        app.screen.tick()
        await pilot.pause(0.5)  # a note typed is saved

    return run_before


class TestCallScreen:
    """The call after d: the number and running time big, the card, the talk track."""

    @pytest.mark.parametrize("theme", THEMES)
    def test_with_a_talk_track(
        self,
        snap_compare: SnapCompare,
        demo_store: Store,
        clock: FakeClock,
        tmp_path: Path,
        theme: str,
    ) -> None:
        app = NextcallApp(
            replace(Config(), theme=theme), demo_store, clock, talk_track=write_sample(tmp_path)
        )
        assert snap_compare(app, terminal_size=(80, 24), run_before=_on_the_call(clock))

    def test_an_objection_and_a_note(
        self, snap_compare: SnapCompare, demo_store: Store, clock: FakeClock, tmp_path: Path
    ) -> None:
        """`2` shows the budget section; `e` opens the note, shown on the card as typed."""
        app = NextcallApp(Config(), demo_store, clock, talk_track=write_sample(tmp_path))
        keys = ("2", "e", *"Budget set in March", "enter", *"by Priya")
        assert snap_compare(app, terminal_size=(80, 24), run_before=_on_the_call(clock, *keys))

    def test_without_a_talk_track(
        self, snap_compare: SnapCompare, demo_store: Store, clock: FakeClock
    ) -> None:
        missing = Path("/home/rep/.config/nextcall/talk_track.md")  # the same on every machine
        app = NextcallApp(Config(), demo_store, clock, talk_track=missing)
        assert snap_compare(app, terminal_size=(80, 24), run_before=_on_the_call(clock))


async def _review_loaded(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class TestReview:
    """The review (t) over the demo's eight weeks, once its figures have been read."""

    @pytest.mark.parametrize("theme", THEMES)
    def test_80x24(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], theme: str
    ) -> None:
        app = app_factory(replace(Config(), theme=theme))
        assert snap_compare(app, terminal_size=(80, 24), press=["t"], run_before=_review_loaded)

    def test_160x45(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        assert snap_compare(
            app_factory(), terminal_size=(160, 45), press=["t"], run_before=_review_loaded
        )

    def test_week_160x45(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        async def week(pilot: Pilot[None]) -> None:
            await pilot.press("t", "w")
            await _review_loaded(pilot)

        assert snap_compare(app_factory(), terminal_size=(160, 45), run_before=week)


class TestDayAndBlock:
    """The day plan dialog on a new working day, and the end of a call block."""

    def test_day_plan(
        self, snap_compare: SnapCompare, unplanned_store: Store, clock: FakeClock
    ) -> None:
        app = NextcallApp(Config(), unplanned_store, clock)
        assert snap_compare(app, terminal_size=(80, 24))

    def test_block_summary(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        async def block(pilot: Pilot[None]) -> None:
            await pilot.press("k", "n", "g", "v", "m", "c", "n")
            clock.advance(45 * 60)
            pilot.app.clear_notifications()  # the outcomes' toasts are long gone after 45 min
            await pilot.press("k")
            await pilot.pause()

        assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=block)


def _ritual_at(clock: FakeClock, seconds: float, *keys: str) -> RunBefore:
    """A run_before: log a rejection, press `keys`, then move the clock by `seconds`."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*keys)
        clock.advance(seconds)
        assert isinstance(pilot.app.screen, RitualScreen | FeelItScreen)
        pilot.app.screen.tick()
        await pilot.pause()

    return run_before


class TestRitual:
    """The recovery ritual after r, each phase, and the feel-it timer."""

    def test_reset_with_a_tag(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        assert snap_compare(
            app_factory(), terminal_size=(80, 24), run_before=_ritual_at(clock, 2.2, "2")
        )

    def test_paused(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        assert snap_compare(
            app_factory(), terminal_size=(80, 24), run_before=_ritual_at(clock, 3, "p")
        )

    def test_reframe(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        assert snap_compare(
            app_factory(), terminal_size=(80, 24), run_before=_ritual_at(clock, 11.5)
        )

    def test_dial(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=_ritual_at(clock, 16))

    def test_feel_it(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        assert snap_compare(
            app_factory(),
            terminal_size=(80, 24),
            run_before=_ritual_at(clock, 42.5, "f", *"said no budget", "tab"),
        )

    def test_feel_it_time_up(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], clock: FakeClock
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("f")
            await pilot.pause()
            pilot.app.bell = lambda: None  # type: ignore[method-assign]  # a silent bell
            for _ in range(20):
                clock.advance(15)
                assert isinstance(pilot.app.screen, FeelItScreen)
                pilot.app.screen.tick()
            await pilot.pause()

        assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)

    def test_perspective_check(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("f")
            await pilot.pause()
            await pilot.press("f2")

        assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)


class TestProspectView:
    """The prospect view (i) for the prospect just rejected, after a tag and a feel-it debrief."""

    def test_80x24(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(pilot.app.screen, RitualScreen)
            rejected = pilot.app.screen.context.rejected.id
            await pilot.press("2", "f")
            await pilot.pause()
            await pilot.press(*"no budget", "tab", *"no pain", "tab", "escape", "escape")
            await pilot.pause()
            assert isinstance(pilot.app.screen, DialScreen)
            pilot.app.clear_notifications()
            pilot.app.screen.open_prospect(rejected)
            await pilot.pause()

        assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)


class TestSettings:
    """The settings screen at 80x24: a tab of settings, and the keys."""

    @pytest.mark.parametrize("theme", THEMES)
    def test_ritual(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], theme: str
    ) -> None:
        app = app_factory(replace(Config(), theme=theme))
        assert snap_compare(app, terminal_size=(80, 24), press=["comma"])

    @pytest.mark.parametrize("theme", THEMES)
    def test_keys(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp], theme: str
    ) -> None:
        async def to_the_keys(pilot: Pilot[None]) -> None:
            await pilot.press("comma")
            pilot.app.screen.query_one(TabbedContent).active = "tab-keys"
            await pilot.pause()

        app = app_factory(replace(Config(), theme=theme))
        assert snap_compare(app, terminal_size=(80, 24), run_before=to_the_keys)

    def test_a_refused_value(
        self, snap_compare: SnapCompare, app_factory: Callable[..., NextcallApp]
    ) -> None:
        """The loader's words under the field, and in a toast."""

        async def refuse(pilot: Pilot[None]) -> None:
            await pilot.press("comma")
            pilot.app.screen.query_one("#field-ritual-reset_seconds", Input).value = "0"
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()

        assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=refuse)

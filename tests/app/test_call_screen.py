"""The call screen at 80x24: the prospect's card and notes without a key, a note written as the
rep talks (in the database before the outcome key), the talk track and its objection sections,
the running time, and a window too small for it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rich.markdown import Markdown
from textual.pilot import Pilot
from textual.widgets import Digits, Static, TextArea

from clocks import FakeClock
from factories import known
from fake_baresip import FakeBaresip, call_event
from nextcall.config import Config, SoftphoneConfig
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.plan import DayPlan
from nextcall.domain.ritual import TAG_KEYS
from nextcall.io.talk_track import OBJECTIONS
from nextcall.services.demo_talk_track import SAMPLE
from nextcall.store import NewProspect, Store
from nextcall.store.errors import StoreError
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.call import CallScreen, running_time
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.widgets.call_card import CallCard
from nextcall.ui.widgets.prospect_card import ProspectCard
from nextcall.ui.widgets.talk_track_view import TalkTrackView

SIZE = (80, 24)
GATEKEEPER = "Gatekeeper: ask for Em, not Emily"
TRACK = "Open with the reason you called.\n\n" + "\n".join(
    f"## {reason.capitalize()}\nAnswer to {reason}: line one.\n" for reason in OBJECTIONS
)


def app_with(
    store: Store, clock: FakeClock, track: Path | None, config: Config | None = None
) -> NextcallApp:
    """Em Stone (with the gatekeeper note) first in the queue, and a day plan already set."""
    store.add_prospects(
        [
            NewProspect(
                "Em Stone",
                "+12125550123",
                "+1 212-555-0123",
                company="Stone & Co",
                title="Head of Ops",
                notes=GATEKEEPER,
                timezone="America/New_York",
            ),
            NewProspect("Next One", "+12125550124", "+1 212-555-0124"),
        ],
        clock.now(),
    )
    store.set_day_plan(date(2026, 11, 18), DayPlan(MEETINGS, 2), clock.now())
    return NextcallApp(config or Config(), store, clock, talk_track=track)


def card_text(app: NextcallApp) -> str:
    return str(app.screen.query_one(CallCard).render())


def track_view(app: NextcallApp) -> TalkTrackView:
    return app.screen.query_one(TalkTrackView)


def track_text(app: NextcallApp) -> str:
    """What the talk track shows: a Markdown source, or a line as plain text."""
    content = track_view(app).query_one(Static).content
    return (
        content.markup
        if isinstance(content, Markdown)
        else str(track_view(app).query_one(Static).render())
    )


def em_notes(store: Store) -> str:
    return known(store.search("Em Stone", 1)[0]).notes


@pytest.fixture
def track_file(tmp_path: Path) -> Path:
    path = tmp_path / "config" / "talk_track.md"
    path.parent.mkdir()
    path.write_text(TRACK)
    return path


async def test_the_card_shows_the_prospect_and_notes_without_a_key(
    store: Store, clock: FakeClock
) -> None:
    app = app_with(store, clock, None)
    async with app.run_test(size=SIZE) as pilot:
        em = known(app.session.current)
        await pilot.press("d")
        assert isinstance(app.screen, CallScreen)
        text = card_text(app)
        for part in ("Em Stone", "Head of Ops", "Stone & Co", "14:30 EST there", GATEKEEPER):
            assert part in text
        assert "First call to this prospect." in text
        assert app.screen.query_one("#number", Digits).value == em.phone_display.replace("-", " ")
        card = app.screen.query_one(CallCard)
        assert card.region.bottom <= SIZE[1] - 2 and card.region.height > 0  # not scrolled off


async def test_the_last_three_calls_with_their_reasons(store: Store, clock: FakeClock) -> None:
    from datetime import timedelta

    from nextcall.store import HistoryCall

    app = app_with(store, clock, None)
    pid = store.queue_ids(clock.now(), clock.now())[0]
    day = date(2026, 11, 18)
    calls = [
        HistoryCall(pid, clock.now() - timedelta(days=d), day - timedelta(days=d), o, r)
        for d, o, r in [
            (9, "no_answer", None),
            (7, "voicemail", None),
            (5, "gatekeeper", None),
            (2, "rejected", "budget"),
        ]
    ]
    store.add_history(calls)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        text = card_text(app)
        assert "Last calls: Mon 16 Nov  rejected · budget" in text
        assert "Fri 13 Nov  gatekeeper" in text and "Wed 11 Nov  voicemail" in text
        assert "09 Nov" not in text  # three calls, no more


async def test_a_note_written_during_the_call_is_stored_before_the_outcome(
    store: Store, clock: FakeClock
) -> None:
    app = app_with(store, clock, None)
    async with app.run_test(size=SIZE) as pilot:
        dials = app.session.counts.dials
        await pilot.press("d", "e")
        assert isinstance(app.focused, TextArea)
        # Outcome letters (n, v, m...) and the call keys (d, 1, 0) are text while typing.
        await pilot.press(*"Em moved: budget in March", "enter", *"call vm 10am d1")
        assert isinstance(app.screen, CallScreen) and app.session.counts.dials == dials
        assert "18 Nov: Em moved: budget in March\ncall vm 10am d1" in card_text(app)  # at once
        await pilot.pause(0.5)  # the save follows the typing within 0.3 s
        expected = f"{GATEKEEPER}\n18 Nov: Em moved: budget in March\ncall vm 10am d1"
        assert em_notes(store) == expected  # stored while the call is still open
        await pilot.press("escape")  # out of the note, back to the call keys
        assert isinstance(app.screen, CallScreen) and app.focused is None
        await pilot.press("e", *" ok")  # the same note goes on, in the same entry
        await pilot.press("escape", "v")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert app.session.counts.dials == dials + 1
        assert em_notes(store) == expected + " ok"
        em = known(store.search("Em Stone", 1)[0])
        assert store.history(em.id)[0].outcome == "voicemail"


async def test_the_note_is_written_when_the_call_closes_at_once(
    store: Store, clock: FakeClock
) -> None:
    """No wait for the save's timer: escape and the outcome key write it first."""
    app = app_with(store, clock, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "e", *"quick", "escape")
        assert em_notes(store).endswith("18 Nov: quick")
        await pilot.press("escape")  # back to the queue, nothing logged: the note stays
        await pilot.pause()
        assert isinstance(app.screen, DialScreen) and app.session.counts.dials == 0
        assert "18 Nov: quick" in str(app.screen.query_one(ProspectCard).render())


async def test_a_note_that_cannot_be_saved_keeps_the_words(
    store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_with(store, clock, None)
    seen: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        seen.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)

    def fail(*args: object) -> None:
        raise StoreError("disk is full")

    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(store, "set_call_note", fail)
        await pilot.press("d", "e", *"budget in March")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CallScreen)
        assert app.screen.query_one(TextArea).text == "budget in March"  # still there
        await pilot.press("escape", "n")
        await pilot.pause()
        assert app.session.counts.dials == 1  # the call is logged all the same
    errors = [m for m in seen if "not saved" in m or "It said" in m]
    assert errors[0].startswith("Note not saved: disk is full")
    assert errors[-1] == "It said: budget in March"


async def test_keys_1_to_6_show_their_section_and_0_the_whole_track(
    store: Store, clock: FakeClock, track_file: Path
) -> None:
    app = app_with(store, clock, track_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert track_text(app) == TRACK
        assert track_view(app).border_title == "Talk track"
        for key, reason in TAG_KEYS:
            if reason not in OBJECTIONS:
                continue
            await pilot.press(key)
            assert track_text(app) == f"## {reason.capitalize()}\nAnswer to {reason}: line one."
            assert track_view(app).border_title == f"Talk track · {reason}"
        await pilot.press("0")
        assert track_text(app) == TRACK
        await pilot.press("n")  # the outcome keys still log
        await pilot.pause()
        assert isinstance(app.screen, DialScreen) and app.session.counts.dials == 1


async def test_a_missing_section_says_how_to_add_it(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "talk_track.md"
    path.write_text("Hello.\n## budget\nAsk.")
    app = app_with(store, clock, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "3")
        assert "No ## competitor section in talk_track.md" in track_text(app)
        await pilot.press("2")
        assert track_text(app) == "## budget\nAsk."


async def test_pgup_and_pgdn_scroll_the_track(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "talk_track.md"
    path.write_text("\n\n".join(f"Line {i} of the opener." for i in range(60)))
    app = app_with(store, clock, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        view = track_view(app)
        assert view.scroll_y == 0 and view.max_scroll_y > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert view.scroll_y == 0
        await pilot.press("pagedown", "1")  # a section starts from its top
        await pilot.pause()
        assert view.scroll_y == 0


async def test_no_file_says_where_to_write_one(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "talk_track.md"
    app = app_with(store, clock, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        first = track_text(app).split("\n")[0]
        assert first == f"No talk track yet: write one in Markdown at {path}"
        await pilot.press("2")  # nothing to show: still the hint, no error
        assert track_text(app).startswith("No talk track yet")


async def test_the_file_is_read_as_each_call_opens(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "talk_track.md"
    app = app_with(store, clock, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "escape")
        path.write_text("## need\nAsk why now.")
        await pilot.press("d", "5")
        assert track_text(app) == "## need\nAsk why now."


async def test_a_file_that_is_not_utf8_is_one_line_not_a_traceback(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "talk_track.md"
    path.write_bytes(b"## budget\n\xe9t\xe9\n")
    app = app_with(store, clock, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "2")
        assert track_text(app) == f"{path} is not UTF-8 text: save it as UTF-8"
        await pilot.press("n")
        await pilot.pause()
        assert app.session.counts.dials == 1


async def test_escape_sequences_in_the_file_reach_the_screen_as_text(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "talk_track.md"
    path.write_text("## value\n\x1b]52;c;cHduZWQ=\x07Say [b]this[/b] \x1b[2J\n")
    app = app_with(store, clock, path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "6")
        assert track_text(app) == "## value\n]52;c;cHduZWQ=Say [b]this[/b] [2J"
        assert app.is_running


async def test_the_running_time_counts_from_the_dial(store: Store, clock: FakeClock) -> None:
    app = app_with(store, clock, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, CallScreen)
        timer = screen.query_one("#timer", Digits)
        assert timer.value == "0:00"
        clock.advance(65)
        screen.tick()
        assert timer.value == "1:05"
    assert running_time(3723.9) == "1:02:03" and running_time(-1) == "0:00"


async def test_with_baresip_the_time_counts_from_the_answer(store: Store, clock: FakeClock) -> None:
    fake = FakeBaresip()
    fake.after_dial = [call_event("CALL_RINGING")]
    config = Config(softphone=SoftphoneConfig(adapter="baresip", address=await fake.start()))
    app = app_with(store, clock, None, config)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("d")
            screen = app.screen
            assert isinstance(screen, CallScreen)
            timer = screen.query_one("#timer", Digits)
            await settle(pilot, screen, "Ringing")
            clock.advance(20)  # twenty seconds of ringing do not count
            screen.tick()
            assert timer.value == "0:00" and timer.has_class("-waiting")
            await fake.push(call_event("CALL_ESTABLISHED"))
            await settle(pilot, screen, "Connected")
            clock.advance(42)
            screen.tick()
            assert timer.value == "0:42" and not timer.has_class("-waiting")
            await fake.push(call_event("CALL_CLOSED", "Connection reset by peer"))
            await settle(pilot, screen, "Call ended")
            clock.advance(30)  # the call is over: the time stops
            screen.tick()
            assert timer.value == "0:42"
    finally:
        await fake.stop()


async def settle(pilot: Pilot[None], screen: CallScreen, text: str) -> None:
    async with asyncio.timeout(3):
        while text not in str(screen.query_one("#call-status", Static).render()):
            await pilot.pause(0.02)


async def test_too_small_a_window_says_so_and_the_outcome_keys_still_log(
    store: Store, clock: FakeClock
) -> None:
    app = app_with(store, clock, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.resize_terminal(50, 14)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CallScreen) and screen.has_class("-too-small")
        assert screen.query_one("#call-too-small").display
        await pilot.press("e")  # nothing the rep cannot see opens
        assert not screen.query_one(TextArea).display
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert not screen.has_class("-too-small")
        await pilot.resize_terminal(50, 14)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.session.counts.dials == 1


async def test_the_demo_ships_a_talk_track_in_its_folder(tmp_path: Path) -> None:
    import argparse

    from nextcall.cli.tui import talk_track_path
    from nextcall.io.talk_track import read

    demo = tmp_path / "demo"
    demo.mkdir()
    args = argparse.Namespace(demo=True)
    path = talk_track_path(args, Config(), tmp_path / "config.toml", demo)
    assert path == demo / "talk_track.md" and path.read_text() == SAMPLE
    track = read(path)
    assert track is not None and set(track.sections) == set(OBJECTIONS)
    path.write_text("mine")  # the rep's edits to the demo's file are kept
    assert talk_track_path(args, Config(), tmp_path / "config.toml", demo) == path
    assert path.read_text() == "mine"
    real = argparse.Namespace(demo=False)
    config = tmp_path / "conf" / "config.toml"
    assert talk_track_path(real, Config(), config, demo) == config.parent / "talk_track.md"


async def test_a_follow_ups_card_shows_the_note_as_typed(
    app_factory: Callable[..., NextcallApp],
) -> None:
    """The demo's first prospect is a follow-up due today: its card has a line more."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "e", *"Budget set")
        text = card_text(app)
        assert "Follow-up due today" in text and text.endswith("\n18 Nov: Budget set")

"""Every write a screen makes can fail: the store says why with a `StoreError`, the screen says it
in a toast, keeps what the rep typed where it can, and the app keeps running."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from textual.widgets import Checkbox, Static

from clocks import FakeClock
from nextcall.config import Config
from nextcall.domain.prospects import Lifecycle
from nextcall.store import Store
from nextcall.store.errors import StoreError
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.call import CallScreen
from nextcall.ui.screens.day_plan import DayPlanPrompt
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.feel_it import FeelItScreen
from nextcall.ui.screens.prompts import FollowUpPrompt
from nextcall.ui.screens.review import ReviewScreen
from nextcall.ui.screens.ritual_screen import RitualScreen

AppFactory = Callable[..., NextcallApp]
SIZE = (80, 24)


@dataclass(frozen=True)
class Note:
    message: str
    severity: str


def toasts(app: NextcallApp, monkeypatch: pytest.MonkeyPatch) -> list[Note]:
    """Every notification the app shows, with its severity."""
    seen: list[Note] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        seen.append(Note(message, str(kwargs.get("severity", "information"))))
        original(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)
    return seen


def disk_full(store: Store, method: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the store's `method` fails as a full disk would."""

    def fail(*args: object, **kwargs: object) -> None:
        raise StoreError("disk is full")

    monkeypatch.setattr(store, method, fail)


def errors(seen: list[Note]) -> list[str]:
    return [n.message for n in seen if n.severity == "error"]


# -- the dial screen ---------------------------------------------------------------------------


async def test_a_note_that_was_not_saved_keeps_the_words(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = toasts(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        who = app.session.current
        assert who is not None
        disk_full(store, "add_note", monkeypatch)
        await pilot.press("e", *"call after 3pm", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert errors(seen) == ["Note not saved: disk is full\nIt said: call after 3pm"]
        assert "Note saved." not in [n.message for n in seen]
        assert "call after 3pm" not in (store.prospect(who.id).notes or "")  # type: ignore[union-attr]
        await pilot.press("s")  # the app goes on
        assert app.session.current_id != who.id


async def test_a_win_that_was_not_saved_keeps_the_words(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = toasts(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        before = len(s.store.wins(s.day, s.day))
        disk_full(s.store, "add_win", monkeypatch)
        await pilot.press("plus", *"got the email", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert errors(seen) == ["Win not saved: disk is full\nIt said: got the email"]
        assert len(s.store.wins(s.day, s.day)) == before


@pytest.mark.parametrize(
    ("method", "keys", "toast"),
    [
        ("log_outcome", ("n",), "Not logged: disk is full"),
        ("undo_last", ("u",), "Could not undo: disk is full"),
        ("start_block", ("k",), "The block did not start: disk is full"),
        ("discard_block", ("k", "k"), "The block was not saved: disk is full"),
    ],
)
async def test_a_failed_write_from_a_dial_screen_key(
    app_factory: AppFactory,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    keys: tuple[str, ...],
    toast: str,
) -> None:
    app = app_factory()
    seen = toasts(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        s = app.session
        who, dials = s.current_id, s.counts.dials
        disk_full(s.store, method, monkeypatch)
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert errors(seen) == [toast]
        assert (s.current_id, s.counts.dials) == (who, dials)  # nothing moved, nothing counted


async def test_a_recovery_time_not_saved_still_dials(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = toasts(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        disk_full(app.session.store, "set_recovery", monkeypatch)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert errors(seen) == ["The recovery time was not saved: disk is full"]


async def test_a_failed_checkpoint_is_tried_again_next_minute(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = toasts(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, DialScreen)
        disk_full(app.session.store, "checkpoint", monkeypatch)
        screen.refresh_queue()  # the minute timer's work
        await pilot.pause()
        assert errors(seen) == [] and app.is_running


async def test_a_plan_that_was_not_saved(
    unplanned_store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = NextcallApp(Config(), unplanned_store, clock)
    seen = toasts(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DayPlanPrompt)
        disk_full(unplanned_store, "set_day_plan", monkeypatch)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert errors(seen) == ["The plan was not saved: disk is full"]


# -- the ritual and the feel-it timer ----------------------------------------------------------


async def test_a_tag_that_was_not_saved(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = toasts(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        disk_full(app.session.store, "set_reason", monkeypatch)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen) and app.screen.ritual.reason is None
        assert errors(seen) == ["The tag was not saved: disk is full"]


async def test_a_follow_up_and_do_not_call_not_saved_in_the_ritual(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = toasts(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen)
        who = app.screen.context.rejected
        disk_full(store, "schedule_follow_up", monkeypatch)
        disk_full(store, "mark_dnc", monkeypatch)
        await pilot.press("l")
        assert isinstance(app.screen, FollowUpPrompt)
        await pilot.press("3", "enter")
        await pilot.pause()
        await pilot.press("x", "x")
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen)
        assert errors(seen) == [
            "No follow-up set: disk is full",
            "Not marked do-not-call: disk is full",
        ]
        assert not store.is_dnc(who.phone)


async def test_the_ritual_ending_not_saved_goes_back_to_the_queue(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = toasts(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        disk_full(app.session.store, "set_ritual", monkeypatch)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)
        assert errors(seen) == ["The ritual's ending was not saved: disk is full"]


async def test_f_opens_the_timer_when_its_start_was_not_saved(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = toasts(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")  # the rejection still waits for its next dial
        await pilot.pause()
        disk_full(app.session.store, "set_ritual", monkeypatch)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FeelItScreen)
        assert errors(seen) == ["Not saved: disk is full"]


async def test_a_debrief_and_a_touchpoint_not_saved_in_the_feel_it_timer(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    seen = toasts(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        store = app.session.store
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RitualScreen)
        who = app.screen.context.rejected
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FeelItScreen)
        disk_full(store, "set_debrief", monkeypatch)
        disk_full(store, "schedule_follow_up", monkeypatch)
        await pilot.press(*"no budget", "tab")
        await pilot.pause()
        assert errors(seen) == ["The debrief was not saved: disk is full"]
        app.screen.query_one("#feel-touchpoint", Checkbox).focus()
        await pilot.press("space", "3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FeelItScreen)
        # The debrief's own save (it runs when typing pauses) may report again around it.
        assert "No follow-up set: disk is full" in errors(seen)
        assert not app.screen.query_one("#feel-touchpoint", Checkbox).value
        assert store.prospect(who.id).state.lifecycle is Lifecycle.ARCHIVED


# -- the review --------------------------------------------------------------------------------


async def test_the_review_says_when_its_figures_cannot_be_read(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nextcall.ui.screens.review as review_module

    def fail(*args: object, **kwargs: object) -> None:
        raise StoreError("disk I/O error")

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(review_module, "load_headline", fail)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        funnel = str(app.screen.query_one("#review-funnel", Static).render())
        assert "Could not read the figures: disk I/O error" in funnel
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DialScreen)

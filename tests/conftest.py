"""Shared fixtures: a fake clock, temporary stores (empty or demo-seeded) and an app factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from clocks import FakeClock
from nextcall.config import Config
from nextcall.domain.clock import today
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.plan import DayPlan
from nextcall.services.demo import seed
from nextcall.store import Store
from nextcall.store.sqlite import SQLiteStore

pytest_plugins = ["team_fixtures", "team_cli_fixtures"]

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 18, 14, 30, tzinfo=NEW_YORK)
"""A Wednesday afternoon: calling hours are open across the US."""


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's folders."""
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.delenv("NEXTCALL_DATA_DIR", raising=False)
    monkeypatch.delenv("NEXTCALL_CONFIG", raising=False)
    monkeypatch.delenv("NEXTCALL_DATABASE_URL", raising=False)  # one rep's own file


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW, NEW_YORK)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore.open(tmp_path / "data" / "nextcall.db")
    yield s
    s.close()


@pytest.fixture
def demo_store(store: Store, clock: FakeClock) -> Store:
    """The demo data with today's plan already set (the day plan dialog stays away)."""
    seed(store, clock)
    store.set_day_plan(today(clock), DayPlan(MEETINGS, Config().day.target_meetings), clock.now())
    return store


@pytest.fixture
def unplanned_store(store: Store, clock: FakeClock) -> Store:
    """The demo data as a new working day starts: no plan for today yet."""
    seed(store, clock)
    return store


@pytest.fixture
def app_factory(demo_store: Store, clock: FakeClock) -> Callable[..., object]:
    from nextcall.ui.app import NextcallApp

    def make(config: Config | None = None) -> NextcallApp:
        return NextcallApp(config or Config(), demo_store, clock)

    return make

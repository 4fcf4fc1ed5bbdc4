"""The text charts, and `nextcall stats` printing the review's figures with Rich (the demo's data on
one rep's file and on the team database)."""

import pytest
from rich.console import Console

from clocks import FakeClock
from nextcall.cli.stats import collect, print_table, review
from nextcall.domain.clock import today
from nextcall.store import Store
from nextcall.ui.text import columns, hbar, spark


@pytest.fixture
def store(any_store: Store) -> Store:
    """Each test on one rep's file and on the team database (as ana); `demo_store` seeds
    this store too."""
    return any_store


def test_hbar_in_eighths() -> None:
    assert hbar(10, 10, 4) == "████"
    assert hbar(5, 10, 4) == "██"
    assert hbar(1, 16, 2) == "▏"  # one eighth of two cells
    assert hbar(0.001, 100, 4) == "▏"  # any non-zero value shows
    assert hbar(0, 10, 4) == "" and hbar(3, 0, 4) == ""
    assert hbar(20, 10, 4) == "████"  # capped


def test_spark_marks_missing_values() -> None:
    assert spark([1.0, None, 2.0]) == "▄·█"
    assert spark([None, None]) == "··"


def test_columns_have_a_label_row() -> None:
    rows = columns([0, 4, 8], ["09", "10", "11"], 2, "$primary")
    assert len(rows) == 3
    assert rows[-1] == "[dim]09 10 11[/]"
    assert rows[0] == "[$primary]      ██[/]"  # only the top value reaches the top row
    assert rows[1] == "[$primary]   ██ ██[/]"


def test_stats_prints_the_reviews_figures(demo_store: Store, clock: FakeClock) -> None:
    console = Console(record=True, width=100, color_system=None)
    day = today(clock)
    report = review(demo_store, clock, day, True)
    print_table(collect(report, demo_store.count_kept()), report, console)
    text = console.export_text()
    for words in (
        "Dials",
        "avg",
        "Where the no's came from",
        "Recovery median",
        "Wins jar",
        "Follow-ups due today 3",
        "week",
    ):
        assert words in text
    data = collect(report, demo_store.count_kept())
    assert sum(d["dials"] for d in data["by_day"].values()) == data["dials"]
    assert data["plan"] is None or data["plan"]["kind"] == "meetings"

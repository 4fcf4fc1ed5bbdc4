"""The command line: stats, config errors, a second TUI, the demo."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nextcall.__main__ import main
from nextcall.store.sqlite.lock import InstanceLock

SPEC_FIELDS = {
    "day",
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


def test_stats_json_on_an_empty_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path), "stats", "--day", "2026-11-18", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= SPEC_FIELDS
    assert data["day"] == "2026-11-18" and data["dials"] == 0
    assert data["dials_per_meeting"] is None and data["recovery_median_s"] is None
    assert set(data["by_outcome"]) == {
        "no_answer",
        "voicemail",
        "bad_number",
        "gatekeeper",
        "rejected",
        "conversation",
        "later",
        "meeting",
    }
    assert set(data["by_reason"]) == {
        "timing",
        "budget",
        "competitor",
        "authority",
        "need",
        "value",
        "hung_up",
    }


def test_demo_stats_never_touch_the_real_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real"
    monkeypatch.setenv("NEXTCALL_DATA_DIR", str(real))
    assert main(["--demo", "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dials"] > 0 and data["prospects"] == 40
    assert not real.exists()
    assert main(["--demo", "stats", "--week"]) == 0
    assert "week" in capsys.readouterr().out


def test_a_broken_config_stops_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[day]\ntarget_meetings = -1\n")
    code = main(["--config", str(config), "--data-dir", str(tmp_path), "stats"])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{config}:2" in err and "[day] target_meetings" in err


def test_config_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "mine.toml"
    config.write_text("colour = 'red'\n")
    monkeypatch.setenv("NEXTCALL_CONFIG", str(config))
    assert main(["--data-dir", str(tmp_path), "stats"]) == 2
    assert "colour: unknown setting" in capsys.readouterr().err


def test_a_second_tui_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    running = InstanceLock(tmp_path / "nextcall.lock")
    running.acquire()
    try:
        assert main(["--data-dir", str(tmp_path)]) == 1
        assert "already running" in capsys.readouterr().err
        assert main(["--data-dir", str(tmp_path), "stats", "--json"]) == 0
    finally:
        running.release()


def test_a_foreign_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "nextcall.db").write_bytes(b"not sqlite" * 500)
    assert main(["--data-dir", str(tmp_path), "stats"]) == 1
    assert str(tmp_path / "nextcall.db") in capsys.readouterr().err


def test_a_bad_day_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(tmp_path), "stats", "--day", "yesterday"])
    assert info.value.code == 2


def test_demo_stats_never_rebuild_a_running_demo(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nextcall import paths
    from nextcall.store.sqlite import SQLiteStore

    assert main(["--demo", "stats", "--json"]) == 0  # makes today's demo
    capsys.readouterr()
    path = paths.demo_dir() / paths.DATABASE_NAME
    store = SQLiteStore.open(path)
    store.set_meta("demo_day", "2000-01-01")  # as if a demo app had been open since then
    store.close()
    running = InstanceLock(paths.demo_dir() / "nextcall.lock")
    running.acquire()
    try:
        assert main(["--demo", "stats", "--json"]) == 0
    finally:
        running.release()
    assert SQLiteStore.open(path).get_meta("demo_day") == "2000-01-01"  # not rebuilt under it


@pytest.mark.slow
def test_stats_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`nextcall stats | head -1`: no BrokenPipeError traceback."""

    env = {
        **os.environ,
        "NEXTCALL_DATA_DIR": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "nextcall", "--demo", "stats", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None
    child.stdout.close()  # the reader is gone before the report is written
    _, err = child.communicate(timeout=60)
    assert b"Traceback" not in err
    assert child.returncode == 0

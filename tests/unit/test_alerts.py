"""The desktop notification: notify-send without a shell when present, nothing when absent."""

import os
import time
from pathlib import Path

import pytest

from nextcall.io.notification import desktop_notify


def test_absent_notify_send_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert desktop_notify("title", "body") is False


def test_notify_send_gets_the_text_as_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "args.txt"
    fake = tmp_path / "notify-send"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {out}\n')
    fake.chmod(0o700)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    assert desktop_notify("Time's up", "$(touch pwned); next call") is True
    for _ in range(100):
        if out.exists() and out.read_text().count("\n") >= 4:
            break
        time.sleep(0.02)
    assert out.read_text().splitlines() == [
        "--app-name=nextcall",
        "--",
        "Time's up",
        "$(touch pwned); next call",
    ]
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()

"""One TUI per database."""

import os
from pathlib import Path

import pytest

from nextcall.store.sqlite.lock import AlreadyRunning, InstanceLock


def test_a_second_holder_is_refused_with_the_first_named(tmp_path: Path) -> None:
    first = InstanceLock(tmp_path / "nextcall.lock")
    first.acquire()
    with pytest.raises(AlreadyRunning, match=f"pid {os.getpid()}") as info:
        InstanceLock(tmp_path / "nextcall.lock").acquire()
    assert "nextcall stats" in str(info.value)
    first.release()
    again = InstanceLock(tmp_path / "nextcall.lock")
    again.acquire()
    again.release()

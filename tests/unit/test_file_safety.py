"""Files nextcall writes or makes (issue 10, item 6): `export -o --force` replaces only a regular
file, the lock file is never followed through a link, the folders it makes are the rep's alone."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from nextcall.__main__ import main
from nextcall.paths import ensure_private_dir
from nextcall.store.sqlite.lock import AlreadyRunning, InstanceLock, UnsafeLockFile


@pytest.fixture
def cli(tmp_path: Path) -> list[str]:
    return ["--data-dir", str(tmp_path / "data"), "--config", str(tmp_path / "none.toml")]


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_export_force_refuses_a_fifo(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert main([*cli, "export", "calls", "-o", str(fifo), "--force"]) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and str(fifo) in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the pipe was replaced"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".nextcall-export")] == []


def test_export_force_refuses_a_socket(
    cli: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.csv"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        assert main([*cli, "export", "prospects", "-o", str(path), "--force"]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_export_force_still_replaces_a_regular_file(cli: list[str], tmp_path: Path) -> None:
    target = tmp_path / "calls.csv"
    target.write_text("old")
    assert main([*cli, "export", "calls", "-o", str(target), "--force"]) == 0
    assert target.read_text() != "old"


def test_the_lock_file_is_never_followed_through_a_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (tmp_path / "nextcall.lock").symlink_to(elsewhere)
    with pytest.raises(UnsafeLockFile, match="symbolic link") as caught:
        InstanceLock(tmp_path / "nextcall.lock").acquire()
    assert isinstance(caught.value, AlreadyRunning)  # every caller refuses it as it refuses one
    assert not elsewhere.exists(), "the link was followed and its target made"
    mine = tmp_path / "mine.txt"
    mine.write_text("keep")
    (tmp_path / "other.lock").symlink_to(mine)
    with pytest.raises(UnsafeLockFile):
        InstanceLock(tmp_path / "other.lock").acquire()
    assert mine.read_text() == "keep"


def test_a_lock_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "nextcall.lock")
    with pytest.raises(UnsafeLockFile, match="not a regular file"):
        InstanceLock(tmp_path / "nextcall.lock").acquire()


def test_the_tui_says_why_beside_a_linked_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "nextcall.lock").symlink_to(tmp_path / "elsewhere")
    assert main(["--data-dir", str(data), "--config", str(tmp_path / "none.toml")]) == 1
    assert "symbolic link" in capsys.readouterr().err
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.usefixtures("umask_022")
def test_folders_made_are_0700_parents_included(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    kept.mkdir(mode=0o755)
    made = ensure_private_dir(kept / "a" / "b" / "data")
    assert made.is_dir()
    for folder in (kept / "a", kept / "a" / "b", made):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(kept.stat().st_mode) == 0o755, "a folder that was there is left alone"
    assert ensure_private_dir(made) == made


@pytest.mark.usefixtures("umask_022")
def test_the_data_folder_and_its_parents_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "new" / "deep" / "data"
    assert main(["--data-dir", str(data), "--config", str(tmp_path / "no.toml"), "stats"]) == 0
    for folder in (tmp_path / "new", tmp_path / "new" / "deep", data):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_an_export_killed_half_way_leaves_nothing_for_long(cli: list[str], tmp_path: Path) -> None:
    """A temporary left by an export that died is removed by the next export into that folder;
    one being written now, a link and the rep's own files are left alone."""
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".nextcall-export-dead1"
    stale.write_text("half an export")
    os.utime(stale, (0, 0))
    fresh = out / ".nextcall-export-busy2"  # another export writing right now
    fresh.write_text("being written")
    mine = out / "notes.csv"
    mine.write_text("the rep's own")
    link = out / ".nextcall-export-link3"
    link.symlink_to(mine)
    os.utime(link, (0, 0), follow_symlinks=False)
    assert main([*cli, "export", "calls", "-o", str(out / "calls.csv")]) == 0
    assert not stale.exists()
    assert fresh.read_text() == "being written"
    assert mine.read_text() == "the rep's own" and link.is_symlink()
    left = sorted(p.name for p in out.iterdir())
    assert left == [".nextcall-export-busy2", ".nextcall-export-link3", "calls.csv", "notes.csv"]

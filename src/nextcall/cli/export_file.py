"""Writing `export -o FILE`: what may be replaced, a temporary file beside the target put in
place whole, and the temporaries an export killed half-way left behind."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

TEMPORARY_PREFIX = ".nextcall-export-"
STALE_S = 3600.0
"""A temporary this old was left by an export that died (a running one is minutes old at most)."""


def target_problem(target: Path, force: bool) -> str | None:
    """Why `-o target` can't be written, or None: a folder, a link, anything but a regular file,
    a file without --force."""
    if target.is_dir():
        return f"{target} is a directory; give a file name, e.g. {target / 'export.csv'}"
    if target.is_symlink():
        return f"{target} is a symbolic link; nextcall does not replace links: choose another name"
    if target.exists() and not target.is_file():
        return f"{target} is not a regular file (a pipe, a device or a socket); choose another name"
    if target.exists() and not force:
        return f"{target} exists; choose another name, or add --force to replace it"
    if not target.parent.is_dir():
        return f"{target.parent} is not a folder"
    return None


def write_through_temporary(target: Path, write: Callable[[IO[str]], int]) -> int:
    """Write through a temporary file beside `target`, then put it in place; returns what
    `write` returns. The new file gets the permissions any new file of the rep's gets (the
    umask), not mkstemp's private 0600; a file replaced with --force keeps its own."""
    clean_leftovers(target.parent)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            count = write(out)
        if target_problem(target, force=True):  # it changed while the export was written
            raise OSError(0, "it is no longer a regular file, or it is now a link")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def clean_leftovers(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporaries of exports that died half-way (killed, power cut): regular files
    named as ours, untouched for an hour. Links and anything else are left alone."""
    cutoff = (time.time() if now is None else now) - STALE_S
    removed = []
    for path in folder.glob(TEMPORARY_PREFIX + "*"):
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _umask() -> int:
    """The process's umask (reading it means setting it: put straight back)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask

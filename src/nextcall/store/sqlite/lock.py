"""One TUI per database: an advisory lock on a file beside it, released when the process dies."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import sys
from datetime import datetime
from pathlib import Path
from typing import IO


class AlreadyRunning(Exception):
    """Another nextcall holds the lock; the message says which."""


class UnsafeLockFile(AlreadyRunning):
    """The lock file is a symbolic link or not a regular file: refused, never opened through.
    An `AlreadyRunning`, so whatever refuses to start beside another nextcall refuses this too."""


class InstanceLock:
    """Held by the running TUI for as long as it runs (the kernel drops it even on kill -9)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        fd = self._open()
        handle = os.fdopen(fd, "r+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._describe(handle.read())
            handle.close()
            raise AlreadyRunning(
                f"nextcall is already running on this data ({holder}). "
                "Switch to that window, or close it first; `nextcall stats` works beside it."
            ) from None
        handle.seek(0)
        handle.truncate()
        tty = os.ttyname(0) if os.isatty(0) else "no terminal"
        json.dump(
            {
                "pid": os.getpid(),
                "since": datetime.now().isoformat(timespec="minutes"),
                "tty": tty,
                "argv": sys.argv[:3],
            },
            handle,
        )
        handle.flush()
        self._file = handle

    def _open(self) -> int:
        """The lock file, made 0600 if missing; never followed through a symbolic link, and
        refused unless it is a regular file."""
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            fd = os.open(self.path, flags, 0o600)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            raise UnsafeLockFile(self._refusal("is a symbolic link")) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise UnsafeLockFile(self._refusal("is not a regular file"))
        return fd

    def _refusal(self, what: str) -> str:
        return (
            f"{self.path} {what}; nextcall never follows or writes through one. "
            "Remove it (nextcall makes a new one) and start again."
        )

    @staticmethod
    def _describe(text: str) -> str:
        try:
            info = json.loads(text)
            return f"pid {info['pid']} on {info['tty']}, since {info['since']}"
        except (ValueError, KeyError, TypeError):
            return "another process"

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

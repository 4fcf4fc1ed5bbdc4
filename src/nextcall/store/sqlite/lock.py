"""One TUI per database: an advisory lock on a file beside it, released when the process dies."""

from __future__ import annotations

import fcntl
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import IO


class AlreadyRunning(Exception):
    """Another nextcall holds the lock; the message says which."""


class InstanceLock:
    """Held by the running TUI for as long as it runs (the kernel drops it even on kill -9)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
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

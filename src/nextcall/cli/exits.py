"""How a command ends: its exit codes, a failure said on stderr, a reader that stops early."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from nextcall.io.inert import inert

EXIT_INVALID = 1
"""The content can't be used (a bad file, a database that refuses); nothing was changed."""
EXIT_USAGE = 2
"""A usage problem: a bad argument or option, a file that can't be opened or exists."""
EXIT_CONFIG = 2
"""The config file can't be read."""


def fail(message: str, status: int = EXIT_INVALID) -> int:
    """Say `message` on stderr (made inert: it may quote a file name or a value) and return
    `status` for the command to exit with."""
    print(f"nextcall: {inert(message)}", file=sys.stderr)
    return status


def piped(command: Callable[[], int]) -> int:
    """Run a printing command; a reader that stops early (`| head`) ends it quietly."""
    try:
        return command()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0

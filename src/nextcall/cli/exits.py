"""How a command ends: its exit codes, a failure said on stderr, a reader that stops early."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from nextcall.io.inert import inert

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

EXIT_INVALID = 1
"""The content can't be used (a bad file, a database that refuses); nothing was changed."""
EXIT_USAGE = 2
"""A usage problem: a bad argument or option, a file that can't be opened or exists."""
EXIT_CONFIG = 2
"""The config file can't be read."""


def say(message: str, stream: IO[str] | None = None) -> None:
    """Print `message` made inert: summaries and warnings quote headers, cells and file names."""
    print(inert(message), file=stream or sys.stdout)


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


class Parser(argparse.ArgumentParser):
    """argparse, its usage errors made inert: they quote arguments, such as file names a shell
    glob put on the command line."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(inert(message), file)

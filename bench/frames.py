"""Seeing frames in headless mode.

Textual paints through `App._display(screen, update)`: the screen's update timer (60 fps) or a
layout refresh composes the dirty regions into a `CompositorUpdate` and hands it to `_display`,
which turns it into terminal escape sequences and writes them to the driver. In headless mode
`_display` skips that last step (nothing would read it). So the benchmark hooks this private
method (there is no public hook that receives the frame; `post_display_hook` gets no arguments):
for every frame it does the rendering a real terminal would get, timestamps the moment the bytes
would be written, and keeps the frame's text so the benchmark can check what the frame shows.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from rich.console import RenderableType
from textual.screen import Screen

SIZE = (120, 36)
"""The terminal every figure is measured in (a typical full-screen terminal)."""

_TOKENS = re.compile(
    r"\x1b\[(\d+);(\d+)H"  # cursor move (1-based row;column)
    r"|\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>]|\n"  # the rest
)
PHONE = re.compile(r"\+1 \d{3}-\d{3}-\d{4}")
DIALS = re.compile(r"Dials\s+(\d+)|from (\d+) dials?\b")
"""Today's dial count on the ratio panel ("Dials   42") or in the top bar ("from 42 dials")."""


def terminal_text(sequence: str) -> str:
    """The screen lines a frame's terminal output writes to, as text (untouched cells blank)."""
    lines: dict[int, list[str]] = {}
    x = y = 0
    position = 0
    for match in _TOKENS.finditer(sequence):
        x = _put(lines, x, y, sequence[position : match.start()])
        position = match.end()
        if match.group(1):
            y, x = int(match.group(1)) - 1, int(match.group(2)) - 1
    _put(lines, x, y, sequence[position:])
    return "\n".join("".join(lines[row]).rstrip() for row in sorted(lines))


def _put(lines: dict[int, list[str]], x: int, y: int, text: str) -> int:
    """Write `text` at (x, y); returns the new x."""
    if text:
        line = lines.setdefault(y, [])
        end = x + len(text)
        if len(line) < end:
            line.extend(" " * (end - len(line)))
        line[x:end] = text
    return x + len(text)


@dataclass(frozen=True)
class Frame:
    """One frame as the terminal would have received it."""

    index: int
    at: float
    """time.perf_counter() right after the frame was rendered to terminal sequences."""
    sequence: str
    """What would have been written to the terminal."""

    @cached_property
    def text(self) -> str:
        return terminal_text(self.sequence)


FrameListener = Callable[[Frame], None]


class FrameHook:
    """Mix into an App subclass (before the App class) to be told of every frame."""

    frame_count = 0
    frame_listener: FrameListener | None = None

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        super()._display(screen, renderable)  # type: ignore[misc]  # App's, after this mixin
        app: Any = self
        if renderable is None or app._batch_count or not hasattr(renderable, "render_segments"):
            return
        sequence = renderable.render_segments(app.console)
        frame = Frame(self.frame_count, time.perf_counter(), sequence)
        self.frame_count += 1
        if self.frame_listener is not None:
            self.frame_listener(frame)


def panel_dials(text: str) -> int | None:
    """The ratio panel's dial count, when the frame shows that line."""
    match = re.search(r"Dials\s+(\d+)", text)
    return int(match.group(1)) if match else None


def dials_shown(text: str) -> set[int]:
    """The dial counts a frame's text shows (panel and top bar; a toast may cover the panel)."""
    return {int(panel or bar) for panel, bar in DIALS.findall(text)}

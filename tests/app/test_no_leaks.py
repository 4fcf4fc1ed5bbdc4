"""A day of screens opening and closing over the dial screen must not leave widgets behind."""

from __future__ import annotations

import gc
from collections.abc import Callable

from textual.widget import Widget

from nextcall.ui.app import NextcallApp


def widgets_alive() -> int:
    gc.collect()
    return sum(isinstance(o, Widget) for o in gc.get_objects())


async def test_the_ritual_and_the_call_screen_leave_no_widgets_behind(
    app_factory: Callable[..., NextcallApp],
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:

        async def cycle() -> None:
            for key in ("r", "escape", "d", "escape", "t", "escape"):
                await pilot.press(key)
                await pilot.pause()

        await cycle()
        before = widgets_alive()
        for _ in range(5):
            await cycle()
        assert widgets_alive() - before < 10  # Textual's Footer alone leaked ~40 per cycle

"""What the review's pilot tests share: reading a section, waiting for the thread's figures."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Static

from nextcall.ui.app import NextcallApp


def section(app: NextcallApp, name: str) -> str:
    """The text of the review section `#review-<name>`."""
    return str(app.screen.query_one(f"#review-{name}", Static).render())


async def loaded(pilot: Pilot[None]) -> None:
    """Wait until the review's thread worker has filled every section."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()

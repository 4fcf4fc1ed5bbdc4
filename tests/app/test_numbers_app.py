"""Pilot tests for issue 10's numbers: a typed weekend date is flagged as the quick picks are."""

from collections.abc import Callable

from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.prompts import FollowUpPrompt

AppFactory = Callable[..., NextcallApp]


async def test_a_typed_weekend_date_is_flagged(app_factory: AppFactory) -> None:
    app = app_factory()  # Wednesday 18 Nov 2026
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l", "tab", *"2026-11-21", "enter")  # a Saturday
        await pilot.pause()
        assert isinstance(app.screen, FollowUpPrompt)
        chosen = str(app.screen.query_one("#chosen").render())
        assert "Follow-up Sat 21 Nov 2026" in chosen
        assert "A Saturday: fine if they asked (the quick picks skip weekends)." in chosen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("l", "1")  # Thursday: a working day, no flag
        await pilot.pause()
        assert "fine if they asked" not in str(app.screen.query_one("#chosen").render())

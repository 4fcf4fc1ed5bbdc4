"""The prospect card at 80x24 takes the room beside the ratio panel, whatever it showed first:
a longer card after a short one, and the empty queue's words, are shown whole."""

from dataclasses import replace

from textual.geometry import Region

from clocks import FakeClock
from factories import people
from nextcall.config import Config
from nextcall.domain.clock import today
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.plan import DayPlan
from nextcall.store import Store
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.widgets.prospect_card import ProspectCard
from nextcall.ui.widgets.ratio_panel import RatioPanel

SIZE = (80, 24)
NOTES = "Gatekeeper: ask for Em, not Emily. Uses a competitor; contract ends in spring."


def shown(card: ProspectCard) -> str:
    """The card's text as it is on the screen (what its size leaves visible), without the
    border, one space between words."""
    lines = card.render_lines(Region(0, 0, card.region.width, card.region.height))
    words = (" ".join(strip.text.strip("│").split()) for strip in lines[1:-1])
    return " ".join(w for w in words if w)


async def test_a_long_card_after_a_short_one_is_shown_whole(store: Store, clock: FakeClock) -> None:
    first, second, third = people(3)
    store.add_prospects(
        [first, second, replace(third, title="Head of Ops", notes=NOTES)], clock.now()
    )
    store.set_day_plan(today(clock), DayPlan(MEETINGS, 2), clock.now())
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, DialScreen)
        card = app.screen.query_one(ProspectCard)
        assert "Person 00" in shown(card) and "Notes" not in shown(card)
        await pilot.press("down", "down")
        await pilot.pause()
        assert "Person 02" in shown(card)
        assert "contract ends in spring." in shown(card)  # the last words, not cut off
        panel = app.screen.query_one(RatioPanel)
        assert card.region.height == panel.region.height  # the room beside the ratio panel


async def test_the_empty_queues_words_after_a_short_card_are_shown_whole(
    store: Store, clock: FakeClock
) -> None:
    store.add_prospects(people(1), clock.now())
    store.set_day_plan(today(clock), DayPlan(MEETINGS, 2), clock.now())
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, DialScreen)
        card = app.screen.query_one(ProspectCard)
        await pilot.press("l", "1", "enter")  # a follow-up tomorrow: nobody left today
        await pilot.pause()
        said = shown(card)
        assert said.startswith("Nobody left to call right now.")
        assert "follow-up tomorrow" in said and said.endswith("u undoes the last outcome; q quits.")

"""Hostile bytes in a prospect's name, company and notes reach the screen inert (issue 10,
item 3): the queue rows, the card, the prospect view, a toast and a palette hit, read from the
rendered screen. The store is written directly, as a database made elsewhere could hold it."""

from __future__ import annotations

from collections.abc import Iterable

from textual.strip import Strip

from clocks import FakeClock
from nextcall.config import Config
from nextcall.domain.clock import today
from nextcall.domain.funnel import MEETINGS
from nextcall.domain.plan import DayPlan
from nextcall.io.phones import parse
from nextcall.store import NewProspect, Store
from nextcall.ui.app import NextcallApp
from nextcall.ui.screens.prospect import ProspectScreen

SIZE = (80, 24)
OSC52 = "\x1b]52;c;aGFja2Vk\x07"
CONTROL = {chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))}


def screen_text(app: NextcallApp) -> str:
    """Every character the screen would send now (its widgets, overlays and toasts)."""
    update = app.screen._compositor.render_full_update()
    lines: list[str] = []
    for row in update.strips:
        strips: Iterable[Strip] = [row] if isinstance(row, Strip) else row
        lines.extend(strip.text for strip in strips)
    return "\n".join(lines)


def assert_inert(text: str) -> None:
    found = sorted({repr(c) for c in text if c in CONTROL and c != "\n"})
    assert not found, f"control characters reach the terminal: {found}"
    assert "aGFja2Vk" not in text, "an escape sequence's payload is on screen"


def hostile(store: Store, clock: FakeClock) -> None:
    number = parse("+1 212 555 0143", "US")
    store.add_prospects(
        [
            NewProspect(
                name=f"Ada{OSC52} Okafor\x1b[2J",
                phone=number.e164,
                phone_display=number.display,
                company=f"North\x9b31mwind{OSC52}",
                notes="said call back\x1b]0;pwned\x07 in May\x07",
                timezone=number.timezone,
            )
        ],
        clock.now(),
    )
    store.set_day_plan(today(clock), DayPlan(MEETINGS, 2), clock.now())


async def test_queue_card_toast_and_prospect_view_are_inert(store: Store, clock: FakeClock) -> None:
    hostile(store, clock)
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert_inert(text)
        assert "Ada Okafor" in text and "Northwind" in text
        await pilot.press("v")  # voicemail: the queue moves on, the toast names them
        await pilot.press("u")  # undone: "Undone: ... for Ada Okafor."
        await pilot.pause(0.3)
        said = [n.message for n in app._notifications]
        assert said == ["Undone: voicemail for Ada Okafor."]
        text = screen_text(app)
        assert_inert(text)


async def test_a_palette_hit_is_inert(store: Store, clock: FakeClock) -> None:
    hostile(store, clock)
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Ada")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert_inert(text)
        assert "Ada Okafor" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProspectScreen)
        text = screen_text(app)
        assert_inert(text)
        assert "Ada Okafor" in text and "in May" in text


async def test_a_prompt_titled_with_a_hostile_name_is_inert(store: Store, clock: FakeClock) -> None:
    hostile(store, clock)
    app = NextcallApp(Config(), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")  # "Note on <name>": a label that shows text as it is, no markup
        await pilot.pause()
        text = screen_text(app)
        assert_inert(text)
        assert "Note on Ada Okafor" in text

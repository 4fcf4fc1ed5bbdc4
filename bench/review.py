"""`review_ms` (SPEC 12): opening the week review on real-size data to its first full frame.

    review.py DB_FILE [ROUNDS]

Runs nextcall headless on the working copy. Each round sends `t` (open the review) and at once
`w` (the week), and times from the `t` to the first frame that shows the week's figures filled
in (the "The week's funnel" section title is set only when they arrive), so the time includes
the thread worker's queries. `escape` closes the review between rounds. Prints one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from textual import events

from apps import nextcall_app
from figures import ms, summary
from frames import SIZE, Frame
from interaction import Keyboard
from nextcall.app import NextcallApp
from nextcall.store.repository import Store

WARMUP = 2
ROUNDS = 11
FILLED = "The week's funnel"


def send(app: NextcallApp, key: str) -> None:
    """A key as the terminal driver delivers it."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


def week_filled(frame: Frame) -> bool:
    return FILLED in frame.text


async def measure(db: Path, rounds: int) -> dict[str, Any]:
    store = Store.open(db, create=False)
    try:
        app = nextcall_app(store)
        keyboard = Keyboard(app, store)
        times: list[float] = []
        missed = 0
        async with app.run_test(headless=True, size=SIZE, notifications=True) as pilot:
            await pilot.pause(0.5)
            for index in range(WARMUP + rounds):
                asyncio.get_running_loop().call_soon(send, app, "w")  # right behind the `t`
                sent, frame = await keyboard.press("t", week_filled)
                if index >= WARMUP:
                    if frame is None:
                        missed += 1
                    else:
                        times.append(ms(frame.at - sent))
                await pilot.pause(0.1)
                await pilot.press("escape")
                await pilot.pause(0.1)
            app.exit()
        return {"rounds": rounds, "missed": missed, "to_frame": summary(times)}
    finally:
        store.close()


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    rounds = int(argv[1]) if len(argv) > 1 else ROUNDS
    print(json.dumps(asyncio.run(measure(Path(argv[0]), rounds))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The demo's talk track: a short opener and a few lines per objection, so `nextcall --demo`
shows what a rep's own `talk_track.md` does on the call screen."""

from __future__ import annotations

from pathlib import Path

from nextcall.io.talk_track import FILE_NAME

SAMPLE = """\
# Talk track

Write this file in your own words. During a call **1**-**6** jump to an objection
below, **0** comes back here, **pgup** and **pgdn** scroll.

## Opener

- "Hi [first name], it's Sam from Northwind. I'll be quick: I help sales teams stop losing
  deals to slow follow-up. Can I take thirty seconds to tell you why I called?"
- Pause. Let them answer. If they say yes, one sentence on the problem, then ask:
  **"How do you handle that today?"**

## Timing

- "Makes sense, nobody buys in a busy week. When does it quiet down?"
- Offer a date, not a vague "later": **book the follow-up now** (**l**).

## Budget

- "Fair. Is it that there's no budget this year, or that this isn't worth it yet?"
- If no budget: ask when it is set and who sets it.

## Competitor

- "Good, so you already care about this. What do you like about them?"
- Then: "What would you change if you could?" Listen for the gap.

## Authority

- "Who else would weigh in on something like this?"
- Ask for a three-way call rather than a forward.

## Need

- "Could be. Most teams I talk to think that until they count their lost deals."
- One question: "How many deals went quiet last quarter?"

## Value

- "What would it need to save you to be worth an hour of your time?"
- Give one number from a customer like them, then stop talking.
"""


def write_sample(folder: Path) -> Path:
    """Put the sample talk track in `folder` unless one is there (a demo rep may edit it);
    returns its path."""
    path = folder / FILE_NAME
    if not path.exists():
        path.write_text(SAMPLE, encoding="utf-8")
    return path

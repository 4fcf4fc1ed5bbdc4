"""Days on the command line (`stats --day`, `export --since/--until`)."""

from __future__ import annotations

import argparse
from datetime import date


def iso_day(text: str) -> date:
    """An argparse type: a day written YYYY-MM-DD, or a usage error that shows the form."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-22") from None

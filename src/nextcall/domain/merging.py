"""How two records of one phone number become one (an import meeting a row or a stored prospect):
the record kept wins where both have a value, its empty fields are filled, notes are added when
they say something new."""

from __future__ import annotations

FILLED_FIELDS = ("company", "title", "email", "timezone")
"""Fields an imported duplicate may fill when they are empty. The name never changes."""


def merge_field(kept: str, other: str) -> str:
    return kept or other


def merge_notes(kept: str, other: str) -> str:
    """`kept`, with `other` added on a new line unless it says nothing new."""
    if not other or other in kept:
        return kept
    return f"{kept}\n{other}" if kept else other

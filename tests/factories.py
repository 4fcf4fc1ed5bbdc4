"""Test data builders."""

from typing import TypeVar

from nextcall.io.phones import parse
from nextcall.store import NewProspect

T = TypeVar("T")


def people(count: int, area: str = "212") -> list[NewProspect]:
    """`count` prospects with distinct numbers in one US area code."""
    out = []
    for i in range(count):
        number = parse(f"+1 {area} 555 {1000 + i:04d}", "US")
        out.append(
            NewProspect(
                name=f"Person {i:02d}",
                phone=number.e164,
                phone_display=number.display,
                company=f"Company {i:02d}",
                timezone=number.timezone,
            )
        )
    return out


def known(value: T | None) -> T:
    """`value`, which the test knows is there (say a prospect it just added): None fails it."""
    assert value is not None
    return value

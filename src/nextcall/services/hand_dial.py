"""A number dialed by hand (the palette's "Dial a number…"): read as an import reads it, refused
when it can't or must not be dialed, matched to the prospect who has it, or added as a new
prospect marked "added by hand"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from nextcall.domain.prospects import Lifecycle, Prospect
from nextcall.domain.standing import standing
from nextcall.store import NewProspect, Store

if TYPE_CHECKING:  # phonenumbers is imported on the first number typed, not at start-up
    from nextcall.io.phones import PhoneNumber


@dataclass(frozen=True)
class Refused:
    """Not dialed: why, in the rep's words."""

    reason: str


@dataclass(frozen=True)
class Known:
    """The number is a stored prospect's: the call goes on their record."""

    prospect: Prospect
    number: PhoneNumber


@dataclass(frozen=True)
class Unknown:
    """A number nobody stored has: a new prospect is made for it."""

    number: PhoneNumber
    warning: str = ""
    """Said when the number is possible but in no range in use (dialable, maybe mistyped)."""


Judged = Refused | Known | Unknown


def read_number(text: str, region: str) -> PhoneNumber:
    """`text` as a number (without a country code: of `region`), refused in the same words as
    an import's: InvalidNumber says what is wrong."""
    from nextcall.io.phones import InvalidNumber, LocalOnly, no_country_code, parse

    try:
        return parse(text, region)
    except LocalOnly:
        raise
    except InvalidNumber:
        if not any(ch.isdigit() for ch in text):
            raise InvalidNumber(f"{text!r} is not a phone number") from None
        said = no_country_code(text, region) or f"{text!r} is not a possible phone number"
        raise InvalidNumber(said) from None


def judge(text: str, region: str, store: Store, now: datetime, tz: tzinfo) -> Judged:
    """What dialing `text` would do. A number on the do-not-call list is refused with when
    and where it was listed (`tz`: the rep's zone for the date)."""
    text = text.strip()
    if not text:
        return Refused("type a number first")
    from nextcall.io.phones import InvalidNumber

    try:
        number = read_number(text, region)
    except InvalidNumber as exc:
        return Refused(str(exc))
    found = store.prospect_by_phone(number.e164)
    listed = store.dnc_entry(number.e164)
    if listed is not None or (found is not None and found.state.lifecycle is Lifecycle.DNC):
        if found is not None:
            why = standing(found, now, tz, False, listed).removesuffix(": never queued")
            return Refused(f"{number.display} ({found.name}) is {why}: not dialed")
        at, source = listed or (now, "")
        origin = f" from {source}" if source else ""
        return Refused(
            f"{number.display} is on the do-not-call list since "
            f"{at.astimezone(tz):%a %d %b %Y}{origin}: not dialed"
        )
    if found is not None:
        return Known(found, number)
    warning = "" if number.valid else "not in any range of numbers in use there; check it"
    return Unknown(number, warning)


def add_by_hand(store: Store, number: PhoneNumber, name: str, at: datetime) -> Prospect:
    """Store a new prospect for `number` (named `name`, or the number as written when it is
    empty), marked added by hand."""
    row = NewProspect(
        name=name.strip() or number.display,
        phone=number.e164,
        phone_display=number.display,
        timezone=number.timezone,
        notes=(
            f"Extension {number.extension} (dial it after the call connects)."
            if number.extension
            else ""
        ),
    )
    return store.add_by_hand(row, at)

"""Phone numbers: parsed and checked with phonenumbers, stored as E.164, shown as people write them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import timezone as number_timezones

E164 = re.compile(r"\+[1-9]\d{6,14}")


class InvalidNumber(ValueError):
    """A number that can't be dialed; the message says why."""


@dataclass(frozen=True)
class PhoneNumber:
    e164: str
    display: str
    """International format, e.g. '+1 212-555-0143'."""
    timezone: str
    """The IANA zone of the number's area, '' when phonenumbers can't tell."""


def parse(raw: str, default_region: str) -> PhoneNumber:
    """Parse `raw` (with or without a country code); InvalidNumber says what is wrong."""
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidNumber(f"not a phone number: {raw!r}") from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidNumber(f"not a possible phone number: {raw!r}")
    zones = [z for z in number_timezones.time_zones_for_number(number) if "/" in z]
    return PhoneNumber(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        display=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        timezone=zones[0] if len(zones) == 1 else "",
    )


def is_e164(number: str) -> bool:
    """True for a number in strict E.164 form: the only form that reaches a softphone."""
    return bool(E164.fullmatch(number))

"""The one number form that reaches a softphone or leaves in an export: E.164 (no phonenumbers
import here, so the app's start-up doesn't pay for it)."""

from __future__ import annotations

import re

E164 = re.compile(r"\+[1-9]\d{6,14}")


def is_e164(number: str) -> bool:
    """True for a number in strict E.164 form, e.g. '+12025550143' (nothing before or after)."""
    return bool(E164.fullmatch(number))

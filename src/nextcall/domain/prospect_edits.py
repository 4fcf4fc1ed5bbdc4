"""What the prospect view may change about a prospect, and what putting one back in the queue
means: the rules, without storage or screens."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from enum import StrEnum

from nextcall.domain.prospects import Lifecycle, Prospect, ProspectState, Slot


class EditField(StrEnum):
    """A prospect's fields the rep may edit; the value is the stored column's name."""

    NAME = "name"
    TITLE = "title"
    COMPANY = "company"
    EMAIL = "email"
    PHONE = "phone"
    TIMEZONE = "timezone"

    @property
    def label(self) -> str:
        return "time zone" if self is EditField.TIMEZONE else self.value


QUEUE_FIELD = "queue"
"""The edit history's field for a prospect put back in the queue (old and new: lifecycles)."""

VIEW_SOURCE = "prospect view"
"""The do-not-call list's source for a number put on it from the prospect view."""

MAX_LENGTH = 200
"""The longest name, title, company or email kept (a pasted paragraph is a mistake)."""

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class EditRefused(ValueError):
    """An edit or a requeue that is not made; the message says why, for the rep."""


def clean_text(text: str) -> str:
    """One line as typed: control and format characters dropped, spaces single."""
    kept = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf"))
    return " ".join(kept.split())


def check_text(field: EditField, text: str) -> str:
    """The value to store for a name, title, company or email; EditRefused says why not.
    (The number and the zone are read by `nextcall.services.prospect_story`.)"""
    value = clean_text(text)
    if len(value) > MAX_LENGTH:
        raise EditRefused(f"a {field.label} is at most {MAX_LENGTH} characters")
    if field is EditField.NAME and not value:
        raise EditRefused("a prospect needs a name")
    if field is EditField.EMAIL and value and not _EMAIL.match(value):
        raise EditRefused(f"{value!r} is not an email address like ann@example.com")
    return value


def requeue_state(prospect: Prospect, now: datetime) -> ProspectState:
    """The state of an archived (or booked) prospect put back in the queue: a retry due now.
    Its dials so far stay counted (the queue's attempts column stays true), so once the
    attempts are used up one more unanswered dial archives it again. EditRefused for a
    do-not-call prospect (never queued again, SPEC 9) and for one still being worked."""
    state = prospect.state
    if state.lifecycle is Lifecycle.DNC:
        raise EditRefused(f"{prospect.name} is on the do-not-call list: never queued again")
    if state.lifecycle is Lifecycle.ACTIVE:
        raise EditRefused(f"{prospect.name} is still being worked: nothing to put back")
    return ProspectState(Lifecycle.ACTIVE, Slot.RETRY, now, state.attempts)

"""What the rep chose when a screen after a rejection closed (the recovery ritual, the feel-it
timer). Those screens return it through `dismiss`; the dial screen, which opened them, acts on it,
so they never need to know the dial screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from nextcall.domain.prospects import CallRecord, Prospect


@dataclass(frozen=True)
class DialNext:
    """Dial the prospect the screen offered as next up."""

    prospect: Prospect
    """Who was shown (the queue may have been re-read meanwhile: the dial screen finds them)."""


@dataclass(frozen=True)
class OpenFeelIt:
    """Turn the rejection into the feel-it timer."""

    call: CallRecord
    """The rejection the timer is for."""


@dataclass(frozen=True)
class BackToQueue:
    """Back to the queue, nothing more."""


AfterRejection: TypeAlias = DialNext | OpenFeelIt | BackToQueue

"""Messages the app sends to a screen it does not import: the screen that handles one imports it
from here, so the app's start-up does not load the screen."""

from __future__ import annotations

from textual.message import Message

from nextcall.io.softphone import CallEvent


class CallUpdate(Message):
    """The softphone reported a change in the current call (the call screen handles it)."""

    bubble = False  # a screen without a handler lets it go

    def __init__(self, event: CallEvent) -> None:
        super().__init__()
        self.event = event


class OutboxChanged(Message):
    """The team store's outbox was sent, or tried (the dial screen's top bar shows what waits)."""

    bubble = False

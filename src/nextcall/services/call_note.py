"""The note the rep writes during a call, kept as they type: one dated entry at the end of the
prospect's notes, rewritten on each save, so an app killed mid-call has lost nothing saved."""

from __future__ import annotations

from datetime import date

from nextcall.domain.prospects import Prospect
from nextcall.io.talk_track import printable
from nextcall.services.session import Session

MAX_CHARS = 4000
"""A call note is a few lines; a paste longer than this is cut (the rest is not saved)."""


def note_entry(text: str, day: date) -> str:
    """How a note is kept in the prospect's notes: dated like the notes written with `e` on the
    dial screen, control characters removed; '' for a note with nothing in it."""
    text = printable(text).strip()[:MAX_CHARS]
    return f"{day:%d %b}: {text}" if text else ""


class CallNote:
    """One call's note on one prospect. `save` writes only what changed since the last save."""

    def __init__(self, session: Session, prospect: Prospect) -> None:
        self.session = session
        self.prospect_id = prospect.id
        self.before = prospect.notes
        """The prospect's notes as the call began: the entry goes after them."""
        self.day = session.day
        self.saved = ""
        """The entry as last written ('' = nothing written yet, or the note emptied)."""

    def entry(self, text: str) -> str:
        """The dated entry for `text`, with the line break that sets it apart from older notes."""
        entry = note_entry(text, self.day)
        return f"\n{entry}" if entry and self.before else entry

    def notes(self, text: str) -> str:
        """The prospect's notes once `text` is saved (what the card shows)."""
        return self.before + self.entry(text)

    def save(self, text: str) -> bool:
        """Write `text` as this call's note (StoreError when it can't); False when the stored
        entry already says it."""
        entry = self.entry(text)
        if entry == self.saved:
            return False
        self.session.store.set_call_note(self.prospect_id, len(self.before), entry)
        self.saved = entry
        self.session.forget(self.prospect_id)
        return True

"""The prospect view's work over the session's store: one prospect's story, and the changes the
rep makes there (an edited field, back in the queue, a follow-up, do-not-call). Values typed by
the rep are read here (a number with phonenumbers, a zone by name); the rules are the domain's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING

from nextcall.domain.prospect_edits import (
    VIEW_SOURCE,
    EditField,
    EditRefused,
    check_text,
    requeue_state,
)
from nextcall.domain.prospects import Lifecycle, Prospect
from nextcall.domain.standing import standing
from nextcall.services.ritual_log import Recovery
from nextcall.services.session import Session
from nextcall.store.records import ProspectEdit, ProspectStory

if TYPE_CHECKING:
    from nextcall.io.phones import PhoneNumber

# phonenumbers costs ~55 ms to import: the app starts without it (tests/unit/test_layers.py),
# so the number and zone readers are imported when the rep first edits one.


@dataclass(frozen=True)
class Edited:
    """What an edit did."""

    edits: tuple[ProspectEdit, ...]
    """The changes written (none when the value was already that; two when a new number
    brought its zone with it)."""
    notes: tuple[str, ...] = ()
    """What else the rep should know (the number is on the do-not-call list, ...)."""


class ProspectDesk:
    """Reads and changes one prospect at a time for the prospect view."""

    def __init__(self, session: Session, region: str) -> None:
        self.session = session
        self.region = region
        """`[calling] default_region`: how a number typed without a country code is read."""

    def story(self, prospect_id: int) -> ProspectStory | None:
        return self.session.store.prospect_story(prospect_id)

    def standing(self, story: ProspectStory) -> str:
        """Where the prospect stands today, in words (queued, waiting, archived, listed)."""
        s = self.session
        queued = self.queued(story)
        return standing(story.prospect, s.clock.now(), s.clock.local_tz(), queued, story.dnc)

    def queued(self, story: ProspectStory) -> bool:
        """In today's queue as the session last read it, and still being worked (a number
        listed since then is not)."""
        active = story.prospect.state.lifecycle is Lifecycle.ACTIVE
        return active and story.prospect.id in self.session.ids

    # -- edits ---------------------------------------------------------------------------------

    def edit(self, prospect_id: int, field: EditField, text: str) -> Edited:
        """Check and write one field. EditRefused says why a value is not taken; LookupError
        when the prospect is gone; StoreError when the write failed."""
        if field is EditField.PHONE:
            return self._edit_phone(prospect_id, text)
        if field is EditField.TIMEZONE:
            from nextcall.io.transfer.importing import iana_zone

            named = iana_zone(text)
            if named is None:
                raise EditRefused(
                    f"{text.strip()!r} is not a time zone: type a name like America/New_York"
                    " (or Eastern, PST)"
                )
            return self._write(prospect_id, field, named)
        return self._write(prospect_id, field, check_text(field, text))

    def _write(self, prospect_id: int, field: EditField, value: str, display: str = "") -> Edited:
        now = self.session.clock.now()
        edit = self.session.store.edit_prospect(prospect_id, field, value, now, display=display)
        return Edited(() if edit is None else (edit,))

    def _edit_phone(self, prospect_id: int, text: str) -> Edited:
        store = self.session.store
        before = self._prospect(prospect_id)
        number = self._number(text)
        other = store.prospect_by_phone(number.e164)
        if other is not None and other.id != prospect_id:
            at = f" at {other.company}" if other.company else ""
            raise EditRefused(
                f"{number.display} is already the number of {other.name}{at}; two records are"
                " not merged here: change or archive the other one first"
            )
        edited = self._write(prospect_id, EditField.PHONE, number.e164, number.display)
        if not edited.edits:
            return edited
        notes = list(self._number_notes(number))
        edits = list(edited.edits)
        zone = self._zone_from(before, number)
        if zone:
            edits.extend(self._write(prospect_id, EditField.TIMEZONE, zone).edits)
            notes.append(f"time zone now {zone}, from the number")
        after = self._prospect(prospect_id)
        if after.state.lifecycle is Lifecycle.DNC and before.state.lifecycle is not Lifecycle.DNC:
            notes.append("that number is on the do-not-call list: never queued again")
        elif before.state.lifecycle is Lifecycle.DNC:
            notes.append("still on the do-not-call list, with the new number")
        return Edited(tuple(edits), tuple(notes))

    def _number(self, text: str) -> PhoneNumber:
        from nextcall.io.phones import InvalidNumber, parse

        try:
            return parse(text.strip(), self.region)
        except InvalidNumber as exc:
            raise EditRefused(str(exc)) from exc

    @staticmethod
    def _number_notes(number: PhoneNumber) -> tuple[str, ...]:
        notes = []
        if not number.valid:
            notes.append("phonenumbers knows no such range: check it before dialing")
        if number.extension:
            notes.append(f"extension {number.extension} left out: ask for it on the call")
        return tuple(notes)

    def _zone_from(self, before: Prospect, number: PhoneNumber) -> str:
        """The new number's zone when the stored zone came from the old number (or none is
        known) and the new one says another; '' to leave the zone as it is."""
        from nextcall.io.phones import InvalidNumber, parse

        if not number.timezone or number.timezone == before.timezone:
            return ""
        try:
            old_zone = parse(before.phone, self.region).timezone
        except InvalidNumber:
            old_zone = ""
        return number.timezone if before.timezone in ("", old_zone) else ""

    def _prospect(self, prospect_id: int) -> Prospect:
        found = self.session.store.prospect(prospect_id)
        if found is None:
            raise LookupError("that prospect is no longer in the database")
        return found

    # -- the queue, follow-ups, do-not-call ----------------------------------------------------

    def requeue(self, prospect_id: int) -> ProspectEdit:
        """Put an archived or booked prospect back in the queue as a retry due now (see
        `requeue_state`); EditRefused for a do-not-call one or one still being worked."""
        now = self.session.clock.now()
        state = requeue_state(self._prospect(prospect_id), now)
        edit = self.session.store.requeue(prospect_id, state, now)
        self.session.refresh_queue()
        return edit

    def follow_up(
        self,
        prospect_id: int,
        day: date,
        note: str,
        at: time | None = None,
        *,
        anyone: bool = False,
    ) -> None:
        """A follow-up on `day` (at `at` their time, if given), stored as the ritual's
        touchpoint is (the note on the rep's latest call; a prospect the rep never called keeps
        it in their notes); `anyone`: in team mode, any rep may take it. LookupError for a
        do-not-call prospect."""
        Recovery(self.session).touchpoint(prospect_id, day, note, at, anyone=anyone)
        story = self.story(prospect_id)
        rep = self.session.store.rep  # None in one rep's file, where every call is theirs
        if note and story is not None and not any(c.rep == rep for c in story.calls):
            self.session.store.add_note(prospect_id, f"follow-up: {note}", self.session.day)
        self.session.refresh_queue()

    def do_not_call(self, prospect_id: int) -> bool:
        """Put the prospect's number on the do-not-call list; False when it already was."""
        prospect = self._prospect(prospect_id)
        now = self.session.clock.now()
        added = self.session.store.mark_dnc([prospect.phone], now, VIEW_SOURCE) > 0
        self.session.refresh_queue()
        return added

"""What goes into the store and comes out of it beside the domain's own values: plain records,
the same for every backend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from nextcall.domain.funnel import DayCounts
from nextcall.domain.merging import Clash
from nextcall.domain.prospects import Prospect
from nextcall.domain.ritual import Debrief


@dataclass(frozen=True)
class NewProspect:
    """A prospect to add, already validated (E.164 number)."""

    name: str
    phone: str
    phone_display: str
    company: str = ""
    title: str = ""
    email: str = ""
    notes: str = ""
    timezone: str = ""
    crm_id: str = ""
    """The CRM's own record id (HubSpot Record ID, Salesforce Id), '' when the file had none."""


@dataclass(frozen=True)
class HistoryCall:
    """A call written in bulk (demo data, benchmarks, imports of past activity)."""

    prospect_id: int
    at: datetime
    day: date
    outcome: str
    reason: str | None = None
    ritual: str | None = None
    recovery_s: float | None = None


@dataclass(frozen=True)
class ImportCounts:
    """What an import did (or, in a dry run, would do)."""

    imported: int
    """New prospects."""
    merged: int
    """Rows whose number was already stored: empty fields filled, new notes added."""
    dnc: int
    """New prospects whose number is on the do-not-call list: stored, never queued."""
    clashes: tuple[Clash, ...] = ()
    """Merged rows that named another person or email than the stored prospect."""


@dataclass(frozen=True)
class DncCounts:
    added: int
    """Numbers new to the list."""
    already: int
    """Numbers the list already had."""
    prospects: int
    """Stored prospects that left the queue for good."""


@dataclass(frozen=True)
class FollowUp:
    """A follow-up the rep agreed to: who, when it is due, and the note from the call."""

    prospect: Prospect
    due_at: datetime
    note: str
    email: str = ""
    crm_id: str = ""
    """The prospect's record id in the CRM ('' when none was imported), for the exports."""

    @property
    def timed(self) -> bool:
        """Set for a time of day (`due_at` is that instant), not only for a day."""
        return self.prospect.state.timed


@dataclass(frozen=True)
class ExportedCall:
    """A logged call with the prospect it was made to, for `nextcall export calls`."""

    at: datetime
    outcome: str
    reason: str | None
    note: str | None
    recovery_s: float | None
    prospect: Prospect
    duration_s: float | None = None
    """Answer to hang-up, where the softphone measured it."""
    email: str = ""
    crm_id: str = ""
    """The prospect's record id in the CRM ('' when none was imported)."""


@dataclass(frozen=True)
class ExportedProspect:
    """A prospect with what `nextcall export prospects` adds to it."""

    prospect: Prospect
    email: str
    calls: int
    last_outcome: str | None
    last_call_at: datetime | None
    crm_id: str = ""


@dataclass(frozen=True)
class Win:
    """An entry in the wins jar."""

    at: datetime
    kind: str
    text: str


@dataclass(frozen=True)
class BlockRecord:
    """A call block as stored."""

    id: int
    day: date
    started_at: datetime
    ended_at: datetime | None
    planned_minutes: int
    counts: DayCounts


@dataclass(frozen=True)
class ProspectEdit:
    """One change made to a prospect by hand (the prospect view), kept with its old value."""

    at: datetime
    field: str
    """An `EditField` value, or `QUEUE_FIELD` for a prospect put back in the queue
    (`nextcall.domain.prospect_edits`)."""
    old: str
    new: str
    rep: str | None = None
    """The rep who made the change on a team database; None in one rep's own file."""


@dataclass(frozen=True)
class StoryCall:
    """A call as the prospect view shows it: everything stored with it."""

    id: int
    at: datetime
    outcome: str
    reason: str | None
    note: str | None
    duration_s: float | None
    """Answer to hang-up, where the softphone measured it."""
    ritual: str | None
    """How the ritual after a rejection ended (a `RitualEnd` value)."""
    recovery_s: float | None
    debrief: Debrief | None
    """The feel-it debrief, when one was written."""
    rep: str | None = None
    """The rep who made the call on a team database; None in one rep's own file. Another
    rep's call comes without its ritual, recovery and debrief (they are that rep's own)."""


@dataclass(frozen=True)
class ProspectStory:
    """Everything stored about one prospect, newest first."""

    prospect: Prospect
    email: str
    added_at: datetime
    calls: tuple[StoryCall, ...]
    edits: tuple[ProspectEdit, ...]
    dnc: tuple[datetime, str] | None
    """When and from where the prospect's number went on the do-not-call list, if it is."""
    crm_id: str = ""
    """Their record id in the CRM ('' when none was imported)."""

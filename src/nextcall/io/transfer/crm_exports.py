"""`nextcall export calls --format hubspot|salesforce`: the calls as the file each CRM's own
import reads without a column to map by hand, matched to its contacts by the record id kept
from the import (and, for HubSpot, the email).

HubSpot: a calls import, headers named as HubSpot's call properties ("Activity date", "Call
outcome", "Call notes", "Call duration" in milliseconds, "Call direction"; knowledge.hubspot.com
"HubSpot's default activity properties", developers.hubspot.com "Calls" for the millisecond
unit, the OUTBOUND value and the default outcome labels). Salesforce: a Task insert for Data
Loader, headers named as the Task fields' API names (WhoId, Subject, ActivityDate, Status,
CallType, CallDurationInSeconds, CallDisposition, Description), which Data Loader maps itself.
Both files are UTF-8 without a byte order mark (see README), cells neutralised like every export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import tzinfo

from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.io.transfer.exporting import seconds
from nextcall.store import ExportedCall

HUBSPOT_COLUMNS = (
    "Activity date",
    "Call title",
    "Call direction",
    "Call outcome",
    "Call duration",
    "Call notes",
    "Email",
    "Contact Record ID",
)
HUBSPOT_OUTCOMES: dict[str, str] = {
    OutcomeName.NO_ANSWER: "No answer",
    OutcomeName.VOICEMAIL: "Left voicemail",
    OutcomeName.BAD_NUMBER: "Wrong number",
    OutcomeName.GATEKEEPER: "Left live message",
    OutcomeName.REJECTED: "Connected",
    OutcomeName.CONVERSATION: "Connected",
    OutcomeName.LATER: "Connected",
    OutcomeName.MEETING: "Connected",
}
"""Our outcomes as HubSpot's default call outcomes (Busy, Connected, Left live message, Left
voicemail, No answer, Wrong number). A gatekeeper block is a message left with a person; every
call that reached the prospect is Connected (what came of it goes into the notes)."""
SALESFORCE_COLUMNS = (
    "WhoId",
    "Subject",
    "ActivityDate",
    "Status",
    "Priority",
    "TaskSubtype",
    "CallType",
    "CallDurationInSeconds",
    "CallDisposition",
    "Description",
)
SALESFORCE_ID = re.compile(r"(003|00Q)[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?")
"""A Contact (003...) or Lead (00Q...) id, 15 or 18 characters: what a Task's WhoId takes."""


@dataclass
class Unlinked:
    """Calls written without the id (or email) the CRM matches a contact by: they import, but
    sit on no contact's timeline. Counted so the command can say so."""

    count: int = 0


def _label(call: ExportedCall) -> str:
    """Our outcome's label as a CRM field starts it: 'No answer', 'Follow-up'."""
    label = BY_NAME[call.outcome].label if call.outcome in BY_NAME else call.outcome
    return label[:1].upper() + label[1:]


def _notes(call: ExportedCall) -> str:
    """The call's note, with our outcome and reason (the CRM's outcome list is coarser)."""
    said = _label(call)
    if call.reason:
        said += f" ({call.reason.replace('_', ' ')})"
    return "\n".join(part for part in (said, call.note or "") if part)


def hubspot_rows(
    calls: Iterable[ExportedCall], tz: tzinfo, unlinked: Unlinked | None = None
) -> Iterator[list[str]]:
    """One HubSpot call per logged call: the local date and time (YYYY-MM-DD HH:MM), length in
    milliseconds, matched to the contact by email and record id."""
    for call in calls:
        p = call.prospect
        if unlinked is not None and not (call.crm_id or call.email):
            unlinked.count += 1
        yield [
            call.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            f"Call with {p.name}",
            "OUTBOUND",
            HUBSPOT_OUTCOMES.get(call.outcome, "Connected"),
            "" if call.duration_s is None else str(round(call.duration_s * 1000)),
            _notes(call),
            call.email,
            call.crm_id,
        ]


def salesforce_rows(
    calls: Iterable[ExportedCall], tz: tzinfo, unlinked: Unlinked | None = None
) -> Iterator[list[str]]:
    """One completed outbound call Task per logged call, on its local day, its WhoId the
    contact's or lead's id (left empty when the kept id is not a Salesforce one)."""
    for call in calls:
        who = call.crm_id if SALESFORCE_ID.fullmatch(call.crm_id) else ""
        if unlinked is not None and not who:
            unlinked.count += 1
        yield [
            who,
            f"Call: {_label(call)}",
            call.at.astimezone(tz).date().isoformat(),
            "Completed",
            "Normal",
            "Call",
            "Outbound",
            seconds(call.duration_s),
            _label(call) + (f" ({call.reason.replace('_', ' ')})" if call.reason else ""),
            _notes(call),
        ]

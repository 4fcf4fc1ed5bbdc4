"""Which CSV column holds which field: common CRM export headers, and the rep's `--map`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

FIELDS: tuple[str, ...] = (
    "name",
    "first_name",
    "last_name",
    "company",
    "title",
    "phone",
    "mobile",
    "email",
    "notes",
    "timezone",
    "crm_id",
    "country",
)
"""What nextcall keeps of a prospect. `mobile` is used when `phone` is empty; `country` is not
kept: it says how to read the row's numbers written without their country code."""
IGNORE = "ignore"
"""A `--map` target that drops a column the table would otherwise recognise."""

# Header spellings seen in HubSpot, Salesforce (reports and Data Loader) and Pipedrive exports,
# plus the plain ones people type. Compared after `normalise`, so case, spaces and punctuation
# don't matter ("Phone - Work" == "phone work" == "PhoneWork").
ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "Name",
        "Full Name",
        "Contact Name",
        "Contact",
        "Person",
        "Person Name",
        "Person - Name",
        "Lead Name",
    ),
    "first_name": ("First Name", "FirstName", "Given Name", "First", "Person - First name"),
    "last_name": ("Last Name", "LastName", "Surname", "Family Name", "Last", "Person - Last name"),
    "company": (
        "Company",
        "Company Name",
        "Company / Account",
        "Account",
        "Account Name",
        "Account.Name",
        "Organization",
        "Organisation",
        "Organization Name",
        "Organization - Name",
        "Person - Organization",
        "Associated Company",
        "Business Name",
        "Employer",
    ),
    "title": (
        "Title",
        "Job Title",
        "JobTitle",
        "Position",
        "Role",
        "Job Role",
        "Person - Job title",
    ),
    "phone": (
        "Phone",
        "Phone Number",
        "Phone - Work",
        "Person - Phone",
        "Person - Phone - Work",
        "Work Phone",
        "Business Phone",
        "Office Phone",
        "Direct Phone",
        "Direct Dial",
        "Primary Phone",
        "Telephone",
        "Tel",
    ),
    "mobile": (
        "Mobile",
        "Mobile Phone",
        "MobilePhone",
        "Mobile Phone Number",
        "Mobile Number",
        "Cell",
        "Cell Phone",
        "Phone - Mobile",
        "Person - Phone - Mobile",
    ),
    "email": (
        "Email",
        "E-mail",
        "Email Address",
        "Work Email",
        "Primary Email",
        "Email - Work",
        "Person - Email",
        "Person - Email - Work",
    ),
    "notes": ("Notes", "Note", "Description", "Comments", "Comment", "Person - Note"),
    "timezone": ("Time Zone", "Timezone", "TZ", "Contact Time Zone", "Person - Time zone"),
    # The CRM's own id, carried back by `export calls` so the CRM can match its calls: HubSpot
    # ("Record ID", older exports "Contact ID"), Salesforce (Data Loader "Id", reports "Contact
    # ID" / "Lead ID"), Pipedrive ("Person - ID").
    "crm_id": (
        "Record ID",
        "Contact ID",
        "Id",
        "Lead ID",
        "Person - ID",
        "Person ID",
        "CRM ID",
    ),
    # HubSpot "Country/Region", Salesforce "Mailing Country" (contacts) or "Country" (leads),
    # Pipedrive's person address ("Person - Postal address - Country") or organisation's.
    "country": (
        "Country",
        "Country/Region",
        "Country Region",
        "Mailing Country",
        "MailingCountry",
        "Person - Country",
        "Person - Postal address - Country",
        "Organization - Address - Country",
        "Organization - Country",
        "Country Code",
    ),
}


def normalise(header: str) -> str:
    """A header reduced to lower-case letters and digits: 'Phone - Work' -> 'phonework'."""
    return re.sub(r"[\W_]+", "", header.casefold())


_BY_SPELLING: dict[str, str] = {
    normalise(alias): name for name, aliases in ALIASES.items() for alias in aliases
}


class MappingError(ValueError):
    """A `--map` that can't be used (a usage error: exit 2)."""


@dataclass(frozen=True)
class Columns:
    """Where each field is found in the file's rows."""

    index: Mapping[str, int]
    """Field -> column index."""
    ignored: tuple[str, ...]
    """Headers no field was taken from (reported, so nothing is dropped silently)."""


def parse_maps(items: Sequence[str]) -> dict[str, str]:
    """`COLUMN=FIELD` arguments as {column: field}; MappingError says what is wrong."""
    maps: dict[str, str] = {}
    for item in items:
        column, sep, target = item.rpartition("=")
        field = {normalise(f): f for f in (*FIELDS, IGNORE)}.get(normalise(target))
        if not sep or not column.strip():
            raise MappingError(f"--map {item!r}: write it as COLUMN=FIELD, e.g. 'Cell=mobile'")
        if field is None:
            known = ", ".join((*FIELDS, IGNORE))
            raise MappingError(
                f"--map {item!r}: {target.strip()!r} is not a field; use one of {known}"
            )
        maps[column.strip()] = field
    return maps


def recognise(header: Sequence[str], maps: Mapping[str, str] | None = None) -> Columns:
    """Match the header row to fields: `maps` first, then the alias table for the fields no
    --map names. The first column that claims a field wins; every --map must name a column of
    the file."""
    chosen = {normalise(column): field for column, field in (maps or {}).items()}
    spelled = [normalise(h) for h in header]
    for column in maps or {}:
        if normalise(column) not in spelled:
            shown = ", ".join(repr(h.strip()) for h in header if h.strip())
            raise MappingError(f"--map: the file has no column {column!r}; its columns are {shown}")
    mapped = set(chosen.values())
    index: dict[str, int] = {}
    ignored: list[str] = []
    for i, (raw, key) in enumerate(zip(header, spelled, strict=True)):
        field = chosen.get(key)
        if field is None and _BY_SPELLING.get(key) not in mapped:
            field = _BY_SPELLING.get(key)
        if field is None or field == IGNORE or field in index:
            if raw.strip():
                ignored.append(raw.strip())
            continue
        index[field] = i
    return Columns(index, tuple(ignored))

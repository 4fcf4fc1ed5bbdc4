"""`nextcall import`: a CRM export checked row by row, duplicates merged, then written all at once.

Reading the file and judging each row happen here (no database); `Store.import_prospects`
writes the result in one transaction. Every problem is reported against the file's physical
line numbers, so the rep can find the row in their spreadsheet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from zoneinfo import available_timezones

from nextcall.domain.merging import FILLED_FIELDS, merge_field, merge_notes
from nextcall.phones import InvalidNumber, PhoneNumber, parse
from nextcall.store.repository import NewProspect
from nextcall.transfer.headers import Columns, recognise
from nextcall.transfer.reading import Table, UnreadableFile, read_table

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (terminal escapes among them) are dropped from every cell."""


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class Checked:
    """What a file holds once every row is judged (nothing written yet)."""

    prospects: list[NewProspect] = field(default_factory=list)
    """Valid prospects, one per number, in file order."""
    lines: dict[str, int] = field(default_factory=dict)
    """Number -> the line it first appeared on."""
    merged: int = 0
    """Rows whose number an earlier row already had (folded into that row)."""
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    rows: int = 0


class FileProblem(ValueError):
    """The file as a whole can't be imported (unreadable, or no column to take numbers from)."""


def clean(text: str, *, multiline: bool = False) -> str:
    """A cell as stored: control characters dropped; one line with single spaces unless
    `multiline` (notes keep their line breaks)."""
    if text.isprintable() and text == text.strip() and "  " not in text:
        return text  # the usual cell, as it is (the checks below cost 50,000 rows ~0.3 s)
    text = _CONTROL.sub("", text.replace("\r\n", "\n"))
    if multiline:
        return "\n".join(" ".join(line.split()) for line in text.strip().split("\n"))
    return " ".join(text.split())


@cache
def _zones() -> dict[str, str]:
    """Lower-case IANA zone name -> its proper spelling."""
    return {name.lower(): name for name in available_timezones()}


ZONE_WORDS: dict[str, str] = {
    "eastern": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "central": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "mountain": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mt": "America/Denver",
    "arizona": "America/Phoenix",
    "pacific": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "alaska": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
}
"""The North American zone words CRMs write instead of IANA names ('Eastern Time (US & Canada)')."""


def iana_zone(text: str) -> str | None:
    """The IANA zone `text` names (any case), or the zone of a North American zone word
    ('Eastern', 'PST', '(GMT-05:00) Eastern Time (US & Canada)'); None when it names none."""
    text = text.strip()
    named = _zones().get(text.lower())
    if named is not None:
        return named
    words = re.sub(r"\(.*?\)", " ", text).lower().replace("time", " ").split()
    return ZONE_WORDS.get(words[0]) if len(words) == 1 else None


def _columns(table: Table, maps: Mapping[str, str]) -> Columns:
    columns = recognise(table.header, maps)
    if "phone" not in columns.index and "mobile" not in columns.index:
        raise FileProblem(
            "no column holds phone numbers; the columns are "
            + ", ".join(repr(h) for h in table.header if h)
            + ". Name it with --map, e.g. --map 'Direct line=phone'"
        )
    if not {"name", "first_name", "last_name"} & set(columns.index):
        raise FileProblem(
            "no column holds names (name, or first and last name); name it with --map, "
            "e.g. --map 'Contact=name'"
        )
    return columns


def check_file(data: bytes, region: str, maps: Mapping[str, str] | None = None) -> Checked:
    """Judge every row of a CRM export. FileProblem (or MappingError for a bad --map) when the
    file can't be used at all."""
    try:
        table = read_table(data)
    except UnreadableFile as exc:
        raise FileProblem(str(exc)) from None
    columns = _columns(table, maps or {})
    checked = Checked(ignored_columns=columns.ignored, rows=len(table.rows))
    by_number: dict[str, int] = {}
    width = len(table.header)
    for line, cells in table.rows:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            checked.errors.append(
                RowError(line, f"{len(cells)} cells, but the header has {width} columns")
            )
            continue
        try:
            prospect, warning = _prospect(cells, columns.index, region)
        except ValueError as exc:
            checked.errors.append(RowError(line, str(exc)))
            continue
        if warning:
            checked.warnings.append(f"line {line}: {warning}")
        at = by_number.get(prospect.phone)
        if at is None:
            by_number[prospect.phone] = len(checked.prospects)
            checked.lines[prospect.phone] = line
            checked.prospects.append(prospect)
        else:
            checked.prospects[at] = merge(checked.prospects[at], prospect)
            checked.merged += 1
    return checked


def _cell(
    cells: Sequence[str], index: Mapping[str, int], name: str, multiline: bool = False
) -> str:
    i = index.get(name)
    return clean(cells[i], multiline=multiline) if i is not None and i < len(cells) else ""


def _prospect(
    cells: Sequence[str], index: Mapping[str, int], region: str
) -> tuple[NewProspect, str]:
    """One row as a prospect and a warning ('' if none); ValueError says why it can't be."""

    def get(name: str) -> str:
        return _cell(cells, index, name)

    name = get("name") or " ".join(p for p in (get("first_name"), get("last_name")) if p)
    phone_text, mobile_text = get("phone"), get("mobile")
    problems = [] if name else ["no name"]
    number: PhoneNumber | None = None
    if not phone_text and not mobile_text:
        problems.append("no phone number")
    else:
        try:
            number = _number(phone_text or mobile_text, region)
        except ValueError as exc:
            problems.append(str(exc))
    if problems or number is None:
        raise ValueError("; ".join(problems))
    notes = [_cell(cells, index, "notes", multiline=True)]
    if number.extension:
        notes.insert(0, f"Extension {number.extension} (dial it after the call connects).")
    if phone_text and mobile_text:
        try:
            mobile = _number(mobile_text, region)
            if mobile.e164 != number.e164:
                notes.append(f"Mobile: {mobile.display}")
        except ValueError:
            notes.append(f"Mobile (as written): {mobile_text}")
    zone_text, warning = get("timezone"), ""
    zone = number.timezone
    if zone_text:
        named = iana_zone(zone_text)
        if named is None:
            warning = (
                f"{zone_text!r} is not a time zone name like America/New_York; "
                f"{'the number says ' + zone if zone else 'no zone is known'}"
            )
        else:
            zone = named
    prospect = NewProspect(
        name=name,
        phone=number.e164,
        phone_display=number.display,
        company=get("company"),
        title=get("title"),
        email=get("email"),
        notes="\n".join(n for n in notes if n),
        timezone=zone,
    )
    return prospect, warning


def _number(text: str, region: str) -> PhoneNumber:
    try:
        return parse(text, region)
    except InvalidNumber:
        digits = sum(ch.isdigit() for ch in text)
        if digits == 0:
            raise ValueError(f"{text!r} is not a phone number") from None
        raise ValueError(f"{text!r} is not a possible phone number") from None


def merge(kept: NewProspect, other: NewProspect) -> NewProspect:
    """Two rows for one number: the domain's merge rules (see domain/merging.py)."""
    filled = {
        name: merge_field(getattr(kept, name), getattr(other, name)) for name in FILLED_FIELDS
    }
    return replace(kept, **filled, notes=merge_notes(kept.notes, other.notes))


@dataclass
class CheckedNumbers:
    """A do-not-call file once judged: the numbers in it, in E.164."""

    numbers: list[str] = field(default_factory=list)
    merged: int = 0
    """Numbers written more than once in the file."""
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0


def check_dnc_file(
    data: bytes, region: str, maps: Mapping[str, str] | None = None
) -> CheckedNumbers:
    """The numbers of a do-not-call list: every phone and mobile cell of each row. A file of one
    column needs no recognised header, and may have no header at all."""
    try:
        table = read_table(data)
    except UnreadableFile as exc:
        raise FileProblem(str(exc)) from None
    index = recognise(table.header, maps or {}).index
    rows = list(table.rows)
    fields = [index[f] for f in ("phone", "mobile") if f in index]
    if not fields:
        if len(table.header) != 1:
            raise FileProblem(
                "no column holds phone numbers; name it with --map, e.g. --map 'Number=phone'"
            )
        fields = [0]
        if _possible(table.header[0], region):  # no header: the first line is a number
            rows.insert(0, (1, [table.header[0]]))
    checked = CheckedNumbers(rows=len(rows))
    seen: set[str] = set()
    for line, cells in rows:
        texts = [clean(cells[i]) for i in fields if i < len(cells) and cells[i].strip()]
        if not texts:
            checked.errors.append(RowError(line, "no phone number"))
            continue
        try:
            numbers = [_number(t, region).e164 for t in texts]
        except ValueError as exc:
            checked.errors.append(RowError(line, str(exc)))
            continue
        for e164 in numbers:
            if e164 in seen:
                checked.merged += 1
            else:
                seen.add(e164)
                checked.numbers.append(e164)
    return checked


def _possible(text: str, region: str) -> bool:
    try:
        _number(text, region)
    except ValueError:
        return False
    return True

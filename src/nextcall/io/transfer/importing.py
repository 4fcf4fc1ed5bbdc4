"""`nextcall import`: a CRM export checked row by row, duplicates merged, then written all at once.

Reading the file and judging each row happen here (no database); `Store.import_prospects`
writes the result in one transaction. Every problem is reported against the file's physical
line numbers, so the rep can find the row in their spreadsheet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from nextcall.domain.merging import FILLED_FIELDS, clash_note, clashes, merge_field, merge_notes
from nextcall.io.phones import (
    InvalidNumber,
    LocalOnly,
    PhoneNumber,
    no_country_code,
    parse,
    region_of,
)
from nextcall.io.transfer.countries import region_for
from nextcall.io.transfer.headers import Columns, recognise
from nextcall.io.transfer.reading import Table, UnreadableFile, read_table
from nextcall.io.transfer.zones import iana_zone as iana_zone  # where it lived before
from nextcall.store import NewProspect

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
"""Control characters (terminal escapes among them) and invisible bidi and zero-width marks
(which can make a name display as another) are dropped from every cell."""
_SEPARATORS = re.compile(r"\s*(?:[,;/]|\s+or\s+)\s*", re.IGNORECASE)
"""What separates several numbers written in one cell."""


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
    notices: list[str] = field(default_factory=list)
    """Things about the file as a whole ('ignored the Salesforce report footer')."""
    mobile_instead: int = 0
    """Rows whose Phone held no number (an empty cell included): their mobile is dialed."""


class FileProblem(ValueError):
    """The file as a whole can't be imported (unreadable, or no column to take numbers from)."""


def clean(text: str, *, multiline: bool = False) -> str:
    """A cell as stored: control characters dropped; one line with single spaces unless
    `multiline` (notes keep their line breaks). A lone carriage return is a space."""
    if text.isprintable() and text == text.strip() and "  " not in text:
        return text  # the usual cell, as it is (the checks below cost 50,000 rows ~0.3 s)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", " "))
    if multiline:
        return "\n".join(" ".join(line.split()) for line in text.strip().split("\n"))
    return " ".join(text.split())


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


def _table(data: bytes) -> Table:
    try:
        return read_table(data)
    except UnreadableFile as exc:
        raise FileProblem(str(exc)) from None


def _no_rows(table: Table) -> FileProblem:
    shown = ", ".join(h for h in table.header if h)
    return FileProblem(f"the file has a header ({shown}) but no rows")


def check_file(data: bytes, region: str, maps: Mapping[str, str] | None = None) -> Checked:
    """Judge every row of a CRM export. FileProblem (or MappingError for a bad --map) when the
    file can't be used at all."""
    table = _table(data)
    columns = _columns(table, maps or {})
    if not table.rows and not table.problems:
        raise _no_rows(table)
    checked = Checked(ignored_columns=columns.ignored, rows=len(table.rows) + len(table.problems))
    if table.footer:
        checked.notices.append(f"ignored {table.footer}")
    by_number: dict[str, int] = {}
    width = len(table.header)
    for line, cells in table.rows:
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            checked.errors.append(
                RowError(line, f"{len(cells)} cells, but the header has {width} columns")
            )
            continue
        try:
            row = _row(cells, columns.index, region)
        except ValueError as exc:
            checked.errors.append(RowError(line, str(exc)))
            continue
        checked.warnings.extend(f"line {line}: {w}" for w in row.warnings)
        checked.mobile_instead += row.mobile_instead
        _add(checked, by_number, row.prospect, line)
    _add_problems(checked.errors, table)
    return checked


def _add_problems(errors: list[RowError], table: Table) -> None:
    """The records the file's reading could not make rows of, among the row errors by line."""
    if table.problems:
        errors.extend(RowError(line, reason) for line, reason in table.problems)
        errors.sort(key=lambda e: e.line)


def _add(checked: Checked, by_number: dict[str, int], prospect: NewProspect, line: int) -> None:
    """Add a row's prospect, or merge it into the earlier row with its number."""
    at = by_number.get(prospect.phone)
    if at is None:
        by_number[prospect.phone] = len(checked.prospects)
        checked.lines[prospect.phone] = line
        checked.prospects.append(prospect)
        return
    kept = checked.prospects[at]
    found = clashes(
        kept.name,
        kept.email,
        prospect.name,
        prospect.email,
        line,
        kept_crm_id=kept.crm_id,
        other_crm_id=prospect.crm_id,
    )
    checked.warnings.extend(str(c) for c in found)
    merged = merge(kept, prospect)
    for clash in found:
        merged = replace(
            merged, notes=merge_notes(merged.notes, clash_note(clash, prospect.company))
        )
    checked.prospects[at] = merged
    checked.merged += 1


def _values(cells: Sequence[str], index: Mapping[str, int]) -> dict[str, str]:
    """The row's cells by field, cleaned (notes keep their line breaks); missing ones absent."""
    width = len(cells)
    return {
        name: clean(cells[i], multiline=name == "notes")
        for name, i in index.items()
        if i < width and cells[i]
    }


@dataclass(frozen=True)
class Row:
    """One row judged: its prospect, what to warn about, and whether its mobile is dialed
    because its Phone cell held no number."""

    prospect: NewProspect
    warnings: tuple[str, ...] = ()
    mobile_instead: bool = False


@dataclass(frozen=True)
class Dialed:
    """The number a row is dialed on, and what the row's number cells add to its notes."""

    number: PhoneNumber
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    mobile_instead: bool = False


def _row(cells: Sequence[str], index: Mapping[str, int], region: str) -> Row:
    """One row as a prospect; ValueError says why it can't be one."""
    values = _values(cells, index)

    def get(name: str) -> str:
        return values.get(name, "")

    name = get("name") or " ".join(p for p in (get("first_name"), get("last_name")) if p)
    problems = [] if name else ["no name"]
    region, country_warning = _region(get("country"), region, get("phone"), get("mobile"))
    try:
        dialed = _dialed(get("phone"), get("mobile"), region)
    except ValueError as exc:
        problems.append(str(exc))
    if problems:
        raise ValueError("; ".join(problems))
    number = dialed.number
    zone, zone_warning = _zone(get("timezone"), number.timezone)
    notes = [get("notes"), *dialed.notes]
    if number.extension:
        notes.insert(0, f"Extension {number.extension} (dial it after the call connects).")
    prospect = NewProspect(
        name=name,
        phone=number.e164,
        phone_display=number.display,
        company=get("company"),
        title=get("title"),
        email=get("email"),
        notes="\n".join(n for n in notes if n),
        timezone=zone,
        crm_id=get("crm_id"),
    )
    warnings = tuple(w for w in (country_warning, *dialed.warnings, zone_warning) if w)
    return Row(prospect, warnings, dialed.mobile_instead)


def _region(country: str, default: str, *numbers: str) -> tuple[str, str]:
    """The region the row's numbers without a country code are read in: its country cell's,
    else `default`; and a warning ('' for none) when the cell names no country and a number
    needs one (a number written with its '+' ignores the column)."""
    if not country:
        return default, ""
    found = region_for(country)
    if found is not None:
        return found, ""
    if all(n.lstrip().startswith("+") for n in numbers if n):
        return default, ""
    return default, (
        f"{country!r} is not a country nextcall knows: the number is read as a {default} "
        "number ([calling] default_region)"
    )


def _zone(text: str, from_number: str) -> tuple[str, str]:
    """The row's zone (its Time Zone cell, else the number's) and a warning ('' for none)."""
    if not text:
        return from_number, ""
    named = iana_zone(text)
    if named is not None:
        return named, ""
    said = f"the number says {from_number}" if from_number else "no zone is known"
    return from_number, f"{text!r} is not a time zone name like America/New_York; {said}"


def _dialed(phone_text: str, mobile_text: str, region: str) -> Dialed:
    """The number to dial: the Phone cell's (its first, when it holds several), else the
    mobile's; ValueError when neither holds one."""
    if not phone_text and not mobile_text:
        raise ValueError("no phone number")
    if not phone_text:
        number, others = _first_number(mobile_text, region)
        validity = _validity(mobile_text, number)
        return Dialed(number, tuple(_others(others)), validity, mobile_instead=True)
    try:
        number, others = _first_number(phone_text, region)
    except ValueError as exc:
        if not mobile_text:
            raise
        return _mobile_instead(phone_text, mobile_text, region, str(exc))
    notes = [*_others(others), *_mobile_note(mobile_text, number, region)]
    return Dialed(number, tuple(notes), _validity(phone_text, number))


def _mobile_instead(phone_text: str, mobile_text: str, region: str, problem: str) -> Dialed:
    """A Phone cell with no number in it ('n/a', '-', a typo) and a mobile: dial the mobile.
    A Phone cell that looked like a number is kept in the notes and warned about."""
    try:
        number, others = _first_number(mobile_text, region)
    except ValueError as exc:
        raise ValueError(f"{problem}; mobile: {exc}") from None
    notes, warnings = list(_others(others)), list(_validity(mobile_text, number))
    if any(ch.isdigit() for ch in phone_text):
        notes.append(f"Phone (as written): {phone_text}")
        warnings.append(f"{problem}; the mobile {number.display} is dialed instead")
    return Dialed(number, tuple(notes), tuple(warnings), mobile_instead=True)


def _mobile_note(mobile_text: str, main: PhoneNumber, region: str) -> list[str]:
    """The mobile beside a dialed Phone, for the notes. A mobile written the national way of
    another country than the default region is read as the main number's country's."""
    if not mobile_text:
        return []
    try:
        mobile, others = _first_number(mobile_text, region, fallback=region_of(main.e164))
    except ValueError:
        return [f"Mobile (as written): {mobile_text}"]
    shown = [] if mobile.e164 == main.e164 else [f"Mobile: {mobile.display}"]
    return shown + _others(others)


def _others(numbers: Sequence[str]) -> list[str]:
    return [f"Other number: {n}" for n in numbers]


def _validity(text: str, number: PhoneNumber) -> tuple[str, ...]:
    if number.valid:
        return ()
    return (f"{text!r} is not in any range of numbers in use there; check it before dialing",)


def _first_number(text: str, region: str, fallback: str = "") -> tuple[PhoneNumber, list[str]]:
    """The number in a cell; in a cell of several ('212 555 0143 / 212 555 0199', or ',', ';',
    ' or '), the first possible one and the rest as written. ValueError when there is none."""
    try:
        return _number(text, region, fallback), []
    except ValueError:
        parts = _parts(text)
        if not parts:
            raise
        for i, part in enumerate(parts):
            try:
                number = _number(part, region, fallback)
            except ValueError:
                continue
            return number, parts[:i] + parts[i + 1 :]
        raise


def _parts(text: str) -> list[str]:
    """A cell's parts between separators when two or more of them hold digits (several
    numbers), else none ('n/a' is one placeholder, not two)."""
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    with_digits = sum(1 for p in parts if any(ch.isdigit() for ch in p))
    return parts if with_digits >= 2 else []


def _number(text: str, region: str, fallback: str = "") -> PhoneNumber:
    """`text` as a number of `region`, else of `fallback` (another country's national
    format); ValueError in the rep's words."""
    try:
        return parse(text, region)
    except LocalOnly as exc:
        raise ValueError(str(exc)) from None
    except InvalidNumber:
        if fallback and fallback != region:
            return _number(text, fallback)
        digits = sum(ch.isdigit() for ch in text)
        if digits == 0:
            raise ValueError(f"{text!r} is not a phone number") from None
        raise ValueError(
            no_country_code(text, region) or f"{text!r} is not a possible phone number"
        ) from None


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
    repeated: int = 0
    """Numbers written more than once in the file."""
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Placeholder cells ('n/a') beside a number in the same row: left out, said."""
    notices: list[str] = field(default_factory=list)


def check_dnc_file(
    data: bytes, region: str, maps: Mapping[str, str] | None = None
) -> CheckedNumbers:
    """The numbers of a do-not-call list: every phone and mobile cell of each row. A file of one
    column needs no recognised header, and may have no header at all. A bad cell is reported;
    the row's other numbers still go on the list."""
    table = _table(data)
    rows, fields = _dnc_columns(table, region, maps or {})
    if not rows and not table.problems:
        raise _no_rows(table)
    checked = CheckedNumbers(notices=[f"ignored {table.footer}"] if table.footer else [])
    seen: set[str] = set()
    for line, cells in rows:
        texts = [clean(cells[i]) for i in fields if i < len(cells) and cells[i].strip()]
        for e164 in _dnc_numbers(texts, region, line, checked):
            if e164 in seen:
                checked.repeated += 1
            else:
                seen.add(e164)
                checked.numbers.append(e164)
    _add_problems(checked.errors, table)
    return checked


def _dnc_numbers(
    texts: Sequence[str], region: str, line: int, checked: CheckedNumbers
) -> list[str]:
    """A do-not-call row's numbers, all of a cell's when it holds several. A cell that is not
    a number is an error, unless it holds no digit at all ('n/a', '-') and the row has a number
    in another cell: then a warning."""
    numbers: list[str] = []
    bad: list[tuple[str, str]] = []
    for text in texts:
        try:
            numbers.append(_number(text, region).e164)
            continue
        except ValueError as exc:
            parts = _parts(text)
            if not parts:
                bad.append((text, str(exc)))
                continue
        for part in parts:
            try:
                numbers.append(_number(part, region).e164)
            except ValueError as exc:
                bad.append((part, str(exc)))
    for text, reason in bad:
        if numbers and not any(ch.isdigit() for ch in text):
            checked.warnings.append(f"line {line}: {text!r} is not a number (left out)")
        else:
            checked.errors.append(RowError(line, reason))
    if not texts:
        checked.errors.append(RowError(line, "no phone number"))
    return numbers


def _dnc_columns(
    table: Table, region: str, maps: Mapping[str, str]
) -> tuple[list[tuple[int, list[str]]], list[int]]:
    """The rows of a do-not-call file, and the columns its numbers are in."""
    index = recognise(table.header, maps).index
    rows = list(table.rows)
    fields = [index[f] for f in ("phone", "mobile") if f in index]
    if fields:
        return rows, fields
    if len(table.header) != 1:
        raise FileProblem(
            "no column holds phone numbers; name it with --map, e.g. --map 'Number=phone'"
        )
    if _possible(table.header[0], region):  # no header: the first line is a number
        rows.insert(0, (1, [table.header[0]]))
    return rows, [0]


def _possible(text: str, region: str) -> bool:
    try:
        _number(text, region)
    except ValueError:
        return False
    return True

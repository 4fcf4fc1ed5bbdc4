"""A CSV file as a header and rows, each row with the physical line it starts on.

Any bytes come in; what comes out is a table or an UnreadableFile saying what is wrong and where
(line and byte), never a traceback. UTF-8 with or without a BOM; comma, semicolon or tab,
detected from the header line and the rows after it (or named by Excel's `sep=;` first line).
A Salesforce report's footer (its confidentiality and copyright lines) is left out.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

DELIMITERS = (",", ";", "\t")
MAX_FIELD = 1_000_000
"""The longest cell accepted, in characters (csv's default limit is 131,072)."""
SAMPLE_LINES = 20
"""How many lines after the header the delimiter is checked against."""
_SEP_LINE = re.compile(r"sep=([^\r\n\"])[ ]*(?:\r?\n|\r|$)", re.IGNORECASE)
"""Excel's first line naming the delimiter: `sep=;`."""
SALESFORCE_FOOTER = (
    re.compile(r"Confidential Information - Do Not Distribute", re.IGNORECASE),
    re.compile(r"Copyright \(c\) \d{4}(-\d{4})? salesforce\.com.*", re.IGNORECASE),
)
"""The lines a Salesforce "Details only" report ends with, each alone in its row."""


Row = tuple[int, list[str]]
"""A row: the line it starts on, its cells."""
Problem = tuple[int, str]
"""A record that can't be read as a row: the line it starts on, why."""


class UnreadableFile(ValueError):
    """The file as a whole can't be read as CSV (nothing is imported)."""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: list[Row]
    """(line the row starts on, its cells), blank rows left out."""
    delimiter: str
    footer: str = ""
    """What was left out at the end ('' for nothing), e.g. 'the Salesforce report footer'."""
    problems: list[Problem] = field(default_factory=list)
    """Records that can't be read as rows (a quote never closed), each with its line."""


def decode(data: bytes) -> str:
    """The file's text; UnreadableFile names the first line and byte that is not UTF-8."""
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            "this is a zip file (an Excel workbook?), not CSV: save it as 'CSV UTF-8' first"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data):
        raise UnreadableFile("this file is UTF-16 text: save it as 'CSV UTF-8' and try again")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        raise UnreadableFile(
            f"line {line}, byte {column}: not UTF-8 text (0x{data[exc.start]:02x}); "
            "save the export as 'CSV UTF-8' and try again"
        ) from None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise UnreadableFile(f"line {line}: a NUL byte; this looks like a binary file, not CSV")
    return text


def _utf16_without_bom(data: bytes) -> bool:
    """UTF-16 text with no byte-order mark: in its first bytes, every other byte is NUL (the
    high byte of Latin letters, digits and punctuation) and the bytes between are not."""
    sample = data[:512]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return False
    for zeros, chars in ((sample[1::2], sample[0::2]), (sample[0::2], sample[1::2])):
        if zeros.count(0) >= 0.9 * len(zeros) and chars.count(0) <= 0.1 * len(chars):
            return True
    return False


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte-in-line of `offset`."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def detect_delimiter(text: str) -> str:
    """The delimiter among comma, semicolon and tab that the header line uses (outside quotes)
    and that splits the next lines into as many cells as the header; of those, the one the
    header uses most. Comma when the header has none of them (a one-column file)."""
    counts = _header_counts(text)
    used = [d for d in DELIMITERS if counts[d]]
    if len(used) <= 1:
        return used[0] if used else ","
    return max(used, key=lambda d: (_consistent(text, d), counts[d]))


def _header_counts(text: str) -> dict[str, int]:
    """How often each delimiter appears in the first line, outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    return counts


def _consistent(text: str, delimiter: str) -> bool:
    """True when the first lines all split into as many cells as the header does."""
    sample = text[: 64 * 1024]
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    widths: list[int] = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                widths.append(len(cells))
            if len(widths) > SAMPLE_LINES:
                break
    except csv.Error:
        return False
    if len(sample) < len(text) and len(widths) <= SAMPLE_LINES:
        widths = widths[:-1]  # the last row may be cut short by the sample's end
    return len(set(widths)) == 1


def _named_delimiter(text: str) -> tuple[str | None, str]:
    """Excel's `sep=X` first line: (X, the text after that line); (None, text) without one."""
    match = _SEP_LINE.match(text)
    if match is None:
        return None, text
    return match.group(1), "\n" + text[match.end() :]  # the line still counts


def read_table(data: bytes) -> Table:
    """Parse the file's bytes into a header and rows; UnreadableFile when it can't."""
    text = decode(data)
    if not text.strip():
        raise UnreadableFile("the file is empty")
    named, text = _named_delimiter(text)
    delimiter = named or detect_delimiter(text.lstrip("\r\n"))
    header, rows, problems = _parse(text, delimiter)
    footer = _salesforce_footer(rows)
    if footer:
        del rows[-footer:]
    left_out = "the Salesforce report footer" if footer else ""
    return Table(header, rows, delimiter, left_out, problems)


def _parse(text: str, delimiter: str) -> tuple[tuple[str, ...], list[Row], list[Problem]]:
    """The header, the rows, and the records that could not be read as rows (each with its
    line and why): reading goes on after a broken record, at the line after the one it starts
    on, so every bad row of the file is listed."""
    csv.field_size_limit(MAX_FIELD)
    lines = _Lines(io.StringIO(text, newline="").readlines())
    header: tuple[str, ...] | None = None
    rows: list[Row] = []
    problems: list[Problem] = []
    for line, span, cells in _records(lines, delimiter):
        if isinstance(cells, str):
            if header is None:
                raise UnreadableFile(f"line {line}: {cells}")
            problems.append((line, cells))
            continue
        if not any(c.strip() for c in cells):
            continue  # blank lines and rows of empty cells, as spreadsheets leave them
        if header is None:
            header = tuple(c.strip() for c in cells)
        elif span > 1 and _misshapen(cells, len(header)):
            problems.append((line, _runaway(line, line + span - 1, len(cells), len(header))))
            lines.at = line  # the quote was a stray one: read on from the next line
        else:
            rows.append((line, cells))
    if header is None:
        raise UnreadableFile("the file has no header row")
    return header, rows, problems


class _Lines:
    """The file's physical lines (ends kept), handed to the csv reader one by one from `at`."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.at = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.at >= len(self.lines):
            raise StopIteration
        self.at += 1
        return self.lines[self.at - 1]


def _records(lines: _Lines, delimiter: str) -> Iterator[tuple[int, int, list[str] | str]]:
    """(line, lines spanned, cells or the reason it can't be read) for each record. The csv
    module reads the usual record; one it refuses is read again as spreadsheets read it."""
    while lines.at < len(lines.lines):
        start = lines.at
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            for cells in reader:
                yield start + 1, lines.at - start, cells
                start = lines.at
            return
        except csv.Error as exc:
            read: list[str] | None = None
            end = start + 1
            if "expected after" in str(exc):
                read, end = _as_spreadsheets_read(lines.lines, start, delimiter)
            lines.at = end if read is not None else start + 1
            yield start + 1, lines.at - start, read or _csv_problem(str(exc), start + 1)


def _as_spreadsheets_read(
    lines: list[str], start: int, delimiter: str
) -> tuple[list[str] | None, int]:
    """The record at `lines[start]` read as Excel and LibreOffice read it, and the index of
    the line after it; (None, _) when a quote is never closed. A cell that does not start
    with a quote is unquoted: it runs to the delimiter and a quote in it is a character
    (`5" screen`), except that a formula's strings keep their delimiters
    (`=HYPERLINK("https://x.example/a,b","site")`). In a quoted cell, "" is a quote and a
    quote not followed by the delimiter or the line's end is a character (`"5" screen"`)."""
    cells: list[str] = []
    at, text = start, lines[start]
    i = 0
    while True:
        if text.startswith('"', i):
            cell, i, at, text = _quoted(lines, at, text, i + 1, delimiter)
            if cell is None:
                return None, start + 1
        else:
            cell, i = _unquoted(text, i, delimiter)
        cells.append(cell)
        if i < len(text) and text[i] == delimiter:
            i += 1
            continue
        return cells, at + 1


def _unquoted(text: str, i: int, delimiter: str) -> tuple[str, int]:
    """An unquoted cell from `i`: (its text, the index of what ends it). In a formula, the
    delimiters inside its strings and its brackets belong to it."""
    end, depth, formula = i, 0, text.startswith("=", i)
    while end < len(text) and (text[end] not in (delimiter, "\r", "\n") or depth > 0):
        ch = text[end]
        if formula and ch == '"':
            close = text.find('"', end + 1)
            if close > 0 and not {"\r", "\n"} & set(text[end:close]):
                end = close
        elif formula and ch in "()":
            depth = max(0, depth + (1 if ch == "(" else -1))
        elif ch in "\r\n":
            break  # a bracket never closed: the line ends the cell
        end += 1
    return text[i:end], end


def _quoted(
    lines: list[str], at: int, text: str, i: int, delimiter: str
) -> tuple[str | None, int, int, str]:
    """A quoted cell whose text starts at `i`: (its text, the index after it, the line it
    ends on, that line); None for the text when it never closes. A stray quote (not doubled,
    not before the delimiter or the line's end) is a character when the cell closes on its
    line (LibreOffice's `"5" screen"`); otherwise it closes the cell and the text after it
    up to the delimiter is added (Excel's and csv's `"Bram"x` -> `Bramx`), on the line the
    cell starts on; a stray quote on a later line means the opening quote ran on."""
    parts: list[str] = []
    size, first = 0, at
    stray: tuple[str, int] | None = None
    while True:
        quote = text.find('"', i)
        if quote < 0:
            if stray is not None and at != first:
                return None, 0, at, text  # a quote that ran on over lines, not a stray one
            if stray is not None:
                tail, end = _unquoted(text, stray[1] + 1, delimiter)
                return stray[0] + tail, end, at, text
            parts.append(text[i:])
            size += len(text) - i
            at += 1
            if at >= len(lines) or size > MAX_FIELD:
                return None, 0, at, text
            text, i = lines[at], 0
            continue
        after = text[quote + 1 : quote + 2]
        if after == '"':
            parts.append(text[i : quote + 1])
            i = quote + 2
        elif after in ("", delimiter, "\r", "\n"):
            parts.append(text[i:quote])
            return "".join(parts), quote + 1, at, text
        else:
            if stray is None:
                stray = ("".join(parts) + text[i:quote], quote)
            parts.append(text[i : quote + 1])
            i = quote + 1


def _misshapen(cells: list[str], width: int) -> bool:
    """A record of several lines that does not fit the header: a stray quote ran on."""
    return len(cells) < width or any(c.strip() for c in cells[width:])


def _runaway(line: int, last: int, cells: int, width: int) -> str:
    return (
        f"a quote opened on line {line} runs on to line {last} ({cells} "
        f'{"cell" if cells == 1 else "cells"} where the header has {width}); close it, or write a quote inside a cell as two ("")'
    )


def _csv_problem(message: str, line: int) -> str:
    """The csv module's complaint in a rep's words."""
    if "field larger than field limit" in message:
        return (
            f"a cell longer than {MAX_FIELD:,} characters; most likely a quote opened on "
            f"line {line} is never closed"
        )
    if "unexpected end of data" in message:
        return f"a quote opened on line {line} is never closed"
    if "expected after" in message:
        return f"a quote opened on line {line} is never closed"
    return f"not valid CSV ({message})"


def _salesforce_footer(rows: list[tuple[int, list[str]]]) -> int:
    """How many rows at the end are a Salesforce report footer (0 when there is none)."""
    count = 0
    for _, cells in reversed(rows):
        filled = [c.strip() for c in cells if c.strip()]
        if len(filled) != 1 or not any(p.fullmatch(filled[0]) for p in SALESFORCE_FOOTER):
            break
        count += 1
    return count

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
from dataclasses import dataclass

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


class UnreadableFile(ValueError):
    """The file as a whole can't be read as CSV (nothing is imported)."""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: list[tuple[int, list[str]]]
    """(line the row starts on, its cells), blank rows left out."""
    delimiter: str
    footer: str = ""
    """What was left out at the end ('' for nothing), e.g. 'the Salesforce report footer'."""


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
    header, rows = _parse(text, delimiter)
    footer = _salesforce_footer(rows)
    if footer:
        del rows[-footer:]
    return Table(header, rows, delimiter, "the Salesforce report footer" if footer else "")


def _parse(text: str, delimiter: str) -> tuple[tuple[str, ...], list[tuple[int, list[str]]]]:
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue  # blank lines and rows of empty cells, as spreadsheets leave them
            if header is None:
                header = tuple(c.strip() for c in cells)
            else:
                rows.append((line, cells))
    except csv.Error as exc:
        raise UnreadableFile(f"line {start}: {_csv_problem(str(exc), start)}") from None
    if header is None:
        raise UnreadableFile("the file has no header row")
    return header, rows


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
        return (
            'a quote (") in the middle of a quoted cell; write a quote inside a cell as two '
            '("") or remove it'
        )
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

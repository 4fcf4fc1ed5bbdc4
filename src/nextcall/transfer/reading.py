"""A CSV file as a header and rows, each row with the physical line it starts on.

Any bytes come in; what comes out is a table or an UnreadableFile saying what is wrong and where
(line and byte), never a traceback. UTF-8 with or without a BOM; comma, semicolon or tab,
detected from the header line.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t")
MAX_FIELD = 1_000_000
"""The longest cell accepted, in characters (csv's default limit is 131,072)."""


class UnreadableFile(ValueError):
    """The file as a whole can't be read as CSV (nothing is imported)."""


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: list[tuple[int, list[str]]]
    """(line the row starts on, its cells), blank rows left out."""
    delimiter: str


def decode(data: bytes) -> str:
    """The file's text; UnreadableFile names the first line and byte that is not UTF-8."""
    if data.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            "this is a zip file (an Excel workbook?), not CSV: save it as 'CSV UTF-8' first"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
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


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte-in-line of `offset`."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def detect_delimiter(text: str) -> str:
    """The delimiter among comma, semicolon and tab used most in the header line (outside
    quotes); comma when the header has none of them (a one-column file)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(data: bytes) -> Table:
    """Parse the file's bytes into a header and rows; UnreadableFile when it can't."""
    text = decode(data)
    if not text.strip():
        raise UnreadableFile("the file is empty")
    delimiter = detect_delimiter(text.lstrip("\r\n"))
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
        raise UnreadableFile(f"line {start}: not valid CSV ({exc})") from None
    if header is None:
        raise UnreadableFile("the file has no header row")
    return Table(header, rows, delimiter)

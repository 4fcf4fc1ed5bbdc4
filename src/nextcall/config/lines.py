"""Where each key of a TOML text is set: the line numbers tomllib does not give.

A small scanner for text tomllib has already accepted. It follows table headers ([a], [[a]]), dotted
and quoted keys, inline tables, and values that span lines (arrays, multi-line strings); it counts
lines by "\\n", as TOML does. On text it misreads it gives fewer or wrong lines, never an error.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from functools import lru_cache

KeyPath = tuple[str, ...]
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def line_of(text: str, path: KeyPath) -> int | None:
    """The line that sets `path` (or, failing that, its longest prefix that is set), if found."""
    lines = _Scanner(text).run()
    for size in range(len(path), 0, -1):
        if path[:size] in lines:
            return lines[path[:size]]
    return None


@lru_cache(maxsize=256)
def _key_path(raw: str) -> KeyPath:
    """The parts of a key as written (`a."b c".d`), read by tomllib itself; () when it isn't one."""
    parts = [part.strip(" \t") for part in raw.split(".")]
    if all(_BARE.fullmatch(part) for part in parts):
        return tuple(parts)
    try:
        data: object = tomllib.loads(f"{raw} = 0")
    except (tomllib.TOMLDecodeError, RecursionError):
        return ()
    path: list[str] = []
    while isinstance(data, dict) and len(data) == 1:
        key, data = next(iter(data.items()))
        path.append(key)
    return tuple(path)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text, self.pos, self.end = text, 0, len(text)
        self.newlines = [i for i, char in enumerate(text) if char == "\n"]
        self.found: dict[KeyPath, int] = {}

    def run(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        while self.pos < self.end:
            start = self.pos
            self.skip_blank()
            if self.pos >= self.end:
                break
            if self.text[self.pos] == "[":
                table = self.header()
            else:
                self.key_value(table)
            self.skip_to_line_end()
            if self.pos == start:
                self.pos += 1
        return self.found

    def line(self) -> int:
        return bisect_left(self.newlines, self.pos) + 1

    def record(self, path: KeyPath, line: int) -> None:
        for size in range(1, len(path) + 1):
            self.found.setdefault(path[:size], line)

    def header(self) -> KeyPath:
        line = self.line()
        self.pos += 2 if self.text.startswith("[[", self.pos) else 1
        path = _key_path(self.raw_key("]"))
        self.record(path, line)
        return path

    def key_value(self, table: KeyPath | None) -> None:
        line = self.line()
        path = _key_path(self.raw_key("="))
        sub = None if table is None else table + path
        if sub is not None and path:
            self.record(sub, line)
        if self.pos < self.end and self.text[self.pos] == "=":
            self.pos += 1
            self.skip_blank(newlines=False)
            self.value(sub)

    def raw_key(self, stop: str) -> str:
        start = self.pos
        while self.pos < self.end:
            char = self.text[self.pos]
            if char in "\"'":
                self.skip_string()
            elif char in stop or char in "\n#":
                break
            else:
                self.pos += 1
        return self.text[start : self.pos]

    def value(self, path: KeyPath | None) -> None:
        if self.pos >= self.end:
            return
        char = self.text[self.pos]
        if char in "\"'":
            self.skip_string()
        elif char in "[{":
            self.pos += 1
            self.items("]" if char == "[" else "}", path if char == "{" else None)
        else:
            while self.pos < self.end and self.text[self.pos] not in ",]}\n#":
                self.pos += 1

    def items(self, close: str, table: KeyPath | None) -> None:
        """An array's values, or an inline table's keys (recorded under `table` when given)."""
        while self.pos < self.end:
            self.skip_blank()
            if self.pos >= self.end:
                return
            before, char = self.pos, self.text[self.pos]
            if char == close:
                self.pos += 1
                return
            if char == ",":
                self.pos += 1
            elif close == "}":
                self.key_value(table)
            else:
                self.value(None)
            if self.pos == before:
                self.pos += 1

    def skip_string(self) -> None:
        quote = self.text[self.pos]
        triple = self.text.startswith(quote * 3, self.pos)
        self.pos += 3 if triple else 1
        while self.pos < self.end:
            char = self.text[self.pos]
            if char == "\\" and quote == '"':
                self.pos += 2
            elif triple and self.text.startswith(quote * 3, self.pos):
                self.pos += 3
                for _ in range(2):  # up to two quotes may end the content: """a""""
                    if self.pos < self.end and self.text[self.pos] == quote:
                        self.pos += 1
                return
            elif not triple and char in (quote, "\n"):
                self.pos += char == quote
                return
            else:
                self.pos += 1

    def skip_blank(self, *, newlines: bool = True) -> None:
        while self.pos < self.end:
            char = self.text[self.pos]
            if char in " \t" or (newlines and char in "\r\n"):
                self.pos += 1
            elif char == "#" and newlines:
                while self.pos < self.end and self.text[self.pos] != "\n":
                    self.pos += 1
            else:
                return

    def skip_to_line_end(self) -> None:
        """Past what is left of the line: a header's closing brackets, blanks, a comment."""
        while self.pos < self.end and self.text[self.pos] != "\n":
            self.pos += 1

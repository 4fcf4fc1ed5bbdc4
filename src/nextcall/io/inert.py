"""Text from outside (a file, a file name, a CSV header, a note, a softphone's output, a config
value) made inert before it reaches the terminal: no byte in it can move the cursor, retitle the
window, ring the bell or write the rep's clipboard. The one sanitising function of the program."""

from __future__ import annotations

import re

_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS...
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI: parameters, intermediates, final byte
    r"|\x1b[ -/]*[0-~]?"  # the short escapes (ESC c, ESC ( B, ...)
)
"""An escape sequence as a whole, so its payload (e.g. OSC 52's clipboard text) goes with it."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 controls but line break and tab, DEL, C1 controls, and the bidirectional overrides."""


def inert(text: str) -> str:
    """`text` with every escape sequence and control character removed; line breaks and tabs
    stay. Cheap on text that holds none (the usual case)."""
    if text.isprintable():
        return text
    return _CONTROL.sub("", _SEQUENCE.sub("", text))

"""Terminal charts as text (Textual or Rich markup): horizontal bars, column charts, sparklines.
Plain Python, so the review screen and `nextcall stats` draw the same pictures."""

from __future__ import annotations

from collections.abc import Sequence

EIGHTHS = " ▁▂▃▄▅▆▇█"
LEFT_EIGHTHS = " ▏▎▍▌▋▊▉█"


def hbar(value: float, top: float, width: int) -> str:
    """A bar of `value` against `top` in `width` cells, to an eighth of a cell; any non-zero value
    shows at least a sliver."""
    if top <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(min(1.0, value / top) * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (LEFT_EIGHTHS[part] if part else "")


def spark(values: Sequence[float | None]) -> str:
    """One character per value scaled to the largest; None (no data) shows as a middle dot."""
    known = [v for v in values if v is not None]
    top = max(known, default=0.0)
    chars = []
    for v in values:
        if v is None:
            chars.append("·")
        else:
            chars.append(EIGHTHS[max(1, round(v / top * 8))] if top and v > 0 else EIGHTHS[1])
    return "".join(chars)


def columns(values: Sequence[int], labels: Sequence[str], height: int, style: str) -> list[str]:
    """A column chart `height` rows tall with a label row under it; each column is two cells
    wide with one cell between, in eighths of a row. Labels are cut to two characters."""
    top = max(values, default=0)
    rows = []
    for level in range(height, 0, -1):
        cells = []
        for v in values:
            eighths = round(v / top * height * 8) if top else 0
            if v and not eighths:
                eighths = 1
            fill = max(0, min(8, eighths - (level - 1) * 8))
            cells.append(EIGHTHS[fill] * 2)
        rows.append(f"[{style}]{' '.join(cells)}[/]")
    rows.append("[dim]" + " ".join(f"{label[:2]:>2}" for label in labels) + "[/]")
    return rows

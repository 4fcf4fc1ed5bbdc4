"""The program's words and pictures as text (Textual or Rich markup): plurals, percentages,
"1 in N", durations, the variance sentence, bars, column charts and sparklines. Plain Python (no
Textual), so the screens and `nextcall stats` say and draw the same things."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from nextcall.domain.funnel import NEUTRAL_P, USUAL_P, VarianceCheck

EIGHTHS = " ▁▂▃▄▅▆▇█"
LEFT_EIGHTHS = " ▏▎▍▌▋▊▉█"
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 dial', '22 dials'; `words` for a plural that is not `word` + 's'."""
    return f"{n} {word if n == 1 else words or word + 's'}"


def percent(value: float | None) -> str:
    """'45%', or '—' for no value."""
    return "—" if value is None else f"{value:.0%}"


def one_in(value: float | None) -> str:
    """'1 in 12' (e.g. dials per meeting), or '—' for no value."""
    return "—" if value is None else f"1 in {value:.0f}"


def duration(seconds: float | None) -> str:
    """'45s' under a minute, else '3:07'; '—' for no value."""
    if seconds is None:
        return "—"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}" if minutes else f"{secs}s"


def duration_words(seconds: int) -> str:
    """'five minutes', '90 seconds', '12 minutes': a timer's length in words."""
    if seconds % 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    word = NUMBER_WORDS[minutes - 1] if minutes <= len(NUMBER_WORDS) else str(minutes)
    return f"{word} minute{'s' if minutes != 1 else ''}"


def variance_sentence(
    check: VarianceCheck, unit: str = "day", *, today: bool = True, figures: bool = False
) -> str:
    """How usual a span's meetings are at the rep's average (calls are independent, so a quiet
    day is noise more often than it feels, and nothing is ever 'due').

    `unit`: 'day' or 'week'; `today`: the span is today, still running. The dial screen's panel
    says it briefly (the defaults); the review and `nextcall stats` pass `figures=True` for the
    meetings, the expected number and the dials in the sentence."""
    this = "today" if today else f"this {unit}"
    if check.dials == 0:
        if not figures:
            return "No dials yet today: the first one gets the day going."
        return "No dials yet today." if today else f"No dials {this}."
    if check.probability is None:
        return f"A few days of history and this check will tell how usual {this} is."
    if check.from_record:
        return _record_sentence(check, figures)
    dials = plural(check.dials, "dial")
    so_far = " so far" if today else ""
    said = f"{plural(check.meetings, 'meeting')} where {check.expected:.1f} were expected{so_far}"
    brief = f"(model: {check.expected:.1f} meetings expected so far)"
    note = f" ({MODEL_NOTE})" if unit == "day" else " (model)"
    if check.probability >= USUAL_P:
        return (
            f"Right in your usual range: {said} from {dials}{note}."
            if figures
            else f"Right in your usual range {brief}."
        )
    if check.probability >= NEUTRAL_P:
        return (
            f"About as usual: {said} from {dials}{note}." if figures else f"About as usual {brief}."
        )
    kind = "good" if check.above else "quiet"
    if figures:
        return (
            f"At your rate, a {unit} this {kind} for its {dials} comes about "
            f"1 {unit} in {check.one_in} ({said}; {note.strip(' ()')})."
        )
    return f"At your rate, a {unit} this {kind} comes about 1 in {check.one_in} (model)."


MODEL_NOTE = "model: too few days of your own yet"
"""Said where the check used the model, widened for day-to-day variation, not the rep's days."""


def ordinal(n: int) -> str:
    """'1st', '2nd', '23rd', '26th', '111th'."""
    end = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{end}"


def _record_sentence(check: VarianceCheck, figures: bool) -> str:
    """Today against the rep's own past days at the same dial count: a count of days, no model.
    'Of your last 30 working days, 9 had no meeting by their 26th dial.'"""
    k, n = check.meetings, check.dials
    if k == 0:
        what = "no meeting"
    else:
        what = f"{plural(k, 'meeting')} or {'more' if check.above else 'fewer'}"
    if check.compared == check.working_days:
        head = f"Of your last {check.working_days} working days, {check.like}"
    else:
        head = (
            f"Of your last {check.working_days} working days, {check.compared} reached"
            f" {plural(n, 'dial')}; {check.like} of them"
        )
    if not figures:
        days = "your last" if check.compared == check.working_days else "your recent"
        return f"{check.like} of {days} {check.compared} days had {what} by dial {n}."
    return f"{head} had {what} by their {ordinal(n)} dial."


def meter(fill: float, width: int) -> str:
    """A gauge `width` cells wide, `fill` (0..1) of it solid and the rest shaded."""
    solid = round(max(0.0, min(1.0, fill)) * width)
    return "█" * solid + "░" * (width - solid)


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


def count_spark(values: Sequence[int], width: int) -> str:
    """One character per count (the last `width` of them) scaled to the largest; a zero (or a
    count too small to show) is blank, and so is the whole line when every count is zero."""
    shown = values[-width:]
    top = max(shown, default=0)
    if not top:
        return ""
    return "".join(EIGHTHS[min(8, round(v / top * 8))] if v else EIGHTHS[0] for v in shown)


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


def place(tz: tzinfo) -> str:
    """A zone as a rep names it: 'Chicago' for America/Chicago; otherwise its name ('UTC')."""
    key = getattr(tz, "key", None)
    if isinstance(key, str) and key:
        return key.rsplit("/", 1)[-1].replace("_", " ")
    return str(tz)


def _same_clock(a: datetime, b: datetime) -> bool:
    return a.replace(tzinfo=None) == b.replace(tzinfo=None)


def there_and_here(due: datetime, there: tzinfo | None, here: tzinfo) -> str:
    """A timed follow-up read at the prospect's first: '14:30 in Chicago = 15:30 your time'
    (the rep's side names its day when that differs); '14:30 your time' with a note when
    the prospect's zone is unknown."""
    mine = due.astimezone(here)
    if there is None:
        return f"{mine:%H:%M} your time (their time zone is not known)"
    theirs = due.astimezone(there)
    if _same_clock(theirs, mine):
        return f"{theirs:%H:%M} in {place(there)}, your time too"
    day = f"{mine:%a} " if mine.date() != theirs.date() else ""
    return f"{theirs:%H:%M} in {place(there)} = {day}{mine:%H:%M} your time"


def here_and_there(due: datetime, there: tzinfo | None, here: tzinfo) -> str:
    """A timed follow-up on the rep's clock first: '15:00 (14:00 there)'; just '15:00' when
    both clocks read the same or the prospect's zone is unknown."""
    mine = due.astimezone(here)
    if there is None:
        return f"{mine:%H:%M}"
    theirs = due.astimezone(there)
    if _same_clock(theirs, mine):
        return f"{mine:%H:%M}"
    day = f"{theirs:%a} " if mine.date() != theirs.date() else ""
    return f"{mine:%H:%M} ({day}{theirs:%H:%M} there)"

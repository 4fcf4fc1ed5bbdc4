"""The floor's sections as markup: the reps' rows (Rich markup, as Textual's DataTable reads
its cells: a theme's colour is passed in), the team's rejection audit, the list's progress and
the title (Textual markup). Names from the database are escaped and made inert
(`nextcall.ui.markup.escape`)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from nextcall.domain.outcomes import REASONS
from nextcall.domain.review_figures import REASON_LABELS
from nextcall.services.team_figures import Figures, RepFigures, TeamFigures
from nextcall.ui.markup import escape
from nextcall.ui.team_text import audit_sentence, pace_text, presence_text, progress_parts
from nextcall.ui.text import hbar, percent, plural

COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("rep", "Rep", 16),
    ("dials", "Dials", 5),
    ("connects", "Conn", 5),
    ("conversations", "Conv", 5),
    ("meetings", "Meet", 5),
    ("pace", "Pace", 5),
    ("now", "Now", 11),
)
"""(key, heading, width) of the reps' table at any width."""
WIDE_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("rejections", "No's", 4),
    ("connect_rate", "Conn%", 5),
    ("wins", "Wins", 4),
    ("first", "First", 5),
    ("last", "Last", 5),
)
"""The columns added when the window is wide."""
LEFT = frozenset({"rep", "now"})
"""The columns of words (the others are figures, right-aligned)."""


def columns(wide: bool) -> tuple[tuple[str, str, int], ...]:
    return COLUMNS + WIDE_COLUMNS if wide else COLUMNS


def rep_cells(r: RepFigures, wide: bool, tz: tzinfo, on_call: str) -> list[str]:
    """One rep's row, as Rich markup cells in the order of `columns(wide)`; `on_call`: the
    Rich style of 'on a call' (the theme's success colour)."""
    now = presence_text(r.presence)
    cells = [escape(r.rep), *_numbers(r), f"[{on_call}]{now}[/]" if r.presence.on_call else now]
    if wide:
        cells += [*_more(r), _clock(r.first_call, tz), _clock(r.last_call, tz)]
    return cells


def team_cells(figs: TeamFigures, wide: bool) -> list[str]:
    """The team's row under the reps' (Rich markup)."""
    on_call = f"{figs.on_call} on a call" if figs.on_call else ""
    cells = ["[b]Team[/]", *(f"[b]{n}[/]" for n in _numbers(figs.total)), on_call]
    return cells + [*(f"[b]{n}[/]" for n in _more(figs.total)), "", ""] if wide else cells


def _numbers(f: Figures) -> list[str]:
    """Dials to pace, right-aligned in their columns."""
    c = f.counts
    cells = (c.dials, c.connects, c.conversations, c.meetings, pace_text(f.pace))
    return [f"{v:>5}" for v in cells]


def _more(f: Figures) -> list[str]:
    return [f"{f.counts.rejections:>4}", f"{percent(f.ratios.connect_rate):>5}", f"{f.wins:>4}"]


def _clock(at: datetime | None, tz: tzinfo) -> str:
    return "—" if at is None else f"{at.astimezone(tz):%H:%M}"


def title(figs: TeamFigures | None, day_text: str) -> str:
    """The top line: the day, how many reps dialed, how many are on a call."""
    head = f"[b]The floor[/] · {day_text}"
    if figs is None:
        return head
    dialing = sum(1 for r in figs.reps if r.counts.dials)
    return f"{head} · {plural(dialing, 'rep')} dialing · {figs.on_call} on a call"


def audit(figs: TeamFigures, width: int) -> str:
    """The week's reasons as bars, the 80% rule's verdict and where to work."""
    a = figs.audit
    top = max([*a.counts.values(), a.untagged], default=0)
    bar_width = max(6, min(30, width - 18))
    lines = []
    for reason in REASONS:
        n = a.counts[reason]
        style = "$error" if reason in a.focus else "$primary 60%"
        lines.append(f"{REASON_LABELS[reason]:<11}{n:>4} [{style}]{hbar(n, top, bar_width)}[/]")
    if a.untagged:
        lines.append(
            f"[dim]{'not tagged':<11}{a.untagged:>4} {hbar(a.untagged, top, bar_width)}[/]"
        )
    lines.append(audit_sentence(a, so_far=figs.day == figs.today))
    lines += [f"  [b]→[/] {line}" for line in a.advice()]
    return "\n".join(lines)


def audit_title(figs: TeamFigures) -> str:
    if figs.day == figs.today:
        return "The team's no's, this week"
    return f"The team's no's, the week to {figs.day:%a %d %b}"


def progress(figs: TeamFigures) -> str:
    """The list by place, one line each, the counts aligned."""
    parts = progress_parts(figs.progress)
    width = max(len(f"{n:,}") for _, n in parts)
    lines = [f"{label:<18}{n:>{width},}" for label, n in parts[:-1]]
    label, held = parts[-1]
    lines.append(f"[dim]{label:<18}{held:>{width},}[/]")
    return "\n".join(lines)


def table_title(figs: TeamFigures) -> str:
    """The reps' table's title: 'Today', and a word when no one is there yet."""
    return "Today" if figs.reps else "Today: no rep has dialed yet"

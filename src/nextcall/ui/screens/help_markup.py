"""What help says on each screen: its keys, grouped, with the rep's own (a row's keys are a
template: "{dial}, enter" reads the rep's dial key), why the ritual exists, and where the files
are."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nextcall.domain.outcomes import OUTCOMES, REASONS
from nextcall.ui.key_map import Keys
from nextcall.ui.markup import escape

Row = tuple[str, str]
"""Keys (a template over action names) and what they do (a template too)."""
Group = tuple[str, tuple[Row, ...]]

DIALING: Group = (
    "Dialing",
    (
        ("{dial}, enter", "dial: the number big; then an outcome key logs the call"),
        ("{skip}", "skip: leave this prospect queued and go to the next"),
        ("{undo}", "undo the last outcome (repeat to go further back)"),
        ("{note}", "add a note to the current prospect"),
        ("{win}", "log a small win by hand"),
        ("{prospect}", "prospect view: every call; edit, requeue, follow-up, do-not-call"),
        ("↑ ↓", "move in the queue (also page up/down, home, end)"),
    ),
)
THE_DAY: Group = (
    "The day",
    (
        ("{feel_it}", "five-minute feel-it timer for today's newest no"),
        ("{review}", "review: the day, {day_before} {day_after} other days, {week} the week"),
        ("{block}", "start a timed call block, or end it early"),
    ),
)
THE_APP: Group = (
    "Everything else",
    (
        ("ctrl+p", "palette: find a prospect, Dial a number…, reviews, export,"),
        ("", "import, do-not-call a number, settings, theme, and more"),
        ("{settings}", "settings: ritual, day, calling, softphone, team, keys, theme"),
        ("{help}", "this help"),
        ("{quit}", "quit (everything is already saved)"),
    ),
)
RITUAL: Group = (
    "After a no: the ritual",
    (
        ("{tags}", "tag the reason: timing, budget, competitor, authority,"),
        ("{hung_up}", "need, value; hung up (reset only; never adds time)"),
        ("{pause}", "pause or resume the countdown"),
        ("{follow_up}", "a future touchpoint with who said no"),
        ("{do_not_call} {do_not_call}", "put them on the do-not-call list"),
        ("{feel_it}", "turn it into the feel-it timer"),
        ("{dial}, enter", "dial the next prospect now"),
        ("escape", "skip the ritual (kept as skipped); in the dial phase: back"),
    ),
)
CALL: Group = (
    "On a call",
    (
        ("outcome", "an outcome key ends the call and logs it"),
        ("{note}", "a note as you talk (saved as typed; escape leaves it)"),
        ("{tags}", "the talk track's notes on timing, budget, competitor,"),
        ("", "authority, need, value · {whole_track} the whole track"),
        ("pgup pgdn", "scroll the talk track"),
        ("escape", "hang up and go back to the queue: nothing is logged"),
        ("{dial}, enter", "back to the queue when no call is open; after a reported"),
        ("", "call, enter logs the outcome it suggests"),
    ),
)
FOLLOW_UP: Group = (
    "The follow-up picker",
    (
        ("1-6", "tomorrow, in 2 days, next week, month, quarter, 12 months"),
        ("tab", "type a date instead: YYYY-MM-DD"),
        ("0", "today, at a time: the time field next"),
        ("shift+tab", "from the note to the time field (14:30, their local time)"),
        ("enter", "saves · escape cancels (what it cancels is said below it)"),
    ),
)
FEEL_IT: Group = (
    "The feel-it timer",
    (
        ("tab", "the next debrief field (every one optional, saved as you type)"),
        ("{perspective}", "a perspective check: a bad call in proportion"),
        ("{dial}, enter", "dial the next prospect (from a field: escape first)"),
        ("escape", "back to the queue (the debrief is kept)"),
    ),
)
REVIEW: Group = (
    "The review",
    (
        ("{day_before} {day_after}", "the day before, the day after (a week in the week view)"),
        ("{week}", "switch between the day and the week ending with it"),
        ("↑ ↓", "scroll (also page up/down)"),
        ("escape, {review}", "back to dialing ({quit} too)"),
    ),
)
PROSPECT: Group = (
    "The prospect view",
    (
        ("{edit}", "edit: 1 name, 2 title, 3 company, 4 email, 5 phone, 6 zone"),
        ("{follow_up}", "a follow-up (the same picker as after a call)"),
        ("{requeue}", "put an archived or booked prospect back in the queue"),
        ("{do_not_call} {do_not_call}", "the do-not-call list (the second press confirms)"),
        ("{go_to}", "back to the queue with the cursor on them"),
        ("↑ ↓", "scroll (also page up/down)"),
        ("escape, {prospect}", "back to the queue ({quit} too)"),
    ),
)

SCREEN_HELP: dict[str, tuple[str, tuple[Group, ...]]] = {
    "dial": ("The dial screen", (DIALING, THE_DAY, THE_APP, RITUAL, CALL, FOLLOW_UP)),
    "call": ("The call screen", (CALL,)),
    "ritual": ("The recovery ritual", (RITUAL,)),
    "feel_it": ("The feel-it timer", (FEEL_IT,)),
    "review": ("The review", (REVIEW,)),
    "prospect": ("The prospect view", (PROSPECT, FOLLOW_UP)),
}
"""Screen id -> help's title and groups (the outcomes lead where their keys act)."""
OUTCOMES_ON = ("dial", "call")

WHY_THE_RITUAL = (
    "A no ends one call, not the day. The next person you dial knows nothing about the last "
    "one, and your voice should not tell them. Ten seconds standing and breathing lets the sting "
    "pass through the body; five seconds of today's real numbers turns the no into one step "
    "toward the day's meetings; then the next dial comes before the no can grow into a story. "
    "The time from a no to your next dial is your recovery time: watch it shrink week by week."
)


@dataclass(frozen=True)
class Places:
    """Where the rep's files are, as help says it."""

    data: Path | None
    """The database (None: kept in memory, as in tests)."""
    config: Path | None
    """config.toml (None: the demo, whose changes are not saved)."""
    themes: Path
    talk_track: Path | None


class _KeyText(dict[str, str]):
    """A template's names -> the rep's keys (markup-safe); `tags`: the six objection reasons."""

    def __init__(self, keys: Keys) -> None:
        super().__init__()
        self.rep_keys = keys

    def __missing__(self, name: str) -> str:
        if name == "tags":
            return escape(self.rep_keys.run(*REASONS[:6]))
        return escape(self.rep_keys[name])


def help_markup(screen: str, keys: Keys, places: Places | None = None) -> str:
    """Help for `screen` (an id of `config.keys.SCREENS`), as markup."""
    title, groups = SCREEN_HELP.get(screen, SCREEN_HELP["dial"])
    names = _KeyText(keys)
    rows = [f"[b]{title}[/b]: every key, yours as set   [dim](escape closes)[/]", ""]
    if screen in OUTCOMES_ON or screen not in SCREEN_HELP:
        rows += _outcomes(keys)
    for heading, group in groups:
        rows += ["", f"[b]{heading}[/b]", ""]
        for keys_template, text in group:
            rows += _row(keys_template.format_map(names), text.format_map(names))
    rows += ["", "[b]Why the ritual[/b]", "", WHY_THE_RITUAL]
    if places is not None:
        rows += ["", "[b]Where your files are[/b]", "", *_places(places)]
    settings = escape(keys["settings"])
    rows += [
        "",
        f"[dim]Every key can be changed: [b]{settings}[/b] on the dial screen opens the "
        "settings (the keys tab), or edit \\[keys] in config.toml.[/]",
    ]
    return "\n".join(rows)


KEY_WIDTH = 9


def _row(keys: str, text: str) -> list[str]:
    """A key column and what it does; keys too wide for the column get a line of their own."""
    plain = keys.replace("\\[", "[")
    if len(plain) <= KEY_WIDTH:
        return [f"[b $accent]{' ' * (KEY_WIDTH - len(plain))}{keys}[/]  {text}"]
    return [f"[b $accent]{keys}[/]", f"{'':>{KEY_WIDTH}}  {text}"]


def _outcomes(keys: Keys) -> list[str]:
    rows = [
        "[b]Outcomes[/b]: one key logs the call, then the next prospect is up",
        "",
        f"[dim]{'key':>9}  {'outcome':<13} conn conv meet  then[/]",
    ]
    for o in OUTCOMES:
        flags = "".join(f"{'✓' if on else '·':^5}" for on in (o.connect, o.conversation, o.meeting))
        rows += _row(escape(keys[o.name]), f"{o.label:<13}{flags} {o.next_step.value}")
    return rows


def home_short(path: Path) -> str:
    """`path` with the home folder written as ~ (shorter, and the same on every machine)."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except (ValueError, RuntimeError):  # outside the home folder, or no home known
        return str(path)


def _places(places: Places) -> list[str]:
    def where(path: Path | None, missing: str) -> str:
        return escape(home_short(path)) if path is not None else f"[dim]{missing}[/]"

    no_track = "none set (\\[calling] talk_track)"
    return [
        f"Your data    {where(places.data, 'in memory only')}",
        "             [dim](a checked backup a day in backups/ beside it)[/]",
        f"Settings     {where(places.config, 'the demo: changes last until you quit')}",
        f"Themes       {escape(home_short(places.themes))}  [dim](your own *.toml)[/]",
        f"Talk track   {where(places.talk_track, no_track)}",
    ]

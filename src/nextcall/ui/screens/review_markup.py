"""The review's sections as Textual markup, from a `Review` (pure functions: easy to test)."""

from __future__ import annotations

from datetime import tzinfo

from nextcall.domain.funnel import PlanKind, Ratios
from nextcall.domain.outcomes import REASONS
from nextcall.domain.prospects import zone
from nextcall.domain.review_figures import REASON_LABELS
from nextcall.services.review_data import Headline, Review
from nextcall.ui.markup import escape
from nextcall.ui.text import (
    columns,
    duration,
    hbar,
    here_and_there,
    one_in,
    percent,
    plural,
    spark,
    variance_sentence,
)

LABEL = 14


def _span_word(review: Headline) -> str:
    """'today', 'this week' or 'that day'."""
    if review.week:
        return "this week"
    return "today" if review.is_today else "that day"


def _ongoing(review: Headline) -> bool:
    """The span still runs (it ends today): its figures are 'so far'."""
    return review.day == review.today


def audit_title(review: Review) -> str:
    """The audit reads the week ending with the reviewed day (SPEC 7: the week's no's)."""
    if review.day == review.today:
        return "Where the no's came from, this week"
    return f"Where the no's came from, the week to {review.day:%a %d %b}"


def _compare(mine: float | None, avg: float | None, text: str, higher_is_better: bool) -> str:
    """Today's figure in the success colour when it is at least as good as the rep's average."""
    if mine is None or avg is None:
        return text
    good = mine >= avg if higher_is_better else mine <= avg
    return f"[$success]{text}[/]" if good else text


def funnel(review: Headline, width: int) -> str:
    """The funnel as bars, each rate beside the rep's own 30-day average."""
    c, mine, avg = review.counts, review.ratios, review.averages.ratios
    bar_width = max(8, min(40, width - LABEL - 5 - 34))
    per_day = review.averages.per_day("dials")
    usual = "—" if per_day is None else f"{per_day * (5 if review.week else 1):.0f}"
    span_word = "5-day week" if review.week else "day"
    rows = [
        ("Dials", c.dials, "$primary", f"your usual {span_word}: {usual}"),
        (
            "Connects",
            c.connects,
            "$outcome-connect",
            _compare(mine.connect_rate, avg.connect_rate, percent(mine.connect_rate), True)
            + f" [dim]of dials · avg {percent(avg.connect_rate)}[/]",
        ),
        (
            "Conversations",
            c.conversations,
            "$outcome-connect",
            _compare(
                mine.conversation_rate, avg.conversation_rate, percent(mine.conversation_rate), True
            )
            + f" [dim]of connects · avg {percent(avg.conversation_rate)}[/]",
        ),
        (
            "Meetings",
            c.meetings,
            "$outcome-meeting",
            _compare(
                mine.dials_per_meeting,
                avg.dials_per_meeting,
                one_in(mine.dials_per_meeting) if c.meetings else "none yet",
                False,
            )
            + f" [dim]· avg {one_in(avg.dials_per_meeting)}[/]",
        ),
    ]
    lines = []
    for label, n, style, note in rows:
        bar = hbar(n, c.dials, bar_width)
        lines.append(f"{label:<{LABEL}}[b]{n:>4}[/] [{style}]{bar:<{bar_width}}[/] {note}")
    lines.append(f"[i]{review_variance(review)}[/]")
    lines.append(plan_line(review))
    return "\n".join(lines)


def review_variance(review: Headline) -> str:
    """The variance sentence for the review's span, with its figures."""
    unit = "week" if review.week else "day"
    return variance_sentence(review.variance, unit, today=review.is_today, figures=True)


def plan_line(review: Headline) -> str:
    c = review.counts
    outright = "an outright rejection" if c.rejections == 1 else "outright rejections"
    count = "1 no" if c.nos == 1 else f"{c.nos} no's"
    nos = f"{count}, {c.rejections} of them {outright}"
    if review.week or review.plan is None:
        return f"[dim]{nos}.[/]"
    plan = review.plan
    done = c.conversations if plan.kind is PlanKind.CONVERSATIONS else c.meetings
    short = "to go" if _ongoing(review) else "short"
    verdict = "target reached" if done >= plan.target else f"{plan.target - done} {short}"
    return f"Plan: {done} of {plan.label()} ({verdict}) [dim]· {nos}[/]"


def pace(review: Headline, width: int) -> str:
    """Dials per hour (a day) or per day (the week) as columns; dials per meeting by week."""
    if review.week:
        values = [n for _, n in review.per_day]
        labels = [f"{d:%a}" for d, _ in review.per_day]
        title = "Dials per day"
    else:
        values = [n for _, n in review.per_hour]
        labels = [f"{h:02d}" for h, _ in review.per_hour]
        title = "Dials per hour"
    if not any(values):
        lines = [f"[b]{title}[/]  [dim]no dials yet[/]"]
    else:
        top = max(values)
        lines = [f"[b]{title}[/]  [dim]busiest {top}[/]"]
        lines += columns(values[-(width // 3) :], labels[-(width // 3) :], 3, "$primary")
    known = [v for v in review.trend if v is not None]
    trend = spark(review.trend)
    if known:
        change = f"{known[0]:.0f} → {known[-1]:.0f}" if len(known) > 1 else f"{known[-1]:.0f}"
        lines.append(
            f"[b]Dials per meeting[/], week by week: [$primary]{trend}[/] {change}"
            " [dim](lower is better)[/]"
        )
    else:
        lines.append("[b]Dials per meeting[/], week by week: [dim]no meetings yet[/]")
    if review.talk.calls:
        lines.append(f"[b]Talk[/]{review.talk.sentence().removeprefix('talk')}")
    return "\n".join(lines)


def audit(review: Review, width: int) -> str:
    """Reasons as bars; the 80% rule's suggestion when one or two reasons dominate."""
    a = review.audit
    counts = [a.counts[r] for r in REASONS]
    top = max(counts, default=0)
    bar_width = max(8, min(40, width - 18))
    lines = []
    for reason in REASONS:
        n = a.counts[reason]
        style = "$outcome-rejected" if reason in a.focus else "$primary 60%"
        label = REASON_LABELS[reason]
        lines.append(f"{label:<11}{n:>4} [{style}]{hbar(n, top, bar_width)}[/]")
    if a.untagged:
        bar = hbar(a.untagged, max(top, a.untagged), bar_width)
        lines.append(f"[dim]{'not tagged':<11}{a.untagged:>4} {bar}[/]")
    lines.append("")
    lines.append(a.sentence(so_far=_ongoing(review)))
    lines += [f"  [b]→[/] {line}" for line in a.advice()]
    if "hung_up" in a.counts and a.counts["hung_up"]:
        lines.append("[dim]Hang-ups are shown but not counted: they say nothing about why.[/]")
    return "\n".join(lines)


def recovery(review: Review, width: int) -> str:
    r = review.recovery
    if not r.has_data:
        return (
            "No recovery data yet. It fills in as you go through the ritual after a no:\n"
            "[dim]the time from a rejection to your next dial, and how often you skip the "
            "ritual.[/]"
        )
    span_word = _span_word(review)
    skipped = (
        f"ritual skipped {r.skipped} of {r.rituals} ({percent(r.skipped_share)})"
        if r.rituals
        else "no rituals " + span_word
    )
    return "\n".join(
        [
            f"Median back to the phone {span_word}: [b]{duration(r.median_s)}[/]"
            f"  [dim]· {skipped}[/]",
            f"Week by week: [$primary]{spark(r.weekly_median_s)}[/]  {r.trend_sentence()}",
        ]
    )


def wins(review: Review, tz: tzinfo, limit: int) -> str:
    kinds = review.wins_by_kind
    if not review.wins_total:
        empty = "The jar is empty so far." if _ongoing(review) else f"No wins {_span_word(review)}."
        return f"{empty} Conversations, follow-ups and + notes all go in it."
    summary = " · ".join(
        plural(n, kind, "follow-ups agreed" if kind == "follow-up agreed" else None)
        for kind, n in sorted(kinds.items(), key=lambda k: (-k[1], k[0]))
    )
    lines = [f"[b]{review.wins_total}[/] [dim]({summary})[/]"]
    fmt = "%a %H:%M" if review.week else "%H:%M"
    for win in review.wins[:limit]:
        style = "$outcome-meeting" if win.kind == "meeting" else "$primary"
        lines.append(
            f"[dim]{win.at.astimezone(tz):{fmt}}[/] [{style}]{win.kind:<17}[/] {escape(win.text)}"
        )
    hidden = review.wins_total - min(limit, len(review.wins))
    if hidden > 0:
        lines.append(f"[dim]… and {hidden} more[/]")
    return "\n".join(lines)


def follow_ups(review: Review, tz: tzinfo, limit: int) -> str:
    lines = []
    if review.day == review.today:
        titles = ("Due today", "Next 7 days")
    else:  # a past day: what is still waiting from then, and the week after it
        titles = (f"Still waiting, due by {review.day:%a %d %b}", "The 7 days after it")
    groups = zip(
        titles,
        (review.due_today, review.due_ahead),
        review.due_counts,
        strict=True,
    )
    for title, items, count in groups:
        lines.append(f"[b]{title}[/]: {count or 'none'}")
        for item in items[:limit]:
            p = item.prospect
            at = f" {here_and_there(item.due_at, zone(p.timezone), tz)}" if item.timed else ""
            lines.append(
                f"  [dim]{item.due_at.astimezone(tz):%a %d %b}{at}[/] {escape(p.name)}"
                f" [dim]{escape(p.company)} · {escape(p.phone_display)}[/]"
            )
        if count > min(limit, len(items)):
            lines.append(f"  [dim]… and {count - min(limit, len(items))} more[/]")
    return "\n".join(lines)


def blocks(review: Review, tz: tzinfo, running: int | None = None) -> str:
    """The span's call blocks with their actual length; `running` is the id of the block the
    dial screen is running (any other unended block was cut short by a closed app)."""
    if not review.blocks:
        return "No call blocks. Press k on the dial screen to start a timed one."
    lines = []
    for b in review.blocks:
        start = b.started_at.astimezone(tz)
        day = f"{start:%a} " if review.week else ""
        if b.ended_at is None:
            state = (
                "running now: [dim]its counts are in the top bar until it ends[/]"
                if b.id == running
                else "not ended (the app closed)"
            )
            lines.append(f"{day}{start:%H:%M} [dim]({b.planned_minutes} min planned)[/]  {state}")
            continue
        r = Ratios.of(b.counts)
        seconds = (b.ended_at - b.started_at).total_seconds()
        ran = f"{seconds:.0f}s" if seconds < 60 else f"{seconds / 60:.0f}"
        lines.append(
            f"{day}{start:%H:%M}–{b.ended_at.astimezone(tz):%H:%M}"
            f" [dim]({ran} of {b.planned_minutes} min)[/]  "
            f"{plural(b.counts.dials, 'dial')} · {b.counts.conversations} conv · "
            f"[$outcome-meeting]{b.counts.meetings} mtg[/] · connects {percent(r.connect_rate)}"
        )
    return "\n".join(lines)

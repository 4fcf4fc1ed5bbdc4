"""The live ratio panel: today's funnel against the rep's averages, the variance check, the
no budget, target progress, pace and a sparkline of dials per hour."""

from __future__ import annotations

from textual.widgets import Static

from nextcall.domain.funnel import NoBudget, PlanKind
from nextcall.services.session import Panel
from nextcall.ui.text import count_spark, meter, one_in, percent, variance_sentence

UNITS = {PlanKind.MEETINGS: "mtgs", PlanKind.CONVERSATIONS: "convos"}


def _rate(today: float | None, average: float | None) -> str:
    """Today's rate, in the success colour when at or above the rep's own average."""
    text = f"{percent(today):>7}"
    if today is not None and average is not None and today >= average:
        return f"[$success]{text}[/]"
    return text


def _past_budget(budget: NoBudget, width: int) -> str:
    """Past the no budget, said plainly (no '79 of the ~74'), as fully as the width allows."""
    unit = "meeting" if budget.kind == PlanKind.MEETINGS else "convo"
    full = (
        f"No's     {budget.collected}: past the ~{budget.expected_nos} a {budget.target_meetings}"
        f"-{unit} day usually brings; long days like this come 1 in {budget.long_day_one_in}"
    )
    if len(full) <= width:
        return full
    c, e, n = budget.collected, budget.expected_nos, budget.long_day_one_in
    short = f"No's     {c}, past ~{e}: 1 day in {n}"
    return short if len(short) <= width else f"No's     {c}, past the ~{e}"


def panel_markup(panel: Panel, width: int = 36) -> str:
    """The panel's text as Textual markup, fitted to `width` cells (at least 32).

    Columns: label (9), today's count (4), today's rate (2 + 7), the rep's average (2 + 8).
    """
    t, avg, r = panel.today, panel.averages, panel.ratios
    a = avg.ratios
    per_day = avg.per_day("dials")
    lines = [
        f"[dim]{'':<9}{'today':>13}  {'your avg':>8}[/]",
        f"Dials    [b]{t.dials:>4}[/]{'':9}  {'—' if per_day is None else f'{per_day:.0f}/day':>8}",
        f"Connects [b]{t.connects:>4}[/]  {_rate(r.connect_rate, a.connect_rate)}"
        f"  {percent(a.connect_rate):>8}",
        f"Convos   [b]{t.conversations:>4}[/]  {_rate(r.conversation_rate, a.conversation_rate)}"
        f"  {percent(a.conversation_rate):>8}",
        f"Meetings [b $outcome-meeting]{t.meetings:>4}[/]  {one_in(r.dials_per_meeting):>7}"
        f"  {one_in(a.dials_per_meeting):>8}",
        f"[i]{variance_sentence(panel.variance)}[/]",
    ]
    budget, pace = panel.budget, panel.pace
    if budget.past:
        lines.append(_past_budget(budget, width))
    elif budget.expected_nos:
        tally = f"{budget.collected}/{budget.expected_nos}"
        bar_width = max(6, min(30, width - 11 - len(tally)))
        lines.append(f"No's     [$outcome-rejected]{meter(budget.fill, bar_width)}[/] {tally}")
    else:
        lines.append(f"No's     {budget.collected} so far (no target set)")
    if pace.target_meetings:
        lines.append(
            f"Target   {pace.meetings}/{pace.target_meetings} {UNITS.get(pace.kind, pace.kind)},"
            f" ~{pace.dials_to_go} dials to go"
        )
    per_hour = "—" if pace.dials_per_hour is None else f"{pace.dials_per_hour:.0f}"
    spark = count_spark(panel.per_hour, min(24, width - 17))
    lines.append(f"Pace     {per_hour:>4}/h  [$primary]{spark}[/]")
    return "\n".join(lines)


class RatioPanel(Static):
    """Redrawn from a `Panel` after every outcome; cheap, since a Panel is made from counts."""

    _panel: Panel | None = None

    def show(self, panel: Panel) -> None:
        self._panel = panel
        self.update(panel_markup(panel, self._width()), layout=False)  # fixed height in CSS

    def _width(self) -> int:
        return max(30, self.content_region.width or 38)

    def on_resize(self) -> None:
        if self._panel is not None:
            self.update(panel_markup(self._panel, self._width()), layout=False)

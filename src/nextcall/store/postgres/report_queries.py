"""What the review, `nextcall stats` and the exports read on the team database: this rep's own
totals over spans of days, recent working days, rejection reasons, wins, the ritual's figures
(from `call_private`, the rep's own rows) and calls; and the shared list of prospects. Every
read of a rep's table names the rep; results match the SQLite store's to the last digit."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from nextcall.domain.funnel import AVERAGE_LOOKBACK_DAYS, AVERAGE_WINDOW_DAYS, DayCounts, PastDay
from nextcall.domain.outcomes import BY_NAME
from nextcall.domain.plan import recent_working_days
from nextcall.domain.prospects import Prospect
from nextcall.store.codec import PROSPECT_COLUMNS, from_iso, prospect
from nextcall.store.postgres.base import PgBase
from nextcall.store.records import ExportedCall, ExportedProspect, Win

PAGE = 2000
"""Rows an export reads per statement: memory stays flat however long the history."""

P_COLUMNS = ", ".join(f"p.{c.strip()}" for c in PROSPECT_COLUMNS.split(","))

PAST_DAYS_SQL = (
    "SELECT day, array_agg(dial) FROM meeting_dials"
    " WHERE rep = %s AND day >= %s AND day < %s GROUP BY day"
)
"""The dials each of the rep's days' meetings came on (one range of meeting_dials_day)."""

MEDIANS_SQL = """
SELECT span, recovery_s FROM (
    SELECT span, recovery_s,
           row_number() OVER (PARTITION BY span ORDER BY recovery_s) AS k,
           count(*) OVER (PARTITION BY span) AS n
    FROM (
        SELECT (day::date - %(start)s::date) / %(days)s AS span, recovery_s
        FROM call_private
        WHERE rep = %(rep)s AND ritual IS NOT NULL AND recovery_s IS NOT NULL
          AND day BETWEEN %(first)s AND %(last)s
    ) timed
) ranked
WHERE k IN ((n + 1) / 2, (n + 2) / 2)
ORDER BY span, k
"""
"""The middle recovery time (two when the count is even) of each span of `days` days from
`first`: one range of call_private_ritual. Python averages the two as SQLite's store does, so
both give the same number on every tie and even count."""

CALLS_PAGE_SQL = f"""
SELECT c.day, c.id, c.at, c.outcome, c.reason, c.note, cp.recovery_s, c.duration_s,
       {P_COLUMNS}, p.email, p.crm_id
FROM calls c
JOIN prospects p ON p.id = c.prospect_id
LEFT JOIN call_private cp ON cp.call_id = c.id AND cp.rep = %(rep)s
WHERE c.rep = %(rep)s AND c.day BETWEEN %(first)s AND %(last)s
  AND (c.day, c.id) > (%(day)s, %(id)s)
ORDER BY c.day, c.id
LIMIT %(page)s
"""
"""The rep's calls after (`day`, `id`), oldest first: one range of calls_rep_day per page."""

PROSPECTS_PAGE_SQL = f"""
SELECT {P_COLUMNS}, p.email, p.crm_id,
       (SELECT count(*) FROM calls WHERE prospect_id = p.id),
       (SELECT outcome || ' ' || at FROM calls WHERE prospect_id = p.id
        ORDER BY at DESC, id DESC LIMIT 1)
FROM prospects p
WHERE {{where}}
ORDER BY p.id
LIMIT %(page)s
"""
"""A page of the shared list with every rep's calls to each (calls_prospect per prospect)."""


class Reports(PgBase):
    def recent_days(self, before: date, limit: int = AVERAGE_WINDOW_DAYS) -> list[DayCounts]:
        """The counts of the rep's last `limit` working days with dials before `before`, most
        recent first, looking back at most AVERAGE_LOOKBACK_DAYS (a bounded index range)."""
        return [counts for _, counts in self._recent(before, limit)]

    def _recent(self, before: date, limit: int) -> list[tuple[date, DayCounts]]:
        since = before - timedelta(days=AVERAGE_LOOKBACK_DAYS)
        rows = self.conn.execute(
            "SELECT day, outcome, n FROM day_totals"
            " WHERE rep = %s AND day >= %s AND day < %s AND n > 0",
            (self.rep, since.isoformat(), before.isoformat()),
        )
        days: dict[date, dict[str, int]] = {}
        for day, outcome, n in rows:
            if outcome in BY_NAME:
                days.setdefault(date.fromisoformat(day), {})[outcome] = n
        dated = {d: (d, DayCounts.of(c)) for d, c in days.items()}
        return recent_working_days(dated, limit)

    def past_days(self, before: date, limit: int = AVERAGE_WINDOW_DAYS) -> list[PastDay]:
        """The days `recent_days` reads, most recent first, each with its dials and the dial
        numbers that booked a meeting: one range of meeting_dials_day, one row a day."""
        recent = self._recent(before, limit)
        if not recent:
            return []
        rows = self.conn.execute(
            PAST_DAYS_SQL, (self.rep, recent[-1][0].isoformat(), before.isoformat())
        )
        booked = {date.fromisoformat(day): [int(k) for k in dials] for day, dials in rows}
        return [PastDay(c.dials, tuple(sorted(booked.get(d, ())))) for d, c in recent]

    def days_counts(self, first: date, last: date) -> dict[date, DayCounts]:
        """Each of the rep's days' counts from `first` to `last` (days without dials left
        out)."""
        rows = self.conn.execute(
            "SELECT day, outcome, n FROM day_totals WHERE rep = %s AND day BETWEEN %s AND %s",
            (self.rep, first.isoformat(), last.isoformat()),
        )
        days: dict[str, dict[str, int]] = {}
        for day, outcome, n in rows:
            if outcome in BY_NAME and n:
                days.setdefault(day, {})[outcome] = n
        return {date.fromisoformat(d): DayCounts.of(c) for d, c in days.items()}

    def call_times(self, day: date) -> list[datetime]:
        """When each of the rep's calls that day was logged."""
        rows = self.conn.execute(
            "SELECT at FROM calls WHERE rep = %s AND day = %s ORDER BY id",
            (self.rep, day.isoformat()),
        )
        return [from_iso(r[0]) for r in rows]

    def by_reason(self, first: date, last: date) -> dict[str, int]:
        """The reasons the rep tagged their rejections with, `first` to `last` (inclusive)."""
        rows = self.conn.execute(
            "SELECT reason, count(*) FROM calls WHERE rep = %s AND day BETWEEN %s AND %s"
            " AND reason IS NOT NULL GROUP BY reason",
            (self.rep, first.isoformat(), last.isoformat()),
        )
        return {reason: int(n) for reason, n in rows}

    def wins(self, first: date, last: date, limit: int = -1) -> list[Win]:
        """The rep's wins from `first` to `last`, newest first (at most `limit`; -1: all)."""
        rows = self.conn.execute(
            "SELECT at, kind, text FROM wins WHERE rep = %s AND day BETWEEN %s AND %s"
            " ORDER BY at DESC, id DESC LIMIT %s",
            (self.rep, first.isoformat(), last.isoformat(), None if limit < 0 else limit),
        )
        return [Win(from_iso(a), k, t) for a, k, t in rows]

    def count_wins(self, first: date, last: date) -> dict[str, int]:
        """The rep's wins from `first` to `last` by kind."""
        rows = self.conn.execute(
            "SELECT kind, count(*) FROM wins WHERE rep = %s AND day BETWEEN %s AND %s"
            " GROUP BY kind",
            (self.rep, first.isoformat(), last.isoformat()),
        )
        return {k: int(n) for k, n in rows}

    # -- the ritual's figures: the rep's own private rows ------------------------------------------

    def ritual_counts(self, first: date, last: date) -> tuple[int, int]:
        """(rejections the ritual recorded, of them skipped) from `first` to `last`."""
        row = self.conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE ritual = 'skipped') FROM call_private"
            " WHERE rep = %s AND ritual IS NOT NULL AND day BETWEEN %s AND %s",
            (self.rep, first.isoformat(), last.isoformat()),
        ).fetchone()
        return int(row[0]), int(row[1])

    def recovery_median_s(self, first: date, last: date) -> float | None:
        """The rep's median recovery time from `first` to `last`; None without any."""
        return self._medians(first, last, max(1, (last - first).days + 1)).get(0)

    def ritual_weekly_median_s(self, first: date, weeks: int) -> list[float | None]:
        """Median recovery times of `weeks` consecutive seven-day spans from `first`, read in
        one statement."""
        if weeks <= 0:
            return []
        medians = self._medians(first, first + timedelta(days=7 * weeks - 1), 7)
        return [medians.get(k) for k in range(weeks)]

    def _medians(self, first: date, last: date, days: int) -> dict[int, float]:
        """Each span's median (span k holds days `first` + k*`days` on), spans without a
        recovery time left out."""
        rows = self.conn.execute(
            MEDIANS_SQL,
            {
                "start": first,
                "first": first.isoformat(),
                "last": last.isoformat(),
                "days": days,
                "rep": self.rep,
            },
        )
        middles: dict[int, list[float]] = {}
        for span, seconds in rows:
            middles.setdefault(int(span), []).append(seconds)
        return {span: float(sum(m) / len(m)) for span, m in middles.items()}

    def talk_time(self, first: date, last: date) -> tuple[int, float]:
        """(the rep's calls with a measured length, their total seconds) from `first` to
        `last`: one range of the calls_duration index."""
        row = self.conn.execute(
            "SELECT count(*), coalesce(sum(duration_s), 0) FROM calls"
            " WHERE rep = %s AND day BETWEEN %s AND %s AND duration_s IS NOT NULL",
            (self.rep, first.isoformat(), last.isoformat()),
        ).fetchone()
        return int(row[0]), float(row[1])

    # -- the exports -----------------------------------------------------------------------------

    def calls_between(self, first: date, last: date) -> Iterator[ExportedCall]:
        """The rep's calls logged on local days `first` to `last` (inclusive), oldest first,
        read a page at a time; each prospect is made once."""
        people: dict[int, tuple[Prospect, str, str]] = {}
        args: dict[str, Any] = {
            "rep": self.rep,
            "first": first.isoformat(),
            "last": last.isoformat(),
            "page": PAGE,
            "day": "",
            "id": 0,
        }
        while True:
            rows = self.conn.execute(CALLS_PAGE_SQL, args).fetchall()
            for day, cid, at, outcome, reason, note, recovery, duration, *rest in rows:
                args["day"], args["id"] = day, cid
                who, email, crm_id = _person(people, rest)
                yield ExportedCall(
                    from_iso(at), outcome, reason, note, recovery, who, duration, email, crm_id
                )
            if len(rows) < PAGE:
                return

    def all_prospects(
        self, first: date | None = None, last: date | None = None
    ) -> Iterator[ExportedProspect]:
        """The whole shared list (or the prospects any rep called on local days
        `first`..`last`) with its email, every rep's calls, and the latest outcome and time,
        in the order they were added, read a page at a time."""
        if first is not None and last is not None:
            yield from self._called_prospects(first, last)
            return
        after = 0
        while True:
            page = self._prospect_page("p.id > %(after)s", {"after": after})
            yield from page
            if len(page) < PAGE:
                return
            after = page[-1].prospect.id

    def _called_prospects(self, first: date, last: date) -> Iterator[ExportedProspect]:
        rows = self.conn.execute(
            "SELECT DISTINCT prospect_id FROM calls WHERE day BETWEEN %s AND %s ORDER BY 1",
            (first.isoformat(), last.isoformat()),
        )
        ids = [int(r[0]) for r in rows]
        for i in range(0, len(ids), PAGE):
            yield from self._prospect_page("p.id = ANY(%(ids)s)", {"ids": ids[i : i + PAGE]})

    def _prospect_page(self, where: str, args: dict[str, Any]) -> list[ExportedProspect]:
        rows = self.conn.execute(
            PROSPECTS_PAGE_SQL.format(where=where), {**args, "page": PAGE}
        ).fetchall()
        out = []
        for *row, email, crm_id, calls, latest in rows:
            outcome, _, at = (latest or "").partition(" ")
            out.append(
                ExportedProspect(
                    prospect(row),
                    email,
                    int(calls),
                    outcome or None,
                    from_iso(at) if at else None,
                    crm_id,
                )
            )
        return out


def _person(
    people: dict[int, tuple[Prospect, str, str]], row: Sequence[Any]
) -> tuple[Prospect, str, str]:
    """The called prospect (its PROSPECT_COLUMNS, email, CRM id), made once per export."""
    *columns, email, crm_id = row
    pid = int(columns[0])
    if pid not in people:
        people[pid] = (prospect(columns), email, crm_id)
    return people[pid]

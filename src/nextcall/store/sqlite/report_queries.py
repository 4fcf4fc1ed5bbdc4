"""What the review, `nextcall stats` and the exports read: totals over spans of days, the rep's
recent working days, rejection reasons, wins, the ritual's figures, and every call or prospect."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from nextcall.domain.funnel import AVERAGE_LOOKBACK_DAYS, AVERAGE_WINDOW_DAYS, DayCounts, PastDay
from nextcall.domain.outcomes import BY_NAME
from nextcall.domain.plan import recent_working_days
from nextcall.domain.prospects import Prospect
from nextcall.store.codec import PROSPECT_COLUMNS, from_iso, prospect
from nextcall.store.records import ExportedCall, ExportedProspect, Win
from nextcall.store.sqlite.base import Base

PAST_DAYS_SQL = (
    "SELECT day, group_concat(dial) FROM meeting_dials WHERE day >= ? AND day < ? GROUP BY day"
)
"""The dials each day's meetings came on, for the days from the first `?` to before the second
(kept as meetings are logged: one range of the meeting_dials index, one row a day)."""
_RITUALS = "FROM calls WHERE ritual IS NOT NULL AND day BETWEEN ? AND ?"


class Reports(Base):
    def recent_days(self, before: date, limit: int = AVERAGE_WINDOW_DAYS) -> list[DayCounts]:
        """The counts of the last `limit` working days with dials before `before`, most
        recent first, looking back at most AVERAGE_LOOKBACK_DAYS: the read is a bounded index
        range, whatever the history's length."""
        return [counts for _, counts in self._recent(before, limit)]

    def _recent(self, before: date, limit: int) -> list[tuple[date, DayCounts]]:
        since = before - timedelta(days=AVERAGE_LOOKBACK_DAYS)
        rows = self.conn.execute(
            "SELECT day, outcome, n FROM day_totals WHERE day >= ? AND day < ? AND n > 0",
            (since.isoformat(), before.isoformat()),
        )
        days: dict[date, dict[str, int]] = {}
        for day, outcome, n in rows:
            if outcome in BY_NAME:
                days.setdefault(date.fromisoformat(day), {})[outcome] = n
        dated = {d: (d, DayCounts.of(c)) for d, c in days.items()}
        return recent_working_days(dated, limit)

    def past_days(self, before: date, limit: int = AVERAGE_WINDOW_DAYS) -> list[PastDay]:
        """The days `recent_days` reads, most recent first, each with its dials and the dial
        numbers that booked a meeting: one range of the meeting_dials index (kept as meetings
        are logged), whatever the number of calls."""
        recent = self._recent(before, limit)
        if not recent:
            return []
        rows = self.conn.execute(PAST_DAYS_SQL, (recent[-1][0].isoformat(), before.isoformat()))
        booked = {
            date.fromisoformat(day): [int(k) for k in dials.split(",")] for day, dials in rows
        }
        return [PastDay(c.dials, tuple(sorted(booked.get(d, ())))) for d, c in recent]

    def days_counts(self, first: date, last: date) -> dict[date, DayCounts]:
        """Each day's counts from `first` to `last` (days without dials left out)."""
        rows = self.conn.execute(
            "SELECT day, outcome, n FROM day_totals WHERE day BETWEEN ? AND ?",
            (first.isoformat(), last.isoformat()),
        )
        days: dict[str, dict[str, int]] = {}
        for day, outcome, n in rows:
            if outcome in BY_NAME and n:
                days.setdefault(day, {})[outcome] = n
        return {date.fromisoformat(d): DayCounts.of(c) for d, c in days.items()}

    def call_times(self, day: date) -> list[datetime]:
        """When each of the day's calls was logged (a day holds a few hundred at most)."""
        rows = self.conn.execute(
            "SELECT at FROM calls WHERE day = ? ORDER BY id", (day.isoformat(),)
        )
        return [from_iso(r[0]) for r in rows]

    def by_reason(self, first: date, last: date) -> dict[str, int]:
        """Rejection reasons tagged from `first` to `last` (local days, inclusive)."""
        rows = self.conn.execute(
            "SELECT reason, count(*) FROM calls WHERE day BETWEEN ? AND ? AND reason IS NOT NULL"
            " GROUP BY reason",
            (first.isoformat(), last.isoformat()),
        )
        return dict(rows.fetchall())

    def wins(self, first: date, last: date, limit: int = -1) -> list[Win]:
        """The wins from `first` to `last`, newest first (at most `limit`; -1: all)."""
        rows = self.conn.execute(
            "SELECT at, kind, text FROM wins WHERE day BETWEEN ? AND ? ORDER BY at DESC, id DESC"
            " LIMIT ?",
            (first.isoformat(), last.isoformat(), limit),
        )
        return [Win(from_iso(a), k, t) for a, k, t in rows]

    def count_wins(self, first: date, last: date) -> dict[str, int]:
        """Wins from `first` to `last` by kind."""
        rows = self.conn.execute(
            "SELECT kind, count(*) FROM wins WHERE day BETWEEN ? AND ? GROUP BY kind",
            (first.isoformat(), last.isoformat()),
        )
        return {k: int(n) for k, n in rows}

    # -- the ritual's figures --------------------------------------------------------------------

    def ritual_counts(self, first: date, last: date) -> tuple[int, int]:
        """(rejections the ritual recorded, of them skipped) from `first` to `last`."""
        row = self.conn.execute(
            f"SELECT count(*), coalesce(sum(ritual = 'skipped'), 0) {_RITUALS}",
            (first.isoformat(), last.isoformat()),
        ).fetchone()
        return int(row[0]), int(row[1])

    def recovery_median_s(self, first: date, last: date) -> float | None:
        """The median recovery time from `first` to `last` (the review and `nextcall stats`
        both read this one), computed in SQLite on a covering index (the middle one or two
        values), so a year of rejections never reaches Python."""
        span = (first.isoformat(), last.isoformat())
        known = f"{_RITUALS} AND recovery_s IS NOT NULL"
        n = int(self.conn.execute(f"SELECT count(*) {known}", span).fetchone()[0])
        if not n:
            return None
        rows = self.conn.execute(
            f"SELECT recovery_s {known} ORDER BY recovery_s LIMIT ? OFFSET ?",
            (*span, 2 - n % 2, (n - 1) // 2),
        ).fetchall()
        return float(sum(r[0] for r in rows) / len(rows))

    def talk_time(self, first: date, last: date) -> tuple[int, float]:
        """(calls with a measured length, their total seconds) from `first` to `last`: one
        range of the calls_duration index (answered calls only have a length)."""
        row = self.conn.execute(
            "SELECT count(*), coalesce(sum(duration_s), 0) FROM calls"
            " WHERE day BETWEEN ? AND ? AND duration_s IS NOT NULL",
            (first.isoformat(), last.isoformat()),
        ).fetchone()
        return int(row[0]), float(row[1])

    def ritual_weekly_median_s(self, first: date, weeks: int) -> list[float | None]:
        """Median recovery times of `weeks` consecutive seven-day spans from `first`."""
        starts = (first + timedelta(days=7 * k) for k in range(weeks))
        return [self.recovery_median_s(d, d + timedelta(days=6)) for d in starts]

    # -- the exports -----------------------------------------------------------------------------

    def calls_between(self, first: date, last: date) -> Iterator[ExportedCall]:
        """Calls logged on local days `first` to `last` (inclusive), oldest first. Each
        prospect is read once (a year holds ~1,000,000 calls to ~50,000 people)."""
        rows = self.conn.execute(
            "SELECT at, outcome, reason, note, recovery_s, duration_s, prospect_id FROM calls"
            " WHERE day BETWEEN ? AND ? ORDER BY day, id",
            (first.isoformat(), last.isoformat()),
        )
        people: dict[int, tuple[Prospect, str, str]] = {}
        for at, outcome, reason, note, recovery, duration, pid in rows:
            called = people.get(pid)
            if called is None:
                *row, email, crm_id = self.conn.execute(
                    f"SELECT {PROSPECT_COLUMNS}, email, crm_id FROM prospects WHERE id IN (?)",
                    (pid,),
                ).fetchone()
                called = people[pid] = (prospect(row), email, crm_id)
            who, email, crm_id = called
            yield ExportedCall(
                from_iso(at), outcome, reason, note, recovery, who, duration, email, crm_id
            )

    def all_prospects(
        self, first: date | None = None, last: date | None = None
    ) -> Iterator[ExportedProspect]:
        """Every prospect (or those called on local days `first`..`last`) with its email, calls
        made, and latest outcome and time, in the order they were added."""
        where = ""
        args: tuple[str, ...] = ()
        if first is not None and last is not None:
            where = "WHERE p.id IN (SELECT prospect_id FROM calls WHERE day BETWEEN ? AND ?)"
            args = (first.isoformat(), last.isoformat())
        cols = ", ".join(f"p.{c.strip()}" for c in PROSPECT_COLUMNS.split(","))
        rows = self.conn.execute(
            f"SELECT {cols}, p.email, p.crm_id,"
            " (SELECT count(*) FROM calls WHERE prospect_id = p.id),"
            " (SELECT outcome || ' ' || at FROM calls WHERE prospect_id = p.id"
            f" ORDER BY at DESC LIMIT 1) FROM prospects p {where} ORDER BY p.id",
            args,
        )
        for *row, email, crm_id, calls, latest in rows:
            outcome, _, at = (latest or "").partition(" ")
            yield ExportedProspect(
                prospect(row), email, calls, outcome or None, from_iso(at) if at else None, crm_id
            )

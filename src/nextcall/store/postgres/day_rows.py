"""The rep's working day on the team database: its running totals, its plan, its call blocks,
and the rep's settings kept with the data. Every read and write is this rep's own rows."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from nextcall.domain.funnel import DayCounts
from nextcall.domain.outcomes import BY_NAME
from nextcall.domain.plan import DayPlan
from nextcall.store.codec import from_iso, iso
from nextcall.store.postgres.base import PgBase
from nextcall.store.records import BlockRecord


class Days(PgBase):
    def day_counts(self, day: date) -> DayCounts:
        """This rep's counts on `day`."""
        rows = self.conn.execute(
            "SELECT outcome, n FROM day_totals WHERE rep = %s AND day = %s",
            (self.rep, day.isoformat()),
        )
        return DayCounts.of({o: int(n) for o, n in rows if o in BY_NAME})

    # -- the day plan ----------------------------------------------------------------------------

    def day_plan(self, day: date) -> DayPlan | None:
        row = self.conn.execute(
            "SELECT kind, target FROM day_plans WHERE rep = %s AND day = %s",
            (self.rep, day.isoformat()),
        ).fetchone()
        return None if row is None else DayPlan(row[0], int(row[1]))

    def latest_plan(self, before: date) -> DayPlan | None:
        """This rep's most recent plan set before `before`."""
        row = self.conn.execute(
            "SELECT kind, target FROM day_plans WHERE rep = %s AND day < %s"
            " ORDER BY day DESC LIMIT 1",
            (self.rep, before.isoformat()),
        ).fetchone()
        return None if row is None else DayPlan(row[0], int(row[1]))

    def set_day_plan(self, day: date, plan: DayPlan, at: datetime) -> None:
        with self._write():
            self.conn.execute(
                "INSERT INTO day_plans (rep, day, kind, target, set_at) VALUES (%s, %s, %s, %s, %s)"
                " ON CONFLICT (rep, day) DO UPDATE SET kind = EXCLUDED.kind,"
                " target = EXCLUDED.target, set_at = EXCLUDED.set_at",
                (self.rep, day.isoformat(), plan.kind, plan.target, iso(at)),
            )

    # -- call blocks -----------------------------------------------------------------------------

    def start_block(self, day: date, at: datetime, planned_minutes: int) -> int:
        """A new call block of this rep's; returns its id."""
        with self._write():
            row = self.conn.execute(
                "INSERT INTO blocks (rep, day, started_at, planned_minutes)"
                " VALUES (%s, %s, %s, %s) RETURNING id",
                (self.rep, day.isoformat(), iso(at), planned_minutes),
            ).fetchone()
        return int(row[0])

    def end_block(self, block_id: int, at: datetime, counts: DayCounts) -> None:
        shown = {k: v for k, v in counts.by_outcome.items() if v}
        with self._write():
            self.conn.execute(
                "UPDATE blocks SET ended_at = %s, counts = %s WHERE id = %s AND rep = %s",
                (iso(at), json.dumps(shown), block_id, self.rep),
            )

    def discard_block(self, block_id: int) -> None:
        """Forget a block of this rep's that was started and ended with nothing in it."""
        with self._write():
            self.conn.execute("DELETE FROM blocks WHERE id = %s AND rep = %s", (block_id, self.rep))

    def close_stale_blocks(self) -> int:
        """End every block of this rep's left unended (a crash): it ends at the rep's last
        call within its planned length (at its start when none), and its counts are those
        calls. Returns how many it closed."""
        stale = self.conn.execute(
            "SELECT id, day, started_at, planned_minutes FROM blocks"
            " WHERE rep = %s AND ended_at IS NULL",
            (self.rep,),
        ).fetchall()
        if not stale:
            return 0  # the usual start-up: nothing to write
        with self._write():
            for block_id, day, started, minutes in stale:
                self._close_block(block_id, date.fromisoformat(day), started, int(minutes))
        return len(stale)

    def _close_block(self, block_id: int, first: date, started: str, minutes: int) -> None:
        end = from_iso(started) + timedelta(minutes=minutes)
        rows = self.conn.execute(
            "SELECT outcome, count(*), max(at) FROM calls WHERE rep = %s"
            " AND day BETWEEN %s AND %s AND at >= %s AND at <= %s GROUP BY outcome",
            (
                self.rep,
                first.isoformat(),
                (first + timedelta(days=1)).isoformat(),
                started,
                iso(end),
            ),
        ).fetchall()
        counts = {o: int(n) for o, n, _ in rows if o in BY_NAME}
        ended = max((at for _, _, at in rows), default=started)
        self.conn.execute(
            "UPDATE blocks SET ended_at = %s, counts = %s WHERE id = %s",
            (ended, json.dumps(counts), block_id),
        )

    def blocks(self, first: date, last: date) -> list[BlockRecord]:
        """This rep's blocks started from `first` to `last`, oldest first."""
        rows = self.conn.execute(
            "SELECT id, day, started_at, ended_at, planned_minutes, counts FROM blocks"
            " WHERE rep = %s AND day BETWEEN %s AND %s ORDER BY started_at, id",
            (self.rep, first.isoformat(), last.isoformat()),
        )
        return [
            BlockRecord(
                int(i),
                date.fromisoformat(d),
                from_iso(s),
                None if e is None else from_iso(e),
                int(p),
                DayCounts.of({k: v for k, v in json.loads(c).items() if k in BY_NAME}),
            )
            for i, d, s, e, p, c in rows
        ]

    # -- the rep's settings kept with the data ---------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute(
            "SELECT value FROM meta WHERE rep = %s AND key = %s", (self.rep, key)
        ).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._write():
            self.conn.execute(
                "INSERT INTO meta (rep, key, value) VALUES (%s, %s, %s)"
                " ON CONFLICT (rep, key) DO UPDATE SET value = EXCLUDED.value",
                (self.rep, key, value),
            )

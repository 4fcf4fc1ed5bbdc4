"""The working day: its running totals, its plan, its call blocks; and the settings kept with
the data."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from nextcall.domain.funnel import DayCounts
from nextcall.domain.outcomes import BY_NAME
from nextcall.domain.plan import DayPlan
from nextcall.store.codec import from_iso, iso
from nextcall.store.records import BlockRecord
from nextcall.store.sqlite.base import Base


class Days(Base):
    def day_counts(self, day: date) -> DayCounts:
        rows = self.conn.execute(
            "SELECT outcome, n FROM day_totals WHERE day = ?", (day.isoformat(),)
        )
        return DayCounts.of({o: n for o, n in rows if o in BY_NAME})

    # -- the day plan ----------------------------------------------------------------------------

    def day_plan(self, day: date) -> DayPlan | None:
        row = self.conn.execute(
            "SELECT kind, target FROM day_plans WHERE day = ?", (day.isoformat(),)
        ).fetchone()
        return None if row is None else DayPlan(row[0], int(row[1]))

    def latest_plan(self, before: date) -> DayPlan | None:
        """The most recent plan set before `before` (yesterday's, or the last working day's)."""
        row = self.conn.execute(
            "SELECT kind, target FROM day_plans WHERE day < ? ORDER BY day DESC LIMIT 1",
            (before.isoformat(),),
        ).fetchone()
        return None if row is None else DayPlan(row[0], int(row[1]))

    def set_day_plan(self, day: date, plan: DayPlan, at: datetime) -> None:
        with self._write():
            self.conn.execute(
                "INSERT INTO day_plans (day, kind, target, set_at) VALUES (?,?,?,?)"
                " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, target = excluded.target,"
                " set_at = excluded.set_at",
                (day.isoformat(), plan.kind, plan.target, iso(at)),
            )

    # -- call blocks -----------------------------------------------------------------------------

    def start_block(self, day: date, at: datetime, planned_minutes: int) -> int:
        with self._write():
            cur = self.conn.execute(
                "INSERT INTO blocks (day, started_at, planned_minutes) VALUES (?,?,?)",
                (day.isoformat(), iso(at), planned_minutes),
            )
        return int(cur.lastrowid or 0)

    def end_block(self, block_id: int, at: datetime, counts: DayCounts) -> None:
        shown = {k: v for k, v in counts.by_outcome.items() if v}
        with self._write():
            self.conn.execute(
                "UPDATE blocks SET ended_at = ?, counts = ? WHERE id = ?",
                (iso(at), json.dumps(shown), block_id),
            )

    def discard_block(self, block_id: int) -> None:
        """Forget a block that was started and ended with nothing in it (a double `k`)."""
        with self._write():
            self.conn.execute("DELETE FROM blocks WHERE id = ?", (block_id,))

    def close_stale_blocks(self) -> int:
        """End every block left unended by an app that closed without ending it (a crash): it
        ends at its last call within its planned length (at its start when it has none), and
        its counts are those calls. Run at start-up, before a new block can start. Returns how
        many it closed."""
        stale = self.conn.execute(
            "SELECT id, day, started_at, planned_minutes FROM blocks WHERE ended_at IS NULL"
        ).fetchall()
        if not stale:
            return 0  # the usual start-up: nothing to write
        with self._write():
            for block_id, day, started, minutes in stale:
                start = from_iso(started)
                end = start + timedelta(minutes=minutes)
                first = date.fromisoformat(day)
                rows = self.conn.execute(
                    "SELECT outcome, count(*), max(at) FROM calls WHERE day BETWEEN ? AND ?"
                    " AND at >= ? AND at <= ? GROUP BY outcome",
                    (first.isoformat(), (first + timedelta(days=1)).isoformat(), started, iso(end)),
                ).fetchall()
                counts = {o: int(n) for o, n, _ in rows if o in BY_NAME}
                ended = max((at for _, _, at in rows), default=started)
                self.conn.execute(
                    "UPDATE blocks SET ended_at = ?, counts = ? WHERE id = ?",
                    (ended, json.dumps(counts), block_id),
                )
        return len(stale)

    def blocks(self, first: date, last: date) -> list[BlockRecord]:
        """The blocks started from `first` to `last`, oldest first."""
        rows = self.conn.execute(
            "SELECT id, day, started_at, ended_at, planned_minutes, counts FROM blocks"
            " WHERE day BETWEEN ? AND ? ORDER BY started_at",
            (first.isoformat(), last.isoformat()),
        )
        return [
            BlockRecord(
                i,
                date.fromisoformat(d),
                from_iso(s),
                None if e is None else from_iso(e),
                p,
                DayCounts.of({k: v for k, v in json.loads(c).items() if k in BY_NAME}),
            )
            for i, d, s, e, p, c in rows
        ]

    # -- settings kept with the data -------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._write():
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
                " SET value = excluded.value",
                (key, value),
            )

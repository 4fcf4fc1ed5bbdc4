"""Claims: a prospect is one rep's to dial while their lease runs (the server's clock), taken by
one atomic statement; the rep's sign of life for the floor; the queue's change counter."""

from __future__ import annotations

from nextcall.store.postgres.base import PgBase

CLAIM_SQL = "SELECT nextcall_claim(%s, %s, %s)"
"""Take or renew a claim (parameters: prospect id, rep, minutes), in one round trip: the schema's
`nextcall_claim` (migration 1, "team-claims", as the review left it) locks the prospect's row,
refuses a prospect no longer in this rep's queue, while another rep's claim runs, or when
another rep called them within one lease (the server's clock), and marks the rep seen."""

CLAIM_NEXT_SQL = """
WITH next AS (
    SELECT p.id FROM prospects p
    WHERE p.lifecycle = 'active' AND p.due_at <= %s
      AND (p.slot <> 0 OR p.owner IS NULL OR p.owner = %s)
      AND NOT EXISTS (
          SELECT 1 FROM claims c WHERE c.prospect_id = p.id AND c.until > now()
      )
      AND NOT EXISTS (
          SELECT 1 FROM calls k
          WHERE k.prospect_id = p.id AND k.rep <> %s
            AND k.logged_at > now() - make_interval(mins => %s)
      )
    ORDER BY p.slot, p.due_at, p.id
    LIMIT 1
    FOR UPDATE OF p SKIP LOCKED
)
INSERT INTO claims AS c (prospect_id, rep, until, claimed_at)
SELECT id, %s, now() + make_interval(mins => %s), now() FROM next
ON CONFLICT (prospect_id) DO UPDATE
    SET rep = EXCLUDED.rep, until = EXCLUDED.until, claimed_at = now(), on_call = false
    WHERE c.until <= now()
RETURNING prospect_id
"""
"""The next prospect nobody holds nor called within one lease, claimed in one statement
(parameters: now, rep, rep, rep, minutes, rep, minutes): rows another rep is claiming at this
moment are skipped (SKIP LOCKED), not waited for."""


TAKEN_SQL = """
SELECT prospect_id FROM claims WHERE rep <> %s AND until > now()
UNION
SELECT prospect_id FROM calls
WHERE rep <> %s AND logged_at > now() - make_interval(mins => %s)
"""
"""Prospects other reps hold or just called (parameters: rep, rep, minutes), by the server's
clock (`logged_at`: a laptop's `at` may be hours off)."""

NOT_DURABLE = "SELECT set_config('synchronous_commit', 'off', true)"
"""A claim's transaction commits without waiting for the disk (as `nextcall_claim` does)."""


class Claims(PgBase):
    def claim(self, prospect_id: int, minutes: int) -> bool:
        """Make the prospect this rep's for `minutes` (renewing the rep's own claim); False
        while another rep's claim on it runs, when another rep called them within the last
        `minutes` (their outcome gave the claim up, but a queue read before it still showed
        them: no second dial within one lease), or when there is no such prospect."""
        row = self.conn.execute(CLAIM_SQL, (prospect_id, self.rep, minutes)).fetchone()
        return bool(row[0])

    def claim_next(self, now_iso: str, minutes: int) -> int | None:
        """Claim the first prospect in dialing order (due by `now_iso`) that nobody holds;
        its id, or None when every one is taken or none is due."""
        with self._write():
            self.conn.execute(NOT_DURABLE)
            row = self.conn.execute(
                CLAIM_NEXT_SQL, (now_iso, self.rep, self.rep, minutes, self.rep, minutes)
            ).fetchone()
            self._seen()
        return None if row is None else int(row[0])

    def release(self, prospect_id: int) -> None:
        """Give up this rep's claim (another rep's is left alone)."""
        self.conn.execute(
            "DELETE FROM claims WHERE prospect_id = %s AND rep = %s", (prospect_id, self.rep)
        )

    def release_all(self) -> None:
        """Give up every claim this rep holds (on quitting)."""
        self.conn.execute("DELETE FROM claims WHERE rep = %s", (self.rep,))

    def set_on_call(self, prospect_id: int | None) -> None:
        """Mark the rep on a call with this prospect (their claim), or on none."""
        self.conn.execute(
            "UPDATE claims SET on_call = (prospect_id IS NOT DISTINCT FROM %s)"
            " WHERE rep = %s AND on_call <> (prospect_id IS NOT DISTINCT FROM %s)",
            (prospect_id, self.rep, prospect_id),
        )

    def queue_stamp(self) -> int:
        """Moves whenever a claim, a call, the do-not-call list or a prospect's place changes,
        once that change is committed (`nextcall_queue` notifications; the first call only
        starts listening)."""
        return self.conn.notifications("LISTEN nextcall_queue")

    def taken_by_others(self, minutes: int) -> set[int]:
        """The prospects other reps hold by a running claim (a row per rep at most: a small
        table) or called within the last `minutes` (a range of calls_logged): never the list."""
        rows = self.conn.execute(TAKEN_SQL, (self.rep, self.rep, minutes))
        return {int(pid) for (pid,) in rows.fetchall()}

    def _seen(self) -> None:
        self.conn.execute(
            "INSERT INTO reps (rep, seen_at) VALUES (%s, now())"
            " ON CONFLICT (rep) DO UPDATE SET seen_at = now()",
            (self.rep,),
        )

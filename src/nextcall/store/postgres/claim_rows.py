"""Claims: a prospect is one rep's to dial while their lease runs (the server's clock), taken by
one atomic statement; the rep's sign of life for the floor; the queue's change counter."""

from __future__ import annotations

from nextcall.store.postgres.base import PgBase

CLAIM_SQL = """
WITH p AS (SELECT id FROM prospects WHERE id = %s FOR NO KEY UPDATE)
INSERT INTO claims AS c (prospect_id, rep, until, claimed_at)
SELECT p.id, %s, now() + make_interval(mins => %s), now() FROM p
ON CONFLICT (prospect_id) DO UPDATE
    SET rep = EXCLUDED.rep, until = EXCLUDED.until,
        claimed_at = CASE WHEN c.rep = EXCLUDED.rep THEN c.claimed_at ELSE now() END,
        on_call = c.on_call AND c.rep = EXCLUDED.rep
    WHERE c.rep = EXCLUDED.rep OR c.until <= now()
RETURNING prospect_id
"""
"""Take or renew a claim (parameters: prospect id, rep, minutes): the unique prospect id makes it
atomic, and the WHERE lets it through only when the claim is free, expired, or this rep's own.

The prospect's row is locked first, as `CLAIM_NEXT_SQL` and an outcome being logged lock it
before they touch the claim: the same order everywhere, so no two of them wait for each other
(the claim's foreign key alone would wait on the prospect's row while holding the claim's)."""

CALLED_BY_ANOTHER_SQL = """
SELECT 1 FROM calls
WHERE prospect_id = %s AND rep <> %s
  AND at >= to_char((now() - make_interval(mins => %s)) AT TIME ZONE 'UTC',
                    'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
LIMIT 1
"""
"""Another rep called the prospect within one lease (parameters: prospect id, rep, minutes):
an index probe of calls_prospect. `at` is `codec.iso`'s text, so the bound is written alike."""


class _CalledMeanwhile(Exception):
    """Rolls a granted claim back: another rep called the prospect within one lease."""


CLAIM_NEXT_SQL = """
WITH next AS (
    SELECT p.id FROM prospects p
    WHERE p.lifecycle = 'active' AND p.due_at <= %s
      AND (p.owner IS NULL OR p.owner = %s)
      AND NOT EXISTS (
          SELECT 1 FROM claims c WHERE c.prospect_id = p.id AND c.until > now()
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
"""The next prospect nobody holds, claimed in one statement (parameters: now, rep, rep,
minutes): rows another rep is claiming at this moment are skipped (SKIP LOCKED), not waited
for."""


class Claims(PgBase):
    def claim(self, prospect_id: int, minutes: int) -> bool:
        """Make the prospect this rep's for `minutes` (renewing the rep's own claim); False
        while another rep's claim on it runs, or when another rep called them within the
        last `minutes` (their outcome gave the claim up, but a queue read before it still
        showed them: no second dial within one lease).

        The calls are read by a statement of their own after the claim: the claim waited for
        an outcome being logged on the same claim's row, and only a later statement sees
        that outcome's call (read committed)."""
        try:
            with self._write():
                row = self.conn.execute(CLAIM_SQL, (prospect_id, self.rep, minutes)).fetchone()
                if row is None:
                    return False
                called = self.conn.execute(
                    CALLED_BY_ANOTHER_SQL, (prospect_id, self.rep, minutes)
                ).fetchone()
                if called is not None:
                    raise _CalledMeanwhile
                self._seen()
        except _CalledMeanwhile:
            return False
        return True

    def claim_next(self, now_iso: str, minutes: int) -> int | None:
        """Claim the first prospect in dialing order (due by `now_iso`) that nobody holds;
        its id, or None when every one is taken or none is due."""
        with self._write():
            row = self.conn.execute(
                CLAIM_NEXT_SQL, (now_iso, self.rep, self.rep, minutes)
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
        """Moves whenever a claim, a call, the do-not-call list or a prospect's place changes."""
        row = self.conn.execute("SELECT last_value FROM queue_changes").fetchone()
        return int(row[0])

    def _seen(self) -> None:
        self.conn.execute(
            "INSERT INTO reps (rep, seen_at) VALUES (%s, now())"
            " ON CONFLICT (rep) DO UPDATE SET seen_at = now()",
            (self.rep,),
        )

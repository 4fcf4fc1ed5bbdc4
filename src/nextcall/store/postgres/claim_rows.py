"""Claims: a prospect is one rep's to dial while their lease runs (the server's clock), taken by
one atomic statement; the rep's sign of life for the floor; the queue's change counter."""

from __future__ import annotations

from nextcall.store.postgres.base import PgBase

CALLED_BY_OTHERS = """
EXISTS (
    SELECT 1 FROM calls k
    WHERE k.prospect_id = %(id)s AND k.rep <> %(rep)s
      AND k.logged_at > now() - make_interval(mins => %(minutes)s)
)
"""
"""Another rep called the prospect within one lease (the server's clock): their outcome gave
their claim up, but a queue read before it may still show the prospect."""

DIALABLE_SQL = """
SELECT lifecycle = 'active' AND (slot <> 0 OR owner IS NULL OR owner = %(rep)s)
FROM prospects WHERE id = %(id)s
FOR NO KEY UPDATE
"""
"""Lock the prospect's row (waiting for an outcome or a listing being written on it) and say
whether it is still in this rep's queue: not do-not-call, done or archived, and no follow-up
that waits for another rep."""

CLAIM_SQL = f"""
INSERT INTO claims AS c (prospect_id, rep, until, claimed_at)
SELECT %(id)s, %(rep)s, now() + make_interval(mins => %(minutes)s), now()
WHERE NOT {CALLED_BY_OTHERS}
ON CONFLICT (prospect_id) DO UPDATE
    SET rep = EXCLUDED.rep, until = EXCLUDED.until,
        claimed_at = CASE WHEN c.rep = EXCLUDED.rep THEN c.claimed_at ELSE now() END,
        on_call = c.on_call AND c.rep = EXCLUDED.rep
    WHERE c.rep = EXCLUDED.rep OR c.until <= now()
RETURNING prospect_id
"""
"""Take or renew a claim: the unique prospect id makes it atomic, and the WHERE lets it through
only when the claim is free, expired, or this rep's own. Run after DIALABLE_SQL, as a statement
of its own: its snapshot then holds the outcome that statement waited for."""

CLAIM_NEXT_SQL = """
WITH next AS (
    SELECT p.id FROM prospects p
    WHERE p.lifecycle = 'active' AND p.due_at <= %(now)s
      AND (p.slot <> 0 OR p.owner IS NULL OR p.owner = %(rep)s)
      AND NOT EXISTS (
          SELECT 1 FROM claims c WHERE c.prospect_id = p.id AND c.until > now()
      )
      AND NOT EXISTS (
          SELECT 1 FROM calls k
          WHERE k.prospect_id = p.id AND k.rep <> %(rep)s
            AND k.logged_at > now() - make_interval(mins => %(minutes)s)
      )
    ORDER BY p.slot, p.due_at, p.id
    LIMIT 1
    FOR UPDATE OF p SKIP LOCKED
)
INSERT INTO claims AS c (prospect_id, rep, until, claimed_at)
SELECT id, %(rep)s, now() + make_interval(mins => %(minutes)s), now() FROM next
ON CONFLICT (prospect_id) DO UPDATE
    SET rep = EXCLUDED.rep, until = EXCLUDED.until, claimed_at = now(), on_call = false
    WHERE c.until <= now()
RETURNING prospect_id
"""
"""The next prospect nobody holds nor called within one lease, claimed in one statement: rows
another rep is claiming at this moment are skipped (SKIP LOCKED), not waited for."""


class Claims(PgBase):
    def claim(self, prospect_id: int, minutes: int) -> bool:
        """Make the prospect this rep's for `minutes` (renewing the rep's own claim); False
        while another rep's claim on it runs, when another rep called them within the last
        `minutes` (the server's clock), or when they left this rep's queue (do-not-call, done,
        archived, another rep's follow-up, no such prospect)."""
        args = {"id": prospect_id, "rep": self.rep, "minutes": minutes}
        row = None
        with self._write():  # the prospect's row, then the claim, then the rep's: as an outcome
            dialable = self.conn.execute(DIALABLE_SQL, args).fetchone()
            if dialable is not None and dialable[0]:
                row = self.conn.execute(CLAIM_SQL, args).fetchone()
            self._seen()
        return row is not None

    def claim_next(self, now_iso: str, minutes: int) -> int | None:
        """Claim the first prospect in dialing order (due by `now_iso`) that nobody holds;
        its id, or None when every one is taken or none is due."""
        with self._write():
            row = self.conn.execute(
                CLAIM_NEXT_SQL, {"now": now_iso, "rep": self.rep, "minutes": minutes}
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

    def _seen(self) -> None:
        self.conn.execute(
            "INSERT INTO reps (rep, seen_at) VALUES (%s, now())"
            " ON CONFLICT (rep) DO UPDATE SET seen_at = now()",
            (self.rep,),
        )

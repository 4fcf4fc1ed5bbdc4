"""The team's figures (the floor, `nextcall stats --team`): read-only queries over every rep's
public rows, each an index range over one week or one day, all in one read-only snapshot.
`call_private` (debriefs, rituals, recovery times) is never read here; row-level security would
hide other reps' rows anyway."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from nextcall.domain.funnel import DayCounts
from nextcall.domain.outcomes import BY_NAME
from nextcall.domain.prospects import Lifecycle, Slot
from nextcall.store.codec import from_iso
from nextcall.store.postgres.base import PgBase
from nextcall.store.postgres.boundary import Connection
from nextcall.store.team_records import ListProgress, Presence, TeamAsk, TeamRead

READ_TIMEOUT = "5s"
"""A team read that takes longer is given up (the floor says so and tries again)."""

DAYS_SQL = "SELECT rep, day, outcome, n FROM day_totals WHERE day BETWEEN %s AND %s AND n > 0"
"""Each rep's counts by day (index day_totals_day)."""
REASONS_SQL = """
SELECT rep, day, reason, count(*) FROM calls
WHERE day BETWEEN %s AND %s AND reason IS NOT NULL
GROUP BY rep, day, reason
"""
"""Tagged rejection reasons (the partial index calls_reason)."""
WINS_SQL = """
SELECT rep, day, count(*) FROM wins
WHERE rep = ANY(%s) AND day BETWEEN %s AND %s
GROUP BY rep, day
"""
"""Wins of the reps named (index wins_day: rep, then day)."""
NEW_TIMES_SQL = "SELECT id, rep, at FROM calls WHERE id > %s AND day = %s ORDER BY id"
"""A day's calls past the ones already held (the primary key's range, or calls_day)."""
REP_TIMES_SQL = "SELECT id, at FROM calls WHERE rep = %s AND day = %s ORDER BY id"
"""One rep's calls of a day, all of them (index calls_rep_day)."""
PRESENCE_SQL = """
SELECT rep, max(seen_at), extract(epoch FROM now() - max(seen_at))::float8, bool_or(on_call)
FROM (
    SELECT rep, seen_at, false AS on_call FROM reps
    UNION ALL
    SELECT rep, NULL, true FROM claims WHERE on_call AND until > now()
) AS signs
GROUP BY rep
"""
"""Each rep's last sign of life and whether they are on a call now (the server's clock)."""
PROGRESS_SQL = "SELECT lifecycle, slot, count(*) FROM prospects GROUP BY lifecycle, slot"
"""The list by place (an index-only count over prospects_queue)."""
CLAIMED_SQL = "SELECT count(*) FROM claims WHERE until > now()"


class TeamQueries(PgBase):
    """`nextcall.store.team_view.TeamView` on PostgreSQL."""

    def read_team(self, ask: TeamAsk) -> TeamRead:
        """The team's figures for the seven days ending with `ask.last`, in one snapshot (a
        read-only, repeatable-read transaction): the parts always agree with each other."""
        with self._write(keep=False):
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            self.conn.execute("SELECT set_config('statement_timeout', %s, true)", (READ_TIMEOUT,))
            return read_team(self.conn, ask)


def read_team(conn: Connection, ask: TeamAsk) -> TeamRead:
    """Every part of a team read, on `conn` (inside the caller's transaction)."""
    first = ask.last - timedelta(days=6)
    days = rep_days(conn, first, ask.last)
    presence = rep_presence(conn)
    times: dict[str, tuple[datetime, ...]] = {}
    whole: frozenset[str] = frozenset()
    last_id = ask.after_id
    if ask.times:
        dials = {rep: by_day[ask.last].dials for rep, by_day in days.items() if ask.last in by_day}
        times, whole, last_id = call_times(conn, ask, dials)
    return TeamRead(
        first=first,
        last=ask.last,
        days=days,
        reasons=rep_reasons(conn, first, ask.last),
        wins=rep_wins(conn, sorted({*days, *presence}), first, ask.last),
        times=times,
        whole=whole,
        last_id=last_id,
        presence=presence,
        claimed=claimed(conn),
        progress=list_progress(conn) if ask.progress else None,
    )


def rep_days(conn: Connection, first: date, last: date) -> dict[str, dict[date, DayCounts]]:
    """Rep -> day -> counts, from the per-day counters."""
    raw: dict[str, dict[str, dict[str, int]]] = {}
    for rep, day, outcome, n in conn.execute(DAYS_SQL, (first.isoformat(), last.isoformat())):
        if outcome in BY_NAME:
            raw.setdefault(rep, {}).setdefault(day, {})[outcome] = int(n)
    return {
        rep: {date.fromisoformat(d): DayCounts.of(c) for d, c in by_day.items()}
        for rep, by_day in raw.items()
    }


def rep_reasons(conn: Connection, first: date, last: date) -> dict[str, dict[date, dict[str, int]]]:
    """Rep -> day -> tagged reason -> count."""
    found: dict[str, dict[date, dict[str, int]]] = {}
    for rep, day, reason, n in conn.execute(REASONS_SQL, (first.isoformat(), last.isoformat())):
        found.setdefault(rep, {}).setdefault(date.fromisoformat(day), {})[reason] = int(n)
    return found


def rep_wins(
    conn: Connection, reps: Iterable[str], first: date, last: date
) -> dict[str, dict[date, int]]:
    """Rep -> day -> wins, for the reps named."""
    found: dict[str, dict[date, int]] = {}
    params = (list(reps), first.isoformat(), last.isoformat())
    for rep, day, n in conn.execute(WINS_SQL, params):
        found.setdefault(rep, {})[date.fromisoformat(day)] = int(n)
    return found


def call_times(
    conn: Connection, ask: TeamAsk, dials: Mapping[str, int]
) -> tuple[dict[str, tuple[datetime, ...]], frozenset[str], int]:
    """The day's call times past `ask.after_id` by rep; a rep whose times would not add up to
    their dials (`dials`, from the counters of the same snapshot) is read whole again."""
    day = ask.last.isoformat()
    new: dict[str, list[datetime]] = {}
    last_id = ask.after_id
    for call_id, rep, at in conn.execute(NEW_TIMES_SQL, (ask.after_id, day)):
        new.setdefault(rep, []).append(from_iso(at))
        last_id = max(last_id, int(call_id))
    wrong = {
        rep
        for rep in {*dials, *ask.held, *new}
        if ask.held.get(rep, 0) + len(new.get(rep, ())) != dials.get(rep, 0)
    }
    for rep in wrong:
        rows = conn.execute(REP_TIMES_SQL, (rep, day)).fetchall()
        new[rep] = [from_iso(at) for _, at in rows]
        last_id = max([last_id, *(int(i) for i, _ in rows)])
    return {rep: tuple(t) for rep, t in new.items()}, frozenset(wrong), last_id


def rep_presence(conn: Connection) -> dict[str, Presence]:
    """Every rep's last sign of life and whether they are on a call now."""
    return {
        rep: Presence(seen_at, ago, bool(on_call))
        for rep, seen_at, ago, on_call in conn.execute(PRESENCE_SQL)
    }


def list_progress(conn: Connection) -> ListProgress:
    """The list by place, and the prospects held now."""
    counts: dict[tuple[str, int], int] = {
        (life, int(slot)): int(n) for life, slot, n in conn.execute(PROGRESS_SQL)
    }

    def among(life: Lifecycle, slot: Slot | None = None) -> int:
        return sum(n for (lc, s), n in counts.items() if lc == life.value and slot in (None, s))

    return ListProgress(
        new=among(Lifecycle.ACTIVE, Slot.NEW),
        retry=among(Lifecycle.ACTIVE, Slot.RETRY),
        follow_ups=among(Lifecycle.ACTIVE, Slot.FOLLOW_UP),
        booked=among(Lifecycle.DONE),
        archived=among(Lifecycle.ARCHIVED),
        dnc=among(Lifecycle.DNC),
        claimed=claimed(conn),
    )


def claimed(conn: Connection) -> int:
    """Prospects held by a rep right now."""
    row = conn.execute(CLAIMED_SQL).fetchone()
    return int(row[0]) if row else 0

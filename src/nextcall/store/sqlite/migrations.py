"""The schema, one script per version; `PRAGMA user_version` says which have run."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: prospects, calls, per-day totals, wins, settings kept with the data.
    """
    CREATE TABLE prospects (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        company TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL UNIQUE,            -- E.164
        phone_display TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        timezone TEXT NOT NULL DEFAULT '',     -- IANA name, '' = unknown
        lifecycle TEXT NOT NULL DEFAULT 'active',
        slot INTEGER NOT NULL DEFAULT 1,       -- 0 follow-up, 1 new, 2 retry
        due_at TEXT NOT NULL,                  -- UTC ISO 8601
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE INDEX prospects_queue ON prospects (lifecycle, slot, due_at, id);
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        prospect_id INTEGER NOT NULL REFERENCES prospects (id),
        at TEXT NOT NULL,                      -- UTC ISO 8601
        day TEXT NOT NULL,                     -- the rep's local day, YYYY-MM-DD
        outcome TEXT NOT NULL,
        reason TEXT,
        note TEXT,
        recovery_s REAL,
        ritual TEXT,
        prior TEXT NOT NULL                    -- the prospect's state before, for undo (JSON)
    );
    CREATE INDEX calls_day ON calls (day, id);
    CREATE INDEX calls_prospect ON calls (prospect_id, at);
    CREATE TABLE day_totals (
        day TEXT NOT NULL,
        outcome TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (day, outcome)
    ) WITHOUT ROWID;
    CREATE TABLE wins (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        prospect_id INTEGER REFERENCES prospects (id),
        call_id INTEGER REFERENCES calls (id) ON DELETE CASCADE
    );
    CREATE INDEX wins_day ON wins (day);
    CREATE INDEX wins_call ON wins (call_id);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    """,
    # 2: the ritual's debrief with each call; numbers never to be dialed.
    """
    ALTER TABLE calls ADD COLUMN debrief TEXT;  -- the feel-it debrief (JSON), if any
    CREATE TABLE dnc (
        phone TEXT PRIMARY KEY,                -- E.164
        added_at TEXT NOT NULL,                -- UTC ISO 8601
        source TEXT NOT NULL DEFAULT ''        -- 'ritual', or the file it came from
    ) WITHOUT ROWID;
    """,
    # 3: how long each call lasted, where the softphone reports it.
    """
    ALTER TABLE calls ADD COLUMN duration_s REAL;  -- answer to hang-up (baresip), else NULL
    """,
    # 4: a number on the do-not-call list can never become dialable again, whatever writes it
    # (an import bringing it back, an undo restoring an earlier state).
    """
    CREATE TRIGGER prospects_dnc_insert AFTER INSERT ON prospects
    WHEN NEW.lifecycle != 'dnc' AND EXISTS (SELECT 1 FROM dnc WHERE phone = NEW.phone)
    BEGIN UPDATE prospects SET lifecycle = 'dnc' WHERE id = NEW.id; END;
    CREATE TRIGGER prospects_dnc_update AFTER UPDATE OF lifecycle, phone ON prospects
    WHEN NEW.lifecycle != 'dnc' AND EXISTS (SELECT 1 FROM dnc WHERE phone = NEW.phone)
    BEGIN UPDATE prospects SET lifecycle = 'dnc' WHERE id = NEW.id; END;
    """,
    # 5: the day plan, call blocks, and an index for the review's rejection audit.
    """
    CREATE TABLE day_plans (
        day TEXT PRIMARY KEY,                  -- the rep's local day, YYYY-MM-DD
        kind TEXT NOT NULL,                    -- 'meetings' or 'conversations'
        target INTEGER NOT NULL,
        set_at TEXT NOT NULL                   -- UTC ISO 8601
    ) WITHOUT ROWID;
    CREATE TABLE blocks (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,
        started_at TEXT NOT NULL,              -- UTC ISO 8601
        ended_at TEXT,                         -- NULL while the block runs
        planned_minutes INTEGER NOT NULL,
        counts TEXT NOT NULL DEFAULT '{}'      -- outcome name -> count, written at the end (JSON)
    );
    CREATE INDEX blocks_day ON blocks (day);
    CREATE INDEX calls_reason ON calls (day, reason) WHERE reason IS NOT NULL;
    CREATE INDEX calls_ritual ON calls (day, ritual, recovery_s) WHERE ritual IS NOT NULL;
    """,
    # 6: the CRM's own id for each prospect (carried back by the exports); the talk-time sum
    # read as one covering index range per day or week.
    """
    ALTER TABLE prospects ADD COLUMN crm_id TEXT NOT NULL DEFAULT '';  -- '' = none known
    CREATE INDEX calls_duration ON calls (day, duration_s) WHERE duration_s IS NOT NULL;
    """,
    # 7: every change made to a prospect by hand in the prospect view, with its old value.
    """
    CREATE TABLE prospect_edits (
        id INTEGER PRIMARY KEY,
        prospect_id INTEGER NOT NULL REFERENCES prospects (id),
        at TEXT NOT NULL,                      -- UTC ISO 8601
        field TEXT NOT NULL,                   -- name, title, company, email, phone, timezone, queue
        old TEXT NOT NULL,
        new TEXT NOT NULL
    );
    CREATE INDEX prospect_edits_prospect ON prospect_edits (prospect_id, id);
    """,
    # 8: prospects the rep added by hand (a number dialed from the palette), not from a file.
    """
    ALTER TABLE prospects ADD COLUMN added_by_hand INTEGER NOT NULL DEFAULT 0;  -- 1 = by hand
    """,
    # 9: follow-ups for a time of day, and the index the reminders read the next one from.
    """
    ALTER TABLE prospects ADD COLUMN timed INTEGER NOT NULL DEFAULT 0;  -- 1: due_at is a set time
    CREATE INDEX prospects_timed ON prospects (due_at)
        WHERE timed = 1 AND lifecycle = 'active' AND slot = 0;
    """,
    # 10: the dial at which each meeting was booked (its place among the day's calls), kept as
    # calls are logged, so "how many meetings by the Nth dial" on past days is a small indexed
    # read rather than a count over every call of 30 days.
    """
    CREATE TABLE meeting_dials (
        call_id INTEGER PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
        day TEXT NOT NULL,                     -- the rep's local day, YYYY-MM-DD
        dial INTEGER NOT NULL                  -- 1 = the day's first call
    );
    CREATE INDEX meeting_dials_day ON meeting_dials (day, dial);
    INSERT INTO meeting_dials (call_id, day, dial)
        SELECT id, day, k FROM (
            SELECT id, day, outcome, row_number() OVER (PARTITION BY day ORDER BY id) AS k
            FROM calls
        ) WHERE outcome = 'meeting';
    """,
)

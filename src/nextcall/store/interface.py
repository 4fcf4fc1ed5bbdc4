"""`Store`: everything the rest of nextcall may ask of storage, whichever backend holds the data
(SQLite now, PostgreSQL for a team). Values in and out are the domain's and `records`'; every
failure is a `StoreError` (`nextcall.store.errors`) with a message a rep can read, and each write
is one transaction: it is kept whole or not at all."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from nextcall.domain.funnel import AVERAGE_WINDOW_DAYS, DayCounts, PastDay
from nextcall.domain.outcomes import OutcomeName
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospect_edits import EditField
from nextcall.domain.prospects import CallRecord, Prospect, ProspectState
from nextcall.domain.ritual import RitualEnd
from nextcall.store.records import (
    BlockRecord,
    DncCounts,
    ExportedCall,
    ExportedProspect,
    FollowUp,
    HistoryCall,
    ImportCounts,
    NewProspect,
    ProspectEdit,
    ProspectStory,
    Win,
)


@runtime_checkable
class Store(Protocol):
    """nextcall's data. Local days are the rep's (`date`), instants are aware `datetime`s."""

    # -- the store itself ------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The database file (the daily backup copies it, a reader thread opens it again);
        None when there is no file of its own (in memory, or a server backend)."""
        ...

    def close(self) -> None: ...

    def reader(self) -> Store | None:
        """Another handle on the same data for a worker thread (the caller closes it); None
        when this store can't be shared that way (in memory): read through this one."""
        ...

    def backup_due(self, folder: Path, day: date) -> bool:
        """True while `day`'s backup is still to be made in `folder`; False where there is
        nothing of ours to copy (in memory, or a server that keeps its own backups)."""
        ...

    def backup(self, folder: Path, day: date) -> Path | None:
        """Make `day`'s backup in `folder` (private files, the last seven kept) unless it
        exists; returns the new copy. Uses its own connection: safe in a worker thread."""
        ...

    def checkpoint(self) -> None:
        """Make recent writes part of the main file (off the keypress path); a no-op where
        the backend has nothing to do."""
        ...

    # -- team mode: who writes, claims, the outbox (one rep's own store grants everything) -----

    @property
    def rep(self) -> str | None:
        """The rep this store reads and writes as on a team database; None for one rep's own."""
        ...

    def claim(self, prospect_id: int, minutes: int) -> bool:
        """Make the prospect this rep's to dial for `minutes` (renewing the rep's own claim);
        False while another rep's claim on it runs. Always True for one rep's own store."""
        ...

    def release(self, prospect_id: int) -> None:
        """Give up this rep's claim on the prospect (after an outcome, a skip, on quitting)."""
        ...

    def set_on_call(self, prospect_id: int | None) -> None:
        """The rep is on a call with this prospect now (None: not on a call): the floor shows
        it. Nothing to do for one rep's own store."""
        ...

    def queue_stamp(self) -> int:
        """A number that changes when another rep may have changed this rep's queue (a claim,
        an outcome, the do-not-call list): read the queue again when it does. Constant where
        no one else writes."""
        ...

    def taken_by_others(self, minutes: int) -> set[int]:
        """The prospects other reps hold by a running claim now or called within the last
        `minutes` (a few rows, whatever the list's size): what leaves this rep's queue at once
        when `queue_stamp` moves. Empty for one rep's own store."""
        ...

    def waiting(self) -> int:
        """Writes kept in the local outbox until the team database can be reached again
        ("offline: N waiting"); 0 when online, and always for one rep's own store."""
        ...

    # -- prospects and the queue -----------------------------------------------------------------

    def add_prospects(self, rows: Iterable[NewProspect], at: datetime) -> int:
        """Add prospects (numbers already known are skipped); returns how many were added."""
        ...

    def import_prospects(
        self,
        rows: Sequence[NewProspect],
        at: datetime,
        *,
        commit: bool = True,
        lines: Mapping[str, int] | None = None,
    ) -> ImportCounts:
        """Add `rows` (one per number) in one transaction, merging numbers already stored by
        the domain's rules (`nextcall.domain.merging`); `lines`: number -> the file's line, for
        the clashes' notes. With `commit=False` nothing is kept (a dry run)."""
        ...

    def add_by_hand(self, row: NewProspect, at: datetime) -> Prospect:
        """Add one prospect for a number the rep dialed from the palette, marked added by hand;
        returns it. Its number must not be stored yet (`prospect_by_phone`)."""
        ...

    def prospect_by_phone(self, phone: str) -> Prospect | None:
        """The prospect with this E.164 number, of any standing."""
        ...

    def set_states(self, states: dict[int, ProspectState]) -> None:
        """Set many prospects' queue state at once."""
        ...

    def queue_ids(self, now: datetime, end_of_today: datetime) -> list[int]:
        """Prospect ids in dialing order: follow-ups due by the end of today, then new
        prospects, then retries whose wait is over."""
        ...

    def next_retry_at(self, after: datetime) -> datetime | None:
        """When the first retry still waiting at `after` comes back; None when none waits."""
        ...

    def count_retries(self, first: datetime, last: datetime) -> int:
        """How many retries come back from `first` (inclusive) to `last` (exclusive)."""
        ...

    def prospects(self, ids: Sequence[int]) -> dict[int, Prospect]:
        """The prospects with these ids (a visible window of the queue)."""
        ...

    def prospect(self, prospect_id: int) -> Prospect | None: ...

    def search(self, text: str, limit: int) -> list[Prospect]:
        """Prospects of any standing whose name or company contains `text` (literally,
        case-insensitive), active ones first, then by name."""
        ...

    def has_prospects(self) -> bool:
        """True once any prospect was ever added (worked or not)."""
        ...

    def count_kept(self) -> int:
        """Prospects being worked or booked (not archived, not do-not-call)."""
        ...

    def count_prospects(self) -> int:
        """Prospects still being worked (not archived, done or do-not-call)."""
        ...

    # -- calls -----------------------------------------------------------------------------------

    def log_outcome(
        self,
        prospect: Prospect,
        outcome: OutcomeName,
        at: datetime,
        day: date,
        new_state: ProspectState,
        *,
        reason: str | None = None,
        note: str | None = None,
        duration_s: float | None = None,
    ) -> CallRecord:
        """Record one call and its consequences (the prospect's new state, the day's count, a
        win) in one durable transaction."""
        ...

    def undo_last(self, day: date) -> CallRecord | None:
        """Take back the newest outcome logged on `day` (not one written by `add_history`);
        None when the day has nothing left to undo."""
        ...

    def add_history(self, calls: Sequence[HistoryCall]) -> None:
        """Write many past calls, their day totals and wins in one transaction."""
        ...

    def history(self, prospect_id: int, limit: int = 5) -> list[CallRecord]:
        """The prospect's latest calls, newest first."""
        ...

    def last_rejection(self, day: date) -> CallRecord | None:
        """The newest rejection logged on `day`."""
        ...

    def set_reason(self, call_id: int, reason: str | None) -> None:
        """Tag a rejection with its reason (one of the domain's REASONS; ValueError for any
        other), or clear the tag."""
        ...

    def set_ritual(self, call_id: int, ritual: RitualEnd) -> None:
        """How the ritual after this rejection ended."""
        ...

    def set_recovery(self, call_id: int, seconds: float) -> None:
        """Seconds from this rejection being logged to the next dial."""
        ...

    def set_debrief(self, call_id: int, debrief_json: str | None) -> None:
        """The feel-it debrief (JSON) saved with the call; None clears it."""
        ...

    def debrief(self, call_id: int) -> str | None: ...

    def add_note(self, prospect_id: int, text: str, day: date) -> None:
        """Append a dated note to the prospect's notes."""
        ...

    def set_call_note(self, prospect_id: int, start: int, entry: str) -> None:
        """The note being written during a call: the prospect's notes keep their first `start`
        characters (what they held when the call began) and end with `entry` ('' removes it).
        Called again as the rep types, it rewrites that same entry: one small update each. On
        a team's database, what other reps added after `start` meanwhile stays: the entry
        goes after it."""
        ...

    def add_win(self, text: str, at: datetime, day: date, prospect_id: int | None = None) -> None:
        """A small win logged by hand."""
        ...

    # -- follow-ups and the do-not-call list -----------------------------------------------------

    def schedule_follow_up(
        self, prospect_id: int, state: ProspectState, note: str, *, anyone: bool = False
    ) -> None:
        """Bring a prospect back as a follow-up, the note on their latest call. In team mode
        it waits for the rep who set it unless `anyone` (then any rep may take it)."""
        ...

    def follow_ups(self, first: datetime | None, last: datetime, limit: int = -1) -> list[FollowUp]:
        """Follow-ups due from `first` (inclusive; None: any time before) to `last`
        (exclusive), soonest first, at most `limit` (-1: all)."""
        ...

    def timed_follow_ups(self, after: datetime, until: datetime) -> list[FollowUp]:
        """Follow-ups set for a time of day (`ProspectState.timed`) due after `after` and by
        `until` (inclusive), soonest first: the ones a reminder is due for."""
        ...

    def next_timed_follow_up(self, after: datetime) -> datetime | None:
        """When the soonest follow-up set for a time of day after `after` falls due; None
        when there is none (what the reminder timer is armed for)."""
        ...

    def count_follow_ups(self, first: datetime | None, last: datetime) -> int:
        """How many follow-ups fall due from `first` (inclusive; None: any time before) to
        `last` (exclusive)."""
        ...

    def mark_dnc(self, phones: Iterable[str], at: datetime, source: str) -> int:
        """Put E.164 numbers on the do-not-call list (their prospects leave the queue for
        good); returns how many numbers were new to the list."""
        ...

    def import_dnc(
        self, phones: Sequence[str], at: datetime, source: str, *, commit: bool = True
    ) -> DncCounts:
        """`mark_dnc` in one transaction, with counts; with `commit=False` nothing is kept."""
        ...

    def is_dnc(self, phone: str) -> bool: ...

    def dnc_entry(self, phone: str) -> tuple[datetime, str] | None:
        """When and from where a number went on the do-not-call list, if it is on it."""
        ...

    # -- one prospect's story, and changes made to it by hand -------------------------------------

    def prospect_story(self, prospect_id: int) -> ProspectStory | None:
        """Everything stored about a prospect: their calls and edits, newest first, and their
        do-not-call entry; None when no such prospect is stored."""
        ...

    def edit_prospect(
        self, prospect_id: int, field: EditField, value: str, at: datetime, *, display: str = ""
    ) -> ProspectEdit | None:
        """Set one field, already checked (a number: E.164 in `value`, `display` as people
        write it), keeping the old value in the edit history; None when it was already that.
        A do-not-call prospect's new number joins the list; a listed number makes its prospect
        do-not-call. LookupError when no such prospect is stored."""
        ...

    def requeue(self, prospect_id: int, state: ProspectState, at: datetime) -> ProspectEdit:
        """Put a prospect back in the queue in `state`, kept in the edit history. EditRefused
        (`nextcall.domain.prospect_edits`) for a do-not-call prospect or number; LookupError
        when no such prospect is stored."""
        ...

    # -- the day: totals, plan, call blocks, settings --------------------------------------------

    def day_counts(self, day: date) -> DayCounts: ...

    def day_plan(self, day: date) -> DayPlan | None: ...

    def latest_plan(self, before: date) -> DayPlan | None:
        """The most recent plan set before `before`."""
        ...

    def set_day_plan(self, day: date, plan: DayPlan, at: datetime) -> None: ...

    def start_block(self, day: date, at: datetime, planned_minutes: int) -> int:
        """A new call block; returns its id."""
        ...

    def end_block(self, block_id: int, at: datetime, counts: DayCounts) -> None: ...

    def discard_block(self, block_id: int) -> None:
        """Forget a block that was started and ended with nothing in it."""
        ...

    def close_stale_blocks(self) -> int:
        """End every block an app left unended (a crash); returns how many."""
        ...

    def blocks(self, first: date, last: date) -> list[BlockRecord]:
        """The blocks started from `first` to `last`, oldest first."""
        ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    # -- reports: the review, `nextcall stats`, the exports --------------------------------------

    def recent_days(self, before: date, limit: int = AVERAGE_WINDOW_DAYS) -> list[DayCounts]:
        """The counts of the last `limit` working days with dials before `before`, most recent
        first, looking back at most AVERAGE_LOOKBACK_DAYS (`nextcall.domain.funnel`)."""
        ...

    def past_days(self, before: date, limit: int = AVERAGE_WINDOW_DAYS) -> list[PastDay]:
        """The days `recent_days` reads, most recent first, each with its dials and the dial
        numbers (1 = the day's first call) that booked a meeting; a bounded read."""
        ...

    def days_counts(self, first: date, last: date) -> dict[date, DayCounts]:
        """Each day's counts from `first` to `last` (days without dials left out)."""
        ...

    def call_times(self, day: date) -> list[datetime]:
        """When each of the day's calls was logged."""
        ...

    def by_reason(self, first: date, last: date) -> dict[str, int]:
        """Rejection reasons tagged from `first` to `last`."""
        ...

    def wins(self, first: date, last: date, limit: int = -1) -> list[Win]:
        """The wins from `first` to `last`, newest first (at most `limit`; -1: all)."""
        ...

    def count_wins(self, first: date, last: date) -> dict[str, int]:
        """Wins from `first` to `last` by kind."""
        ...

    def ritual_counts(self, first: date, last: date) -> tuple[int, int]:
        """(rejections the ritual recorded, of them skipped) from `first` to `last`."""
        ...

    def recovery_median_s(self, first: date, last: date) -> float | None:
        """The median recovery time from `first` to `last`; None without any."""
        ...

    def ritual_weekly_median_s(self, first: date, weeks: int) -> list[float | None]:
        """Median recovery times of `weeks` consecutive seven-day spans from `first`."""
        ...

    def talk_time(self, first: date, last: date) -> tuple[int, float]:
        """(calls with a measured length, their total seconds) logged on days `first` to
        `last`: (0, 0.0) when none was measured. An index range, never a scan of history."""
        ...

    def calls_between(self, first: date, last: date) -> Iterator[ExportedCall]:
        """Calls logged on days `first` to `last` (inclusive), oldest first, with the length
        measured and the prospect's email and CRM record id."""
        ...

    def all_prospects(
        self, first: date | None = None, last: date | None = None
    ) -> Iterator[ExportedProspect]:
        """Every prospect (or those called on days `first`..`last`) with its email, calls made,
        and latest outcome and time, in the order they were added."""
        ...

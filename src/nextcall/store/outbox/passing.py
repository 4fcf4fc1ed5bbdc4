"""Everything else the Store interface offers, made on the team database as it is: these have no
answer while it can't be reached (TeamUnreachable, a `StoreError`: the screens say it), and
no offline copy (an import, the do-not-call list, the review's figures, call blocks...)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from nextcall.domain.funnel import AVERAGE_WINDOW_DAYS, DayCounts, PastDay
from nextcall.domain.plan import DayPlan
from nextcall.domain.prospect_edits import EditField
from nextcall.domain.prospects import Prospect, ProspectState
from nextcall.store.interface import Store
from nextcall.store.outbox.core import OutboxCore
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


class Passing(OutboxCore):
    # -- the store itself ------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return None  # no file of its own to back up (the outbox is not the team's data)

    def reader(self) -> Store | None:
        return self._pass(lambda team: team.reader())

    def backup_due(self, folder: Path, day: date) -> bool:
        return False  # the team's server keeps its own backups

    def backup(self, folder: Path, day: date) -> Path | None:
        return None

    def checkpoint(self) -> None:
        return None

    # -- prospects and the do-not-call list ----------------------------------------------------

    def add_prospects(self, rows: Iterable[NewProspect], at: datetime) -> int:
        return self._pass(lambda team: team.add_prospects(rows, at))

    def import_prospects(
        self,
        rows: Sequence[NewProspect],
        at: datetime,
        *,
        commit: bool = True,
        lines: Mapping[str, int] | None = None,
    ) -> ImportCounts:
        return self._pass(lambda team: team.import_prospects(rows, at, commit=commit, lines=lines))

    def add_by_hand(self, row: NewProspect, at: datetime) -> Prospect:
        added = self._pass(lambda team: team.add_by_hand(row, at))
        with self._lock:
            self.last.read_prospects([added])
        return added

    def prospect_by_phone(self, phone: str) -> Prospect | None:
        return self._pass(lambda team: team.prospect_by_phone(phone))

    def set_states(self, states: dict[int, ProspectState]) -> None:
        self._pass(lambda team: team.set_states(states))

    def next_retry_at(self, after: datetime) -> datetime | None:
        return self._pass(lambda team: team.next_retry_at(after))

    def count_retries(self, first: datetime, last: datetime) -> int:
        return self._pass(lambda team: team.count_retries(first, last))

    def search(self, text: str, limit: int) -> list[Prospect]:
        return self._pass(lambda team: team.search(text, limit))

    def count_kept(self) -> int:
        return self._pass(lambda team: team.count_kept())

    def count_prospects(self) -> int:
        return self._pass(lambda team: team.count_prospects())

    def add_history(self, calls: Sequence[HistoryCall]) -> None:
        self._pass(lambda team: team.add_history(calls))

    def mark_dnc(self, phones: Iterable[str], at: datetime, source: str) -> int:
        listed = list(phones)
        added = self._pass(lambda team: team.mark_dnc(listed, at, source))
        with self._lock:
            self.last.dnc.update(dict.fromkeys(listed, True))
        return added

    def import_dnc(
        self, phones: Sequence[str], at: datetime, source: str, *, commit: bool = True
    ) -> DncCounts:
        return self._pass(lambda team: team.import_dnc(phones, at, source, commit=commit))

    def dnc_entry(self, phone: str) -> tuple[datetime, str] | None:
        return self._pass(lambda team: team.dnc_entry(phone))

    # -- follow-ups ------------------------------------------------------------------------------

    def follow_ups(self, first: datetime | None, last: datetime, limit: int = -1) -> list[FollowUp]:
        return self._pass(lambda team: team.follow_ups(first, last, limit))

    def timed_follow_ups(self, after: datetime, until: datetime) -> list[FollowUp]:
        return self._pass(lambda team: team.timed_follow_ups(after, until))

    def next_timed_follow_up(self, after: datetime) -> datetime | None:
        return self._pass(lambda team: team.next_timed_follow_up(after))

    def count_follow_ups(self, first: datetime | None, last: datetime) -> int:
        return self._pass(lambda team: team.count_follow_ups(first, last))

    # -- one prospect's story ------------------------------------------------------------------

    def prospect_story(self, prospect_id: int) -> ProspectStory | None:
        return self._pass(lambda team: team.prospect_story(prospect_id))

    def edit_prospect(
        self, prospect_id: int, field: EditField, value: str, at: datetime, *, display: str = ""
    ) -> ProspectEdit | None:
        edit = self._pass(
            lambda team: team.edit_prospect(prospect_id, field, value, at, display=display)
        )
        with self._lock:
            self.last.prospects.pop(prospect_id, None)  # read again as it is now
        return edit

    def requeue(self, prospect_id: int, state: ProspectState, at: datetime) -> ProspectEdit:
        edit = self._pass(lambda team: team.requeue(prospect_id, state, at))
        with self._lock:
            self.last.moved(prospect_id, state)
        return edit

    # -- the day -------------------------------------------------------------------------------

    def day_plan(self, day: date) -> DayPlan | None:
        return self._pass(lambda team: team.day_plan(day))

    def latest_plan(self, before: date) -> DayPlan | None:
        return self._pass(lambda team: team.latest_plan(before))

    def set_day_plan(self, day: date, plan: DayPlan, at: datetime) -> None:
        self._pass(lambda team: team.set_day_plan(day, plan, at))

    def start_block(self, day: date, at: datetime, planned_minutes: int) -> int:
        return self._pass(lambda team: team.start_block(day, at, planned_minutes))

    def end_block(self, block_id: int, at: datetime, counts: DayCounts) -> None:
        self._pass(lambda team: team.end_block(block_id, at, counts))

    def discard_block(self, block_id: int) -> None:
        self._pass(lambda team: team.discard_block(block_id))

    def close_stale_blocks(self) -> int:
        return self._pass(lambda team: team.close_stale_blocks())

    def blocks(self, first: date, last: date) -> list[BlockRecord]:
        return self._pass(lambda team: team.blocks(first, last))

    def get_meta(self, key: str) -> str | None:
        return self._pass(lambda team: team.get_meta(key))

    def set_meta(self, key: str, value: str) -> None:
        self._pass(lambda team: team.set_meta(key, value))

    # -- reports ---------------------------------------------------------------------------------

    def recent_days(self, before: date, limit: int = AVERAGE_WINDOW_DAYS) -> list[DayCounts]:
        return self._pass(lambda team: team.recent_days(before, limit))

    def past_days(self, before: date, limit: int = AVERAGE_WINDOW_DAYS) -> list[PastDay]:
        return self._pass(lambda team: team.past_days(before, limit))

    def days_counts(self, first: date, last: date) -> dict[date, DayCounts]:
        return self._pass(lambda team: team.days_counts(first, last))

    def by_reason(self, first: date, last: date) -> dict[str, int]:
        return self._pass(lambda team: team.by_reason(first, last))

    def wins(self, first: date, last: date, limit: int = -1) -> list[Win]:
        return self._pass(lambda team: team.wins(first, last, limit))

    def count_wins(self, first: date, last: date) -> dict[str, int]:
        return self._pass(lambda team: team.count_wins(first, last))

    def ritual_counts(self, first: date, last: date) -> tuple[int, int]:
        return self._pass(lambda team: team.ritual_counts(first, last))

    def recovery_median_s(self, first: date, last: date) -> float | None:
        return self._pass(lambda team: team.recovery_median_s(first, last))

    def ritual_weekly_median_s(self, first: date, weeks: int) -> list[float | None]:
        return self._pass(lambda team: team.ritual_weekly_median_s(first, weeks))

    def talk_time(self, first: date, last: date) -> tuple[int, float]:
        return self._pass(lambda team: team.talk_time(first, last))

    def calls_between(self, first: date, last: date) -> Iterator[ExportedCall]:
        return self._pass(lambda team: team.calls_between(first, last))

    def all_prospects(
        self, first: date | None = None, last: date | None = None
    ) -> Iterator[ExportedProspect]:
        return self._pass(lambda team: team.all_prospects(first, last))

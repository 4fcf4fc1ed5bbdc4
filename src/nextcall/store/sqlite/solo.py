"""Team mode's parts of the store interface, for one rep's own file: nobody else claims, calls or
waits, so every claim is granted and the queue changes only by this rep's hand."""

from __future__ import annotations


class Solo:
    """One rep, one file: no claims to keep, no outbox."""

    @property
    def rep(self) -> str | None:
        return None

    def claim(self, prospect_id: int, minutes: int) -> bool:
        return True

    def release(self, prospect_id: int) -> None:
        return None

    def set_on_call(self, prospect_id: int | None) -> None:
        return None

    def queue_stamp(self) -> int:
        return 0

    def taken_by_others(self, minutes: int) -> set[int]:
        return set()

    def waiting(self) -> int:
        return 0

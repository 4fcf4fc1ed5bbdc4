"""`import` beside a running app: the reads happen before the write lock, so another
connection can write while an import prepares; what it wrote meanwhile is taken into account."""

import time
from collections.abc import Sequence

import pytest

from clocks import FakeClock
from nextcall.store import NewProspect
from nextcall.store.sqlite import SQLiteStore
from nextcall.store.sqlite.prospect_rows import Prospects

ADA = NewProspect("Ada Okafor", "+12125550143", "+1 212-555-0143", notes="From the file")
BRAM = NewProspect("Bram Lind", "+13125550177", "+1 312-555-0177")
CLEO = NewProspect("Cleo Marsh", "+14155550110", "+1 415-555-0110")


def _write_while_reading(
    monkeypatch: pytest.MonkeyPatch, store: SQLiteStore, clock: FakeClock
) -> list[float]:
    """While the import reads the do-not-call list, the app (another connection) adds Ada by
    hand and puts Cleo on the list. Returns how long those writes took."""
    took: list[float] = []
    read = Prospects._dnc_among

    def reading(self: Prospects, phones: Sequence[str]) -> set[str]:
        if not took:
            assert store.path is not None
            app = SQLiteStore.open(store.path, create=False)
            try:
                began = time.perf_counter()
                app.add_by_hand(NewProspect("Ada O.", ADA.phone, ADA.phone_display), clock.now())
                app.mark_dnc([CLEO.phone], clock.now(), "ritual")
                took.append(time.perf_counter() - began)
            finally:
                app.close()
        return read(self, phones)

    monkeypatch.setattr(Prospects, "_dnc_among", reading)
    return took


def test_the_app_writes_while_an_import_reads(
    monkeypatch: pytest.MonkeyPatch, store: SQLiteStore, clock: FakeClock
) -> None:
    store.import_prospects([BRAM], clock.now())
    took = _write_while_reading(monkeypatch, store, clock)
    counts = store.import_prospects([ADA, BRAM, CLEO], clock.now())
    assert took and took[0] < 1.0  # not the 5 s busy timeout: no write lock was held
    # Ada, added meanwhile, is merged, not inserted twice; Cleo, listed meanwhile, is kept
    # out of the queue.
    assert (counts.imported, counts.merged, counts.dnc) == (1, 2, 1)
    ada = store.prospect_by_phone(ADA.phone)
    assert ada is not None and ada.name == "Ada O." and "From the file" in ada.notes
    cleo = store.prospect_by_phone(CLEO.phone)
    assert cleo is not None and cleo.state.lifecycle.value == "dnc"


def test_nothing_changed_meanwhile_reads_nothing_again(
    monkeypatch: pytest.MonkeyPatch, store: SQLiteStore, clock: FakeClock
) -> None:
    store.import_prospects([BRAM], clock.now())
    again: list[object] = []
    monkeypatch.setattr(Prospects, "_read_again", lambda *a: again.extend(a))
    counts = store.import_prospects([ADA, BRAM], clock.now())
    assert again == [] and (counts.imported, counts.merged) == (1, 1)


def test_a_dry_run_keeps_nothing(store: SQLiteStore, clock: FakeClock) -> None:
    counts = store.import_prospects([ADA, BRAM], clock.now(), commit=False)
    assert counts.imported == 2 and store.count_prospects() == 0

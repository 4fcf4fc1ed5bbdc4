"""Calling hours judged where the imported number is, across zones and a DST change."""

from datetime import UTC, datetime, time

from nextcall.domain.prospects import calling_window, zone
from nextcall.io.transfer.importing import check_file

HOURS = (time(8), time(21))


def zones_of(*numbers: str) -> list[str]:
    body = "\n".join(f"P{i},{n}" for i, n in enumerate(numbers))
    return [p.timezone for p in check_file(f"Name,Phone\n{body}\n".encode(), "US").prospects]


def test_one_instant_across_the_country() -> None:
    ny, chicago, la, london = zones_of(
        "212 555 0143", "312 555 0177", "415 555 0110", "+44 20 7946 0011"
    )
    instant = datetime(2026, 11, 18, 13, 30, tzinfo=UTC)  # 08:30 NY, 07:30 Chicago, 05:30 LA
    assert calling_window(zone(ny), instant, HOURS).open
    chi = calling_window(zone(chicago), instant, HOURS)
    assert not chi.open and chi.held_label == "held to 08:00"
    assert not calling_window(zone(la), instant, HOURS).open
    assert calling_window(zone(london), instant, HOURS).open  # 13:30 there


def test_the_week_europe_has_changed_clocks_and_america_has_not() -> None:
    """2026-10-26: London is back on GMT, New York still on EDT (4 hours apart, not 5)."""
    ny, london = zones_of("212 555 0143", "+44 20 7946 0011")
    instant = datetime(2026, 10, 26, 12, 0, tzinfo=UTC)  # 08:00 EDT, 12:00 GMT
    assert calling_window(zone(ny), instant, HOURS).open
    before = datetime(2026, 10, 26, 11, 59, tzinfo=UTC)
    w = calling_window(zone(ny), before, HOURS)
    assert not w.open and w.opens_at is not None
    assert w.opens_at.astimezone(UTC) == instant
    late = datetime(2026, 10, 26, 21, 0, tzinfo=UTC)  # 21:00 in London: closed there
    assert not calling_window(zone(london), late, HOURS).open


def test_an_imported_zone_overrides_the_number() -> None:
    (tz,) = [
        p.timezone
        for p in check_file(
            b"Name,Phone,Time Zone\nAda,212 555 0143,Europe/Berlin\n", "US"
        ).prospects
    ]
    instant = datetime(2026, 11, 18, 6, 30, tzinfo=UTC)  # 07:30 Berlin
    assert not calling_window(zone(tz), instant, HOURS).open

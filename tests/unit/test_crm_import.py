"""The CRM's record id kept on import and through merges; a country column reading the row's
numbers written without their country code."""

from pathlib import Path
from typing import Any, cast

import pytest

from clocks import FakeClock
from nextcall.__main__ import main
from nextcall.io.transfer.countries import region_for
from nextcall.io.transfer.headers import parse_maps, recognise
from nextcall.io.transfer.importing import check_file
from nextcall.store import NewProspect, Store
from nextcall.store.sqlite import SQLiteStore


@pytest.mark.parametrize(
    ("header", "crm"),
    [
        ("Record ID", "HubSpot"),
        ("Contact ID", "HubSpot (older) and Salesforce contact reports"),
        ("Id", "Salesforce Data Loader"),
        ("Lead ID", "Salesforce lead reports"),
        ("Person - ID", "Pipedrive"),
    ],
)
def test_each_crms_id_header_is_the_crm_id(header: str, crm: str) -> None:
    columns = recognise(("Name", "Phone", header))
    assert columns.index["crm_id"] == 2, crm
    assert columns.ignored == ()


@pytest.mark.parametrize(
    "header",
    ["Country/Region", "Mailing Country", "Country", "Person - Postal address - Country"],
)
def test_each_crms_country_header_is_the_country(header: str) -> None:
    assert recognise(("Name", "Phone", header)).index["country"] == 2


def test_a_map_names_any_column_as_the_crm_id() -> None:
    maps = parse_maps(["Account Key=crm_id"])
    assert recognise(("Name", "Phone", "Account Key"), maps).index["crm_id"] == 2
    row = check_file(b"Name,Phone,Account Key\nAda,212 555 0143,AK-7\n", "US", maps).prospects
    assert row[0].crm_id == "AK-7"


def test_the_crm_id_reaches_the_database_and_a_map_through_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    (tmp_path / "in.csv").write_bytes(b"Name,Phone,Key\nAda Okafor,212 555 0143,0031x00000AbCdE\n")
    cli = ["--data-dir", str(data), "--config", str(tmp_path / "none.toml")]
    assert main([*cli, "import", str(tmp_path / "in.csv"), "--map", "Key=crm_id"]) == 0
    store = SQLiteStore.open(data / "nextcall.db")
    try:
        (row,) = store.conn.execute("SELECT crm_id FROM prospects").fetchall()
    finally:
        store.close()
    assert row == ("0031x00000AbCdE",)


def _ada(crm_id: str, email: str = "") -> NewProspect:
    return NewProspect("Ada Okafor", "+12125550143", "+1 212-555-0143", crm_id=crm_id, email=email)


def _stored(store: Store) -> tuple[str, str]:
    """The one prospect's CRM id and notes, as stored (either backend's connection)."""
    crm_id, notes = cast(Any, store).conn.execute("SELECT crm_id, notes FROM prospects").fetchone()
    return str(crm_id), str(notes)


def test_a_merge_fills_a_missing_crm_id(any_store: Store, clock: FakeClock) -> None:
    any_store.import_prospects([_ada("")], clock.now())
    counts = any_store.import_prospects([_ada("101")], clock.now())
    assert counts.merged == 1 and counts.clashes == ()
    assert _stored(any_store) == ("101", "")


def test_a_merge_keeps_the_stored_crm_id_and_says_so(any_store: Store, clock: FakeClock) -> None:
    any_store.import_prospects([_ada("101")], clock.now())
    counts = any_store.import_prospects([_ada("202")], clock.now(), lines={"+12125550143": 7})
    (clash,) = counts.clashes
    assert str(clash) == (
        "line 7: another CRM record id for Ada Okafor (202): the first one is kept "
        "(calls export against it), this one is added to the notes"
    )
    assert _stored(any_store) == ("101", "Also CRM record id: 202, line 7")
    again = any_store.import_prospects([_ada("101")], clock.now())  # the same id: nothing to say
    assert again.clashes == ()


def test_rows_of_one_number_in_a_file_keep_the_first_crm_id() -> None:
    checked = check_file(
        b"Record ID,Name,Phone\n1,Ada Okafor,212 555 0143\n,Ada Okafor,(212) 555-0143\n"
        b"3,Ada Okafor,212.555.0143\n",
        "US",
    )
    (ada,) = checked.prospects
    assert ada.crm_id == "1"
    assert checked.warnings == [
        "line 4: another CRM record id for Ada Okafor (3): the first one is kept "
        "(calls export against it), this one is added to the notes"
    ]
    assert ada.notes == "Also CRM record id: 3, line 4"


COUNTRIES = (
    b"First Name,Last Name,Phone,Country/Region\n"
    b"Anna,Berg,030 1234567,Germany\n"  # line 2: a name
    b"Jonas,Weber,089 123456,DE\n"  # line 3: an ISO code
    b"Lena,Koch,0221 123456,Deutschland\n"  # line 4: the country's own name
    b"Ollie,Hart,020 7946 0018,UK\n"  # line 5: a short form
    b"Cy,Vale,212 555 0143,Atlantis\n"  # line 6: unknown: default_region, with a warning
    b"Di,Rowe,+1 312 555 0177,Germany\n"  # line 7: a + number ignores the column
    b"Ed,Moss,+1 415 555 0110,Atlantis\n"  # line 8: unknown, but nothing to read: no warning
    b"Flo,Reed,646 555 0123,\n"  # line 9: no country given: default_region
)


def test_a_country_column_reads_the_rows_numbers() -> None:
    checked = check_file(COUNTRIES, "US")
    assert checked.errors == []
    assert [p.phone for p in checked.prospects] == [
        "+49301234567",
        "+4989123456",
        "+49221123456",
        "+442079460018",
        "+12125550143",
        "+13125550177",
        "+14155550110",
        "+16465550123",
    ]
    assert checked.warnings == [
        "line 6: 'Atlantis' is not a country nextcall knows: the number is read as a US number "
        "([calling] default_region)"
    ]
    assert checked.ignored_columns == ()  # the country column is used, not listed as unused


def test_without_a_country_column_the_default_region_reads_numbers() -> None:
    (row,) = check_file(b"Name,Phone\nAnna Berg,030 1234567\n", "DE").prospects
    assert row.phone == "+49301234567"
    (us,) = check_file(b"Name,Phone\nAnna Berg,030 1234567\n", "US").prospects
    assert us.phone.startswith("+1")  # read as a US number, as the config says


@pytest.mark.parametrize(
    ("value", "region"),
    [
        ("United States", "US"),
        ("USA", "US"),
        ("us", "US"),
        ("Germany", "DE"),
        ("Deutschland", "DE"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("GB", "GB"),
        ("España", "ES"),
        ("  france ", "FR"),
        ("+44", "GB"),
        ("Korea, Republic of", "KR"),
        ("Atlantis", None),
        ("", None),
        ("999", None),
    ],
)
def test_country_values(value: str, region: str | None) -> None:
    assert region_for(value) == region

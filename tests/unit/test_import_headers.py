"""Header recognition: CRM exports without --map, and --map for the rest."""

import pytest

from nextcall.io.transfer.headers import MappingError, normalise, parse_maps, recognise

HUBSPOT = (
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Mobile Phone Number",
    "Company Name",
    "Job Title",
    "Time Zone",
    "Lead Status",
)
SALESFORCE = (
    "First Name",
    "Last Name",
    "Title",
    "Account Name",
    "Phone",
    "Mobile",
    "Email",
    "Description",
)
SALESFORCE_API = ("FirstName", "LastName", "Title", "Account.Name", "Phone", "MobilePhone", "Email")
PIPEDRIVE = (
    "Person - Name",
    "Person - Organization",
    "Person - Phone - Work",
    "Person - Email - Work",
    "Person - Note",
)
PIPEDRIVE_SHORT = (
    "Name",
    "Organization",
    "Phone - Work",
    "Phone - Mobile",
    "Email - Work",
    "Label",
)


def test_normalise_ignores_case_spacing_and_punctuation() -> None:
    assert (
        normalise("Phone - Work")
        == normalise("phone work")
        == normalise("PHONE_WORK")
        == "phonework"
    )


def test_hubspot() -> None:
    cols = recognise(HUBSPOT)
    assert cols.index == {
        "first_name": 1,
        "last_name": 2,
        "email": 3,
        "phone": 4,
        "mobile": 5,
        "company": 6,
        "title": 7,
        "timezone": 8,
        "crm_id": 0,  # kept since issue 12 (it was "not used")
    }
    assert cols.ignored == ("Lead Status",)


@pytest.mark.parametrize("header", [SALESFORCE, SALESFORCE_API])
def test_salesforce(header: tuple[str, ...]) -> None:
    cols = recognise(header)
    assert set(cols.index) >= {
        "first_name",
        "last_name",
        "title",
        "company",
        "phone",
        "mobile",
        "email",
    }
    assert cols.index["company"] == 3


def test_salesforce_description_is_notes() -> None:
    assert recognise(SALESFORCE).index["notes"] == 7


def test_pipedrive() -> None:
    assert recognise(PIPEDRIVE).index == {
        "name": 0,
        "company": 1,
        "phone": 2,
        "email": 3,
        "notes": 4,
    }
    short = recognise(PIPEDRIVE_SHORT)
    assert short.index == {"name": 0, "company": 1, "phone": 2, "mobile": 3, "email": 4}
    assert short.ignored == ("Label",)


def test_the_first_column_claiming_a_field_wins() -> None:
    cols = recognise(("Phone", "Telephone", "Name"))
    assert cols.index["phone"] == 0 and cols.ignored == ("Telephone",)


def test_map_overrides_and_ignores() -> None:
    maps = parse_maps(["Direct line=phone", "Phone=ignore", "Who = name"])
    cols = recognise(("Who", "Phone", "Direct Line"), maps)
    assert cols.index == {"name": 0, "phone": 2}
    assert cols.ignored == ("Phone",)


def test_map_field_spellings() -> None:
    assert parse_maps(["Cell=Mobile", "Given=first-name", "TZ=time zone"]) == {
        "Cell": "mobile",
        "Given": "first_name",
        "TZ": "timezone",
    }


@pytest.mark.parametrize("item", ["phone", "=phone", "Cell=", "Cell=fax"])
def test_a_bad_map_says_how_to_write_it(item: str) -> None:
    with pytest.raises(MappingError, match="--map"):
        parse_maps([item])


def test_a_map_naming_a_missing_column_lists_the_columns() -> None:
    with pytest.raises(MappingError, match="no column 'Cell'.*'Name', 'Phone'"):
        recognise(("Name", "Phone"), {"Cell": "mobile"})


def test_a_map_wins_over_an_alias_for_the_same_field() -> None:
    cols = recognise(("Name", "Phone", "Direct line", "Fax"), parse_maps(["Direct line=phone"]))
    assert cols.index == {"name": 0, "phone": 2}
    assert cols.ignored == ("Phone", "Fax")


def test_salesforce_lead_reports_company_account() -> None:
    assert recognise(("Last Name", "Company / Account")).index["company"] == 1

"""Judging rows and writing them: each error kind, dedupe and merge, do-not-call, all or nothing."""

from datetime import UTC, date, datetime, timedelta

import pytest

from factories import known, people
from nextcall.domain.outcomes import BY_NAME, OutcomeName
from nextcall.domain.prospects import Lifecycle, QueueRules, Slot, next_state
from nextcall.io.transfer.importing import FileProblem, check_dnc_file, check_file, clean, iana_zone
from nextcall.store import Store

AT = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
END = AT + timedelta(days=1)


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_a_clean_file() -> None:
    checked = check_file(
        csv("First Name,Last Name,Company,Phone", "Ada,Okafor,Northwind,(212) 555-0143"), "US"
    )
    assert not checked.errors and checked.rows == 1
    (p,) = checked.prospects
    assert (p.name, p.company, p.phone, p.phone_display) == (
        "Ada Okafor",
        "Northwind",
        "+12125550143",
        "+1 212-555-0143",
    )
    assert p.timezone == "America/New_York"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Ada,", "no phone number"),
        ("Ada,555", "'555' is not a possible phone number"),
        ("Ada,call me", "'call me' is not a phone number"),
        (",212 555 0143", "no name"),
        (",12", "no name; '12' is not a possible phone number"),
        ("Ada,212 555 0143,extra", "3 cells, but the header has 2 columns"),
    ],
)
def test_each_error_kind_has_its_line_and_reason(row: str, reason: str) -> None:
    checked = check_file(csv("Name,Phone", "Bram,212 555 0100", row), "US")
    assert [(e.line, e.reason) for e in checked.errors] == [(3, reason)]
    assert len(checked.prospects) == 1


def test_no_phone_column_is_a_file_problem() -> None:
    with pytest.raises(FileProblem, match="no column holds phone numbers.*'Name', 'Fax'"):
        check_file(csv("Name,Fax", "Ada,1"), "US")


def test_no_name_column_is_a_file_problem() -> None:
    with pytest.raises(FileProblem, match="no column holds names"):
        check_file(csv("Company,Phone", "Acme,212 555 0143"), "US")


def test_default_region_applies_to_numbers_without_a_country_code() -> None:
    checked = check_file(csv("Name,Phone", "Cleo,020 7946 0011", "Ada,+1 212 555 0143"), "GB")
    assert [p.phone for p in checked.prospects] == ["+442079460011", "+12125550143"]


def test_mobile_is_used_when_phone_is_empty_and_kept_in_notes_otherwise() -> None:
    checked = check_file(
        csv(
            "Name,Phone,Mobile",
            "Ada,,212 555 0143",
            "Bram,312 555 0177,312 555 0199",
            "Cleo,415 555 0110,not a number",
        ),
        "US",
    )
    ada, bram, cleo = checked.prospects
    assert ada.phone == "+12125550143"
    assert bram.phone == "+13125550177" and bram.notes == "Mobile: +1 312-555-0199"
    assert cleo.notes == "Mobile (as written): not a number"


def test_an_extension_is_kept_as_data_never_dialed() -> None:
    (p,) = check_file(csv("Name,Phone", "Ada,212-555-0143 ext. 12"), "US").prospects
    assert p.phone == "+12125550143"
    assert "Extension 12" in p.notes


def test_duplicates_in_the_file_are_merged_not_doubled() -> None:
    checked = check_file(
        csv(
            "Name,Company,Title,Phone,Notes",
            "Ada Okafor,Northwind,,(212) 555-0143,first note",
            "A. Okafor,Other Co,COO,+1 212 555 0143,second note",
            "Ada Okafor,,,212.555.0143,first note",
        ),
        "US",
    )
    assert checked.merged == 2
    (p,) = checked.prospects
    assert (p.name, p.company, p.title) == ("Ada Okafor", "Northwind", "COO")
    assert p.notes == "first note\nsecond note"
    assert checked.lines == {"+12125550143": 2}


def test_time_zone_column_names_and_words() -> None:
    checked = check_file(
        csv(
            "Name,Phone,Time Zone",
            "Ada,212 555 0143,america/chicago",
            "Bram,212 555 0144,(GMT-08:00) Pacific Time (US & Canada)",
            "Cleo,212 555 0145,Mars Standard",
            "Dario,212 555 0146,",
        ),
        "US",
    )
    zones = [p.timezone for p in checked.prospects]
    assert zones == [
        "America/Chicago",
        "America/Los_Angeles",
        "America/New_York",
        "America/New_York",
    ]
    assert checked.warnings == [
        "line 4: 'Mars Standard' is not a time zone name like America/New_York; "
        "the number says America/New_York"
    ]
    assert iana_zone("Eastern Europe") is None


def test_control_characters_never_reach_the_terminal() -> None:
    (p,) = check_file(
        csv("Name,Phone,Notes", 'Ada\x1b[31m  Okafor,212 555 0143,"a\x07\nb"'), "US"
    ).prospects
    assert p.name == "Ada[31m Okafor" and p.notes == "a\nb"
    assert clean("  many   spaces ") == "many spaces"


# -- writing ----------------------------------------------------------------------------------


def test_import_then_reimport_merges_against_the_database(any_store: Store) -> None:
    first = check_file(
        csv("Name,Phone,Company", "Ada,212 555 0143,", "Bram,312 555 0177,Bluefin"), "US"
    )
    counts = any_store.import_prospects(first.prospects, AT)
    assert (counts.imported, counts.merged, counts.dnc) == (2, 0, 0)
    again = check_file(
        csv(
            "Name,Phone,Company,Notes",
            "Ada O,212 555 0143,Northwind,wants a demo",
            "Cleo,415 555 0110,",
        ),
        "US",
    )
    counts = any_store.import_prospects(again.prospects, AT)
    assert (counts.imported, counts.merged) == (1, 1)
    ada = any_store.search("Ada", 5)[0]
    assert (ada.name, ada.company, ada.notes) == ("Ada", "Northwind", "wants a demo")
    assert any_store.count_prospects() == 3


def test_a_dry_run_writes_nothing_but_counts_the_same(any_store: Store) -> None:
    any_store.import_prospects(people(2), AT)
    rows = people(3)
    dry = any_store.import_prospects(rows, AT, commit=False)
    assert (dry.imported, dry.merged) == (1, 2)
    assert any_store.count_prospects() == 2
    assert any_store.import_prospects(rows, AT) == dry


def test_imported_prospects_join_the_queue_as_new(any_store: Store) -> None:
    any_store.import_prospects(people(3), AT)
    assert len(any_store.queue_ids(AT, END)) == 3


def test_dnc_numbers_never_enter_the_queue(any_store: Store) -> None:
    any_store.import_prospects(people(3), AT)
    dnc = check_dnc_file(csv("Phone", "+1 212 555 1000", "212-555-1000", "(212) 555 9999"), "US")
    assert dnc.numbers == ["+12125551000", "+12125559999"] and dnc.repeated == 1
    counts = any_store.import_dnc(dnc.numbers, AT, "dnc.csv")
    assert (counts.added, counts.already, counts.prospects) == (2, 0, 1)
    assert len(any_store.queue_ids(AT, END)) == 2
    # A later import bringing both numbers back: stored, never dialable.
    later = any_store.import_prospects(people(1) + [people(1, area="212")[0]], AT)
    assert later.imported == 0
    fresh = check_file(csv("Name,Phone", "Zed,(212) 555 9999"), "US").prospects
    assert any_store.import_prospects(fresh, AT).dnc == 1
    assert len(any_store.queue_ids(AT, END)) == 2
    assert any_store.dnc_entry("+12125559999") == (AT, "dnc.csv")


def test_nothing_makes_a_dnc_number_dialable_again(any_store: Store) -> None:
    """An undo (or any write of an old state) can't bring a listed number back."""
    store = any_store
    store.import_prospects(people(1), AT)
    pid = store.queue_ids(AT, END)[0]
    prospect = store.prospect(pid)
    assert prospect is not None
    state = next_state(prospect.state, BY_NAME["no_answer"], AT, QueueRules())
    store.log_outcome(prospect, OutcomeName.NO_ANSWER, AT, date(2026, 11, 18), state)
    store.mark_dnc([prospect.phone], AT, "ritual")
    store.undo_last(date(2026, 11, 18))
    assert known(store.prospect(pid)).state.lifecycle is Lifecycle.DNC
    assert store.queue_ids(AT + timedelta(days=2), END + timedelta(days=2)) == []


def test_a_headerless_one_column_dnc_list() -> None:
    checked = check_dnc_file(csv("212 555 0143", "212 555 0144"), "US")
    assert checked.numbers == ["+12125550143", "+12125550144"]


def test_dnc_file_errors() -> None:
    checked = check_dnc_file(csv("Name,Phone,Mobile", "Ada,212 555 0143,555", "Bram,,"), "US")
    assert [(e.line, e.reason) for e in checked.errors] == [
        (2, "'555' is not a possible phone number"),
        (3, "no phone number"),
    ]
    with pytest.raises(FileProblem, match="no column holds phone numbers"):
        check_dnc_file(csv("Name,Fax", "Ada,1"), "US")


def test_a_running_session_sees_an_import_from_another_process(any_store: Store) -> None:
    from clocks import FakeClock
    from nextcall.services.session import Session

    clock = FakeClock(AT)
    any_store.import_prospects(people(2), AT)
    session = Session(any_store, clock, QueueRules(), 2)
    assert len(session.ids) == 2
    other = known(any_store.reader())  # another connection, as the CLI's own
    try:
        other.import_prospects(people(5), AT)
    finally:
        other.close()
    session.refresh_queue()  # the app does this every minute
    assert len(session.ids) == 5 and session.cursor == 0


def test_retries_follow_the_config(any_store: Store) -> None:
    """[calling] retry_after_hours and max_attempts: back after the wait, archived after the last."""
    from clocks import FakeClock
    from nextcall.config import CallingConfig
    from nextcall.services.session import Session

    store = any_store
    clock = FakeClock(AT)
    store.import_prospects(people(1), AT)
    rules = CallingConfig(retry_after_hours=2, max_attempts=3).rules()
    session = Session(store, clock, rules, 2)
    (pid,) = session.ids
    for outcome in ("no_answer", "voicemail"):
        session.log(OutcomeName(outcome))
        assert session.ids == []
        clock.advance(2 * 3600 - 1)
        session.refresh_queue()
        assert session.ids == []  # still waiting
        clock.advance(1)
        session.refresh_queue()
        assert session.ids == [pid]
    session.log(OutcomeName.GATEKEEPER)  # the third attempt: archived
    assert known(store.prospect(pid)).state.lifecycle is Lifecycle.ARCHIVED


def test_follow_ups_between_two_instants(any_store: Store) -> None:
    store = any_store
    store.import_prospects(people(3), AT)
    ids = store.queue_ids(AT, END)
    days = [AT + timedelta(days=d) for d in (1, 3, 8)]
    store.set_states(
        {
            pid: known(store.prospect(pid)).state.__class__(
                Lifecycle.ACTIVE, Slot.FOLLOW_UP, day, 1
            )
            for pid, day in zip(ids, days, strict=True)
        }
    )
    week = store.follow_ups(AT, AT + timedelta(days=7))
    assert [f.due_at for f in week] == days[:2]
    assert store.count_follow_ups(AT, AT + timedelta(days=7)) == 2
    assert store.count_follow_ups(None, AT + timedelta(days=3)) == 1  # the end is exclusive
    assert store.count_follow_ups(None, AT + timedelta(days=30)) == 3


# -- the review's cases -------------------------------------------------------------------------


def test_a_bad_dnc_cell_keeps_the_rows_other_numbers() -> None:
    checked = check_dnc_file(
        csv("Name,Phone,Mobile", "Ada,212 555 0143,555", "Bram,n/a,312 555 0177", "Cleo,n/a,"),
        "US",
    )
    assert checked.numbers == ["+12125550143", "+13125550177"]
    assert [(e.line, e.reason) for e in checked.errors] == [
        (2, "'555' is not a possible phone number"),
        (4, "'n/a' is not a phone number"),
    ]
    assert checked.warnings == ["line 3: 'n/a' is not a number (left out)"]


@pytest.mark.parametrize(
    ("word", "zone"),
    [
        ("EST", "America/New_York"),
        ("MST", "America/Denver"),
        ("HST", "Pacific/Honolulu"),
        ("PST", "America/Los_Angeles"),
        ("cst", "America/Chicago"),
        ("Eastern Standard Time", "America/New_York"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("America/New York", "America/New_York"),
        ("(GMT-05:00) America/New_York", "America/New_York"),
        ("(GMT-06:00) Central Time (US & Canada)", "America/Chicago"),
        ("europe/london", "Europe/London"),
    ],
)
def test_zone_words_are_the_zones_that_keep_summer_time(word: str, zone: str) -> None:
    assert iana_zone(word) == zone


def test_a_seven_digit_number_has_no_area_code() -> None:
    checked = check_file(csv("Name,Phone", "Ada,555-0143", "Bram,212 555 0143"), "US")
    assert [(e.line, e.reason) for e in checked.errors] == [(2, "'555-0143' has no area code")]


def test_a_number_in_no_range_in_use_is_imported_with_a_warning() -> None:
    checked = check_file(csv("Name,Phone", "Ada,1111111111"), "US")
    assert checked.prospects[0].phone == "+11111111111" and not checked.errors
    assert checked.warnings == [
        "line 2: '1111111111' is not in any range of numbers in use there; check it before dialing"
    ]


def test_another_person_at_a_number_is_kept_in_the_notes() -> None:
    checked = check_file(
        csv(
            "Name,Company,Email,Phone",
            "Ada Okafor,Acme,ada@acme.com,212 555 0100",
            "A. Okafor,Acme,ada@acme.com,212 555 0100",
            "Olivia Stone,Acme,olivia@acme.com,(212) 555-0100",
        ),
        "US",
    )
    (p,) = checked.prospects
    assert p.name == "Ada Okafor" and p.email == "ada@acme.com"
    assert (
        p.notes
        == "Also at this number: Olivia Stone (Acme), line 4\nAlso email: olivia@acme.com, line 4"
    )
    assert checked.warnings == [
        "line 4: Olivia Stone has the number of Ada Okafor (a shared line?): merged into "
        "Ada Okafor, with Olivia Stone added to the notes",
        "line 4: another email for Ada Okafor (olivia@acme.com): the first one is kept, "
        "this one is added to the notes",
    ]


def test_another_person_at_a_stored_number_is_kept_in_its_notes(any_store: Store) -> None:
    any_store.import_prospects(
        check_file(csv("Name,Phone", "Ada,212 555 0100"), "US").prospects, AT
    )
    again = check_file(
        csv("Name,Company,Phone", "x,,212 555 0199", "Olivia Stone,Acme,212 555 0100"), "US"
    )
    counts = any_store.import_prospects(again.prospects, AT, lines=again.lines)
    assert [str(c) for c in counts.clashes] == [
        "line 3: Olivia Stone has the number of Ada (a shared line?): merged into Ada, "
        "with Olivia Stone added to the notes"
    ]
    ada = any_store.search("Ada", 5)[0]
    assert ada.notes == "Also at this number: Olivia Stone (Acme), line 3"


@pytest.mark.parametrize("junk", ["n/a", "-", "none", "TBD"])
def test_a_placeholder_phone_dials_the_mobile(junk: str) -> None:
    checked = check_file(csv("Name,Phone,Mobile", f"Ada,{junk},212 555 0701"), "US")
    (p,) = checked.prospects
    assert p.phone == "+12125550701" and not checked.errors and checked.mobile_instead == 1
    assert p.notes == "" and checked.warnings == []


def test_a_broken_phone_with_a_mobile_dials_the_mobile_and_keeps_the_phone() -> None:
    checked = check_file(csv("Name,Phone,Mobile", "Ada,555,212 555 0701"), "US")
    (p,) = checked.prospects
    assert p.phone == "+12125550701" and p.notes == "Phone (as written): 555"
    assert checked.warnings == [
        "line 2: '555' is not a possible phone number; the mobile +1 212-555-0701 is dialed instead"
    ]


@pytest.mark.parametrize(
    ("cell", "others"),
    [
        ("212 555 0143 / 212 555 0199", ["212 555 0199"]),
        ("212-555-0143, 646-555-0111; 415 555 0110", ["646-555-0111", "415 555 0110"]),
        ("212-555-0143 or 646-555-0111", ["646-555-0111"]),
        ("555; 212 555 0143", ["555"]),
    ],
)
def test_a_cell_of_several_numbers_dials_the_first(cell: str, others: list[str]) -> None:
    (p,) = check_file(csv("Name,Phone", f'Ada,"{cell}"'), "US").prospects
    assert p.phone == "+12125550143"
    assert p.notes == "\n".join(f"Other number: {o}" for o in others)


def test_a_foreign_mobile_is_read_in_the_main_numbers_country() -> None:
    (p,) = check_file(
        csv("Name,Phone,Mobile", "Ivan,+44 (0)20 7946 0958,07700 900123"), "US"
    ).prospects
    assert p.phone == "+442079460958" and p.notes == "Mobile: +44 7700 900123"


def test_a_header_without_rows_says_so() -> None:
    with pytest.raises(FileProblem, match=r"a header \(First Name, Last Name, Phone\) but no rows"):
        check_file(csv("First Name,Last Name,Phone"), "US")
    with pytest.raises(FileProblem, match="no rows"):
        check_dnc_file(csv("Name;Phone"), "US")


def test_the_salesforce_footer_is_a_notice() -> None:
    data = csv(
        '"First Name";"Last Name";"Company / Account";"Phone"',
        '"Jane";"Roe";"Roe Corp";"+1 646 555 0111"',
        "",
        '"Confidential Information - Do Not Distribute"',
        "",
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
    )
    checked = check_file(data, "US")
    assert not checked.errors and checked.prospects[0].company == "Roe Corp"
    assert checked.notices == ["ignored the Salesforce report footer"]


def test_invisible_marks_and_carriage_returns_in_cells() -> None:
    (p,) = check_file(
        csv("Name,Phone,Notes", '"\u202eAda\u200b Okafor",212 555 0143,"one\rtwo"'), "US"
    ).prospects
    assert p.name == "Ada Okafor" and p.notes == "one two"


def test_a_note_inside_a_longer_one_is_still_added() -> None:
    from nextcall.domain.merging import merge_notes

    assert merge_notes("Call in Q2", "Call") == "Call in Q2\nCall"
    assert merge_notes("first\nsecond", "second") == "first\nsecond"
    assert merge_notes("same", "same") == "same"


def test_every_number_of_a_dnc_cell_is_listed() -> None:
    checked = check_dnc_file(csv("Phone", '"212 555 0143 / 646 555 0111; 555"'), "US")
    assert checked.numbers == ["+12125550143", "+16465550111"]
    assert [(e.line, e.reason) for e in checked.errors] == [
        (2, "'555' is not a possible phone number")
    ]

"""Phone numbers: the +1 fast path matches phonenumbers exactly; one zone per number."""

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nextcall.io.phones import LocalOnly, PhoneNumber, _north_american, parse, pick_zone


def slow(raw: str, region: str) -> PhoneNumber | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return PhoneNumber(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        "",
    )


written = st.builds(
    lambda plus, one, digits, sep: (
        ("+" if plus else "")
        + ("1" + sep if one else "")
        + sep.join((digits[:3], digits[3:6], digits[6:]))
    ),
    st.booleans(),
    st.booleans(),
    st.text("0123456789", min_size=10, max_size=10),
    st.sampled_from(["", " ", "-", ".", " - "]),
)


@settings(max_examples=400, deadline=None)
@given(written, st.sampled_from(["US", "CA", "GB", "DE"]))
def test_the_fast_path_gives_what_phonenumbers_gives(raw: str, region: str) -> None:
    quick = _north_american(raw, region)
    if quick is None:
        return  # not the fast path's case: phonenumbers decides
    reference = slow(raw, region)
    assert reference is not None
    assert (quick.e164, quick.display) == (reference.e164, reference.display)
    assert quick.valid == phonenumbers.is_valid_number(phonenumbers.parse(raw, region))


def test_fast_and_slow_paths_agree_on_the_zone() -> None:
    for raw in ("(212) 555-0143", "+1 415 555 0110", "303.555.0199", "+1 (312) 555-0177"):
        quick = _north_american(raw, "US")
        assert quick is not None
        number = phonenumbers.parse(raw, "US")
        zones = phonenumbers.timezone.time_zones_for_number(number)
        assert quick.timezone == pick_zone(tuple(zones))


def test_numbers_from_elsewhere_take_the_full_path() -> None:
    assert _north_american("+44 20 7946 0011", "US") is None
    assert _north_american("020 7946 0011", "GB") is None
    assert parse("020 7946 0011", "GB").timezone == "Europe/London"


def test_pick_zone() -> None:
    assert pick_zone(("America/New_York",)) == "America/New_York"
    # An area on a zone border: the westernmost, whose day starts last.
    assert pick_zone(("America/Boise", "America/Los_Angeles")) == "America/Los_Angeles"
    assert pick_zone(("Etc/Unknown",)) == ""
    toll_free = phonenumbers.timezone.time_zones_for_number(phonenumbers.parse("+1 800 555 1234"))
    assert pick_zone(tuple(toll_free)) == ""  # the whole continent says nothing


def test_an_extension_is_split_off() -> None:
    number = parse("+1 212 555 0143 x 77", "US")
    assert (number.e164, number.extension) == ("+12125550143", "77")


def test_a_seven_digit_number_has_no_area_code() -> None:
    with pytest.raises(LocalOnly, match="'555-0143' has no area code"):
        parse("555-0143", "US")


def test_validity_is_known_on_both_paths() -> None:
    assert parse("(212) 555-0143", "US").valid
    assert not parse("+1 999 555 0100", "US").valid  # no such area code
    assert not parse("1111111111", "US").valid  # the full path
    assert parse("020 7946 0011", "GB").valid

"""The outcome table is SPEC section 4's, row for row."""

from nextcall.domain.outcomes import BY_NAME, OUTCOMES, REASONS, NextStep, outcome

SPEC_TABLE = [
    # name, key, connect, conversation, meeting, next step
    ("no_answer", "n", False, False, False, NextStep.RETRY),
    ("voicemail", "v", False, False, False, NextStep.RETRY),
    ("bad_number", "b", False, False, False, NextStep.ARCHIVE),
    ("gatekeeper", "g", True, False, False, NextStep.RETRY),
    ("rejected", "r", True, False, False, NextStep.RITUAL),
    ("conversation", "c", True, True, False, NextStep.CONVERSATION),
    ("later", "l", True, True, False, NextStep.FOLLOW_UP),
    ("meeting", "m", True, True, True, NextStep.DONE),
]


def test_table_matches_spec() -> None:
    rows = [(o.name, o.key, o.connect, o.conversation, o.meeting, o.next_step) for o in OUTCOMES]
    assert rows == SPEC_TABLE


def test_wins_and_nos() -> None:
    assert [o.name for o in OUTCOMES if o.win] == ["conversation", "later", "meeting"]
    assert [o.name for o in OUTCOMES if not o.is_no] == ["meeting"]


def test_reasons_are_specs_names() -> None:
    assert REASONS == ("timing", "budget", "competitor", "authority", "need", "value", "hung_up")


def test_lookup() -> None:
    assert outcome("meeting") is BY_NAME["meeting"]

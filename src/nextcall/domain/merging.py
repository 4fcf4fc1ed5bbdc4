"""How two records of one phone number become one (an import meeting a row or a stored prospect):
the record kept wins where both have a value, its empty fields are filled, notes are added when
they say something new. A second person or email at the number is never dropped silently: it is
written into the kept record's notes, saying where it came from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

FILLED_FIELDS = ("company", "title", "email", "timezone", "crm_id")
"""Fields an imported duplicate may fill when they are empty. The name never changes; nor does
a CRM record id once known (another one is a clash, see `clashes`)."""


@dataclass(frozen=True)
class Clash:
    """A merged row that named someone else (or another email) at the kept record's number."""

    line: int
    """The file line the other record came from."""
    kept: str
    """The kept record's name (or email)."""
    other: str
    """The other record's name (or email)."""
    field: str = "name"
    """'name', 'email' or 'crm_id'."""

    def __str__(self) -> str:
        return f"line {self.line}: {self.text()}" if self.line else self.text()

    def text(self) -> str:
        """What happened, for the import's report."""
        if self.field == "email":
            return (
                f"another email for {self.kept} ({self.other}): the first one is kept, "
                "this one is added to the notes"
            )
        if self.field == "crm_id":
            return (
                f"another CRM record id for {self.kept} ({self.other}): the first one is kept "
                "(calls export against it), this one is added to the notes"
            )
        return (
            f"{self.other} has the number of {self.kept} (a shared line?): merged into "
            f"{self.kept}, with {self.other} added to the notes"
        )


def merge_field(kept: str, other: str) -> str:
    return kept or other


def merge_notes(kept: str, other: str) -> str:
    """`kept`, with `other` added on a new line unless it says nothing new (it is the whole
    of `kept`, or one of its lines)."""
    if not other or other == kept or other in kept.split("\n"):
        return kept
    return f"{kept}\n{other}" if kept else other


def same_person(a: str, b: str) -> bool:
    """Two spellings of one name: case, punctuation and word order aside ('Okafor, Ada'), an
    initial standing for a word ('A. Okafor'), a name given in part ('Ada', 'Ada Okafor')."""
    x, y = sorted((_words(a), _words(b)), key=len)
    if len(x) == len(y):
        return _alike(x, y) or _alike(sorted(x), sorted(y))
    return all(any(_alike([u], [v]) for v in y) for u in x)


def _words(name: str) -> list[str]:
    return re.sub(r"[\W_]+", " ", name.casefold()).split()


def _alike(x: list[str], y: list[str]) -> bool:
    return all(
        u == v or (len(u) == 1 and v.startswith(u)) or (len(v) == 1 and u.startswith(v))
        for u, v in zip(x, y, strict=True)
    )


def clashes(
    kept_name: str,
    kept_email: str,
    other_name: str,
    other_email: str,
    line: int,
    *,
    kept_crm_id: str = "",
    other_crm_id: str = "",
) -> list[Clash]:
    """What the other record says that merging would lose: a different person, another email,
    another CRM record id."""
    found = []
    if other_name and kept_name and not same_person(kept_name, other_name):
        found.append(Clash(line, kept_name, other_name))
    if other_email and kept_email and other_email.casefold() != kept_email.casefold():
        found.append(Clash(line, kept_name, other_email, "email"))
    if other_crm_id and kept_crm_id and other_crm_id != kept_crm_id:
        found.append(Clash(line, kept_name, other_crm_id, "crm_id"))
    return found


def clash_note(clash: Clash, company: str = "") -> str:
    """The line added to the kept record's notes for a clash, with where it came from."""
    where = f", line {clash.line}" if clash.line else ""
    if clash.field == "email":
        return f"Also email: {clash.other}{where}"
    if clash.field == "crm_id":
        return f"Also CRM record id: {clash.other}{where}"
    at = f" ({company})" if company else ""
    return f"Also at this number: {clash.other}{at}{where}"


def merge_record(
    kept: Sequence[str], other: Sequence[str], other_notes: str, extra: Sequence[str] = ()
) -> tuple[str, ...]:
    """A kept record's FILLED_FIELDS values then its notes (`kept`), with another record's
    FILLED_FIELDS values (`other`) and notes merged in by the rules above, and `extra` notes
    (what the merge would lose, see `clash_note`) added."""
    *fields, notes = kept
    filled = [merge_field(a, b) for a, b in zip(fields, other, strict=True)]
    for note in (other_notes, *extra):
        notes = merge_notes(notes, note)
    return (*filled, notes)

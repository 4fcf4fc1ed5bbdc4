"""An import meeting the prospects already stored with its numbers: what each backend writes to
merge the rows in (by the domain's rules, `nextcall.domain.merging`) and the clashes it reports.
Both stores use it, so an import merges the same on SQLite and on the team database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nextcall.domain.merging import FILLED_FIELDS, Clash, clash_note, clashes, merge_record
from nextcall.store.records import NewProspect

Stored = tuple[int, str, tuple[str, ...]]
"""A stored prospect as a merge reads it: (id, name, (company, title, email, timezone, crm_id,
notes)), FILLED_FIELDS then the notes."""

STORED_COLUMNS = f"phone, id, name, {', '.join(FILLED_FIELDS)}, notes"
"""What a backend selects to build `Stored` values, keyed by the first column."""


def merge_updates(
    rows: Sequence[NewProspect], existing: Mapping[str, Stored], lines: Mapping[str, int]
) -> tuple[list[tuple[object, ...]], list[Clash]]:
    """The merged values of the stored prospects that change, each (*FILLED_FIELDS, notes,
    id), and the clashes found (another person, email or CRM id), in the rows' order.
    `lines`: number -> the file's line, for the clashes' notes."""
    updates: list[tuple[object, ...]] = []
    found_clashes: list[Clash] = []
    for row in rows:
        found = existing.get(row.phone)
        if found is None:
            continue
        pid, name, stored = found
        clashed = clashes(
            name,
            stored[2],
            row.name,
            row.email,
            lines.get(row.phone, 0),
            kept_crm_id=stored[4],
            other_crm_id=row.crm_id,
        )
        found_clashes.extend(clashed)
        merged = merge_record(
            stored,
            [getattr(row, f) for f in FILLED_FIELDS],
            row.notes,
            [clash_note(c, row.company) for c in clashed],
        )
        if merged != stored:
            updates.append((*merged, pid))
    return updates, found_clashes

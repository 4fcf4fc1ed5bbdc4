"""The dial screen's keys as the rep sees them: one binding per outcome (from the domain's one
outcome table, each with its outcome's name as id, which the config's `[keys]` remaps), their
footer labels, and the everyday keys the top bar lists when there is room."""

from __future__ import annotations

from textual.binding import BindingType

from nextcall.domain.outcomes import OUTCOMES, OutcomeName
from nextcall.ui.key_map import Keys, bound

FOOTER_LABELS: dict[OutcomeName, str] = {
    OutcomeName.NO_ANSWER: "no-ans",
    OutcomeName.VOICEMAIL: "vm",
    OutcomeName.BAD_NUMBER: "bad#",
    OutcomeName.GATEKEEPER: "gate",
    OutcomeName.REJECTED: "no",
    OutcomeName.CONVERSATION: "talk",
    OutcomeName.LATER: "follow-up",
    OutcomeName.MEETING: "meet",
}

TOPBAR_ACTIONS = (
    ("dial", "dial"),
    ("skip", "skip"),
    ("undo", "undo"),
    ("note", "note"),
    ("win", "win"),
    ("review", "review"),
    ("block", "block"),
)
"""The everyday keys the top bar lists beside the palette's and quit, on a wide screen."""


def topbar_keys(keys: Keys) -> str:
    """ "d dial  s skip ... ctrl+p find  q quit" with the rep's keys (markup)."""
    cells = [f"{keys[action]} {label}" for action, label in TOPBAR_ACTIONS]
    cells += ["ctrl+p find", f"{keys['quit']} quit"]
    return "  ".join(cell.replace("[", "\\[") for cell in cells)


def outcome_bindings() -> list[BindingType]:
    """One binding per outcome, with an id the config's [keys] can remap."""
    return [
        bound(o.name, f"outcome('{o.name}')", FOOTER_LABELS[o.name], tooltip=o.label)
        for o in OUTCOMES
    ]

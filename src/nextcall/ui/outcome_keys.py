"""The dial screen's keys as the rep sees them: one binding per outcome (from the domain's one
outcome table, each with an id the config's `[keys]` remaps), their footer labels, and the
everyday keys the top bar lists when there is room."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from nextcall.domain.outcomes import OUTCOMES, OutcomeName

TOPBAR_KEYS = "d dial  s skip  u undo  e note  + win  t review  k block  ctrl+p find  q quit"

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


def outcome_bindings() -> list[BindingType]:
    """One binding per outcome, with an id the config's [keys] can remap."""
    return [
        Binding(
            o.key,
            f"outcome('{o.name}')",
            FOOTER_LABELS[o.name],
            id=f"outcome.{o.name}",
            tooltip=o.label,
        )
        for o in OUTCOMES
    ]

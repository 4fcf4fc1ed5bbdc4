"""Textual's Footer, without a leak.

Each `FooterKey` binds to the footer's `compact` reactive (`data_bind`), which stores a watcher on
the footer. Textual drops watchers of removed widgets only when the watched value changes, and
`compact` never does, so every recompose (each time a screen opens over this one and closes
again) left its old keys alive: ~20 widgets per ritual, a longer full garbage collection every
time, and outcome frames that grew slow over a day. This footer prunes them after recomposing.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    async def recompose(self) -> None:
        await super().recompose()
        prune_watchers(self)


def prune_watchers(node: object) -> None:
    """Forget watchers whose widget has left the DOM (Textual's own check, run now)."""
    watchers: dict[str, list[tuple[object, object]]] = getattr(node, "__watchers", {})
    for entries in watchers.values():
        entries[:] = [(who, callback) for who, callback in entries if _attached(who)]


def _attached(node: object) -> bool:
    return bool(getattr(node, "is_attached", True))

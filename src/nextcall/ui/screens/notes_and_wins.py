"""The dial screen's notes and wins (`NotesAndWins`): `e` writes a note on the prospect on
screen, `+` puts a small win in the jar. A note or win that cannot be saved is shown back in the
toast, to type again later."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from nextcall.services.session import Session
from nextcall.store.errors import StoreError
from nextcall.ui.markup import escape
from nextcall.ui.screens.prompts import TextPrompt


class NotesAndWins(Screen[None]):
    """The dial screen's base for notes and wins (see the module's docstring)."""

    session: Session

    if TYPE_CHECKING:  # the dial screen's

        def show_card(self) -> None: ...

    def action_note(self) -> None:
        prospect = self.session.current
        if prospect is None:
            self.notify("No prospect to add a note to.", severity="warning")
            return
        self.app.push_screen(
            TextPrompt(f"Note on {prospect.name}", "what to remember next time"),
            lambda text: self._save_note(text, prospect.id),
        )

    def _save_note(self, text: str | None, prospect_id: int) -> None:
        if text:
            try:
                self.session.add_note(text, prospect_id)
            except StoreError as exc:  # the toast keeps the rep's words, to type again later
                self.notify(
                    f"Note not saved: {escape(str(exc))}\nIt said: {escape(text)}",
                    severity="error",
                    timeout=10,
                )
                return
            self.show_card()
            self.notify("Note saved.")

    def action_win(self) -> None:
        self.app.push_screen(
            TextPrompt("A small win", "e.g. got the decision-maker's email"), self._save_win
        )

    def _save_win(self, text: str | None) -> None:
        if text:
            try:
                self.session.add_win(text)
            except StoreError as exc:
                self.notify(
                    f"Win not saved: {escape(str(exc))}\nIt said: {escape(text)}",
                    severity="error",
                    timeout=10,
                )
                return
            self.notify(f"In the wins jar: {escape(text)}")

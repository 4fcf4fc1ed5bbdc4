"""The prospect view (`i`, or a palette search result): everything nextcall knows about one
prospect, newest first, and the changes a rep makes there: edit a field, put them back in the
queue, a follow-up, do-not-call. It closes with what the dial screen must do about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Key, Resize
from textual.screen import Screen
from textual.widgets import Static

from nextcall.domain.prospect_edits import EditField, EditRefused
from nextcall.domain.prospects import Lifecycle
from nextcall.services.prospect_story import Edited, ProspectDesk
from nextcall.store.errors import StoreError
from nextcall.store.records import ProspectStory
from nextcall.ui.key_map import Keys, bound
from nextcall.ui.markup import escape
from nextcall.ui.screens import prospect_markup as text
from nextcall.ui.screens.prompts import NO_FOLLOW_UP, FollowUpChoice, FollowUpPrompt
from nextcall.ui.screens.prospect_edit import EditChoice, EditPrompt
from nextcall.ui.screens.window_size import TOO_SMALL, guard, larger_text, too_small
from nextcall.ui.widgets.footer import Footer

MIN_SIZE = (60, 16)
"""Below this the view asks for a larger window (as the dial screen does)."""
SECTIONS: tuple[tuple[str, str], ...] = (
    ("status", "Where they stand"),
    ("calls", "Calls, newest first"),
    ("notes", "Notes"),
    ("about", "Who"),
    ("edits", "Changed by hand"),
)
FAILED = (StoreError, LookupError, EditRefused)
"""What a change from the view may meet: the reason is shown, nothing else happens."""


@dataclass(frozen=True)
class ProspectClosed:
    """What the view returns to the dial screen that opened it."""

    changed: bool
    """Something was written: the queue and the card are read again."""
    go_to: int | None = None
    """Put the queue's cursor on this prospect (`g`)."""


class ProspectScreen(Screen[ProspectClosed]):
    """One prospect's story; escape goes back to the queue."""

    KEYS_SCREEN = "prospect"
    BINDINGS: ClassVar[list[BindingType]] = [
        bound("edit", "edit", "edit"),
        bound("follow_up", "follow_up", "follow-up"),
        bound("requeue", "requeue", "back in queue"),
        bound("do_not_call", "dnc", "do-not-call"),
        bound("go_to", "go_to", "go to"),
        Binding("escape", "close", "back", key_display="esc"),
        bound("prospect", "close", "back", show=False),
        bound("quit", "close", "back", show=False),
        bound("help", "app.help", "help", show=False),
    ]

    def __init__(self, desk: ProspectDesk, prospect_id: int, keys: Keys | None = None) -> None:
        super().__init__()
        self.keys = keys or Keys()
        self.desk, self.prospect_id = desk, prospect_id
        self.story: ProspectStory | None = None
        self.changed = False
        self._confirm_dnc = False
        self.set_class(too_small(self.app.size, MIN_SIZE), TOO_SMALL)

    def compose(self) -> ComposeResult:
        yield Static(id="prospect-title")
        with VerticalScroll(id="prospect-body"):
            for name, heading in SECTIONS:
                box = Static(id=f"prospect-{name}", classes="prospect-box")
                box.border_title = heading
                yield box
        yield Static(larger_text(MIN_SIZE, "to see the prospect"), id="prospect-too-small")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#prospect-body").focus()
        self.show()

    def on_resize(self, event: Resize) -> None:
        guard(self, event.size, MIN_SIZE)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the window is too small to show the prospect, only the way back acts.
        return not self.has_class(TOO_SMALL) or action == "close"

    # -- showing ----------------------------------------------------------------------------------

    def show(self) -> None:
        """Read the story again and show every section."""
        try:
            self.story = story = self.desk.story(self.prospect_id)
        except StoreError as exc:
            self._title(f"[$error]Could not read this prospect: {escape(str(exc))}[/]")
            return
        if story is None:
            self._title("[$error]This prospect is no longer in the database.[/]")
            return
        clock = self.desk.session.clock
        tz, now = clock.local_tz(), clock.now()
        self._title(text.title(story))
        fill = {
            "status": text.status(
                story, self.desk.standing(story), tz, self._confirm_dnc, self.keys["do_not_call"]
            ),
            "about": text.about(story, now, tz),
            "calls": text.calls(story, tz),
            "notes": text.notes(story),
            "edits": text.edits(story, tz),
        }
        for name, markup in fill.items():
            self.query_one(f"#prospect-{name}", Static).update(markup)

    def _title(self, markup: str) -> None:
        self.query_one("#prospect-title", Static).update(markup)

    def _who(self) -> str:
        return escape(self.story.prospect.name) if self.story else "This prospect"

    # -- edits ------------------------------------------------------------------------------------

    def action_edit(self, choice: EditChoice | None = None, problem: str = "") -> None:
        story = self.story
        if story is None:
            return
        p = story.prospect
        values = {
            EditField.NAME: p.name,
            EditField.TITLE: p.title,
            EditField.COMPANY: p.company,
            EditField.EMAIL: story.email,
            EditField.PHONE: p.phone_display,
            EditField.TIMEZONE: p.timezone,
        }
        field, typed = (choice.field, choice.text) if choice else (None, "")
        self.app.push_screen(EditPrompt(p.name, values, field, typed, problem), self._edited)

    def _edited(self, choice: EditChoice | None) -> None:
        if choice is None:
            return
        try:
            edited = self.desk.edit(self.prospect_id, choice.field, choice.text)
        except EditRefused as exc:  # open the prompt again with what was typed, and why
            self.call_later(self.action_edit, choice, str(exc))
            return
        except (StoreError, LookupError) as exc:
            self.notify(f"Not changed: {escape(str(exc))}", severity="error", timeout=8)
            return
        self._say_edited(choice.field, edited)

    def _say_edited(self, field: EditField, edited: Edited) -> None:
        if not edited.edits:
            self.notify(f"The {field.label} was already that: nothing changed.", timeout=3)
            return
        self.changed = True
        self.show()
        said = "".join(f"\n{escape(note.capitalize())}." for note in edited.notes)
        self.notify(f"{field.label.capitalize()} changed.{said}", timeout=5 if said else 2.5)

    # -- the queue, follow-ups, do-not-call -------------------------------------------------------

    def action_requeue(self) -> None:
        try:
            self.desk.requeue(self.prospect_id)
        except FAILED as exc:
            self.notify(f"Not put back: {escape(str(exc))}.", severity="warning", timeout=6)
            return
        self.changed = True
        self.show()
        self.notify(f"{self._who()} is back in the queue as a retry due now.", timeout=3)

    def action_follow_up(self) -> None:
        story = self.story
        if story is None:
            return
        if story.prospect.state.lifecycle is Lifecycle.DNC:
            self.notify(
                f"{self._who()} is on the do-not-call list: no follow-up.", severity="warning"
            )
            return
        times = self.desk.session.time_context(story.prospect)
        prompt = FollowUpPrompt(
            self.desk.session.day,
            story.prospect.name,
            times,
            on_escape=NO_FOLLOW_UP,
            team=self.desk.session.team,
        )
        self.app.push_screen(prompt, self._follow_up)

    def _follow_up(self, picked: FollowUpChoice | None) -> None:
        if picked is None:
            return
        try:
            self.desk.follow_up(
                self.prospect_id, picked.day, picked.note, picked.at, anyone=picked.anyone
            )
        except FAILED as exc:
            self.notify(f"No follow-up set: {escape(str(exc))}", severity="error", timeout=6)
            return
        self.changed = True
        self.show()
        self.notify(f"{self._who()} comes back on {picked.day:%a %d %b}.", timeout=3)

    def on_key(self, event: Key) -> None:
        if (
            event.key != self.keys.textual("do_not_call") and self._confirm_dnc
        ):  # any other key calls off the do-not-call
            self._confirm_dnc = False
            self.show()

    def action_dnc(self) -> None:
        story = self.story
        if story is None:
            return
        if story.prospect.state.lifecycle is Lifecycle.DNC:
            self.notify(f"{self._who()} is already on the do-not-call list.", timeout=3)
            return
        self._confirm_dnc = not self._confirm_dnc
        if self._confirm_dnc:
            self.show()
            return
        try:
            self.desk.do_not_call(self.prospect_id)
        except FAILED as exc:
            self.notify(f"Not marked do-not-call: {escape(str(exc))}", severity="error", timeout=6)
        else:
            self.changed = True
            self.notify(f"{self._who()} is on the do-not-call list: never queued again.")
        self.show()

    def action_go_to(self) -> None:
        story = self.story
        if story is None:
            return
        if not self.desk.queued(story):
            why = escape(self.desk.standing(story))
            self.notify(f"{self._who()} is not in today's queue: {why}.", timeout=6)
            return
        self.dismiss(ProspectClosed(self.changed, go_to=self.prospect_id))

    def action_close(self) -> None:
        self.dismiss(ProspectClosed(self.changed))

"""The settings screen (`,` on the dial screen, or the palette): every setting a rep changes, in
tabs (ritual, day, calling, softphone, team, keys, theme), each with what it does and its
default. ctrl+s checks them with the loader's own checks, saves and applies them (the App does:
`save`); escape leaves without saving, and says so when something was changed."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TabbedContent, TabPane

from nextcall.config import Config, ConfigError
from nextcall.config.catalogue import GROUPS, SETTINGS, group_of
from nextcall.config.keys import ACTIONS, SCREENS, Action
from nextcall.io.inert import inert
from nextcall.ui.key_map import shown
from nextcall.ui.markup import escape
from nextcall.ui.screens.settings_form import (
    FIELDS,
    Field,
    as_text,
    checked,
    default_text,
    value_of,
)
from nextcall.ui.screens.window_size import SizeGuarded
from nextcall.ui.widgets.footer import Footer

Save = Callable[[Config], str]
"""Writes and applies checked settings; returns what to tell the rep."""

NOTES: dict[str, str] = {
    "team": "Team settings take effect at the next start. The password is never shown.",
    "keys": "One key per action, on every screen listed for it; two actions may share a key "
    "only when no screen has both. A key is a letter a-z, a digit, a sign (+ , ? [ ...) or "
    "f1-f24.",
    "theme": "Applied as you save. Your own themes: *.toml files in the themes folder "
    "beside config.toml.",
}


class SettingsScreen(SizeGuarded, Screen[None]):
    """Change, check, save and apply the rep's settings (see the module's docstring)."""

    MIN_SIZE = (60, 16)
    ACTS_WHEN_SMALL = frozenset({"leave"})
    SMALL_THEN = "to change the settings"
    SMALL_ESCAPE = "leaves them as they were"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "save and apply", priority=True),
        Binding("escape", "leave", "leave"),
    ]

    def __init__(self, config: Config, themes: list[str], save: Save, path: Path | None) -> None:
        super().__init__()
        self.config, self.themes, self.save, self.path = config, themes, save, path
        self.saved_texts = self.texts_of(config)
        """What each field showed when last saved (or opened): escape compares with it."""

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        where = escape(str(self.path)) if self.path else "the demo: kept until you quit"
        yield Static(f"[b]Settings[/b]  [dim]{where}[/]", id="settings-title")
        with TabbedContent(id="settings-tabs"):
            for group in GROUPS:
                with TabPane(group, id=f"tab-{group}"), VerticalScroll(classes="settings-body"):
                    if group in NOTES:
                        yield Static(f"[dim]{escape(NOTES[group])}[/]", classes="settings-note")
                    if group == "keys":
                        yield from self._key_rows()
                    else:
                        yield from self._setting_rows(group)
        yield self.too_small_note()
        yield Footer(compact=True, show_command_palette=False)

    def _setting_rows(self, group: str) -> Iterator[Widget]:
        for setting in SETTINGS:
            if group_of(setting) != group:
                continue
            field = Field(setting.section, setting.key)
            with Horizontal(classes="setting-row"):
                yield Label(setting.key, classes="setting-name")
                yield self._editor(field, setting.choices, default_text(setting))
            yield Static(
                f"{escape(setting.what)}[dim] · default {escape(default_text(setting))}[/]",
                classes="setting-what",
            )
            yield Static(id=f"error-{field.widget_id}", classes="setting-error")
        if group == "team" and os.environ.get("NEXTCALL_DATABASE_URL", "").strip():
            yield Static(
                "[$warning]NEXTCALL_DATABASE_URL is set: it takes [team] database's place.[/]",
                classes="settings-note",
            )

    def _key_rows(self) -> Iterator[Widget]:
        first = ""
        for action in ACTIONS:
            if action.screens[0] != first:
                first = action.screens[0]
                yield Label(f"On {SCREENS[first]}", classes="keys-heading")
            field = Field("keys", action.name)
            with Horizontal(classes="key-row"):
                yield Label(action.name, classes="key-name")
                yield self._editor(field, (), shown(action.key))
                yield Static(_key_what(action), classes="key-what")
            yield Static(id=f"error-{field.widget_id}", classes="setting-error")

    def _editor(self, field: Field, choices: tuple[str, ...], default: str) -> Widget:
        text = as_text(field, value_of(self.config, field))
        if field.key == "theme":
            choices = tuple(self.themes) if text in self.themes else (text, *self.themes)
        elif isinstance(value_of(self.config, field), bool):
            choices = ("true", "false")
        if choices:
            return Select(
                [(Content(inert(c)), c) for c in choices],
                value=text,
                allow_blank=False,
                compact=True,
                id=field.widget_id,
            )
        longest = 8 if field.section == "keys" else 500
        return Input(
            text, placeholder=default, compact=True, max_length=longest, id=field.widget_id
        )

    # -- reading the form ----------------------------------------------------------------------

    def texts_of(self, config: Config) -> dict[Field, str]:
        return {field: as_text(field, value_of(config, field)) for field in FIELDS}

    def texts(self) -> dict[Field, str]:
        """What each field holds now."""
        found: dict[Field, str] = {}
        for field in FIELDS:
            widget = self.query_one(f"#{field.widget_id}")
            value = widget.value if isinstance(widget, Input | Select) else ""
            found[field] = str(value)
        return found

    def changed(self) -> list[Field]:
        texts = self.texts()
        return [f for f in FIELDS if texts[f] != self.saved_texts[f]]

    def on_input_changed(self, event: Input.Changed) -> None:
        self._clear_error(event.input.id)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._clear_error(event.select.id)

    def _clear_error(self, widget_id: str | None) -> None:
        if widget_id is not None:
            self.query_one(f"#error-{widget_id}", Static).remove_class("-shown")

    # -- keys ----------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.has_class("-too-small"):
            return
        texts = self.texts()
        try:
            new = checked(self.config, texts)
        except ConfigError as exc:
            self._refused(exc)
            return
        said = self.save(new)
        self.config, self.saved_texts = new, self.texts_of(new)
        self._refresh_fields()
        self.notify(escape(said), title="Settings", timeout=5)

    def _refresh_fields(self) -> None:
        """Show the values as saved (a region in capitals, the URL without its password)."""
        for field, text in self.saved_texts.items():
            widget = self.query_one(f"#{field.widget_id}")
            if isinstance(widget, Input) and widget.value != text:
                widget.value = text

    def _refused(self, exc: ConfigError) -> None:
        """Say the loader's words under the field, and go to it."""
        field = next((f for f in FIELDS if f.label == exc.key), None)
        self.notify(f"Not saved: {escape(exc.key)}: {escape(exc.message)}", severity="error")
        if field is None:
            return
        error = self.query_one(f"#error-{field.widget_id}", Static)
        error.update(f"[$error]{escape(exc.message)}[/]")
        error.add_class("-shown")
        group = "keys" if field.section == "keys" else (field.section or field.key)
        self.query_one(TabbedContent).active = f"tab-{group}"
        self.call_after_refresh(self.query_one(f"#{field.widget_id}").focus)

    def action_leave(self) -> None:
        changed = self.changed()
        if changed:
            names = ", ".join(f.key for f in changed[:4]) + (", ..." if len(changed) > 4 else "")
            count = f"{len(changed)} change{'s' if len(changed) != 1 else ''}"
            self.notify(
                f"Settings not saved: {count} left as they were ({escape(names)}).",
                severity="warning",
                timeout=6,
            )
        self.dismiss(None)


def _key_what(action: Action) -> str:
    where = ", ".join(
        SCREENS[s].removeprefix("the ").removesuffix(" screen") for s in action.screens
    )
    return f"{escape(action.what)}[dim] · {escape(where)} · default {escape(shown(action.key))}[/]"

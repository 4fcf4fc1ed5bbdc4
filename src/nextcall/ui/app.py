"""The App: wiring only. Config, store, clock and themes come in; the dial screen does the work."""

from __future__ import annotations

import gc
import importlib
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from nextcall import config as config_file
from nextcall import paths
from nextcall.config import Config
from nextcall.domain.clock import Clock
from nextcall.io.inert import inert
from nextcall.io.softphone import CallEvent, Softphone, make_softphone
from nextcall.io.talk_track import resolve
from nextcall.services.session import Session
from nextcall.store import Store
from nextcall.store.syncing import Syncing
from nextcall.ui.key_map import Keys, keymap
from nextcall.ui.markup import escape
from nextcall.ui.messages import CallUpdate
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.screens.help_markup import Places
from nextcall.ui.theming import (
    DEFAULT_THEME,
    ThemeProblem,
    load_themes,
    semantic_defaults,
    shipped_dir,
)

if TYPE_CHECKING:
    from nextcall.ui.outbox_sender import OutboxSender

BACKUP_CHECK_SECONDS = 300.0
"""How often an app left open checks that today's backup exists (a new day needs one)."""


WARM_UP_SECONDS = 1.0
"""How long after start-up the screens opened on a key are loaded (see `load_screens`)."""
SCREENS_ON_A_KEY = (
    "nextcall.ui.screens.call",
    "nextcall.ui.screens.ritual_screen",
    "nextcall.ui.screens.feel_it",
    "nextcall.ui.screens.prospect",
    "nextcall.ui.screens.help",
    "nextcall.ui.screens.settings",
)


class NextcallApp(App[None]):
    """nextcall's terminal app."""

    CSS_PATH = "app.tcss"
    TITLE = "nextcall"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", show=False)]

    def __init__(
        self,
        config: Config,
        store: Store,
        clock: Clock,
        *,
        config_path: Path | None = None,
        theme_dirs: tuple[Path, ...] = (),
        backup_dir: Path | None = None,
        talk_track: Path | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.config_path = config_path
        self.backup_dir = backup_dir
        """Where the daily backup goes; None = no backup (tests, the demo)."""
        self.backup_failed_on: date | None = None
        """The day the backup last failed: tried again the next day, not every minute."""
        self.talk_track = talk_track
        """The rep's talk track (Markdown), shown on the call screen; None = none is set."""
        themes, self.theme_problems = load_themes(shipped_dir(), *theme_dirs)
        for theme in themes:
            self.register_theme(theme)
        if config.theme in self.available_themes:
            self.theme = config.theme
        self.session = Session(
            store,
            clock,
            config.calling.rules(),
            config.day.target_meetings,
            config.team.claim_minutes,
        )
        self.outbox_sender: OutboxSender | None = None
        """Sends team mode's outbox (None for one rep's own file)."""
        self.softphone = self._make_softphone(config)
        self.dial_screen = DialScreen(
            self.session,
            Keys(config.keys),
            config.day.block_minutes,
            config.ritual,
            softphone=self.softphone,
            default_region=config.calling.default_region,
            talk_track=talk_track,
        )

    def _make_softphone(self, config: Config) -> Softphone:
        phone = config.softphone
        return make_softphone(phone.adapter, phone.command, phone.address, self._on_call)

    def _on_call(self, event: CallEvent) -> None:
        """The softphone's news about the current call goes to the call screen, even under help;
        with no call screen open, to the screen on top, which lets it go."""
        takers = [s for s in self.screen_stack if getattr(s, "TAKES_CALL_UPDATES", False)]
        (takers[-1] if takers else self.screen).post_message(CallUpdate(event))

    async def on_unmount(self) -> None:
        self.session.claims.let_go()  # team mode: the prospect is free for the others at once
        await self.softphone.close()

    def get_default_screen(self) -> Screen[None]:
        return self.dial_screen

    def on_mount(self) -> None:
        # Everything built so far lives as long as the app: moving it out of the collector's
        # reach keeps full collections (60-80 ms with it) off the keypress path.
        self.call_after_refresh(gc.freeze)
        self.call_after_refresh(self.ensure_backup)
        self.set_timer(WARM_UP_SECONDS, self.load_screens)
        self.set_interval(BACKUP_CHECK_SECONDS, self.ensure_backup)
        store = self.session.store
        if isinstance(store, Syncing):  # team mode: the outbox is sent from a timer
            from nextcall.ui.outbox_sender import OutboxSender

            self.outbox_sender = OutboxSender(self, store)
            self.outbox_sender.start()
        self.set_keymap(keymap(self.config.keys))
        self._report_themes(self.theme_problems)
        if self.config.theme not in self.available_themes:
            self.notify(
                f'Theme "{escape(self.config.theme)}" was not found; using the default.',
                severity="warning",
            )

    def load_screens(self) -> None:
        """Import the screens a key opens (the call, the ritual...) once the rep is looking at
        the queue: kept off start-up's first frame, and off the first `d` or `r` too."""
        for name in SCREENS_ON_A_KEY:
            importlib.import_module(name)
        gc.freeze()  # modules live as long as the app, as everything frozen after the first frame

    def ensure_backup(self) -> None:
        """Start today's backup in a thread unless it exists or is being made (called after the
        first frame and by the minute timer, so an app left open for days keeps backing up)."""
        store, folder, day = self.session.store, self.backup_dir, self.session.day
        if folder is None or self.backup_failed_on == day or not store.backup_due(folder, day):
            return
        if not any(w.name == "daily backup" and not w.is_finished for w in self.workers):
            self.run_worker(
                partial(store.backup, folder, day),
                thread=True,
                exit_on_error=False,
                name="daily backup",
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast, from any screen, made inert (`io.inert`): an error message may quote a
        file name, a database's words or a softphone's output."""
        super().notify(
            inert(message), title=inert(title), severity=severity, timeout=timeout, markup=markup
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "daily backup" and event.state is WorkerState.ERROR:
            self.backup_failed_on = self.session.day
            self.notify(f"The daily backup failed: {event.worker.error}", severity="warning")

    def _report_themes(self, problems: list[ThemeProblem]) -> None:
        if problems:
            lines = "\n".join(escape(f"{p.path.name}: {p.message}") for p in problems)
            self.notify(
                f"Some themes could not be loaded:\n{lines}", severity="warning", timeout=10
            )

    # -- keys, help, settings, the palette ----------------------------------------------------

    def get_key_display(self, binding: Binding) -> str:
        """Function keys as the keyboard prints them ("F2"); the rest as Textual shows them."""
        if not binding.key_display and re.fullmatch(r"f\d{1,2}", binding.key):
            return binding.key.upper()
        return super().get_key_display(binding)

    def places(self) -> Places:
        """Where the rep's files are (help says it)."""
        return Places(
            self.session.store.path, self.config_path, paths.user_themes_dir(), self.talk_track
        )

    def action_help(self) -> None:
        """Help for the screen on top: its keys, with the rep's own."""
        from nextcall.ui.screens.help import HelpScreen  # keeps its import off start-up

        screen = getattr(self.screen, "KEYS_SCREEN", "dial")
        if screen != "help":
            self.push_screen(HelpScreen(screen, Keys(self.config.keys), self.places()))

    def action_settings(self) -> None:
        """The settings screen, from the dial screen (a change there reaches what runs on it)."""
        from nextcall.ui.screens.settings import SettingsScreen  # off start-up

        if self.screen is not self.dial_screen:
            self.notify("Settings open from the dial screen: escape back to it first.")
            return
        themes = sorted(self.available_themes)
        self.push_screen(SettingsScreen(self.config, themes, self.save_settings, self.config_path))

    def save_settings(self, new: Config) -> str:
        """Write the settings the screen checked, then apply them; what to tell the rep."""
        said = "Saved and applied."
        if self.config_path is None:
            said = "Applied until you quit (the demo does not save settings)."
        else:
            try:
                config_file.save(new, self.config_path)
            except OSError as exc:
                said = f"Applied, but not saved to {self.config_path}: {exc.strerror or exc}."
        if new.team != self.config.team:
            said += " Team settings take effect at the next start."
        self.apply_settings(new)
        return said

    def apply_settings(self, new: Config) -> None:
        """Use `new` from now on: keys, theme, softphone, calling rules, the ritual's and the
        day's settings (the team database waits for the next start)."""
        old, self.config = self.config, new
        self.set_keymap(keymap(new.keys))
        if new.theme in self.available_themes:
            self.theme = new.theme
        if new.softphone != old.softphone:
            retired, self.softphone = self.softphone, self._make_softphone(new)
            self.run_worker(retired.close(), exit_on_error=False, name="softphone closed")
        if self.config_path is not None:
            self.talk_track = resolve(new.calling.talk_track, self.config_path)
        self.dial_screen.use_settings(new, self.softphone, self.talk_track)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette's commands for every screen: help for it, the theme, quit (the dial
        screen adds its own: see `ui.commands`)."""
        yield SystemCommand("Help", "Every key of this screen, yours as set", self.action_help)
        yield SystemCommand("Theme", "Change the colours (remembered)", self.action_change_theme)
        yield SystemCommand("Quit", "Quit nextcall (everything is saved)", self._quit)

    async def _quit(self) -> None:
        await self.dial_screen.action_quit()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """What a theme leaves out of our semantic colours (Textual's own themes, a rep's)."""
        return semantic_defaults(self.current_theme, self.get_theme(DEFAULT_THEME))

    def watch_theme(self, theme: str) -> None:
        """Remember the rep's choice in config.toml (only when a config file is in use)."""
        if self.config_path is None or theme == self.config.theme or not self.is_running:
            return
        self.config = replace(self.config, theme=theme)
        try:
            config_file.save(self.config, self.config_path)
        except OSError as exc:
            self.notify(
                f"Could not save the theme to {self.config_path}: {exc}", severity="warning"
            )

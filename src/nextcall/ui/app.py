"""The App: wiring only. Config, store, clock and themes come in; the dial screen does the work."""

from __future__ import annotations

import gc
import importlib
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from nextcall import config as config_file
from nextcall.config import Config
from nextcall.domain.clock import Clock
from nextcall.io.inert import inert
from nextcall.io.softphone import CallEvent, make_softphone
from nextcall.services.session import Session
from nextcall.store import Store
from nextcall.store.syncing import Syncing
from nextcall.ui.markup import escape
from nextcall.ui.messages import CallUpdate
from nextcall.ui.screens.dial import DialScreen
from nextcall.ui.theming import ThemeProblem, load_themes, shipped_dir

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
        phone = config.softphone
        self.softphone = make_softphone(phone.adapter, phone.command, phone.address, self._on_call)

    def _on_call(self, event: CallEvent) -> None:
        """The softphone's news about the current call goes to the screen on top: the call screen
        shows it, any other screen lets it go."""
        self.screen.post_message(CallUpdate(event))

    async def on_unmount(self) -> None:
        self.session.claims.let_go()  # team mode: the prospect is free for the others at once
        await self.softphone.close()

    def get_default_screen(self) -> Screen[None]:
        return DialScreen(
            self.session,
            dict(self.config.keys),
            self.config.day.block_minutes,
            self.config.ritual,
            softphone=self.softphone,
            default_region=self.config.calling.default_region,
            talk_track=self.talk_track,
        )

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
        defaults = {f"outcome.{name}": key for name, key in self.config.keys.items()}
        self.set_keymap(defaults)
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

    def get_theme_variable_defaults(self) -> dict[str, str]:
        theme = self.current_theme
        return {
            "outcome-meeting": theme.success or "green",
            "outcome-rejected": theme.error or "red",
            "outcome-connect": theme.primary,
            "timer-urgent": theme.warning or "yellow",
        }

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

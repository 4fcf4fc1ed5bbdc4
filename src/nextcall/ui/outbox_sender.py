"""Team mode's outbox, from the app: every few seconds, in a worker thread (a server that does
not answer must never hold up a keypress), send what waits and reconnect; then tell the dial
screen (its top bar says "offline: N waiting") and show each new conflict once."""

from __future__ import annotations

from textual.app import App
from textual.worker import get_current_worker

from nextcall.store.errors import StoreError
from nextcall.store.syncing import Flushed, Syncing
from nextcall.ui.markup import escape
from nextcall.ui.messages import OutboxChanged

FLUSH_SECONDS = 3.0
OFFLINE = (
    "The team database can't be reached: what you log is kept on this computer and sent"
    " when it is back."
)
CONFLICT_SECONDS = 20.0
"""How long a conflict stays on screen (it is kept in the outbox file too)."""


class OutboxSender:
    """Sends `store`'s outbox for `app` (started on mount, in team mode only)."""

    def __init__(self, app: App[None], store: Syncing) -> None:
        self.app, self.store = app, store
        self.told = False
        """The rep was told the team database can't be reached (and not yet that it is back)."""

    def start(self) -> None:
        self.app.set_interval(FLUSH_SECONDS, self.flush)
        self.app.call_after_refresh(self.show_conflicts)  # kept from an earlier run

    def flush(self) -> None:
        """The timer: send in a thread, unless online with nothing waiting, or one is sending."""
        if not self.store.offline and not self.store.waiting():
            return
        if self.store.offline and not self.told:
            self.told = True
            self.app.notify(OFFLINE, title="Offline", severity="warning", timeout=8)
        if any(w.group == "outbox" and not w.is_finished for w in self.app.workers):
            return
        self.app.run_worker(self._send, thread=True, group="outbox", exit_on_error=False)

    def _send(self) -> None:
        try:
            result = self.store.flush()
        except StoreError as exc:  # the outbox file itself: said, and tried again
            result = Flushed(0, 0, self.store.waiting(), str(exc))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.sent, result)

    def sent(self, result: Flushed) -> None:
        if self.told and not self.store.offline:
            self.told = False
            what = "write" if result.sent == 1 else "writes"
            sent = f" {result.sent} {what} from the outbox sent." if result.sent else ""
            self.app.notify(f"Back online.{sent}", timeout=4)
        self.show_conflicts()
        if self.app.screen_stack:
            self.app.screen_stack[0].post_message(OutboxChanged())

    def show_conflicts(self) -> None:
        """Each conflict not shown yet, once (they stay in the outbox file)."""
        try:
            found = self.store.conflicts(unseen=True)
            for conflict in found:
                self.app.notify(
                    escape(conflict.text),
                    title="Changed while you were offline",
                    severity="warning",
                    timeout=CONFLICT_SECONDS,
                )
            if found:
                self.store.mark_seen([c.id for c in found])
        except StoreError as exc:
            self.app.notify(f"The outbox could not be read: {escape(str(exc))}", severity="error")

"""The dial screen's palette commands that ask something first (`PaletteFlow`): a day to
review, the file an export writes, a CSV to import (checked, summed up, then the rep's go-ahead),
a number to put on the do-not-call list. They do what the command line does, through its code
(`cli.export`, `cli.transfer`, `cli.export_file`), and say what happened in a toast."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

from nextcall.services.session import Session
from nextcall.store.errors import StoreError
from nextcall.ui.markup import escape
from nextcall.ui.screens.confirm import ConfirmPrompt
from nextcall.ui.screens.prompts import TextPrompt

if TYPE_CHECKING:
    from nextcall.io.transfer.importing import Checked
    from nextcall.store import Store

EXPORTS: dict[tuple[str, str], str] = {
    ("calls", "csv"): "calls",
    ("prospects", "csv"): "prospects",
    ("followups", "csv"): "follow-ups",
    ("followups", "ics"): "follow-ups",
}
"""What the palette exports (what, format) -> its name in words."""
SHOWN_PROBLEMS = 8
"""Bad rows an import's summary lists before "and N more"."""


def export_name(what: str, fmt: str, day: date) -> str:
    """The file an export offers to write: in the home folder, named for what and when."""
    return f"~/nextcall-{EXPORTS[(what, fmt)]}-{day.isoformat()}.{fmt}"


def chosen_path(text: str) -> Path:
    """A path typed in a prompt: `~` expanded; a relative one is taken from the home folder
    (the folder the app was started in means nothing here)."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else Path.home() / path


class PaletteFlow(Screen[None]):
    """The dial screen's base for the palette's asking commands (see the module's docstring)."""

    session: Session
    default_region: str

    if TYPE_CHECKING:  # the dial screen's

        def refresh_queue(self) -> None: ...

        def open_review(self, day: date | None = None, week: bool = False) -> None: ...

    # -- a day's review ------------------------------------------------------------------------

    def ask_review_day(self) -> None:
        prompt = TextPrompt("Review a day", "YYYY-MM-DD, e.g. 2026-11-12", hint="enter opens it")
        self.app.push_screen(prompt, self._review_day)

    def _review_day(self, text: str | None) -> None:
        if text is None:
            return
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            self.notify(f"{escape(text)} is not a date like 2026-11-12.", severity="warning")
            return
        if day > self.session.day:
            self.notify("That day has not come yet.", severity="warning")
            return
        self.open_review(day)

    # -- export --------------------------------------------------------------------------------

    def ask_export(self, what: str, fmt: str) -> None:
        name = export_name(what, fmt, self.session.day)
        title = f"Export {EXPORTS[(what, fmt)]} as {'a calendar (ICS)' if fmt == 'ics' else 'CSV'}"
        prompt = TextPrompt(title, "the file to write", value=name, hint="enter writes it")
        self.app.push_screen(prompt, partial(self._export_to, what, fmt))

    def _export_to(self, what: str, fmt: str, text: str | None) -> None:
        from nextcall.cli.export_file import target_problem

        if text is None:
            return
        target = chosen_path(text)
        if target_problem(target, force=True) is None and target.exists():
            ask = ConfirmPrompt(
                "Replace the file?",
                f"{escape(str(target))} exists: the export would take its place.",
                go="replaces it",
                stay="keeps it: nothing is written",
            )
            self.app.push_screen(ask, lambda yes: self._write(what, fmt, target) if yes else None)
            return
        problem = target_problem(target, force=False)
        if problem:
            self.notify(f"Not exported: {escape(problem)}", severity="error", timeout=8)
            return
        self._write(what, fmt, target)

    def _write(self, what: str, fmt: str, target: Path) -> None:
        """Write in a thread (a large history takes seconds); the toast names the file."""
        job = partial(self._export_in_thread, what, fmt, target)
        self.run_worker(job, thread=True, name="export", exit_on_error=False)

    def _export_in_thread(self, what: str, fmt: str, target: Path) -> None:
        """On a reader of its own (a connection belongs to its thread), or, for a store that
        has none, through the store on the app's thread."""
        store, call = self.session.store, self.app.call_from_thread
        try:
            reader = store.reader()
        except StoreError as exc:
            call(self.notify, f"Not exported: {escape(str(exc))}", severity="error", timeout=8)
            return
        if reader is None:
            said = call(self._export_job, store, what, fmt, target, False)
        else:
            said = self._export_job(reader, what, fmt, target, True)
        call(self.notify, said, timeout=6)

    def _export_job(self, store: Store, what: str, fmt: str, target: Path, close: bool) -> str:
        from nextcall.cli.export import export_to
        from nextcall.cli.export_file import write_through_temporary

        clock = self.session.clock
        try:
            count = write_through_temporary(
                target, lambda out: export_to(out, store, clock, what, fmt)
            )
        except (OSError, StoreError) as exc:
            said = getattr(exc, "strerror", None) or exc
            return f"Not exported to {escape(str(target))}: {escape(str(said))}"
        finally:
            if close:
                store.close()
        return f"Wrote {count} {EXPORTS[(what, fmt)]} to {escape(str(target))}."

    # -- import --------------------------------------------------------------------------------

    def ask_import(self) -> None:
        prompt = TextPrompt(
            "Import prospects from a CSV file",
            "e.g. ~/Downloads/hubspot-contacts.csv",
            hint="enter checks it (nothing is written yet)",
        )
        self.app.push_screen(prompt, self._check_import)

    def _check_import(self, text: str | None) -> None:
        """Check the file as `nextcall import --dry-run` does, and show what it would do."""
        from nextcall.cli.transfer import import_report, read_input
        from nextcall.io.transfer.headers import MappingError
        from nextcall.io.transfer.importing import FileProblem, check_file

        if text is None:
            return
        path, s = chosen_path(text), self.session
        try:
            checked = check_file(read_input(str(path)), self.default_region)
            counts = s.store.import_prospects(
                checked.prospects, s.clock.now(), commit=False, lines=checked.lines
            )
        except (OSError, ValueError, StoreError) as exc:
            said = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            kind = (
                "" if isinstance(exc, FileProblem | MappingError | StoreError) else "can't read: "
            )
            self.notify(
                f"Nothing imported: {escape(path.name)}: {kind}{escape(str(said))}",
                severity="error",
                timeout=10,
            )
            return
        problems, summary = import_report(checked, counts, dry_run=True)
        if not checked.prospects:
            self.notify(escape("\n".join([*summary, *problems[:SHOWN_PROBLEMS]])), timeout=10)
            return
        self.app.push_screen(
            ConfirmPrompt(
                f"Import {path.name}?",
                _summary_markup(summary, problems),
                go="imports them" + (" (the rows listed are left out)" if checked.errors else ""),
                stay="cancels: nothing is written",
            ),
            partial(self._import, checked),
        )

    def _import(self, checked: Checked, go: bool | None) -> None:
        from nextcall.cli.transfer import import_report

        if not go:
            self.notify("Nothing was imported.", timeout=3)
            return
        s = self.session
        try:
            counts = s.store.import_prospects(
                checked.prospects, s.clock.now(), commit=True, lines=checked.lines
            )
        except StoreError as exc:
            self.notify(f"Nothing was imported: {escape(str(exc))}", severity="error", timeout=10)
            return
        _, summary = import_report(checked, counts, dry_run=False)
        self.refresh_queue()
        self.notify(escape("\n".join(line.strip() for line in summary)), timeout=8)

    # -- do-not-call ---------------------------------------------------------------------------

    def ask_do_not_call(self) -> None:
        prompt = TextPrompt(
            "Put a number on the do-not-call list",
            "the number, e.g. +1 212 555 0143",
            hint="enter checks it",
        )
        self.app.push_screen(prompt, self._check_dnc)

    def _check_dnc(self, text: str | None) -> None:
        from nextcall.io.phones import InvalidNumber
        from nextcall.services.hand_dial import read_number

        if text is None:
            return
        s = self.session
        try:
            number = read_number(text, self.default_region)
            owner = s.store.prospect_by_phone(number.e164)
            listed = s.store.is_dnc(number.e164)
        except (InvalidNumber, StoreError) as exc:
            self.notify(f"Not listed: {escape(str(exc))}.", severity="warning", timeout=6)
            return
        shown = escape(number.display)
        if listed:
            self.notify(f"{shown} is already on the do-not-call list.", timeout=4)
            return
        whose = f"It is {escape(owner.name)}'s number: " if owner else "No prospect has it yet: "
        body = (
            f"[b]{shown}[/b] goes on the do-not-call list for good.\n"
            f"{whose}it never comes back to the queue, and an import keeps it out."
        )
        ask = ConfirmPrompt("Do-not-call", body, go="lists it", stay="cancels")
        self.app.push_screen(ask, partial(self._list_dnc, number.e164, number.display))

    def _list_dnc(self, e164: str, shown: str, go: bool | None) -> None:
        if not go:
            return
        s = self.session
        try:
            s.store.mark_dnc([e164], s.clock.now(), "added by hand")
        except StoreError as exc:
            self.notify(f"Not listed: {escape(str(exc))}", severity="error", timeout=10)
            return
        self.refresh_queue()
        self.notify(f"{escape(shown)} is on the do-not-call list: never dialed again.")


def _summary_markup(summary: list[str], problems: list[str]) -> str:
    lines = [escape(line.strip()) for line in summary]
    if problems:
        lines += ["", "[b]Left out or worth a look:[/b]"]
        lines += [escape(line.strip()) for line in problems[:SHOWN_PROBLEMS]]
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(f"[dim]and {len(problems) - SHOWN_PROBLEMS} more[/]")
    return "\n".join(lines)

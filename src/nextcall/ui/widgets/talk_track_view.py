"""The rep's talk track on the call screen: the whole file, or one objection's section at once
(`1`-`6`), rendered as Markdown; a line saying how to write one when there is none."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from nextcall.io.talk_track import FILE_NAME, TalkTrack
from nextcall.ui.markup import escape

if TYPE_CHECKING:
    from rich.markdown import Markdown


def missing_hint(path: Path | None) -> str:
    """Where to write a talk track, in one line, and what its sections do (markup)."""
    where = escape(str(path)) if path is not None else f"{FILE_NAME} beside config.toml"
    return (
        f"No talk track yet: write one in Markdown at {where}\n"
        "[dim]Its sections ## timing, ## budget, ## competitor, ## authority, ## need and "
        "## value come up on 1-6 during a call.[/]"
    )


class TalkTrackView(VerticalScroll, can_focus=False):
    """The talk track, scrolled by pgup/pgdn from the call keys (so it never takes focus)."""

    def __init__(self, track: TalkTrack | str | None, path: Path | None) -> None:
        super().__init__(id="talk-track")
        self.track = track
        """The file read as the call started, the one-line reason it can't be shown, or None."""
        self.path = path
        self.section = ""
        """The objection on show ('' = the whole track)."""

    def compose(self) -> ComposeResult:
        yield Static(id="talk-track-text")

    def on_mount(self) -> None:
        self.show_section("")

    def show_section(self, reason: str) -> None:
        """Show one objection's notes (`reason`), or the whole track (''), from the top."""
        self.section = reason
        self.border_title = f"Talk track · {reason}" if reason else "Talk track"
        self.border_subtitle = "1-6 objections · 0 whole · pgup pgdn" if self._has_text else ""
        self.query_one("#talk-track-text", Static).update(self._content(reason))
        self.scroll_home(animate=False)

    @property
    def _has_text(self) -> bool:
        return isinstance(self.track, TalkTrack) and bool(self.track.text.strip())

    def _content(self, reason: str) -> str | Markdown:
        # rich.markdown brings markdown-it (~40 ms to import): loaded by the first call with a
        # talk track, not at start-up.
        from rich.markdown import Markdown

        track, name = self.track, self.path.name if self.path else FILE_NAME
        if track is None:
            return missing_hint(self.path)
        if isinstance(track, str):
            return f"[$warning]{escape(track)}[/]"
        if not track.text.strip():
            return f"[dim]{escape(name)} is empty: write your opener and your answers in it.[/]"
        if not reason:
            return Markdown(track.text, hyperlinks=False)
        section = track.sections.get(reason)
        if section is None:
            return (
                f"[dim]No ## {reason} section in {escape(name)} yet: add one with your answer "
                f"to {reason} objections. 0 shows the whole track.[/]"
            )
        return Markdown(section, hyperlinks=False)

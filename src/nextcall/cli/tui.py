"""The TUI, the command line's default: the app built from the config, store and clock."""

from __future__ import annotations

import argparse
from pathlib import Path

from nextcall import paths
from nextcall.config import Config
from nextcall.domain.clock import Clock
from nextcall.io.talk_track import resolve
from nextcall.store import Store


def talk_track_path(
    args: argparse.Namespace, config: Config, config_path: Path, folder: Path
) -> Path | None:
    """The rep's talk track (config `[calling] talk_track`); the demo's sample in its folder."""
    if args.demo:
        from nextcall.services.demo_talk_track import write_sample

        try:
            return write_sample(folder)
        except OSError:
            return None  # the demo goes on without its sample
    return resolve(config.calling.talk_track, config_path)


def run(
    args: argparse.Namespace,
    config: Config,
    config_path: Path,
    store: Store,
    folder: Path,
    clock: Clock,
) -> int:
    """Run the app until the rep quits; its return code (0 unless it set one)."""
    # Textual is imported here, not at the top: `nextcall stats`, import and export never load
    # it, and they start the faster for it.
    from nextcall.ui.app import NextcallApp

    app = NextcallApp(
        config,
        store,
        clock,
        config_path=None if args.demo else config_path,
        theme_dirs=(paths.user_themes_dir(),),
        backup_dir=None if args.demo else folder / "backups",
        talk_track=talk_track_path(args, config, config_path, folder),
    )
    app.run()
    return app.return_code or 0

"""The TUI, the command line's default: the app built from the config, store and clock."""

from __future__ import annotations

import argparse
from pathlib import Path

from nextcall import paths
from nextcall.config import Config
from nextcall.domain.clock import Clock
from nextcall.store import Store


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
    )
    app.run()
    return app.return_code or 0

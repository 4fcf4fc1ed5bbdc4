"""`nextcall floor`: the team's floor, a read-only screen refreshing every few seconds."""

from __future__ import annotations

import argparse

from nextcall import paths
from nextcall.cli.exits import EXIT_USAGE, fail
from nextcall.cli.team_stats import NEEDS_TEAM
from nextcall.config import Config
from nextcall.domain.clock import Clock
from nextcall.store import Store
from nextcall.store.team_view import TeamView


def run(args: argparse.Namespace, store: Store | TeamView, clock: Clock, config: Config) -> int:
    """Open the floor on the team database until the rep quits; a usage error on one rep's
    own file (it has no team)."""
    if not isinstance(store, TeamView):
        return fail(NEEDS_TEAM.replace("the team's numbers need", "the floor needs"), EXIT_USAGE)
    # Textual is imported here: the other commands never load it.
    from nextcall.ui.floor_app import FloorApp

    app = FloorApp(store, clock, theme=config.theme, theme_dirs=(paths.user_themes_dir(),))
    app.run()
    return app.return_code or 0

"""`nextcall stats --team`: a placeholder until the team's figures land (another helper)."""

from __future__ import annotations

import argparse

from nextcall.domain.clock import Clock
from nextcall.store import Store


def run(args: argparse.Namespace, store: Store, clock: Clock) -> int:
    raise NotImplementedError("nextcall stats --team is not built yet")

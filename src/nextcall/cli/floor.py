"""`nextcall floor`: a placeholder until the floor screen lands (another helper writes it)."""

from __future__ import annotations

import argparse

from nextcall.config import Config
from nextcall.domain.clock import Clock
from nextcall.store import Store


def run(args: argparse.Namespace, store: Store, clock: Clock, config: Config) -> int:
    raise NotImplementedError("nextcall floor is not built yet")

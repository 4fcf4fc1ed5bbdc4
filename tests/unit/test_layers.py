"""The domain, the store and the session never import Textual."""

import subprocess
import sys

BLOCK_TEXTUAL = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError("layering: " + name + " imported from a UI-free layer")
sys.meta_path.insert(0, Block())
import nextcall.domain.clock, nextcall.domain.funnel, nextcall.domain.outcomes
import nextcall.domain.prospects, nextcall.store.repository, nextcall.store.lock
import nextcall.session, nextcall.config, nextcall.stats, nextcall.demo
import nextcall.domain.standing, nextcall.domain.merging, nextcall.phones
import nextcall.transfer.commands
import nextcall.transfer.importing, nextcall.transfer.exporting
import nextcall.domain.plan, nextcall.domain.review, nextcall.domain.block, nextcall.review
import nextcall.charts
import nextcall.domain.ritual, nextcall.recovery, nextcall.alerts, nextcall.softphone
import nextcall.domain.e164
print("ok")
"""


def test_no_textual_below_the_ui() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_TEXTUAL], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


START_UP = """
import sys
import nextcall.__main__, nextcall.app
heavy = sorted(m for m in ("phonenumbers", "icalendar", "hypothesis") if m in sys.modules)
print(",".join(heavy) or "ok")
"""


def test_the_app_starts_without_the_import_libraries() -> None:
    """phonenumbers and icalendar cost ~55 ms to import: only import and export need them."""
    result = subprocess.run(
        [sys.executable, "-c", START_UP], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"

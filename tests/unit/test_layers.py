"""The two layers: nothing outside `nextcall.ui` imports Textual, and nothing in `nextcall.ui`
imports a database driver. Each half is imported in a fresh interpreter with the other side's
modules blocked, so a stray import anywhere in the chain fails the test."""

import ast
import subprocess
import sys
from pathlib import Path

import nextcall

PACKAGE = Path(nextcall.__file__).parent

BLOCKER = """
import sys
BLOCKED = {blocked!r}
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError("layering: " + name + " imported from " + {layer!r})
sys.meta_path.insert(0, Block())
for module in {modules!r}:
    __import__(module)
print("ok")
"""


def modules(inside_ui: bool) -> list[str]:
    """Every module of the package, on one side of the line."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        dotted = ".".join(("nextcall", *path.relative_to(PACKAGE).with_suffix("").parts))
        dotted = dotted.removesuffix(".__init__")
        if (dotted == "nextcall.ui" or dotted.startswith("nextcall.ui.")) == inside_ui:
            names.append(dotted)
    return names


def run_blocked(
    blocked: set[str], layer: str, names: list[str]
) -> subprocess.CompletedProcess[str]:
    code = BLOCKER.format(blocked=blocked, layer=layer, modules=names)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_both_sides_have_modules() -> None:
    """The walk finds the modules (a test that imports nothing could not fail)."""
    assert "nextcall.services.session" in modules(inside_ui=False)
    assert "nextcall.store.sqlite.store" in modules(inside_ui=False)
    assert "nextcall.ui.screens.dial" in modules(inside_ui=True)


def test_no_textual_outside_the_ui() -> None:
    result = run_blocked({"textual"}, "outside nextcall.ui", modules(inside_ui=False))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


DRIVERS = {"sqlite3", "_sqlite3", "psycopg", "psycopg_pool"}


def driver_imports(path: Path) -> list[str]:
    """The database drivers a module imports itself (the store below it may, of course)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in DRIVERS]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DRIVERS:
            found.append(node.module or "")
    return found


def test_no_database_driver_in_the_ui() -> None:
    """The interface reaches storage only through the store's interface and its errors."""
    offenders = {
        str(path.relative_to(PACKAGE)): names
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        if (names := driver_imports(path))
    }
    assert offenders == {}


def test_the_driver_check_can_fail(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("import sqlite3\nfrom psycopg import sql\n")
    assert driver_imports(probe) == ["sqlite3", "psycopg"]


def test_the_blocker_catches_a_stray_import() -> None:
    """The same check fails when a blocked module is imported (the test can fail)."""
    result = run_blocked({"textual"}, "a probe", ["nextcall.ui.app"])
    assert result.returncode != 0
    assert "layering: textual" in result.stderr


START_UP = """
import sys
import nextcall.__main__, nextcall.ui.app
HEAVY = ("phonenumbers", "icalendar", "hypothesis", "markdown_it", "textual.widgets._text_area",
         "psycopg")
heavy = sorted(m for m in HEAVY if m in sys.modules)
print(",".join(heavy) or "ok")
"""


def test_the_app_starts_without_the_import_libraries() -> None:
    """phonenumbers and icalendar cost ~55 ms to import (only import and export need them),
    markdown-it ~40 ms (the first talk track needs it), Textual's TextArea ~15 ms (the call
    screen's note needs it: the screens opened on a key are imported when first opened), psycopg
    ~60 ms (only team mode needs it)."""
    result = subprocess.run(
        [sys.executable, "-c", START_UP], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_screens_a_key_opens_are_named_right() -> None:
    """The app loads them a second after start-up: each name must be a real module."""
    import importlib

    from nextcall.ui.app import SCREENS_ON_A_KEY

    for name in SCREENS_ON_A_KEY:
        assert importlib.import_module(name).__name__ == name

"""The interface's modules import each other without a circle: the screen that owns a flow opens
the next screen and acts on what it returns, so a child never needs its parent. The graph is read
from the source with `ast`, every import counted (under TYPE_CHECKING and inside functions too)."""

from __future__ import annotations

import ast
from pathlib import Path

import nextcall

PACKAGE = Path(nextcall.__file__).parent


def module_name(path: Path) -> str:
    dotted = ".".join(("nextcall", *path.relative_to(PACKAGE).with_suffix("").parts))
    return dotted.removesuffix(".__init__")


def imported(tree: ast.AST, name: str, is_package: bool) -> set[str]:
    """Every module a module's source names in an import statement, wherever it stands."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved from this module's package
                parts = name.split(".")[: len(name.split(".")) - node.level + is_package]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from pkg import mod`
    return found


def ui_graph(files: dict[str, str]) -> dict[str, set[str]]:
    """Module -> the modules of nextcall.ui it imports, for {module name: source}."""
    graph: dict[str, set[str]] = {}
    for name, source in files.items():
        is_package = any(other.startswith(f"{name}.") for other in files)
        targets = imported(ast.parse(source), name, is_package)
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def ui_sources() -> dict[str, str]:
    return {module_name(p): p.read_text() for p in sorted((PACKAGE / "ui").rglob("*.py"))}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles (each strongly connected group of two or more modules, sorted)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_imports() -> None:
    """The walk finds real edges (a graph with none could not have a circle)."""
    graph = ui_graph(ui_sources())
    assert "nextcall.ui.screens.dial" in graph["nextcall.ui.app"]
    # imported inside a function (kept off start-up): still an edge
    assert "nextcall.ui.screens.ritual_screen" in graph["nextcall.ui.screens.recovery_flow"]
    assert "nextcall.ui.screens.review_markup" in graph["nextcall.ui.screens.review"]


def test_no_circle_between_the_ui_modules() -> None:
    assert cycles(ui_graph(ui_sources())) == []


def test_only_the_app_opens_the_dial_screen() -> None:
    """The dial screen owns the flows: the screens it opens report back through `dismiss`, the
    palette through a message, so none of them imports it."""
    graph = ui_graph(ui_sources())
    assert {m for m, targets in graph.items() if "nextcall.ui.screens.dial" in targets} == {
        "nextcall.ui.app"
    }


def test_a_circle_is_found() -> None:
    """The check fails on a circle, however it is hidden (TYPE_CHECKING, a function's import)."""
    files = {
        "nextcall.ui": "",
        "nextcall.ui.a": "from nextcall.ui.b import B\n",
        "nextcall.ui.b": "if TYPE_CHECKING:\n    from nextcall.ui import c\n",
        "nextcall.ui.c": "def f():\n    from .a import A\n",
        "nextcall.ui.d": "import nextcall.ui.a\n",
    }
    assert cycles(ui_graph(files)) == [["nextcall.ui.a", "nextcall.ui.b", "nextcall.ui.c"]]

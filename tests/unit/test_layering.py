"""The layering of vdesk (STYLE: Qt only under vdesk/qt/; cli and qt never import each other;
no import circle between the top-level packages), checked two ways:

- by importing every core module in a fresh interpreter and looking for PySide6;
- by reading every file under vdesk/ (``ast``: relative imports, imports inside functions and
  under ``TYPE_CHECKING`` count too) into a graph of the top-level packages.

The checker is tested on small synthetic trees, so a checker that sees nothing fails too.
"""

from __future__ import annotations

import ast
import itertools
import os
import pkgutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The two front ends. The command line is ``vdesk.cli`` (a module or a package) together with
#: its helper modules ``vdesk.cli_*`` (``cli_export``, ``cli_notes``) while they exist.
CLI, QT = "vdesk.cli", "vdesk.qt"
#: Dispatch only: may start either front end, and is no layer of its own.
DISPATCH = "vdesk.__main__"


# --- the checker -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Edge:
    """One import statement: module ``importer`` (in ``path`` at ``line``) imports ``imported``."""

    importer: str
    imported: str
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line} ({self.importer} imports {self.imported})"


def modules_under(root: Path, package: str = "vdesk") -> dict[str, Path]:
    """Every module of ``package`` under ``root``, by dotted name (packages by their name)."""
    found: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if "__pycache__" in parts:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module name ``from ... import`` reads from."""
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base.pop()
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_in_tree(root: Path, package: str = "vdesk") -> list[Edge]:
    """Every import of a module of ``package`` by a module of ``package``.

    ``from X import Y`` imports ``X.Y`` when that is a module of the tree, else ``X``.
    """
    modules = modules_under(root, package)
    edges: list[Edge] = []
    for name, path in modules.items():
        tree = ast.parse(path.read_bytes(), filename=str(path))
        is_package = path.name == "__init__.py"
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(name, is_package, node)
                targets = [
                    f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                    for alias in node.names
                ]
            for target in dict.fromkeys(targets):
                if target == package or target.startswith(package + "."):
                    edges.append(Edge(name, target, rel, node.lineno))
    return edges


def layer_of(module: str, package: str = "vdesk") -> str | None:
    """The top-level package or module of ``package`` that ``module`` belongs to.

    None for the package itself and for the dispatch module, which belong to no layer.
    """
    parts = module.split(".")
    if parts[0] != package or len(parts) == 1 or module == DISPATCH:
        return None
    top = parts[1]
    if top == "cli" or top.startswith("cli_"):
        return CLI
    return f"{package}.{top}"


def layers(root: Path, package: str = "vdesk") -> set[str]:
    return {layer for layer in map(layer_of, modules_under(root, package)) if layer is not None}


def layer_graph(edges: list[Edge]) -> dict[str, dict[str, list[Edge]]]:
    """layer -> layer it imports -> the import statements that make that arrow."""
    graph: dict[str, dict[str, list[Edge]]] = defaultdict(lambda: defaultdict(list))
    for edge in edges:
        src, dst = layer_of(edge.importer), layer_of(edge.imported)
        if src is not None and dst is not None and src != dst:
            graph[src][dst].append(edge)
    return graph


def front_end_crossings(edges: list[Edge]) -> list[Edge]:
    """Imports from the command line into the Qt layer or back."""
    crossings = []
    for edge in edges:
        pair = {layer_of(edge.importer), layer_of(edge.imported)}
        if pair == {CLI, QT}:
            crossings.append(edge)
    return crossings


def _strongly_connected(graph: dict[str, dict[str, list[Edge]]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of layers that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, {})):
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
            groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(g for g in groups if len(g) > 1)


def _cycle_through(
    start: str, group: list[str], graph: dict[str, dict[str, list[Edge]]]
) -> list[str]:
    """A shortest circle from ``start`` back to itself inside ``group`` (breadth-first)."""
    members = set(group)
    paths = {nxt: [start, nxt] for nxt in sorted(graph[start]) if nxt in members}
    queue = list(paths)
    while queue:
        node = queue.pop(0)
        if node == start:
            return paths[node]
        for nxt in sorted(graph.get(node, {})):
            if nxt in members and nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(f"no circle through {start} in {group}")  # not a strong component


def import_cycles(edges: list[Edge]) -> list[list[str]]:
    """One circle per group of layers that import each other, e.g. ``[a, b, a]``."""
    graph = layer_graph(edges)
    return [_cycle_through(group[0], group, graph) for group in _strongly_connected(graph)]


def describe_cycle(cycle: list[str], edges: list[Edge]) -> str:
    """The circle and, for each of its arrows, the import statements that make it."""
    graph = layer_graph(edges)
    lines = [" -> ".join(cycle)]
    for src, dst in itertools.pairwise(cycle):
        lines += [f"    {src} -> {dst}: {edge}" for edge in graph[src][dst]]
    return "\n".join(lines)


def core_modules(root: Path = ROOT, package: str = "vdesk") -> list[str]:
    """Every module of the core: all of ``package`` but the Qt layer and the dispatch module."""
    names: list[str] = []

    def walk(path: str, prefix: str) -> None:
        for info in pkgutil.iter_modules([path], prefix):
            if info.name in (QT, DISPATCH):
                continue
            names.append(info.name)
            if info.ispkg:
                walk(os.path.join(path, info.name.rpartition(".")[2]), info.name + ".")

    walk(str(root / package), package + ".")
    return sorted(names)


# --- the core does not import Qt ------------------------------------------------------------


def test_core_does_not_import_qt() -> None:
    code = (
        "import sys\n"
        "import vdesk.corpus.build, vdesk.corpus.resolver, vdesk.store.corpus_db\n"
        "import vdesk.search.searcher, vdesk.cli.main, vdesk.desk\n"
        "import importlib.util\n"
        "for name in ('vdesk.notes', 'vdesk.export', 'vdesk.store.user_db'):\n"
        "    if importlib.util.find_spec(name):\n"
        "        __import__(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_core_module_imports_without_qt() -> None:
    names = core_modules()
    # the walk reaches into sub-packages and stops at the Qt layer
    assert {"vdesk.corpus.build", "vdesk.store.corpus_db", "vdesk.search.searcher"} <= set(names)
    assert {"vdesk.data_files", "vdesk.paths"} <= set(names)
    assert not [n for n in names if n in (QT, DISPATCH) or n.startswith(QT + ".")]
    code = (
        "import importlib, sys\n"
        f"names = {names!r}\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(len([n for n in names if n in sys.modules]))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.splitlines() == [str(len(names)), "[]"]


# --- the checker on synthetic trees ---------------------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_checker_reports_a_cycle_and_a_cli_to_qt_import(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "vdesk/__init__.py": "",
            "vdesk/__main__.py": "from vdesk.cli import main\nfrom vdesk.qt.app import run\n",
            "vdesk/paths.py": "",
            "vdesk/corpus/__init__.py": "",
            "vdesk/corpus/fingerprint.py": "from ..search.schema import VERSION\n",
            "vdesk/search/__init__.py": "",
            "vdesk/search/schema.py": "VERSION = 1\n",
            "vdesk/search/searcher.py": "def f():\n    from vdesk.corpus import fingerprint\n",
            "vdesk/cli.py": "from . import paths\n\ndef gui():\n    from .qt.app import run\n",
            "vdesk/qt/__init__.py": "",
            "vdesk/qt/app.py": "from .. import paths\n",
        },
    )
    edges = imports_in_tree(root)
    assert layers(root) == {"vdesk.cli", "vdesk.corpus", "vdesk.paths", "vdesk.qt", "vdesk.search"}
    assert [str(e) for e in front_end_crossings(edges)] == [
        "vdesk/cli.py:4 (vdesk.cli imports vdesk.qt.app)"
    ]
    cycles = import_cycles(edges)
    assert cycles == [["vdesk.corpus", "vdesk.search", "vdesk.corpus"]]
    assert describe_cycle(cycles[0], edges) == (
        "vdesk.corpus -> vdesk.search -> vdesk.corpus\n"
        "    vdesk.corpus -> vdesk.search: vdesk/corpus/fingerprint.py:1"
        " (vdesk.corpus.fingerprint imports vdesk.search.schema)\n"
        "    vdesk.search -> vdesk.corpus: vdesk/search/searcher.py:2"
        " (vdesk.search.searcher imports vdesk.corpus.fingerprint)"
    )


def test_checker_sees_qt_to_cli_helpers_longer_circles_and_package_cli(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "vdesk/__init__.py": "",
            "vdesk/cli/__init__.py": "",
            "vdesk/cli/export.py": "import vdesk.desk\n",
            "vdesk/cli_notes.py": "",
            "vdesk/desk/__init__.py": "from vdesk import store\n",
            "vdesk/store/__init__.py": "",
            "vdesk/store/db.py": "from ..domain.values import Row\n",
            "vdesk/domain/__init__.py": "",
            "vdesk/domain/values.py": "from vdesk.desk import use_cases\nRow = 1\n",
            "vdesk/qt/__init__.py": "",
            "vdesk/qt/exporting.py": "from ..cli.export import run\nfrom vdesk import cli_notes\n",
        },
    )
    edges = imports_in_tree(root)
    assert layers(root) == {"vdesk.cli", "vdesk.desk", "vdesk.domain", "vdesk.qt", "vdesk.store"}
    assert [str(e) for e in front_end_crossings(edges)] == [
        "vdesk/qt/exporting.py:1 (vdesk.qt.exporting imports vdesk.cli.export)",
        "vdesk/qt/exporting.py:2 (vdesk.qt.exporting imports vdesk.cli_notes)",
    ]
    assert import_cycles(edges) == [["vdesk.desk", "vdesk.store", "vdesk.domain", "vdesk.desk"]]


def test_checker_finds_nothing_in_a_clean_tree(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "vdesk/__init__.py": "",
            "vdesk/__main__.py": "from .cli import main\nfrom .qt import app\n",
            "vdesk/domain.py": "",
            "vdesk/desk/__init__.py": "from ..domain import Row\nfrom vdesk import __version__\n",
            "vdesk/cli/__init__.py": "from ..desk import Desk\n",
            "vdesk/qt/__init__.py": "from vdesk.desk import Desk\nimport PySide6\n",
        },
    )
    edges = imports_in_tree(root)
    assert len(layer_graph(edges)) == 3  # desk, cli and qt import something of the tree
    assert front_end_crossings(edges) == []
    assert import_cycles(edges) == []


def test_checker_walks_the_real_tree() -> None:
    found = layers(ROOT)
    assert {"vdesk.corpus", "vdesk.search", "vdesk.store", "vdesk.cli", "vdesk.qt"} <= found
    assert DISPATCH not in found and "vdesk" not in found
    graph = layer_graph(imports_in_tree(ROOT))
    assert "vdesk.corpus" in graph["vdesk.cli"]  # the command line resolves citations


# --- the real tree --------------------------------------------------------------------------


def test_cli_and_qt_never_import_each_other() -> None:
    crossings = front_end_crossings(imports_in_tree(ROOT))
    assert not crossings, "the command line and the Qt layer import each other:\n" + "\n".join(
        f"    {edge}" for edge in crossings
    )


def test_top_level_packages_have_no_import_circle() -> None:
    edges = imports_in_tree(ROOT)
    cycles = import_cycles(edges)
    assert not cycles, "import circles between the top-level packages of vdesk:\n" + "\n".join(
        describe_cycle(cycle, edges) for cycle in cycles
    )

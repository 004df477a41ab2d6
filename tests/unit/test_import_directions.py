"""Import directions (STYLE): domain <- documents <- corpus, store, search.

Read from the source with ``ast``, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

VDESK = Path(__file__).resolve().parents[2] / "vdesk"


def imports_of(package: str) -> dict[str, set[str]]:
    """Per module of ``vdesk.<package>``: the absolute names of what it imports."""
    out: dict[str, set[str]] = {}
    for path in sorted((VDESK / package).rglob("*.py")):
        parts = ["vdesk", *path.relative_to(VDESK).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        # relative imports start from the module's package (a package: itself)
        here = parts if path.name == "__init__.py" else parts[:-1]
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                module = ".".join([*base, *([node.module] if node.module else [])])
                names.add(module)
        out[".".join(parts)] = names
    return out


def _vdesk_packages(names: set[str]) -> set[str]:
    return {".".join(n.split(".")[:2]) for n in names if n.startswith("vdesk.")}


@pytest.mark.parametrize(
    ("package", "allowed"),
    [
        ("domain", {"vdesk.domain"}),
        # vdesk.data_files: where the shipped source texts are (standard library only)
        ("documents", {"vdesk.domain", "vdesk.documents", "vdesk.data_files"}),
        ("search", {"vdesk.domain", "vdesk.documents", "vdesk.data_files", "vdesk.search"}),
    ],
)
def test_lower_layers_import_only_what_is_below_them(package: str, allowed: set[str]) -> None:
    wrong = {
        module: sorted(_vdesk_packages(names) - allowed)
        for module, names in imports_of(package).items()
        if _vdesk_packages(names) - allowed
    }
    assert wrong == {}


@pytest.mark.parametrize("package", ["domain", "documents"])
def test_domain_and_documents_need_only_the_standard_library(package: str) -> None:
    third_party = {
        module: sorted(
            n
            for n in names
            if not n.startswith("vdesk")
            and n.split(".")[0] not in sys.stdlib_module_names
            and n != "__future__"
        )
        for module, names in imports_of(package).items()
    }
    assert {m: n for m, n in third_party.items() if n} == {}


def test_the_corpus_and_the_search_do_not_import_each_other_both_ways() -> None:
    search_imports = set().union(*imports_of("search").values())
    assert not any(n.startswith("vdesk.corpus") for n in search_imports)
    corpus_imports = set().union(*imports_of("corpus").values())
    # the builder writes the index: the one direction there is
    assert sorted(n for n in corpus_imports if n.startswith("vdesk.search")) == [
        "vdesk.search.indexer",
        "vdesk.search.schema",
    ]


def test_relative_imports_are_read_as_absolute_names() -> None:
    found = imports_of("corpus")
    assert "vdesk.documents" in found["vdesk.corpus.build"]
    assert "vdesk.search.indexer" in found["vdesk.corpus.build"]
    assert "vdesk.domain.kinds" in found["vdesk.corpus.build"]

"""``python -m vdesk``: a command runs the CLI, none opens the desktop app; the CLI and
the desktop app never import each other."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from vdesk.__main__ import _wants_gui

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (True, None)),
        (["--basedir", "/x"], (True, "/x")),
        (["--basedir=/x"], (True, "/x")),
        (["docs"], (False, None)),
        (["--basedir", "/x", "show", "VD 7"], (False, "/x")),
        (["--version"], (False, None)),
        (["-h"], (False, None)),
    ],
)
def test_only_no_command_opens_the_desktop_app(
    argv: list[str], expected: tuple[bool, str | None]
) -> None:
    assert _wants_gui(argv) == expected


def _imports(package: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "vdesk" / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parts = path.relative_to(ROOT).with_suffix("").parts
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against the module's package
                    base = ".".join(parts[: len(parts) - node.level])
                    found.add(f"{base}.{node.module}" if node.module else base)
                elif node.module:
                    found.add(node.module)
    return found


def test_cli_and_qt_never_import_each_other() -> None:
    assert not {m for m in _imports("cli") if m == "vdesk.qt" or m.startswith("vdesk.qt.")}
    assert not {m for m in _imports("qt") if m == "vdesk.cli" or m.startswith("vdesk.cli.")}
    assert not {
        m for m in _imports("desk") if m.split(".")[:2] in (["vdesk", "qt"], ["vdesk", "cli"])
    }


def test_the_cli_runs_without_qt() -> None:
    code = (
        "import sys\n"
        "from vdesk.cli.main import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'vdesk.qt'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"

"""The core packages never import Qt (STYLE: Qt only under vdesk/qt/)."""

from __future__ import annotations

import subprocess
import sys


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

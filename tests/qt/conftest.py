"""Qt tests run on the real corpus, built once per test run (fixtures in tests/conftest.py)."""

from __future__ import annotations

import pytest

# CorpusRepo._xrefs calls Result.tuples(), deprecated in SQLAlchemy 2.1; the store
# module owns that call. Remove this exception once it is gone.
XREFS_TUPLES_WARNING = pytest.mark.filterwarnings(
    "ignore:The Result.tuples\\(\\) method is deprecated:DeprecationWarning"
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/qt/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(XREFS_TUPLES_WARNING)


@pytest.fixture(autouse=True)
def _clear_clipboard(qapp):
    """The offscreen platform crashes at exit if the clipboard still holds our QMimeData."""
    yield
    qapp.clipboard().clear()

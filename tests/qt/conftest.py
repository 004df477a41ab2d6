"""Qt tests run on the real corpus, built once per test run (fixtures in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _clear_clipboard(qapp):
    """The offscreen platform crashes at exit if the clipboard still holds our QMimeData."""
    yield
    qapp.clipboard().clear()

"""PySide6 6.12 drops a reference to None on every void call under CPython 3.11;
importing vdesk.qt keeps None (and True/False) alive, so a long session cannot abort."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer

import vdesk.qt  # noqa: F401  (the work-around runs on import)


def test_many_void_calls_do_not_deallocate_none(qapp) -> None:
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(50_000):  # more than None's natural reference count
        timer.setInterval(5)
    assert timer.interval() == 5
    assert sys.getrefcount(None) > 1_000_000
    assert before - sys.getrefcount(None) <= 50_000

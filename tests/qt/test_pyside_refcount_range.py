"""The None/True/False work-around of vdesk.qt applies to PySide6 6.12.x on CPython 3.11 only."""

from __future__ import annotations

import sys

import PySide6
import pytest

import vdesk.qt
from vdesk.qt import refcount_workaround_needed


@pytest.mark.parametrize(
    ("pyside", "python", "implementation", "needed"),
    [
        ((6, 12, 0), (3, 11), "cpython", True),  # measured: leaks
        ((6, 12, 3), (3, 11), "cpython", True),
        ((6, 11, 3), (3, 11), "cpython", False),  # measured: no leak
        ((6, 11, 0), (3, 11), "cpython", False),  # measured
        ((6, 10, 3), (3, 11), "cpython", False),  # measured
        ((6, 7, 0), (3, 11), "cpython", False),  # measured
        ((6, 13, 0), (3, 11), "cpython", False),  # not measured: not assumed
        ((6, 12, 0), (3, 12), "cpython", False),  # None is immortal from 3.12 on
        ((6, 12, 0), (3, 13), "cpython", False),
        ((6, 12, 0), (3, 11), "pypy", False),
    ],
)
def test_workaround_range(
    pyside: tuple[int, ...], python: tuple[int, ...], implementation: str, needed: bool
) -> None:
    assert refcount_workaround_needed(pyside, python, implementation) is needed


def test_workaround_is_active_exactly_when_this_environment_is_in_the_range() -> None:
    pyside = tuple(p for p in PySide6.__version_info__ if isinstance(p, int))
    expected = refcount_workaround_needed(
        pyside, sys.version_info[:2], sys.implementation.name
    ) and not hasattr(sys, "gettotalrefcount")
    assert vdesk.qt.REFCOUNT_WORKAROUND_ACTIVE is expected
    assert (sys.getrefcount(None) > 1 << 40) is expected


def test_this_environment_is_one_that_needs_it() -> None:
    # the installed PySide6-Essentials 6.12.0 on CPython 3.11 (the measurement above)
    if PySide6.__version_info__[:2] != (6, 12) or sys.version_info >= (3, 12):
        pytest.fail(
            f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]}: measure whether "
            "it drops references to None (vdesk/qt/__init__.py) and update this test"
        )
    assert vdesk.qt.REFCOUNT_WORKAROUND_ACTIVE is True

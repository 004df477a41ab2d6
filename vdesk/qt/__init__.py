"""Everything PySide6. Importing this package first keeps ``None``, ``True`` and
``False`` alive where the installed PySide6 needs it (below).

PySide6 6.12 on CPython before 3.12 returns ``None`` from void methods
(``QTimer.setInterval``, ``QTextCursor.setPosition`` …) and from Python ``data()``
overrides without taking a reference, as if it were immortal (it is from 3.12 on,
PEP 683). Each such call drops one reference, and after a few thousand Python aborts
with "none_dealloc: deallocating None"; a long benchmark also ended in "bool_dealloc".

Which versions: on CPython 3.11.7, 2,000 calls of ``QTimer.setInterval`` took 2,000
references from ``None`` under PySide6-Essentials 6.12.0 (the only 6.12 release so far)
and none under 6.11.3, 6.11.0, 6.10.3 and 6.7.0 (the oldest release pyproject.toml
allows). So the work-around applies to PySide6 6.12.x on CPython 3.11 (release builds)
and nowhere else: :func:`refcount_workaround_needed`. When a PySide6 6.13 comes out,
measure again (tests/qt/test_pyside_none.py) before widening the range.
"""

from __future__ import annotations

import sys

import PySide6

#: The PySide6 releases that drop references to None, as ``[first, end)`` of (major, minor).
LEAKING_PYSIDE = ((6, 12), (6, 13))


def refcount_workaround_needed(
    pyside: tuple[int, ...], python: tuple[int, ...], implementation: str = "cpython"
) -> bool:
    """Whether PySide6 ``pyside`` on Python ``python`` (version tuples) needs the work-around."""
    first, end = LEAKING_PYSIDE
    return implementation == "cpython" and python[:2] < (3, 12) and first <= pyside[:2] < end


def _keep_none_alive() -> bool:
    """Give the singletons a huge reference count, as 3.12 does, so that the drops are
    harmless. Returns whether it did."""
    pyside = tuple(part for part in PySide6.__version_info__ if isinstance(part, int))
    if not refcount_workaround_needed(pyside, sys.version_info[:2], sys.implementation.name):
        return False
    if hasattr(sys, "gettotalrefcount"):  # a debug build lays PyObject out differently
        return False
    import ctypes

    for singleton in (None, True, False, NotImplemented, Ellipsis):
        # ob_refcnt is the first field of every PyObject in a release build
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < 1 << 40:
            refcount.value += 1 << 48
    return True


#: Whether importing this package applied the work-around.
REFCOUNT_WORKAROUND_ACTIVE = _keep_none_alive()


def check_imports_for_pyside_cheaply() -> bool:
    """Make PySide6's check of every module imported after it cheap; True if installed.

    For its ``from __feature__ import ...`` switches, PySide6 6.x asks of each newly
    imported module whether its source mentions "PySide6", through
    ``inspect.getsource``: that looks the module up among all loaded ones and keeps
    the whole source in ``linecache`` for the rest of the run. Over the ~400
    modules the app imports after Qt that cost ~70 ms of the start and ~20 MiB
    (measured by benchmarks/bench_startup.py and bench_memory.py). The same test
    on the file's bytes gives the same answer without keeping anything. Where the
    hook is not there (another PySide6), nothing changes.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False

    def uses_pyside(module: object) -> bool:
        origin = getattr(getattr(module, "__spec__", None), "origin", None)
        if not isinstance(origin, str) or not origin.endswith(".py"):
            return False  # built in, compiled or without a source file: as inspect says
        try:
            with open(origin, "rb") as f:
                return b"PySide6" in f.read()
        except OSError:
            return False

    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True


#: Whether importing this package made PySide6's per-module check cheap.
CHEAP_PYSIDE_IMPORT_CHECK = check_imports_for_pyside_cheaply()

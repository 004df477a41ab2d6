"""Everything PySide6. Importing this package first keeps ``None``, ``True`` and
``False`` alive (below)."""

from __future__ import annotations

import sys


def _keep_none_alive() -> None:
    """Work around PySide6 6.12 on CPython before 3.12.

    Its bindings return ``None`` from void methods (``QTimer.setInterval``,
    ``QTextCursor.setPosition`` …) and from Python ``data()`` overrides without
    taking a reference, as if it were immortal (it is from 3.12 on). Each such call
    drops one reference, and after a few thousand Python aborts with "none_dealloc:
    deallocating None"; a long benchmark also ended in "bool_dealloc". Giving these
    singletons a huge reference count, as 3.12 does, makes those drops harmless.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    if hasattr(sys, "gettotalrefcount"):  # a debug build lays PyObject out differently
        return
    import ctypes

    for singleton in (None, True, False, NotImplemented, Ellipsis):
        # ob_refcnt is the first field of every PyObject in a release build
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < 1 << 40:
            refcount.value += 1 << 48


_keep_none_alive()

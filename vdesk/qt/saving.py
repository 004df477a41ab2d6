"""The one translation of a failed write into words for the user.

Every write the window makes (a save from a dialog, an undo, a redo, a delete, an
import, a colour meaning) catches :func:`write_errors` and shows
:func:`explanation` (in a message box) or :func:`inline_problem` (under a dialog's
fields, which stay as typed): the environment's faults (a database another program
has locked, a full disk, a read-only file) and refusals (a value the store rejects,
an item deleted elsewhere, an undo that would overwrite someone else's change) never
reach Qt's event loop as a traceback. Anything else is our bug: an undo step logs
it and says so (an exception escaping a QUndoCommand would take the app down).
"""

from __future__ import annotations

import errno


def write_errors() -> tuple[type[BaseException], ...]:
    """What a write to the notes store may fail with (imported when first needed:
    SQLAlchemy is not loaded at start-up)."""
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    from ..store.user_db import UserDbError

    return (SQLAlchemyError, sqlite3.Error, OSError, UserDbError, ValueError, KeyError)


def _environment(exc: BaseException) -> bool:
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    from ..store.user_db import UserDbError

    return isinstance(exc, SQLAlchemyError | sqlite3.Error | OSError | UserDbError)


def cause(exc: BaseException) -> str:
    """The driver's own words (``database is locked``), not SQLAlchemy's wrapping."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, OSError) and orig.strerror:
        return orig.strerror
    return str(orig)


def why(exc: BaseException) -> str:
    """What stopped the write and what to do, in one sentence."""
    text = cause(exc).lower()
    orig = getattr(exc, "orig", None) or exc
    if "locked" in text or "busy" in text:
        return (
            "another program is writing to your notes (the database is locked): close it "
            "or wait a moment, then save again"
        )
    if (isinstance(orig, OSError) and orig.errno == errno.ENOSPC) or "full" in text:
        return "the disk is full: free some space, then save again"
    if (
        "readonly" in text
        or "read-only" in text
        or (isinstance(orig, OSError) and orig.errno in (errno.EACCES, errno.EPERM, errno.EROFS))
    ):
        return "your notes cannot be written (the file or its folder is read-only)"
    return f"the notes database could not be written ({cause(exc)})"


def explanation(doing: str, exc: BaseException) -> str:
    """What the user reads in a message box when a write failed: what, why, what to do."""
    from ..desk.errors import DeskError

    if _environment(exc):
        return (
            f"{doing} failed: the notes database could not be written ({cause(exc)}).\n\n"
            "If another program has your notes open, close it; if the disk is full, free "
            "some space; then try again. Your notes are as they were before."
        )
    if isinstance(exc, DeskError):
        return str(exc)
    if isinstance(exc, KeyError):
        return f"{doing} failed: the note no longer exists (it was deleted elsewhere)."
    if isinstance(exc, ValueError):
        return f"{doing} failed: {exc}. Nothing was changed."
    return f"{doing} failed because of an error in vdesk (logged)."


def inline_problem(exc: BaseException) -> str:
    """What a dialog shows under its fields when saving failed (the text stays)."""
    if _environment(exc):
        return f"Not saved: {why(exc)}. Your text is still here."
    if isinstance(exc, KeyError):
        return (
            "Not saved: this note was deleted elsewhere (by another program or an import). "
            "Copy your text if you want to keep it."
        )
    if isinstance(exc, ValueError):
        return f"Not saved: {exc}."
    return "Not saved because of an error in vdesk (logged). Your text is still here."

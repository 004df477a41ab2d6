"""Undo and redo of the user's own work: QUndoCommands over the desk's use cases.

Every command writes through :class:`~vdesk.desk.Desk` at once (nothing waits for
a save), so the window keeps the command line's rules. A command's first ``redo``
is the user's action; it records what the write replaced (read with its version,
never the possibly stale value a view showed) and the version of each item the
write produced. Undo and redo then go through :meth:`Desk.revert`, which writes
only if every item is still at that version — checked in the write's own
transaction — so a change another program, an import or a sync saved meanwhile is
never overwritten: the desk's ``ChangedSince`` says what changed instead. Undo
restores the exact earlier value (same id, timestamps, anchor and tags); redo of
an add restores the very note the first ``redo`` made, so ids stay stable.

:class:`Guarded` runs a command as one user action of the change hub and turns a
refused or failed write into a message: the command then leaves the stack (see
its docstring for why).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

if TYPE_CHECKING:  # the desk pulls in SQLAlchemy: not at start-up
    from vdesk.domain.notes import Anchor, Annotation, NationalNote

    from ..desk import Desk
    from ..desk.undoing import Step
    from .services import ChangeHub

ANNOTATION, NATIONAL_NOTE = "annotation", "national_note"  # the store's kinds

log = logging.getLogger(__name__)


class Guarded(QUndoCommand):
    """Runs ``inner`` (one of the commands below), each time as one user action of
    the change hub (initiator ``initiator`` the first time, then "undo" / "redo").

    When the write fails (:func:`~vdesk.qt.saving.write_errors`: the database
    locked, the disk full, the item changed or deleted elsewhere) nothing was
    written, ``error`` holds why and the command leaves the stack. The first
    time, the caller explains (a dialog keeps the text and says why under it);
    after an undo or redo, ``explain(message)`` is called once the stack is back
    at rest. Leaving the stack rather than staying: a refused step can never run
    again (an item's versions only grow, so it will never again be at the version
    the step expects), and a step that stayed would sit in the history claiming
    to be undoable; the next Ctrl+Z goes on to the step before it, which is
    checked the same way.
    """

    def __init__(
        self,
        inner: QUndoCommand,
        hub: ChangeHub,
        explain: Callable[[str], None],
        initiator: object | None = None,
    ) -> None:
        super().__init__(inner.text())
        self.inner = inner
        self.error: BaseException | None = None
        self._hub = hub
        self._explain = explain
        self._initiator = initiator
        self._first = True

    def _run(self, step: Callable[[], None], doing: str, initiator: object | None) -> None:
        from .saving import explanation, write_errors

        try:
            with self._hub.action(doing, initiator):
                step()
        except write_errors() as exc:
            self._failed(exc, explanation(doing, exc), initiator)
        except Exception as exc:  # our bug: logged; an exception escaping here crashes Qt
            log.exception("%s failed", doing)
            self._failed(exc, f"{doing} failed because of an error in vdesk (logged).", initiator)

    def _failed(self, exc: BaseException, message: str, initiator: object | None) -> None:
        self.error = exc
        self.setObsolete(True)
        if initiator in ("undo", "redo"):
            QTimer.singleShot(0, lambda: self._explain(message))

    def redo(self) -> None:
        first, self._first = self._first, False
        self._run(self.inner.redo, self.text(), self._initiator if first else "redo")

    def undo(self) -> None:
        self._run(self.inner.undo, f"Undo {self.text()[:1].lower()}{self.text()[1:]}", "undo")


def push(
    stack: QUndoStack,
    hub: ChangeHub,
    inner: QUndoCommand,
    explain: Callable[[str], None],
    initiator: object | None = None,
) -> BaseException | None:
    """Run ``inner`` now as one user action and push it (as :class:`Guarded`);
    returns why the write failed (then nothing changed and nothing can be undone),
    or None."""
    guard = Guarded(inner, hub, explain, initiator)
    stack.push(guard)
    return guard.error


#: Per desk: (kind, id) -> the version this window's own last write (an edit, an
#: undo or a redo) left the item at. A step is undone only if the item is still
#: there, so nothing anyone else wrote is lost; and an earlier step on the same
#: item only if every later one began where the one before it ended.
_LEDGERS: weakref.WeakKeyDictionary[Desk, dict[tuple[str, str], int]] = weakref.WeakKeyDictionary()


class Versioned(QUndoCommand):
    """A command whose first ``redo`` calls :meth:`do` (the user's write, which sets
    the two steps and the versions it found and left); later undo and redo revert
    through the desk, guarded by versions (see ``_LEDGERS``)."""

    def __init__(self, desk: Desk, text: str) -> None:
        super().__init__(text)
        self._desk = desk
        self._ledger = _LEDGERS.setdefault(desk, {})
        self._last: dict[tuple[str, str], int] | None = None  # what this command left
        self._chained: set[tuple[str, str]] = set()
        self._undo_step: Step | None = None
        self._redo_step: Step | None = None

    def do(self) -> None:
        raise NotImplementedError

    def _done(
        self,
        undo: Step,
        redo: Step,
        kind: str,
        before: dict[str, int | None],
        after: dict[str, int | None],
    ) -> None:
        """Record the steps and, per item, the version before and after the user's
        write (None: unknown; the undo of such an item is refused)."""
        self._undo_step, self._redo_step = undo, redo
        self._last = {}
        for item_id, version in after.items():
            key = (kind, item_id)
            if version is None:
                self._ledger.pop(key, None)
                continue
            if before.get(item_id) is not None and self._ledger.get(key) == before[item_id]:
                self._chained.add(key)  # it began where this window's last write ended
            self._last[key] = self._ledger[key] = version

    def _revert(self, step: Step | None, doing: str) -> None:
        assert step is not None and self._last is not None
        expect = {key: self._ledger.get(key, v) for key, v in self._last.items()}
        self._desk.revert(step, expect, doing=doing)
        for key, v in expect.items():  # every write counts one
            self._last[key] = v + 1
            if doing == "redo" or key in self._chained:
                self._ledger[key] = v + 1
            else:  # the state before this step is not this window's: stop there
                self._ledger.pop(key, None)

    def redo(self) -> None:
        if self._last is None:
            self.do()
        else:
            self._revert(self._redo_step, "redo")

    def undo(self) -> None:
        self._revert(self._undo_step, "undo")


def _next(version: int | None) -> int | None:
    return None if version is None else version + 1


class AddAnnotationCommand(Versioned):
    def __init__(self, desk: Desk, anchor: Anchor, **fields: Any) -> None:
        super().__init__(desk, "Add annotation")
        self._anchor = anchor
        self._fields = fields
        self.value: Annotation | None = None

    def do(self) -> None:
        from ..desk.undoing import Step

        self.value, _ = self._desk.annotate(self._anchor, **self._fields)
        v = self.value  # a new item is at version 1
        self._done(
            Step(delete_annotations=(v,)), Step(restore_annotations=(v,)), ANNOTATION, {}, {v.id: 1}
        )


class EditAnnotationCommand(Versioned):
    """Change colour, comment, tags or sensitivity; undo puts back the value the
    write replaced (``old`` is what the view showed: the store's own is used)."""

    def __init__(self, desk: Desk, old: Annotation, **changes: Any) -> None:
        super().__init__(desk, "Edit annotation")
        self._old = old
        self._changes = changes
        self._new: Annotation | None = None

    def do(self) -> None:
        from ..desk.undoing import Step

        current, version = self._desk.snapshot(ANNOTATION, self._old.id)
        self._new, _ = self._desk.update_annotation(self._old.id, **self._changes)
        replaced = current if isinstance(current, type(self._old)) else self._old
        self._done(
            Step(restore_annotations=(replaced,)),
            Step(restore_annotations=(self._new,)),
            ANNOTATION,
            {self._old.id: version},
            {self._old.id: _next(version)},
        )


class DeleteAnnotationsCommand(Versioned):
    """Delete annotations as one step (all, or none when one is gone: KeyError);
    undo brings every one back."""

    def __init__(self, desk: Desk, annotation_ids: Sequence[str]) -> None:
        n = len(annotation_ids)
        super().__init__(desk, f"Delete {n} annotations" if n != 1 else "Delete annotation")
        self._ids = tuple(annotation_ids)

    def do(self) -> None:
        from ..desk.undoing import Step

        before = self._desk.versions(ANNOTATION, self._ids)
        gone, _ = self._desk.delete_annotations(self._ids)
        self._done(
            Step(restore_annotations=gone),
            Step(delete_annotations=gone),
            ANNOTATION,
            before,
            {a.id: _next(before.get(a.id)) for a in gone},
        )


class DeleteAnnotationCommand(DeleteAnnotationsCommand):
    def __init__(self, desk: Desk, annotation_id: str) -> None:
        super().__init__(desk, [annotation_id])


class ResolveReviewCommand(Versioned):
    """Accept a review candidate (or keep the old anchor): ``action`` does it and
    returns the new value; undo puts the annotation back in review exactly."""

    def __init__(
        self, desk: Desk, old: Annotation, text: str, action: Callable[[], Annotation]
    ) -> None:
        super().__init__(desk, text)
        self._old = old
        self._action = action

    def do(self) -> None:
        from ..desk.undoing import Step

        current, version = self._desk.snapshot(ANNOTATION, self._old.id)
        new = self._action()
        replaced = current if isinstance(current, type(self._old)) else self._old
        self._done(
            Step(restore_annotations=(replaced,)),
            Step(restore_annotations=(new,)),
            ANNOTATION,
            {new.id: version},
            {new.id: _next(version)},
        )


class AddNationalNoteCommand(Versioned):
    """``fields`` as :meth:`Desk.add_national_note` (``country`` and ``status`` among them)."""

    def __init__(self, desk: Desk, node_id: str, **fields: Any) -> None:
        super().__init__(desk, "Add national note")
        self._node_id = node_id
        self._fields = fields
        self.value: NationalNote | None = None

    def do(self) -> None:
        from ..desk.undoing import Step

        self.value, _ = self._desk.add_national_note(self._node_id, **self._fields)
        n = self.value
        self._done(
            Step(delete_national_notes=(n,)), Step(restore_national_notes=(n,)),
            NATIONAL_NOTE, {}, {n.id: 1},
        )  # fmt: skip


class EditNationalNoteCommand(Versioned):
    def __init__(self, desk: Desk, old: NationalNote, **changes: Any) -> None:
        super().__init__(desk, "Edit national note")
        self._old = old
        self._changes = changes

    def do(self) -> None:
        from ..desk.undoing import Step

        current, version = self._desk.snapshot(NATIONAL_NOTE, self._old.id)
        new, _ = self._desk.update_national_note(self._old.id, **self._changes)
        replaced = current if isinstance(current, type(self._old)) else self._old
        self._done(
            Step(restore_national_notes=(replaced,)),
            Step(restore_national_notes=(new,)),
            NATIONAL_NOTE,
            {new.id: version},
            {new.id: _next(version)},
        )


class DeleteNationalNoteCommand(Versioned):
    def __init__(self, desk: Desk, note_id: str) -> None:
        super().__init__(desk, "Delete national note")
        self._id = note_id

    def do(self) -> None:
        from ..desk.undoing import Step

        before = self._desk.versions(NATIONAL_NOTE, [self._id])
        gone, _ = self._desk.delete_national_notes([self._id])
        self._done(
            Step(restore_national_notes=gone),
            Step(delete_national_notes=gone),
            NATIONAL_NOTE,
            before,
            {n.id: _next(before.get(n.id)) for n in gone},
        )

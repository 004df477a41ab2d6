"""Undo and redo of the user's own work: QUndoCommands over the desk's use cases.

Every command writes through :class:`~vdesk.desk.Desk` at once (nothing waits for
a save), so the window keeps the command line's rules. Undo restores the exact
earlier value — same id, timestamps, anchor and tags — with :meth:`Desk.restore`;
redo of an add restores the very note the first ``redo`` made, so ids stay
stable across the stack. Each step is one user action of the desk (one
``Changes``); the features run it inside the change hub's action, so each view
refreshes once per undo or redo.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:  # the desk pulls in SQLAlchemy: not at start-up
    from ..desk import Desk
    from ..notes.model import Anchor, Annotation, NationalNote
    from .services import ChangeHub


class Done(QUndoCommand):
    """A command whose change was already saved (and checked) before it was
    pushed: the stack's first ``redo`` is skipped, later ones redo it. Each undo
    and redo is one user action of the change hub (initiator "undo" / "redo")."""

    def __init__(self, inner: QUndoCommand, hub: ChangeHub) -> None:
        super().__init__(inner.text())
        self._inner = inner
        self._hub = hub
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        with self._hub.action(f"Redo {self.text()}", "redo"):
            self._inner.redo()

    def undo(self) -> None:
        with self._hub.action(f"Undo {self.text()}", "undo"):
            self._inner.undo()


class AddAnnotationCommand(QUndoCommand):
    def __init__(self, desk: Desk, anchor: Anchor, **fields: Any) -> None:
        super().__init__("Add annotation")
        self._desk = desk
        self._anchor = anchor
        self._fields = fields
        self.value: Annotation | None = None

    def redo(self) -> None:
        if self.value is None:
            self.value, _ = self._desk.annotate(self._anchor, **self._fields)
        else:
            self._desk.restore([self.value])

    def undo(self) -> None:
        assert self.value is not None
        self._desk.delete_annotations([self.value.id])


class EditAnnotationCommand(QUndoCommand):
    """Change colour, comment, tags or sensitivity; undo puts the old value back."""

    def __init__(self, desk: Desk, old: Annotation, **changes: Any) -> None:
        super().__init__("Edit annotation")
        self._desk = desk
        self._old = old
        self._changes = changes
        self._new: Annotation | None = None

    def redo(self) -> None:
        if self._new is None:
            self._new, _ = self._desk.update_annotation(self._old.id, **self._changes)
        else:
            self._desk.restore([self._new])

    def undo(self) -> None:
        self._desk.restore([self._old])


class DeleteAnnotationsCommand(QUndoCommand):
    """Delete annotations as one step (all, or none when one is gone: KeyError);
    undo brings every one back."""

    def __init__(self, desk: Desk, annotation_ids: Sequence[str]) -> None:
        n = len(annotation_ids)
        super().__init__(f"Delete {n} annotations" if n != 1 else "Delete annotation")
        self._desk = desk
        self._ids = tuple(annotation_ids)
        self._old: tuple[Annotation, ...] = ()

    def redo(self) -> None:
        self._old, _ = self._desk.delete_annotations(self._ids)

    def undo(self) -> None:
        self._desk.restore(self._old)


class DeleteAnnotationCommand(DeleteAnnotationsCommand):
    def __init__(self, desk: Desk, annotation_id: str) -> None:
        super().__init__(desk, [annotation_id])


class ResolveReviewCommand(QUndoCommand):
    """Accept a review candidate (or keep the old anchor): ``action`` does it and
    returns the new value; undo puts the annotation back in review exactly."""

    def __init__(
        self, desk: Desk, old: Annotation, text: str, action: Callable[[], Annotation]
    ) -> None:
        super().__init__(text)
        self._desk = desk
        self._old = old
        self._action = action
        self._new: Annotation | None = None

    def redo(self) -> None:
        if self._new is None:
            self._new = self._action()
        else:
            self._desk.restore([self._new])

    def undo(self) -> None:
        self._desk.restore([self._old])


class AddNationalNoteCommand(QUndoCommand):
    """``fields`` as :meth:`Desk.add_national_note` (``country`` and ``status`` among them)."""

    def __init__(self, desk: Desk, node_id: str, **fields: Any) -> None:
        super().__init__("Add national note")
        self._desk = desk
        self._node_id = node_id
        self._fields = fields
        self.value: NationalNote | None = None

    def redo(self) -> None:
        if self.value is None:
            self.value, _ = self._desk.add_national_note(self._node_id, **self._fields)
        else:
            self._desk.restore(national_notes=[self.value])

    def undo(self) -> None:
        assert self.value is not None
        self._desk.delete_national_notes([self.value.id])


class EditNationalNoteCommand(QUndoCommand):
    def __init__(self, desk: Desk, old: NationalNote, **changes: Any) -> None:
        super().__init__("Edit national note")
        self._desk = desk
        self._old = old
        self._changes = changes
        self._new: NationalNote | None = None

    def redo(self) -> None:
        if self._new is None:
            self._new, _ = self._desk.update_national_note(self._old.id, **self._changes)
        else:
            self._desk.restore(national_notes=[self._new])

    def undo(self) -> None:
        self._desk.restore(national_notes=[self._old])


class DeleteNationalNoteCommand(QUndoCommand):
    def __init__(self, desk: Desk, note_id: str) -> None:
        super().__init__("Delete national note")
        self._desk = desk
        self._id = note_id
        self._old: tuple[NationalNote, ...] = ()

    def redo(self) -> None:
        self._old, _ = self._desk.delete_national_notes([self._id])

    def undo(self) -> None:
        self._desk.restore(national_notes=self._old)

"""Undo and redo of the user's own work: QUndoCommands over :class:`NotesRepo`.

Every command writes through the repository at once (nothing waits for a save).
Undo restores the exact earlier value — same id, timestamps, anchor and tags —
with ``restore_annotation`` / ``restore_national_note``; redo of an add restores
the very annotation the first ``redo`` made, so ids stay stable across the stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:  # the store pulls in SQLAlchemy: not at start-up
    from ..notes.model import Anchor, Annotation, NationalNote
    from ..notes.repo import NotesRepo


class AddAnnotationCommand(QUndoCommand):
    def __init__(self, repo: NotesRepo, anchor: Anchor, **fields: Any) -> None:
        super().__init__("Add annotation")
        self._repo = repo
        self._anchor = anchor
        self._fields = fields
        self.value: Annotation | None = None

    def redo(self) -> None:
        if self.value is None:
            self.value = self._repo.add_annotation(self._anchor, **self._fields)
        else:
            self._repo.restore_annotation(self.value)

    def undo(self) -> None:
        assert self.value is not None
        self._repo.delete_annotation(self.value.id)


class EditAnnotationCommand(QUndoCommand):
    """Change colour, comment, tags or sensitivity; undo puts the old value back."""

    def __init__(self, repo: NotesRepo, old: Annotation, **changes: Any) -> None:
        super().__init__("Edit annotation")
        self._repo = repo
        self._old = old
        self._changes = changes
        self._new: Annotation | None = None

    def redo(self) -> None:
        if self._new is None:
            self._new = self._repo.update_annotation(self._old.id, **self._changes)
        else:
            self._repo.restore_annotation(self._new)

    def undo(self) -> None:
        self._repo.restore_annotation(self._old)


class DeleteAnnotationCommand(QUndoCommand):
    def __init__(self, repo: NotesRepo, annotation_id: str) -> None:
        super().__init__("Delete annotation")
        self._repo = repo
        self._id = annotation_id
        self._old: Annotation | None = None

    def redo(self) -> None:
        self._old = self._repo.delete_annotation(self._id)

    def undo(self) -> None:
        assert self._old is not None
        self._repo.restore_annotation(self._old)


class DeleteAnnotationsCommand(QUndoCommand):
    """Delete several annotations as one step; undo brings every one back (those
    already gone when it ran are left alone)."""

    def __init__(self, repo: NotesRepo, annotation_ids: Sequence[str]) -> None:
        n = len(annotation_ids)
        super().__init__(f"Delete {n} annotations" if n != 1 else "Delete annotation")
        self._repo = repo
        self._ids = tuple(annotation_ids)
        self._old: list[Annotation] = []

    def redo(self) -> None:
        old = []
        for aid in self._ids:
            if self._repo.annotation(aid) is not None:
                old.append(self._repo.delete_annotation(aid))
        if not old:
            raise KeyError("the annotations were deleted elsewhere")
        self._old = old

    def undo(self) -> None:
        for value in self._old:
            self._repo.restore_annotation(value)


class ResolveReviewCommand(QUndoCommand):
    """Accept a review candidate (or keep the old anchor): ``action`` does it and
    returns the new value; undo puts the annotation back in review exactly."""

    def __init__(
        self, repo: NotesRepo, old: Annotation, text: str, action: Callable[[], Annotation]
    ) -> None:
        super().__init__(text)
        self._repo = repo
        self._old = old
        self._action = action
        self._new: Annotation | None = None

    def redo(self) -> None:
        if self._new is None:
            self._new = self._action()
        else:
            self._repo.restore_annotation(self._new)

    def undo(self) -> None:
        self._repo.restore_annotation(self._old)


class AddNationalNoteCommand(QUndoCommand):
    def __init__(self, repo: NotesRepo, node_id: str, **fields: Any) -> None:
        super().__init__("Add national note")
        self._repo = repo
        self._node_id = node_id
        self._fields = fields
        self.value: NationalNote | None = None

    def redo(self) -> None:
        if self.value is None:
            self.value = self._repo.add_national_note(self._node_id, **self._fields)
        else:
            self._repo.restore_national_note(self.value)

    def undo(self) -> None:
        assert self.value is not None
        self._repo.delete_national_note(self.value.id)


class EditNationalNoteCommand(QUndoCommand):
    def __init__(self, repo: NotesRepo, old: NationalNote, **changes: Any) -> None:
        super().__init__("Edit national note")
        self._repo = repo
        self._old = old
        self._changes = changes
        self._new: NationalNote | None = None

    def redo(self) -> None:
        if self._new is None:
            self._new = self._repo.update_national_note(self._old.id, **self._changes)
        else:
            self._repo.restore_national_note(self._new)

    def undo(self) -> None:
        self._repo.restore_national_note(self._old)


class DeleteNationalNoteCommand(QUndoCommand):
    def __init__(self, repo: NotesRepo, note_id: str) -> None:
        super().__init__("Delete national note")
        self._repo = repo
        self._id = note_id
        self._old: NationalNote | None = None

    def redo(self) -> None:
        self._old = self._repo.delete_national_note(self._id)

    def undo(self) -> None:
        assert self._old is not None
        self._repo.restore_national_note(self._old)

"""Undo commands over the desk's use cases: every step writes at once; undo restores exactly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QUndoStack

from vdesk.desk import Desk
from vdesk.notes.model import Anchor
from vdesk.notes.repo import NotesRepo
from vdesk.paths import AppPaths
from vdesk.qt.undo import (
    AddAnnotationCommand,
    AddNationalNoteCommand,
    DeleteAnnotationCommand,
    DeleteNationalNoteCommand,
    EditAnnotationCommand,
    EditNationalNoteCommand,
    ResolveReviewCommand,
)

P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P2 = "plans-of-action/annex/chp_I/sec_A/para_2"
ANCHOR = Anchor(P2A, "investigative powers", "ing or strengthening sanctions, ", ", crim", 68, 88)


@pytest.fixture
def repo(paths: AppPaths) -> Iterator[NotesRepo]:
    r = NotesRepo.open(paths)
    yield r
    r.close()


@pytest.fixture
def desk(paths: AppPaths, corpus_repo, repo: NotesRepo) -> Desk:  # type: ignore[no-untyped-def]
    """The commands write through the desk's use cases, on ``repo``."""
    return Desk.from_parts(paths, corpus_repo, notes=repo)


def test_add_undo_redo_keeps_the_same_annotation(repo: NotesRepo, desk: Desk, qapp) -> None:
    stack = QUndoStack()
    cmd = AddAnnotationCommand(desk, ANCHOR, colour="red", comment="*why*", tags=["a"])
    stack.push(cmd)
    first = cmd.value
    assert first is not None and repo.annotation(first.id) == first
    assert stack.undoText() == "Add annotation"
    stack.undo()
    assert repo.annotation(first.id) is None and repo.count() == (0, 0)
    stack.redo()
    assert repo.annotation(first.id) == first


def test_edit_and_delete_undo_restore_exact_values(repo: NotesRepo, desk: Desk, qapp) -> None:
    stack = QUndoStack()
    a = repo.add_annotation(ANCHOR, comment="old", tags=["x"])
    stack.push(EditAnnotationCommand(desk, a, comment="new", tags=["y", "z"], colour="blue"))
    edited = repo.annotation(a.id)
    assert edited is not None
    assert (edited.comment, edited.tags, edited.colour) == ("new", ("y", "z"), "blue")
    stack.undo()
    assert repo.annotation(a.id) == a
    stack.redo()
    assert repo.annotation(a.id) == edited
    stack.push(DeleteAnnotationCommand(desk, a.id))
    assert repo.annotation(a.id) is None
    stack.undo()
    assert repo.annotation(a.id) == edited


def test_resolve_review_undo_puts_it_back_in_review(repo: NotesRepo, desk: Desk, qapp) -> None:
    a = repo.add_annotation(ANCHOR)
    review = repo.mark_for_review(a.id, "quote not found", (P2A, "investigative", 68, 81, 0.7))
    stack = QUndoStack()
    stack.push(
        ResolveReviewCommand(desk, review, "Keep annotation", lambda: repo.acknowledge(a.id))
    )
    assert repo.needs_review() == []
    stack.undo()
    assert repo.needs_review() == [review]
    stack.redo()
    resolved = repo.annotation(a.id)
    assert resolved is not None and resolved.anchor_state == "ok"


def test_national_note_commands(repo: NotesRepo, desk: Desk, qapp) -> None:
    stack = QUndoStack()
    add = AddNationalNoteCommand(desk, P2, country="AT", status="in_progress", text="draft law")
    stack.push(add)
    note = add.value
    assert note is not None and note.country == "AT"
    stack.push(EditNationalNoteCommand(desk, note, status="implemented"))
    edited = repo.national_note(note.id)
    assert edited is not None and edited.status == "implemented"
    stack.push(DeleteNationalNoteCommand(desk, note.id))
    assert repo.national_notes() == []
    stack.undo()
    assert repo.national_note(note.id) == edited
    stack.undo()
    assert repo.national_note(note.id) == note
    stack.undo()
    assert repo.national_notes() == []
    stack.redo()
    assert repo.national_note(note.id) == note

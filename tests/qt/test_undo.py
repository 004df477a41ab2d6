"""Undo commands over the desk's use cases: every step writes at once; undo restores exactly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QUndoStack

from vdesk.desk import Desk
from vdesk.domain.notes import Anchor
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
from vdesk.store.notes.sqlite import SqliteNotesStore

P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P2 = "plans-of-action/annex/chp_I/sec_A/para_2"
ANCHOR = Anchor(P2A, "investigative powers", "ing or strengthening sanctions, ", ", crim", 68, 88)


@pytest.fixture
def repo(paths: AppPaths) -> Iterator[SqliteNotesStore]:
    r = SqliteNotesStore.open(paths)
    yield r
    r.close()


@pytest.fixture
def desk(paths: AppPaths, corpus_repo, repo: SqliteNotesStore) -> Desk:  # type: ignore[no-untyped-def]
    """The commands write through the desk's use cases, on ``repo``."""
    return Desk.from_parts(paths, corpus_repo, notes=repo)


def test_add_undo_redo_keeps_the_same_annotation(repo: SqliteNotesStore, desk: Desk, qapp) -> None:
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


def test_edit_and_delete_undo_restore_exact_values(
    repo: SqliteNotesStore, desk: Desk, qapp
) -> None:
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


def test_resolve_review_undo_puts_it_back_in_review(
    repo: SqliteNotesStore, desk: Desk, qapp
) -> None:
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


def test_national_note_commands(repo: SqliteNotesStore, desk: Desk, qapp) -> None:
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


# --- undo never destroys someone else's work ---------------------------------------

P2A_CITATION = "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)"
ANNOTATION_ON = f"The annotation on {P2A_CITATION} (“investigative powers”)"


@pytest.fixture
def other(paths: AppPaths) -> Iterator[SqliteNotesStore]:
    """Another program with the same notes database open."""
    r = SqliteNotesStore.open(paths)
    yield r
    r.close()


@pytest.fixture
def guarded(qapp):  # type: ignore[no-untyped-def]
    """(stack, push(command), explained): commands run as the window runs them."""
    from vdesk.qt.services import ChangeHub
    from vdesk.qt.undo import push

    stack, hub = QUndoStack(), ChangeHub()
    explained: list[str] = []

    def run(command) -> BaseException | None:  # type: ignore[no-untyped-def]
        return push(stack, hub, command, explained.append)

    yield stack, run, explained
    hub.deleteLater()


def test_undo_after_another_program_changed_the_item_is_refused(
    repo: SqliteNotesStore, other: SqliteNotesStore, desk: Desk, guarded, qtbot
) -> None:
    """The defect: undo wrote back the value before the edit over a change another
    program saved (confidential became personal), and a second undo deleted it."""
    stack, run, explained = guarded
    add = AddAnnotationCommand(desk, ANCHOR, comment="first")
    assert run(add) is None and add.value is not None
    a = add.value
    assert run(EditAnnotationCommand(desk, a, comment="second")) is None
    other.update_annotation(a.id, sensitivity="confidential")
    theirs = repo.annotation(a.id)
    assert theirs is not None and theirs.sensitivity == "confidential"

    stack.undo()
    qtbot.waitUntil(lambda: len(explained) == 1)
    assert explained == [
        f"{ANNOTATION_ON} was changed after your edit (by another program or an import) — "
        "undo would overwrite it. Nothing was changed."
    ]
    assert repo.annotation(a.id) == theirs
    assert (stack.count(), stack.undoText()) == (1, "Add annotation")  # the refused step left
    stack.undo()  # the add's undo would delete the item: refused too
    qtbot.waitUntil(lambda: len(explained) == 2)
    assert explained[1] == explained[0]
    assert repo.annotation(a.id) == theirs and stack.count() == 0


def test_undo_restores_what_the_write_replaced_not_a_stale_view(
    repo: SqliteNotesStore, other: SqliteNotesStore, desk: Desk, guarded
) -> None:
    """The window's copy was personal; another program made it confidential before
    the edit was saved: undo gives back the confidential one."""
    stack, run, _explained = guarded
    shown = repo.add_annotation(ANCHOR, comment="as shown")
    other.update_annotation(shown.id, sensitivity="confidential")
    replaced = repo.annotation(shown.id)
    assert run(EditAnnotationCommand(desk, shown, comment="typed")) is None
    edited = repo.annotation(shown.id)
    assert edited is not None and (edited.comment, edited.sensitivity) == ("typed", "confidential")
    stack.undo()
    assert repo.annotation(shown.id) == replaced
    stack.redo()
    assert repo.annotation(shown.id) == edited


def test_a_change_between_two_edits_stops_undo_at_it(
    repo: SqliteNotesStore, other: SqliteNotesStore, desk: Desk, guarded, qtbot
) -> None:
    stack, run, explained = guarded
    a = repo.add_annotation(ANCHOR, comment="v1")
    assert run(EditAnnotationCommand(desk, a, comment="mine 1")) is None
    other.update_annotation(a.id, comment="theirs")
    theirs = repo.annotation(a.id)
    now = repo.annotation(a.id)
    assert now is not None
    assert run(EditAnnotationCommand(desk, now, comment="mine 2")) is None
    stack.undo()  # my second edit: back to their text
    assert repo.annotation(a.id) == theirs and explained == []
    stack.undo()  # my first edit would overwrite theirs
    qtbot.waitUntil(lambda: len(explained) == 1)
    assert explained[0].startswith(f"{ANNOTATION_ON} was changed after your edit")
    assert repo.annotation(a.id) == theirs and stack.count() == 1
    stack.redo()  # my second edit again: nothing changed it since its undo
    assert repo.annotation(a.id).comment == "mine 2"  # type: ignore[union-attr]


def test_redo_after_another_program_changed_the_item_is_refused(
    repo: SqliteNotesStore, other: SqliteNotesStore, desk: Desk, guarded, qtbot
) -> None:
    stack, run, explained = guarded
    add = AddAnnotationCommand(desk, ANCHOR, comment="mine")
    run(add)
    assert add.value is not None
    stack.undo()
    assert repo.annotation(add.value.id) is None
    brought_back = other.restore_annotation(add.value)  # e.g. a sync brings it back
    other.update_annotation(brought_back.id, comment="theirs")
    theirs = repo.annotation(add.value.id)
    stack.redo()
    qtbot.waitUntil(lambda: len(explained) == 1)
    assert explained == [
        f"{ANNOTATION_ON} was changed after your edit (by another program or an import) — "
        "redo would overwrite it. Nothing was changed."
    ]
    assert repo.annotation(add.value.id) == theirs and stack.count() == 0


def test_a_note_deleted_elsewhere_is_not_brought_back_by_undo(
    repo: SqliteNotesStore, other: SqliteNotesStore, desk: Desk, guarded, qtbot
) -> None:
    stack, run, explained = guarded
    add = AddNationalNoteCommand(desk, P2A, country="AT", status="in_progress")
    run(add)
    assert add.value is not None
    run(EditNationalNoteCommand(desk, add.value, status="implemented"))
    other.delete_national_note(add.value.id, by="colleague")
    stack.undo()
    qtbot.waitUntil(lambda: len(explained) == 1)
    assert explained == [
        f"The national note for Austria on {P2A_CITATION} was deleted after your edit (by "
        "another program or an import) — undo would bring it back. Nothing was changed."
    ]
    assert repo.national_notes() == [] and stack.count() == 1


def test_undo_of_a_national_note_changed_elsewhere_names_the_country(
    repo: SqliteNotesStore, other: SqliteNotesStore, desk: Desk, guarded, qtbot
) -> None:
    stack, run, explained = guarded
    add = AddNationalNoteCommand(desk, P2A, country="AT", status="in_progress")
    run(add)
    assert add.value is not None
    run(EditNationalNoteCommand(desk, add.value, text="mine"))
    other.update_national_note(add.value.id, sensitivity="confidential")
    theirs = repo.national_note(add.value.id)
    stack.undo()
    qtbot.waitUntil(lambda: len(explained) == 1)
    assert explained == [
        f"The national note for Austria on {P2A_CITATION} was changed after your edit (by "
        "another program or an import) — undo would overwrite it. Nothing was changed."
    ]
    assert repo.national_note(add.value.id) == theirs


def test_undo_of_a_bulk_delete_is_refused_when_one_came_back_elsewhere(
    repo: SqliteNotesStore, other: SqliteNotesStore, desk: Desk, guarded, qtbot
) -> None:
    from vdesk.qt.undo import DeleteAnnotationsCommand

    stack, run, explained = guarded
    a = repo.add_annotation(ANCHOR, comment="a")
    b = repo.add_annotation(Anchor(P2A, "sanctions", start=50, end=59), comment="b")
    run(DeleteAnnotationsCommand(desk, [a.id, b.id]))
    other.restore_annotation(b)
    other.update_annotation(b.id, comment="b, theirs")
    stack.undo()  # all or nothing: a stays deleted too
    qtbot.waitUntil(lambda: len(explained) == 1)
    assert "was changed after your edit" in explained[0]
    assert repo.annotation(a.id) is None
    assert repo.annotation(b.id).comment == "b, theirs"  # type: ignore[union-attr]


def test_undo_of_an_edit_an_import_replaced_is_refused(
    repo: SqliteNotesStore, other: SqliteNotesStore, desk: Desk, guarded, qtbot
) -> None:
    """Even with the history kept, a bundle import (which writes in bulk, as
    ``restore_many``) makes the undo of an edit it replaced refuse."""
    from dataclasses import replace

    stack, run, explained = guarded
    a = repo.add_annotation(ANCHOR, comment="before")
    run(EditAnnotationCommand(desk, a, comment="my edit"))
    edited = repo.annotation(a.id)
    assert edited is not None
    other.restore_many([replace(edited, comment="imported", modified="2099-01-01T00:00:00Z")])
    imported = repo.annotation(a.id)
    stack.undo()
    qtbot.waitUntil(lambda: len(explained) == 1)
    assert explained[0].startswith(f"{ANNOTATION_ON} was changed after your edit")
    assert repo.annotation(a.id) == imported


def test_a_bug_in_a_write_is_logged_and_leaves_nothing_to_undo(
    desk: Desk, guarded, caplog: pytest.LogCaptureFixture
) -> None:
    """An exception escaping a QUndoCommand would take Qt down: it is logged instead."""
    stack, run, _explained = guarded

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("a bug")

    desk.annotate = broken  # type: ignore[method-assign]
    error = run(AddAnnotationCommand(desk, ANCHOR))
    assert isinstance(error, RuntimeError) and stack.count() == 0
    assert [r.getMessage() for r in caplog.records] == ["Add annotation failed"]

"""National notes that re-anchoring moved or sent to review are marked in the panel
("Moved" / "Needs review", what happened in the tooltip and on the card) until the
user confirms their place; a refused write is explained and changes nothing."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from vdesk.qt.features.national_notes import NationalNotesFeature
from vdesk.qt.main_window import MainWindow
from vdesk.qt.models.national_notes import PLACE_COLUMN
from vdesk.store.notes.sqlite import SqliteNotesStore

P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P3 = "plans-of-action/annex/chp_I/sec_A/para_3"
P3_CITATION = "ECOSOC res. 2001/47, annex, sect. I.A, para. 3"
MOVED_DETAIL = "the provision is now para. 2 (a) (was para. 2 (b))"
REVIEW_DETAIL = "the provision's text changed and no provision matches it closely"


def feature(w: MainWindow) -> NationalNotesFeature:
    found = w.findChild(NationalNotesFeature)
    assert found is not None
    return found


def marks(w: MainWindow) -> list[tuple[str, str]]:
    model = feature(w).panel.model
    return [
        (model.index(r, 0).data(), model.index(r, PLACE_COLUMN).data())
        for r in range(model.rowCount())
    ]


def tip(w: MainWindow, row: int) -> str:
    return feature(w).panel.model.index(row, PLACE_COLUMN).data(Qt.ItemDataRole.ToolTipRole)


def test_a_moved_note_is_marked_until_its_place_is_confirmed(
    qtbot,  # type: ignore[no-untyped-def]
    open_window,
    notes: SqliteNotesStore,
) -> None:
    moved = notes.add_national_note(P2A, country="AT", status="implemented")
    notes.add_national_note(P2A, country="FR", status="in progress")
    notes.set_note_anchor(moved.id, P2A, state="moved", detail=MOVED_DETAIL)
    win = open_window(notes)
    win.open_node(P2A)
    panel = feature(win).panel
    assert marks(win) == [("Austria (AT)", "Moved"), ("France (FR)", "")]
    assert not panel.view.isColumnHidden(PLACE_COLUMN)
    assert tip(win, 0) == (
        "Moved by re-anchoring after the documents changed\n"
        "The provision is now para. 2 (a) (was para. 2 (b))\n"
        "Confirm Place keeps it on this provision and clears the mark."
    )
    assert tip(win, 1) is None
    assert (
        "Moved by re-anchoring after the documents changed.\n"
        "The provision is now para. 2 (a) (was para. 2 (b))\n"
    ) in panel.cards.toPlainText().replace("\u2028", "\n")
    assert panel.confirm_button.isVisible() and not panel.confirm_button.isEnabled()
    panel.select_note(notes.national_notes(country="FR")[0].id)
    assert not panel.confirm_button.isEnabled()  # France's note is in its place
    panel.select_note(moved.id)
    assert panel.confirm_button.isEnabled()

    told = []
    feature(win).services.changes.changed.connect(told.append)
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert notes.national_note(moved.id).anchor_state == "ok"
    assert notes.national_note(moved.id).node_id == P2A
    assert len(told) == 1  # one user action: the views refresh once
    assert marks(win) == [("Austria (AT)", ""), ("France (FR)", "")]
    assert panel.view.isColumnHidden(PLACE_COLUMN)
    assert not panel.confirm_button.isVisible()
    assert win.statusBar().currentMessage() == (
        "The note of Austria (AT) stays on ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)."
    )


def test_a_note_in_review_names_its_candidate_and_its_place_can_be_confirmed(
    qtbot,  # type: ignore[no-untyped-def]
    open_window,
    notes: SqliteNotesStore,
) -> None:
    n = notes.add_national_note(P2A, country="NG", status="not started")
    notes.set_note_anchor(
        n.id, P2A, state="review", detail=REVIEW_DETAIL, candidate_node_id=P3, score=0.62
    )
    win = open_window(notes)
    win.open_node(P2A)
    panel = feature(win).panel
    assert marks(win) == [("Nigeria (NG)", "Needs review")]
    assert tip(win, 0) == (
        "Needs review: re-anchoring could not place this note with certainty\n"
        "The provision's text changed and no provision matches it closely\n"
        f"Nearest provision found: {P3_CITATION} (similarity 0.62)\n"
        "Confirm Place keeps it on this provision and clears the mark."
    )
    panel.select_note(n.id)
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert notes.national_note(n.id).anchor_state == "ok"
    assert marks(win) == [("Nigeria (NG)", "")]


def test_a_refused_confirm_is_explained_and_keeps_the_mark(
    open_window,  # type: ignore[no-untyped-def]
    notes: SqliteNotesStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy.exc import OperationalError

    import vdesk.qt.features.national_notes as feature_module

    shown: list[str] = []
    monkeypatch.setattr(
        feature_module.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text)
    )
    n = notes.add_national_note(P2A, country="AT", status="implemented")
    notes.set_note_anchor(n.id, P2A, state="moved", detail=MOVED_DETAIL)
    win = open_window(notes)
    win.open_node(P2A)

    def locked(*_a, **_k):  # type: ignore[no-untyped-def]
        raise OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(notes, "acknowledge_national_note", locked)
    monkeypatch.setattr(notes, "set_note_anchor", locked)
    assert feature(win).confirm_place(n.id) is False
    assert shown == [
        "Confirm place failed: the notes database could not be written (database is "
        "locked).\n\nIf another program has your notes open, close it; if the disk is full, "
        "free some space; then try again. Your notes are as they were before."
    ]
    assert notes.national_note(n.id).anchor_state == "moved"
    assert marks(win) == [("Austria (AT)", "Moved")]

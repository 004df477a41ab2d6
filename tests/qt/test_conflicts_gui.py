"""Notes > Pending Conflicts…: a real import sets a colleague's note aside; the dialog
lists it with both versions side by side; Keep Theirs / Keep Mine leave one note for
the provision and country and empty the list; a refused write is told in one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy.exc
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.qt.test_bundle_gui import _feature, choose, confirm, home, other, run_import
from tests.unit.test_export_markdown import P2A, populate
from vdesk.notes.bundle import dump_bundle, make_bundle
from vdesk.paths import AppPaths
from vdesk.qt.dialogs.conflicts import EMPTY_TEXT, PendingConflictsDialog
from vdesk.qt.features.conflicts import ConflictsFeature
from vdesk.qt.main_window import MainWindow
from vdesk.qt.models.conflicts import CONFLICT_ID_ROLE
from vdesk.store.notes.sqlite import SqliteNotesStore

__all__ = ["home", "other"]  # the fixtures

CITATION = "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)"
THEIRS_TEXT = "Draft law | in parliament\nSecond reading in December."


@pytest.fixture
def source(tmp_path: Path, corpus_repo) -> Iterator[SqliteNotesStore]:
    """A colleague's store: among others, a note of Austria on ¶2 (a)."""
    repo = SqliteNotesStore.open(AppPaths.resolve(tmp_path / "colleague"))
    populate(repo, corpus_repo)
    yield repo
    repo.close()


def _conflicts(win: MainWindow) -> ConflictsFeature:
    found = win.findChild(ConflictsFeature)
    assert found is not None
    return found


def _import(win: MainWindow, source: SqliteNotesStore) -> None:
    desk = _conflicts(win).services.desk
    assert desk is not None
    bundle = make_bundle(source, personal=True, author="AT mission")
    report, _ = desk.apply_import(desk.plan_import(dump_bundle(bundle)))
    assert report.pending == 1


def _open(qtbot, win: MainWindow) -> PendingConflictsDialog:
    action = win._services.actions["pending_conflicts"]
    assert action.isEnabled()
    action.trigger()
    dlg = _conflicts(win).dialog
    assert dlg is not None
    qtbot.waitExposed(dlg)
    return dlg


def _cells(dlg: PendingConflictsDialog) -> list[list[str]]:
    m = dlg.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def _values(box) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        dlg_label.text(): box.values[name].text() if name in box.values else ""
        for name, dlg_label in box.labels.items()
    }


def test_the_list_shows_both_versions_and_keep_theirs_takes_the_bundles(
    qtbot, open_window, notes, source
) -> None:
    mine = notes.add_national_note(
        P2A, country="AT", status="not_started", position="supports", text="Our **own** view."
    )
    win = open_window(notes)
    _import(win, source)
    dlg = _open(qtbot, win)
    assert dlg.stack.currentIndex() == 1
    assert _cells(dlg) == [
        [
            CITATION,
            "Austria (AT)",
            "National note",
            "A colleague's note for the same provision and country",
        ]
    ]
    assert dlg.heading.text() == (f"<b style='font-size:large;'>{CITATION} — Austria (AT)</b>")
    assert dlg.reason.text() == (
        "National note: A colleague's note for the same provision and country."
    )
    assert dlg.origin.text().startswith("From AT mission, exported ")
    assert dlg.origin.text().endswith(" UTC.")
    theirs = _conflicts(win).services.desk.conflicts()[0].incoming  # type: ignore[union-attr]
    mine_shown, theirs_shown = _values(dlg.mine), _values(dlg.theirs)
    assert mine_shown == {
        "<b>Status (differs):</b>": "<b>Not started</b>",
        "Position:": "Supports",
        "Sensitivity:": "Personal",
        "<b>As of (differs):</b>": "<b>—</b>",
        "<b>National law (differs):</b>": "<b>—</b>",
        "Last changed:": mine.modified[:16].replace("T", " "),
        "<b>Text (differs):</b>": "",
    }
    assert theirs_shown == {
        "<b>Status (differs):</b>": "<b>In progress</b>",
        "Position:": "Supports",
        "Sensitivity:": "Personal",
        "<b>As of (differs):</b>": "<b>2026-11-01</b>",
        "<b>National law (differs):</b>": "<b>StGB § 278<br>Draft amendment 2026</b>",
        "Last changed:": theirs.modified[:16].replace("T", " "),
        "<b>Text (differs):</b>": "",
    }
    assert dlg.mine.text.toPlainText() == "Our own view."
    assert dlg.theirs.text.toPlainText() == THEIRS_TEXT.replace("\n", " ")
    with qtbot.waitSignal(win._services.changes.changed) as changed:
        qtbot.mouseClick(dlg.keep_theirs, Qt.MouseButton.LeftButton)
    assert changed.args[0].national_notes == {mine.id, theirs.id}
    (kept,) = notes.national_notes(node_ids=[P2A], country="AT")
    assert kept.text == THEIRS_TEXT and kept.id == theirs.id
    assert notes.national_note(mine.id) is None
    assert dlg.model.rowCount() == 0 and dlg.stack.currentIndex() == 0
    assert dlg.empty.text() == EMPTY_TEXT
    assert dlg.isVisible() and not dlg.keep_theirs.isEnabled()
    assert _conflicts(win).services.desk.conflicts() == []  # type: ignore[union-attr]
    assert win.statusBar().currentMessage() == (
        f"Kept the bundle's version of the national note on {CITATION} (AT)."
    )


def test_keep_mine_leaves_the_local_note_and_clears_the_conflict(
    qtbot, open_window, notes, source
) -> None:
    mine = notes.add_national_note(P2A, country="AT", status="not_started", text="ours")
    win = open_window(notes)
    _import(win, source)
    dlg = _open(qtbot, win)
    assert dlg.model.rowCount() == 1
    qtbot.mouseClick(dlg.keep_mine, Qt.MouseButton.LeftButton)
    assert notes.national_notes(node_ids=[P2A], country="AT") == [mine]
    assert dlg.model.rowCount() == 0 and dlg.stack.currentIndex() == 0
    assert _conflicts(win).rows() == []
    assert win.statusBar().currentMessage() == (
        f"Kept your version of the national note on {CITATION} (AT)."
    )


def test_a_refused_write_is_one_line_and_the_dialog_stays(
    qtbot, open_window, notes, source, monkeypatch
) -> None:
    mine = notes.add_national_note(P2A, country="AT", status="not_started", text="ours")
    win = open_window(notes)
    _import(win, source)
    dlg = _open(qtbot, win)
    desk = _conflicts(win).services.desk
    assert desk is not None

    def locked(*_a: object, **_k: object) -> None:
        raise sqlalchemy.exc.OperationalError("UPDATE …", {}, Exception("database is locked"))

    monkeypatch.setattr(desk, "resolve_conflict", locked)
    qtbot.mouseClick(dlg.keep_theirs, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and not dlg.error.isHidden()
    assert dlg.error.text() == (
        "⚠ Keep theirs failed: the notes database could not be written (database is locked). "
        "Nothing else changed; try again."
    )
    assert "\n" not in dlg.error.text()
    assert dlg.model.rowCount() == 1 and dlg.keep_theirs.isEnabled()
    assert notes.national_notes(node_ids=[P2A], country="AT") == [mine]
    monkeypatch.undo()
    qtbot.mouseClick(dlg.keep_mine, Qt.MouseButton.LeftButton)
    assert dlg.error.isHidden() and dlg.model.rowCount() == 0


def test_the_empty_list_and_the_model(qtbot, open_window, notes, source, qtmodeltester) -> None:
    win = open_window(notes)
    dlg = _open(qtbot, win)
    assert dlg.stack.currentIndex() == 0 and dlg.empty.text() == EMPTY_TEXT
    assert not dlg.keep_mine.isEnabled()
    qtmodeltester.check(dlg.model)
    dlg.close()
    notes.add_national_note(P2A, country="AT", status="not_started", text="ours")
    _import(win, source)
    dlg = _open(qtbot, win)
    assert dlg.model.rowCount() == 1
    index = dlg.model.index(0, 0)
    assert index.data(CONFLICT_ID_ROLE) == dlg.current_id()
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("From AT mission, exported ")
    qtmodeltester.check(dlg.model)


def test_the_action_needs_a_notes_store(qtbot, paths, corpus_repo, searcher) -> None:
    from vdesk.qt.app import main_window_on
    from vdesk.qt.settings import Settings

    win = main_window_on(paths, Settings(paths.settings_file), corpus_repo, searcher)
    qtbot.addWidget(win)
    action = win._services.actions["pending_conflicts"]
    assert not action.isEnabled()
    assert action.toolTip().startswith("Choose between your version and a bundle's")


def test_after_an_import_the_status_says_where_to_choose(
    qtbot, home, other, tmp_path, monkeypatch
) -> None:
    win, _notes = home
    win2, notes2 = other
    notes2.add_national_note(P2A, country="AT", status="not_started", text="ours")
    choose(monkeypatch, personal=True)
    bundle = tmp_path / "b.json"
    _feature(win).export_bundle(bundle)
    confirm(monkeypatch, QDialog.DialogCode.Accepted)
    report = run_import(qtbot, win2, bundle)
    assert report.pending == 1
    assert (
        win2.statusBar()
        .currentMessage()
        .endswith(
            " 1 conflict waits for your choice: Notes > Pending Conflicts… (Ctrl+Alt+K) lists them."
        )
    )

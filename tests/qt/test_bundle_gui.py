"""File > Export Notes Bundle… and Import Notes Bundle… through the menu handlers:
a round trip gives identical notes; the import shows its summary (with conflicts)
and writes only when confirmed; a bad file gets a message and changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from tests.unit.test_export_markdown import VD7, populate
from vdesk.domain.notes import Change
from vdesk.notes.bundle import ImportReport
from vdesk.paths import AppPaths
from vdesk.qt.app import main_window_on
from vdesk.qt.dialogs.bundle import BundleExportDialog, ImportSummaryDialog
from vdesk.qt.features.export import ExportFeature
from vdesk.qt.main_window import MainWindow
from vdesk.qt.settings import Settings
from vdesk.store.notes.contract import AnnotationFilter
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.store.user_db import list_backups


def _window(qtbot, paths: AppPaths, corpus_repo, searcher, notes: SqliteNotesStore) -> MainWindow:
    win = main_window_on(paths, Settings(paths.settings_file), corpus_repo, searcher)
    qtbot.addWidget(win)
    win.attach_notes(notes)
    return win


def _feature(win: MainWindow) -> ExportFeature:
    found = win.findChild(ExportFeature)
    assert found is not None
    return found


@pytest.fixture
def home(paths, corpus_repo, searcher, qtbot) -> Iterator[tuple[MainWindow, SqliteNotesStore]]:
    notes = SqliteNotesStore.open(paths)
    populate(notes, corpus_repo)
    win = _window(qtbot, paths, corpus_repo, searcher, notes)
    yield win, notes
    win.close()
    notes.close()


@pytest.fixture
def other(tmp_path, corpus_repo, searcher, qtbot) -> Iterator[tuple[MainWindow, SqliteNotesStore]]:
    """A second computer: its own, empty notes store."""
    p = AppPaths.resolve(tmp_path / "other-home")
    p.ensure()
    notes = SqliteNotesStore.open(p)
    win = _window(qtbot, p, corpus_repo, searcher, notes)
    yield win, notes
    win.close()
    notes.close()


def everything(notes: SqliteNotesStore) -> tuple[list[Any], list[Any], list[Any]]:
    anns = sorted(notes.filter_annotations(AnnotationFilter(), limit=None), key=lambda a: a.id)
    nn = sorted(notes.national_notes(), key=lambda n: n.id)
    return [asdict(a) for a in anns], [asdict(n) for n in nn], [asdict(c) for c in notes.colours()]


def choose(monkeypatch, *, personal: bool = False, confidential: bool = False) -> list[str]:
    """Answer the bundle dialog: these boxes ticked, Save. Returns what it showed."""
    seen: list[str] = []

    def exec_(self: BundleExportDialog) -> int:
        seen.append(self.count_label.text())
        self.personal_check.setChecked(personal)
        self.confidential_check.setChecked(confidential)
        seen.append(self.warning.text() if self.warning.isVisibleTo(self) else "")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(BundleExportDialog, "exec", exec_)
    return seen


def confirm(monkeypatch, answer: QDialog.DialogCode) -> list[dict[str, Any]]:
    """Answer the import summary; returns what each one showed."""
    shown: list[dict[str, Any]] = []

    def exec_(self: ImportSummaryDialog) -> int:
        tree = self.conflicts
        shown.append(
            {
                **{k: label.text() for k, label in self.count_labels.items()},
                "conflicts": [
                    [item.text(c) for c in range(5)]
                    for i in range(tree.topLevelItemCount())
                    if (item := tree.topLevelItem(i)) is not None
                ],
                "conflicts_shown": not tree.isHidden(),
                "buttons": [b.text() for b in self.buttons.buttons()],
                "origin": self.findChild(QLabel, "bundleOrigin").text(),  # type: ignore[union-attr]
            }
        )
        return answer

    monkeypatch.setattr(ImportSummaryDialog, "exec", exec_)
    return shown


def run_import(qtbot, win: MainWindow, path: Path) -> ImportReport:
    with qtbot.waitSignal(_feature(win).bundle_imported, timeout=20000) as blocker:
        _feature(win).import_bundle(path)
    report = blocker.args[0]
    assert isinstance(report, ImportReport)
    return report


def test_export_is_shareable_only_by_default(qtbot, home, tmp_path, monkeypatch) -> None:
    win, _notes = home
    win.settings.author = "Austria, Permanent Mission"
    seen = choose(monkeypatch)
    out = tmp_path / "shared.json"
    assert _feature(win).export_bundle(out) == out
    assert seen == ["The bundle will hold 1 annotations and 1 national notes.", ""]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["author"] == "Austria, Permanent Mission"
    assert {a["sensitivity"] for a in data["annotations"]} == {"shareable"}
    assert [(n["country"], n["sensitivity"]) for n in data["national_notes"]] == [
        ("DE", "shareable")
    ]
    assert win.settings.export_folder == str(tmp_path)
    assert win.statusBar().currentMessage() == (
        f"Wrote 1 annotations and 1 national notes to {out}"
    )


def test_confidential_items_come_with_a_warning(qtbot, home, tmp_path, monkeypatch) -> None:
    win, _notes = home
    seen = choose(monkeypatch, personal=True, confidential=True)
    _feature(win).export_bundle(tmp_path / "all.json")
    assert seen[1] == (
        "⚠ Personal items are your own working notes: whoever imports the bundle will see "
        "them. Confidential items will be in the file. Send it only to people cleared to "
        "read them."
    )


def test_round_trip_through_the_menu_gives_identical_notes(
    qtbot, home, other, tmp_path, monkeypatch
) -> None:
    win, notes = home
    win2, notes2 = other
    win.settings.author = "Austria, Permanent Mission"
    choose(monkeypatch, personal=True, confidential=True)
    bundle = tmp_path / "all.json"
    assert _feature(win).export_bundle(bundle) == bundle
    shown = confirm(monkeypatch, QDialog.DialogCode.Accepted)
    changes: list[Change] = []
    notes2.subscribe(changes.append)
    panel = win2.annotations.panel
    assert panel is not None and panel.model.rowCount() == 0
    report = run_import(qtbot, win2, bundle)
    assert (report.added, report.updated, report.unchanged, report.conflicts) == (9, 0, 0, ())
    assert panel.model.rowCount() == 5  # the annotations panel shows what came in
    assert shown[0]["added"] == "9"
    exported = json.loads(bundle.read_text(encoding="utf-8"))["exported"]
    assert shown[0]["origin"] == (
        f"From Austria, Permanent Mission, exported {exported[:10]} {exported[11:16]} UTC"
    )
    assert everything(notes2) == everything(notes)
    # the views are told, as after any bulk change
    assert len(changes) == 1 and (changes[0].kind, changes[0].entity) == ("restored", "many")
    assert set(changes[0].ids) == {a["id"] for a in everything(notes)[0]} | {
        n["id"] for n in everything(notes)[1]
    }
    assert VD7 in changes[0].node_ids
    (backup,) = [b.path.name for b in list_backups(win2.paths) if b.reason == "pre-import"]
    assert win2.statusBar().currentMessage() == (
        "Imported notes: 9 added, 0 updated, 0 unchanged, 0 kept as you had them. "
        f"Backup taken first: {backup}."
    )
    # importing the same file again changes nothing
    again = confirm(monkeypatch, QDialog.DialogCode.Rejected)
    with qtbot.waitSignal(_feature(win2).bundle_imported, timeout=3000, raising=False) as b:
        _feature(win2).import_bundle(bundle)
        qtbot.waitUntil(lambda: len(again) == 1, timeout=20000)
    assert not b.signal_triggered
    assert (again[0]["unchanged"], again[0]["buttons"]) == ("9", ["Close"])


def test_summary_lists_conflicts_and_cancel_changes_nothing(
    qtbot, home, other, tmp_path, monkeypatch
) -> None:
    win, notes = home
    win2, notes2 = other
    choose(monkeypatch, personal=True)
    bundle = tmp_path / "b.json"
    _feature(win).export_bundle(bundle)
    confirm(monkeypatch, QDialog.DialogCode.Accepted)
    run_import(qtbot, win2, bundle)
    mine = next(a for a in notes2.filter_annotations(AnnotationFilter()) if a.node_id == VD7)
    notes2.update_annotation(mine.id, comment="Changed here after the import.")
    before = everything(notes2)
    backups = len(list_backups(win2.paths))
    # the colleague edits the same annotation later and sends a new bundle
    notes.update_annotation(mine.id, comment="Changed by the colleague, later.")
    _feature(win).export_bundle(bundle)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    shown = confirm(monkeypatch, QDialog.DialogCode.Rejected)
    _feature(win2).import_bundle(bundle)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=20000)
    got = shown[0]
    assert (got["updated"], got["unchanged"], got["kept_local"]) == ("1", "6", "0")
    assert got["conflicts"] == [
        [
            "Annotation",
            "A/RES/55/59, annex, para. 7 “the goals of the Convention”",
            notes2.annotation(mine.id).modified[:19].replace("T", " "),
            notes.annotation(mine.id).modified[:19].replace("T", " "),
            "the bundle's (newer)",
        ]
    ]
    assert got["conflicts_shown"]
    assert got["buttons"] == ["&Import", "Cancel"]
    qtbot.waitUntil(lambda: _feature(win2)._worker is None)
    assert everything(notes2) == before  # cancelled: nothing written
    assert len(list_backups(win2.paths)) == backups


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'{"format": "vdesk-notes", "sch',
            "the file is not valid JSON (truncated or damaged?): Unterminated string starting "
            "at at line 1, column 27; nothing was imported",
        ),
        (
            b'{"format": "other"}',
            "the file is not a vdesk notes bundle (its format is 'other'); nothing was imported",
        ),
        (
            b'{"format": "vdesk-notes", "schema": 7, "annotations": [], "national_notes": [], '
            b'"colours": []}',
            "the bundle was written by a newer vdesk (schema 7); this version reads schema 1: "
            "update vdesk to import it; nothing was imported",
        ),
    ],
    ids=["truncated", "foreign", "newer"],
)
def test_a_bad_bundle_gets_a_message_and_changes_nothing(
    qtbot, home, tmp_path, monkeypatch, content: bytes, expected: str
) -> None:
    win, notes = home
    before = everything(notes)
    backups = len(list_backups(win.paths))
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text, *a: warned.append((t, text)))
    shown = confirm(monkeypatch, QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(_feature(win).import_failed, timeout=20000) as blocker:
        _feature(win).import_bundle(bad)
    assert blocker.args == [expected]
    assert warned == [
        ("Import Notes Bundle", f"“bad.json” cannot be imported: {expected}\n\n"
         "Your notes are unchanged.")
    ]  # fmt: skip
    assert shown == []
    assert everything(notes) == before
    assert len(list_backups(win.paths)) == backups


def test_an_unreadable_path_gets_a_message(qtbot, home, tmp_path, monkeypatch) -> None:
    win, _notes = home
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text, *a: warned.append(text))
    _feature(win).import_bundle(tmp_path)
    assert warned == [
        f"“{tmp_path.name}” cannot be imported: it cannot be read: it is a folder.\n\n"
        "Your notes are unchanged."
    ]


def test_a_failed_bundle_write_keeps_the_old_file(qtbot, home, tmp_path, monkeypatch) -> None:
    import errno

    import vdesk.export.atomic as atomic

    win, _notes = home
    out = tmp_path / "shared.json"
    out.write_text("the bundle sent last week", encoding="utf-8")
    choose(monkeypatch)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda p, t, text, *a: shown.append((t, text)))

    def full(src, dst):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    assert _feature(win).export_bundle(out) is None
    assert shown == [
        ("Export failed", f"The bundle was not saved: cannot write {out}: the disk is full; "
         "the previous file is intact.")
    ]  # fmt: skip
    assert out.read_text(encoding="utf-8") == "the bundle sent last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.json", "vdesk-home"]
    assert win.settings.export_folder == ""


def test_undo_after_an_import_loses_neither_the_edit_nor_the_imported_version(
    qtbot, home, other, tmp_path, monkeypatch
) -> None:
    """The defect: after an import replaced the annotation the user had just edited,
    Ctrl+Z wrote back the value before the edit — losing both the edit and the
    imported version. The import clears the undo history and says so."""
    from vdesk.qt.undo import EditAnnotationCommand

    win, notes = home
    win2, notes2 = other
    choose(monkeypatch, personal=True)
    bundle = tmp_path / "b.json"
    _feature(win).export_bundle(bundle)
    confirm(monkeypatch, QDialog.DialogCode.Accepted)
    run_import(qtbot, win2, bundle)
    mine = next(a for a in notes2.filter_annotations(AnnotationFilter()) if a.node_id == VD7)
    feature = win2.annotations
    assert feature._push(EditAnnotationCommand(feature.desk, mine, comment="My edit.")) == ""
    assert win2.undo_stack.count() == 1
    # the colleague edits the same annotation later; the newer version comes in
    notes.update_annotation(mine.id, comment="The colleague's, later.")
    _feature(win).export_bundle(bundle)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    report = run_import(qtbot, win2, bundle)
    assert report.updated == 1
    imported = notes2.annotation(mine.id)
    assert imported is not None and imported.comment == "The colleague's, later."
    assert win2.undo_stack.count() == 0
    assert (
        win2.statusBar()
        .currentMessage()
        .endswith("Undo history cleared: the import cannot be undone step by step.")
    )
    win2.actions_by_id["undo"].trigger()  # Ctrl+Z: nothing to undo
    assert notes2.annotation(mine.id) == imported
    # the edit is in the backup the import took first
    backup = report.backup
    assert backup is not None
    from sqlalchemy import create_engine

    kept = SqliteNotesStore(create_engine(f"sqlite:///{backup}"))
    try:
        assert kept.annotation(mine.id).comment == "My edit."  # type: ignore[union-attr]
    finally:
        kept.close()

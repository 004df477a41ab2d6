"""The import summary shows a pending conflict (a colleague's note for a provision and
country that already has one) and Import records it: the local note stays, one."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from tests.qt.test_bundle_gui import _feature, choose, confirm, home, other, run_import
from tests.unit.test_export_markdown import P2A
from vdesk.desk import Desk

__all__ = ["home", "other"]  # the fixtures


def test_a_note_for_the_same_provision_and_country_is_shown_and_kept_aside(
    qtbot, home, other, tmp_path, monkeypatch
) -> None:
    win, _notes = home
    win2, notes2 = other
    mine = notes2.add_national_note(P2A, country="AT", status="not_started", text="ours")
    choose(monkeypatch, personal=True)
    bundle = tmp_path / "b.json"
    _feature(win).export_bundle(bundle)
    shown = confirm(monkeypatch, QDialog.DialogCode.Accepted)
    report = run_import(qtbot, win2, bundle)
    (got,) = shown
    pending = [row for row in got["conflicts"] if row[0] == "National note"]
    assert pending == [
        [
            "National note",
            "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a) (AT)",
            mine.modified[:19].replace("T", " "),
            pending[0][3],
            "yours; the bundle's is kept for you to choose",
        ]
    ]
    assert got["buttons"] == ["&Import", "Cancel"]
    assert report.pending == 1
    assert notes2.national_notes(node_ids=[P2A], country="AT") == [mine]
    desk = Desk(win2.paths)
    try:
        (rec,) = desk.conflicts()
        assert rec.local == mine and rec.incoming.text.startswith("Draft law | in parliament")
    finally:
        desk.close()


def test_only_pending_conflicts_still_offer_import(qtbot, home, other, tmp_path, monkeypatch):
    win, notes = home
    win2, notes2 = other
    for n in notes.national_notes():
        if (n.node_id, n.country) != (P2A, "AT"):
            notes.delete_national_note(n.id)
    for a in notes.filter_annotations(limit=None):
        notes.delete_annotation(a.id)
    notes2.add_national_note(P2A, country="AT", status="not_started", text="ours")
    choose(monkeypatch, personal=True)
    bundle = tmp_path / "b.json"
    _feature(win).export_bundle(bundle)
    shown = confirm(monkeypatch, QDialog.DialogCode.Accepted)
    report = run_import(qtbot, win2, bundle)
    assert shown[0]["buttons"] == ["&Import", "Cancel"]
    assert (report.added, report.pending) == (0, 1)

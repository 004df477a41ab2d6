"""The desktop app's start on an empty, foreign or damaged notes file: the same choice
as the command line (restore the newest good backup, or start afresh), nothing
changed until the user chooses; a start backup the full disk refused is said."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox

from vdesk.domain.notes import Anchor
from vdesk.paths import AppPaths
from vdesk.qt.app import open_notes
from vdesk.store import user_backups
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.store.user_db import backup, list_backups


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Answer the next message box by clicking the button with ``answer["click"]``;
    what the box said is recorded in the same dictionary."""
    seen: dict[str, object] = {}

    def exec_(box: QMessageBox) -> int:
        seen["text"] = box.text()
        shown = [b.text() for b in box.buttons()]
        seen["buttons"] = sorted(t for t in shown if not t.startswith("Show Details"))
        seen["details"] = box.detailedText()
        (button,) = [b for b in box.buttons() if b.text() == seen["click"]]  # the user's choice
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen


def _with_notes(paths: AppPaths, n: int) -> list[str]:
    repo = SqliteNotesStore.open(paths)
    try:
        return [
            repo.add_annotation(Anchor(f"vienna-declaration/annex/para_{i}")).id
            for i in range(1, n + 1)
        ]
    finally:
        repo.close()


def _empty(paths: AppPaths) -> None:
    paths.user_db.write_bytes(b"")
    for ext in ("-wal", "-shm"):
        paths.user_db.with_name(paths.user_db.name + ext).unlink(missing_ok=True)


def test_an_empty_file_offers_the_newest_backup(qtbot, paths: AppPaths, answer) -> None:
    ids = _with_notes(paths, 3)
    backup(paths, "manual")
    _empty(paths)
    answer["click"] = "Restore Backup"
    store = open_notes(paths)
    assert store is not None
    try:
        assert {a.id for a in store.filter_annotations(limit=None)} == set(ids)
    finally:
        store.close()
    assert answer["text"] == "Your notes database is empty."
    assert answer["buttons"] == ["Continue Without Notes", "Restore Backup", "Start Afresh"]
    assert answer["details"] == f"{paths.user_db}\nempty (0 bytes)"
    (aside,) = paths.data_dir.glob("user.sqlite.damaged-*")
    assert aside.read_bytes() == b""


def test_a_foreign_file_without_backups_can_start_afresh(qtbot, paths: AppPaths, answer) -> None:
    paths.user_db.write_bytes(b"somebody's spreadsheet" * 100)
    answer["click"] = "Start Afresh"
    store = open_notes(paths)
    assert store is not None
    try:
        assert store.count() == (0, 0)
    finally:
        store.close()
    assert answer["text"] == "The file where your notes should be is not a vdesk notes database."
    assert answer["buttons"] == ["Continue Without Notes", "Start Afresh"]
    (aside,) = paths.data_dir.glob("user.sqlite.reset-*")
    assert aside.read_bytes() == b"somebody's spreadsheet" * 100


def test_continuing_without_notes_changes_nothing(qtbot, paths: AppPaths, answer) -> None:
    _with_notes(paths, 1)
    backup(paths, "manual")
    before = list_backups(paths)
    _empty(paths)
    answer["click"] = "Continue Without Notes"
    assert open_notes(paths) is None
    assert paths.user_db.read_bytes() == b""
    assert list_backups(paths) == before
    assert sorted(p.name for p in paths.data_dir.iterdir()) == ["backups", "user.sqlite"]


def test_a_full_disk_opens_the_notes_and_says_no_backup_was_taken(
    qtbot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_notes(paths, 2)

    def no_space(path: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(user_backups, "fsync_path", no_space)
    window = QMainWindow()
    qtbot.addWidget(window)
    store = open_notes(paths, window)
    assert store is not None
    try:
        assert store.count() == (2, 0)
    finally:
        store.close()
    assert window.statusBar().currentMessage() == (
        f"No backup of your notes was taken: the disk holding {paths.backup_dir} is full, so "
        "the backup of your notes failed: free some space and try again (your notes were not "
        "changed)"
    )
    assert list_backups(paths) == [] and list(paths.backup_dir.glob("*.part")) == []

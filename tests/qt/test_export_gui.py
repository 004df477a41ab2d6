"""File > Export… on the real corpus: the dialog writes exactly what export_markdown
writes for the same choices, keeps confidential items out unless asked, asks before
replacing a file, and a cancel or a failed write leaves no file / the old file."""

from __future__ import annotations

import errno
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.unit.test_export_markdown import GOLDEN, NOW, P2A, VD7, populate
from vdesk.export import presets
from vdesk.export.markdown import ExportOptions, Filters, Scope, export_markdown
from vdesk.export.render import html_page
from vdesk.paths import AppPaths
from vdesk.qt.app import main_window_on
from vdesk.qt.dialogs.export import CONFIDENTIAL_WARNING, ExportDialog, PreviewBrowser
from vdesk.qt.features.export import ExportFeature
from vdesk.qt.main_window import MainWindow
from vdesk.qt.settings import Settings
from vdesk.store.notes.sqlite import SqliteNotesStore

CHP_I = "plans-of-action/annex/chp_I"


@pytest.fixture
def notes(paths: AppPaths, corpus_repo) -> Iterator[SqliteNotesStore]:
    repo = SqliteNotesStore.open(paths)
    populate(repo, corpus_repo)
    yield repo
    repo.close()


@pytest.fixture
def window(open_window, notes) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_window(notes, show=False)


def feature(win: MainWindow) -> ExportFeature:
    found = win.findChild(ExportFeature)
    assert found is not None
    return found


def dialog(qtbot, win: MainWindow) -> ExportDialog:
    dlg = feature(win).make_export_dialog()
    qtbot.addWidget(dlg)
    dlg.now, dlg.app_version = NOW, "9.9.9"
    qtbot.waitUntil(lambda: dlg._preview_worker is None, timeout=10000)
    return dlg


def save(qtbot, dlg: ExportDialog, path: Path) -> None:
    with qtbot.waitSignal(dlg.exported, timeout=20000) as blocker:
        dlg.save_to(path)
    assert blocker.args == [str(path)]


def test_file_menu_has_the_export_actions_with_ctrl_e(window: MainWindow) -> None:
    texts = [a.text() for a in window.menus["file"].actions()]
    assert texts[:4] == ["&Export…", "Export Notes &Bundle…", "&Import Notes Bundle…", ""]
    assert texts[-1] == "&Quit"
    export = window.actions_by_id["export"]
    assert export.shortcut().toString() == "Ctrl+E"
    assert export.toolTip() == "Export provisions and your notes as Markdown (Ctrl+E)"
    assert all(a.isEnabled() for a in feature(window).actions.values())


def test_actions_wait_for_the_notes_store(qtbot, paths, corpus_repo, searcher) -> None:
    win = main_window_on(paths, Settings(paths.settings_file), corpus_repo, searcher)
    qtbot.addWidget(win)
    assert not any(a.isEnabled() for a in feature(win).actions.values())


@pytest.mark.parametrize("preset", [p.key for p in presets.PRESETS])
def test_each_preset_writes_its_golden_file(qtbot, window, tmp_path, preset) -> None:
    dlg = dialog(qtbot, window)
    dlg.preset_combo.setCurrentIndex(dlg.preset_combo.findData(preset))
    p = presets.get(preset)
    assert dlg.request().scope == Scope("annotated")
    assert dlg.request().options == p.options
    assert dlg.request().filters == Filters()
    out = tmp_path / "export.md"
    save(qtbot, dlg, out)
    assert out.read_text(encoding="utf-8") == (GOLDEN / f"{preset}.md").read_text(encoding="utf-8")


def test_scope_filters_and_options_give_what_export_markdown_gives(
    qtbot, window, tmp_path, corpus_repo, notes
) -> None:
    window.open_node(P2A)
    dlg = dialog(qtbot, window)
    assert dlg.scope_buttons["chapter"].text() == (
        "The chapter of the current provision: I. Action against transnational organized crime"
    )
    assert dlg.select_scope("chapter")
    dlg.country_combo.setCurrentIndex(dlg.country_combo.findData("AT"))
    dlg.highlights_radio.setChecked(True)
    dlg.footnotes_check.setChecked(False)
    dlg.title_edit.setText("Austria in chapter I")
    out = tmp_path / "chapter.md"
    save(qtbot, dlg, out)
    chapter = corpus_repo.node(CHP_I)
    expected = export_markdown(
        corpus_repo,
        notes,
        Scope("chapter", (CHP_I,), chapter.citation),
        ExportOptions(
            title="Austria in chapter I",
            preset="annotated-excerpts",
            text="highlights",
            footnotes=False,
        ),
        Filters(country="AT"),
        now=NOW,
        app_version="9.9.9",
    )
    assert expected.provisions == 2  # 2 (a) with the AT note, and 4 with its own
    assert out.read_text(encoding="utf-8") == expected.markdown
    assert window.settings.export_folder == ""  # save_to asks nothing, remembers nothing


def test_scopes_follow_the_window(qtbot, window, corpus_repo, searcher) -> None:
    dlg = dialog(qtbot, window)  # nothing open, nothing selected, no search
    reasons = {k: b.isEnabled() for k, b in dlg.scope_buttons.items()}
    assert reasons == {"provision": False, "provisions": False, "chapter": False,
                       "document": False, "annotated": True, "search": False}  # fmt: skip
    assert dlg.scope_buttons["provision"].text() == "The current provision — open a provision first"
    assert dlg.scope_buttons["search"].toolTip() == "search first (Ctrl+Shift+F)"
    assert dlg.scope_buttons["annotated"].isChecked()

    window.open_node(VD7)
    tree = window.tree
    sm = tree.view.selectionModel()
    second = tree.model.index_for("vienna-declaration/annex/para_8")
    sm.select(second, QItemSelectionModel.SelectionFlag.Select)
    assert tree.selected_ids() == [VD7, "vienna-declaration/annex/para_8"]
    window.search_panel.query_edit.setText('"trafficking in persons"')
    window.search_panel.run_search()
    ctx = feature(window).export_context()
    assert ctx.choice("provision").scope == Scope(
        "provision", (VD7,), "A/RES/55/59, annex, para. 7"
    )
    assert ctx.choice("provisions").scope == Scope(
        "provisions",
        (VD7, "vienna-declaration/annex/para_8"),
        "A/RES/55/59, annex, para. 7; A/RES/55/59, annex, para. 8",
    )
    assert ctx.choice("chapter").reason == "this document has no chapters"
    assert ctx.choice("document").scope == Scope(
        "document", ("vienna-declaration",), "Vienna Declaration"
    )
    found = searcher.search('"trafficking in persons"', limit=1000)
    assert ctx.choice("search").scope == Scope(
        "search", tuple(h.id for h in found.hits), '"trafficking in persons"'
    )
    assert len(found.hits) > 20  # more than the panel shows


def test_confidential_is_off_by_default_and_warns_when_on(qtbot, window) -> None:
    dlg = dialog(qtbot, window)
    dlg.show()
    for i in range(dlg.preset_combo.count()):
        dlg.preset_combo.setCurrentIndex(i)
        assert not dlg.confidential_check.isChecked()
        assert not dlg.request().options.confidential
        assert not dlg.confidential_warning.isVisible()
    assert "CONFIDENTIAL" not in dlg.preview.toPlainText()
    dlg.preset_combo.setCurrentIndex(0)
    with qtbot.waitSignal(dlg.preview_updated, timeout=10000):
        dlg.confidential_check.setChecked(True)
    assert dlg.confidential_warning.isVisible()
    assert dlg.confidential_warning.text() == "⚠ " + CONFIDENTIAL_WARNING
    assert "CONFIDENTIAL — this export includes items marked confidential (2)" in (
        dlg.preview.toPlainText()
    )
    assert "2 confidential items" in dlg.summary_label.text()


def test_preview_is_the_rendered_export_and_loads_nothing(qtbot, window) -> None:
    dlg = dialog(qtbot, window)
    text = dlg.preview.toPlainText()
    assert text.startswith("Sources: ")
    assert "Annotated excerpts" in text
    assert "Use this exact wording in the draft." in text  # the comment, rendered
    assert "<script>alert(1)</script> stays text." in text
    assert dlg.summary_label.text() == "5 provisions, 4 annotations, 3 national notes."
    assert isinstance(dlg.preview, PreviewBrowser)
    assert dlg.preview.loadResource(2, "https://example.org/x.png") is None
    with qtbot.waitSignal(dlg.preview_updated, timeout=10000):
        dlg.country_combo.setCurrentIndex(dlg.country_combo.findData("DE"))
    assert dlg.summary_label.text() == "1 provision, 0 annotations, 1 national note."


def test_overwrite_asks_first(qtbot, window, tmp_path, monkeypatch) -> None:
    out = tmp_path / "brief.md"
    out.write_text("my earlier brief", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    asked: list[str] = []

    def answer(button):  # type: ignore[no-untyped-def]
        def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
            asked.append(text)
            return button

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    dlg = dialog(qtbot, window)
    assert not dlg.save()
    assert asked == [f"“brief.md” already exists in {tmp_path}.\nDo you want to replace it?"]
    assert out.read_text(encoding="utf-8") == "my earlier brief"
    assert window.settings.export_folder == ""

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(dlg.exported, timeout=20000):
        assert dlg.save()
    assert out.read_text(encoding="utf-8").startswith('---\ntitle: "Annotated excerpts"')
    assert window.settings.export_folder == str(tmp_path)
    assert len(asked) == 2


def test_cancel_leaves_no_file(qtbot, window, tmp_path, monkeypatch) -> None:
    import vdesk.desk.exporting as desk_exporting  # where the dialog's export runs

    real = desk_exporting.export_markdown

    def slow(*args, cancelled, **kw):  # type: ignore[no-untyped-def]
        # in the worker: a long export, still running when the user cancels
        for _ in range(1000):
            if cancelled():
                break
            time.sleep(0.005)
        return real(*args, cancelled=cancelled, **kw)

    window.open_node(P2A)
    dlg = dialog(qtbot, window)
    dlg.select_scope("document")
    monkeypatch.setattr(desk_exporting, "export_markdown", slow)
    folder = tmp_path / "exports"
    folder.mkdir()
    with qtbot.waitSignal(dlg.export_cancelled, timeout=10000):
        dlg.save_to(folder / "whole.md")
        dlg.cancel_save()
    assert list(folder.iterdir()) == []
    assert dlg.save_button.isEnabled()


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "the disk is full"), (errno.EACCES, "permission denied")],
    ids=["disk-full", "permission-denied"],
)
def test_write_failure_keeps_the_old_file_and_says_why(
    qtbot, window, tmp_path, monkeypatch, code: int, reason: str
) -> None:
    import vdesk.export.atomic as atomic

    (tmp_path / "exports").mkdir()
    out = tmp_path / "exports" / "brief.md"
    out.write_text("my earlier brief", encoding="utf-8")

    def disk_full(src, dst):  # type: ignore[no-untyped-def]
        raise OSError(code, "refused")

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda p, t, text, *a: shown.append((t, text)))
    dlg = dialog(qtbot, window)
    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with qtbot.waitSignal(dlg.export_failed, timeout=20000) as blocker:
        dlg.save_to(out)
    message = f"cannot write {out}: {reason}; the previous file is intact"
    assert blocker.args == [message]
    assert shown == [("Export failed", f"The export was not saved: {message}.")]
    assert out.read_text(encoding="utf-8") == "my earlier brief"
    assert sorted(p.name for p in out.parent.iterdir()) == ["brief.md"]
    assert dlg.last_path is None and dlg.save_button.isEnabled()  # open, to try again


def test_ctrl_click_selects_several_provisions_and_a_click_still_opens_one(qtbot, window) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.open_node(VD7)
    tree = window.tree
    para_9 = tree.model.index_for("vienna-declaration/annex/para_9")
    para_8 = tree.model.index_for("vienna-declaration/annex/para_8")
    tree.view.scrollTo(para_9)
    with qtbot.waitSignal(tree.node_activated) as opened:
        qtbot.mouseClick(tree.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=tree.view.visualRect(para_8).center())  # fmt: skip
    assert opened.args == ["vienna-declaration/annex/para_8"]
    assert tree.selected_ids() == ["vienna-declaration/annex/para_8"]
    qtbot.mouseClick(tree.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier,
                     tree.view.visualRect(para_9).center())  # fmt: skip
    assert sorted(tree.selected_ids()) == [
        "vienna-declaration/annex/para_8",
        "vienna-declaration/annex/para_9",
    ]
    ctx = feature(window).export_context()
    assert ctx.choice("provisions").detail == "2 selected"
    # the arrow keys still move one selection and open what they reach
    tree.view.setFocus()
    with qtbot.waitSignal(tree.node_activated) as moved:
        qtbot.keyClick(tree.view, Qt.Key.Key_Down)
    assert moved.args == ["vienna-declaration/annex/para_10"]
    assert tree.selected_ids() == ["vienna-declaration/annex/para_10"]
    assert feature(window).export_context().choice("provisions").scope is None


def test_an_html_copy_is_the_rendered_page_and_both_files_are_asked_about(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "brief.html").write_text("old page", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / "brief"), ""))
    asked: list[str] = []

    def yes(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    dlg = dialog(qtbot, window)
    dlg.html_check.setChecked(True)
    with qtbot.waitSignal(dlg.exported, timeout=20000):
        assert dlg.save()  # "brief" becomes brief.md, with brief.html beside it
    assert asked == [f"“brief.html” already exists in {folder}.\nDo you want to replace it?"]
    md_text = (folder / "brief.md").read_text(encoding="utf-8")
    assert md_text == (GOLDEN / "annotated-excerpts.md").read_text(encoding="utf-8")
    assert (folder / "brief.html").read_text(encoding="utf-8") == html_page(md_text)
    assert window.statusBar().currentMessage() == (
        f"Exported 5 provisions to {folder / 'brief.md'} (and an HTML copy)"
    )


def test_ctrl_e_opens_the_dialog_on_the_current_provision(qtbot, window, monkeypatch) -> None:
    with qtbot.waitActive(window):  # shortcuts go to the active window
        window.show()
        window.activateWindow()
    window.open_node(P2A)
    seen: list[tuple[str, bool, str]] = []

    def exec_(self: ExportDialog) -> int:
        seen.append((self.windowTitle(), self.parent() is window, self.scope_kind()))
        seen.append(("provision", self.select_scope("provision"), self.request().scope.label))
        return 0

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert seen == [
        ("Export to Markdown", True, "annotated"),
        ("provision", True, "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)"),
    ]
    assert feature(window).dialog is None  # closed and released


def test_a_long_preview_is_cut_at_a_paragraph_break(monkeypatch) -> None:
    import vdesk.qt.dialogs.export as export_dialog

    monkeypatch.setattr(export_dialog, "PREVIEW_LIMIT", 30)
    text = "# Title\n\nFirst paragraph.\n\nSecond paragraph, too long to show.\n"
    assert export_dialog._preview_markdown(text) == ("# Title\n\nFirst paragraph.", True)
    assert export_dialog._preview_markdown(text[:25]) == (text[:25], False)


@pytest.mark.parametrize("kind", ["named pipe", "symbolic link"])
def test_a_pipe_or_a_link_as_the_target_is_refused_with_a_message(
    qtbot, window, tmp_path, monkeypatch, kind
) -> None:
    import os

    target = tmp_path / "brief.md"
    if kind == "named pipe":
        os.mkfifo(target)
    else:
        (tmp_path / "elsewhere.md").write_text("kept", encoding="utf-8")
        target.symlink_to(tmp_path / "elsewhere.md")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    dlg = dialog(qtbot, window)
    assert dlg.save() is False
    assert warned == [
        f"{target} is a {kind}, not a regular file: it is never replaced. Choose another file name."
    ]
    assert target.is_symlink() or target.is_fifo()
    if kind == "symbolic link":
        assert (tmp_path / "elsewhere.md").read_text(encoding="utf-8") == "kept"


def test_a_confidential_export_says_it_is_readable_only_by_you(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    target = tmp_path / "brief.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dlg = dialog(qtbot, window)
    with qtbot.waitSignal(dlg.preview_updated, timeout=10000):
        dlg.confidential_check.setChecked(True)
    with qtbot.waitSignal(dlg.exported, timeout=20000):
        assert dlg.save()
    assert target.stat().st_mode & 0o777 == 0o600
    assert window.statusBar().currentMessage() == (
        f"Exported 5 provisions to {target}; it includes 2 CONFIDENTIAL item(s) and is "
        "readable only by you"
    )

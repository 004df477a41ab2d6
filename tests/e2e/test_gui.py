"""The real main window, driven as a delegate would, and a smoke test of the GUI start."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from vdesk.qt.settings import Settings


@pytest.fixture(autouse=True)
def _clear_clipboard(qapp):
    """The offscreen platform crashes at exit if the clipboard still holds our QMimeData."""
    yield
    qapp.clipboard().clear()


@pytest.fixture
def settings(paths):
    return Settings(paths.settings_file)


@pytest.fixture
def window(qtbot, built_paths, paths, corpus_repo, searcher, resolver, settings):
    """The real main window on the built corpus, with its own settings file."""
    from vdesk.qt.app import main_window_on

    win = main_window_on(paths, settings, corpus_repo, searcher, resolver)
    qtbot.addWidget(win)
    win.restore_state()
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


POA_2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
VD_7D = "vienna-declaration/annex/para_7/subpara_d"


def test_navigate_by_tree_citation_history_and_search(qtbot, window, paths):
    # first start: the first document's title page
    assert window.current_node == "vienna-declaration"
    assert "Vienna Declaration on Crime and Justice" in window.reader.toPlainText()

    # 1. by the tree: click a subparagraph
    tree = window.tree
    idx = tree.model.index_for(POA_2A)
    tree.view.scrollTo(idx)
    rect = tree.view.visualRect(idx)
    qtbot.mouseClick(tree.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_node == POA_2A
    assert window.reader.page.root.id == "plans-of-action/annex/chp_I/sec_A"
    assert window.reader.focus_id == POA_2A
    assert [label for label, _ in window.breadcrumb.parts] == [
        "Plans of action",
        "Annex",
        "I. Action against transnational organized crime",
        "A. National actions",
        "2",
        "2 (a)",
    ]
    assert (
        window.statusBar().currentMessage() == "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)"
    )

    # 2. by citation, through the dialog's own resolver
    dlg = window.make_goto_dialog()
    dlg.edit.setText("VD 7 (d)")
    dlg.accept()
    assert window.open_node(dlg.node_id)
    assert window.current_node == VD_7D
    assert tree.current_id() == VD_7D  # the tree follows the reader
    assert (
        "To strengthen the capability of the United Nations Centre" in window.reader.toPlainText()
    )

    # 3. back and forward (Alt+Left / Alt+Right)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_node == POA_2A
    assert tree.current_id() == POA_2A
    qtbot.keyClick(window.reader, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_node == VD_7D

    # next paragraph from 7 (d) is paragraph 8
    window.actions_by_id["next_paragraph"].trigger()
    assert window.current_node == "vienna-declaration/annex/para_8"

    # 4. search, open a hit, step through the highlighted words
    window.actions_by_id["search"].trigger()
    panel = window.search_panel
    assert window.side.currentWidget() is panel
    with qtbot.waitSignal(panel.results_shown, timeout=3000):
        qtbot.keyClicks(panel.query_edit, "firearms")
    assert panel.model.rowCount() > 0
    first = panel.model.hit(0)
    panel.open_row(0)
    assert window.current_node == first.id
    assert window.reader.hit_count > 0
    assert window.reader.textCursor().selectedText().lower().startswith("firearm")
    before = window.reader.current_hit
    window.actions_by_id["find_next"].trigger()
    assert window.reader.current_hit == (before + 1) % window.reader.hit_count
    assert window.reader.textCursor().selectedText().lower().startswith("firearm")


def test_cross_reference_link_and_copy_with_citation(qtbot, window):
    window.open_node("plans-of-action/annex/chp_I")
    window.reader.node_requested.emit("vienna-declaration/annex/para_10")  # as a link click does
    assert window.current_node == "vienna-declaration/annex/para_10"
    window.actions_by_id["copy_citation"].trigger()
    text = QGuiApplication.clipboard().mimeData().text()
    assert text.startswith("10. We undertake to strengthen international cooperation")
    assert text.endswith("\n(A/RES/55/59, annex, para. 10)")


def test_zoom_and_state_are_remembered(qtbot, window, settings, paths):
    px = window.reader.reader_style.font_px
    window.actions_by_id["zoom_in"].trigger()
    assert window.reader.reader_style.font_px > px
    window.actions_by_id["zoom_reset"].trigger()
    assert window.reader.reader_style.font_px == px
    window.open_node(VD_7D)
    window.splitter.setSizes([300, 900])
    window.close()
    again = Settings(paths.settings_file)
    assert again.last_node == VD_7D
    assert len(again.splitter_sizes) == 2
    assert not again.geometry.isEmpty()


def test_gui_starts_and_quits_in_a_subprocess(built_paths, tmp_path):
    """``run_gui`` twice on one basedir: the first start opens the corpus before showing
    the window; the second paints the snapshot of the last page, then attaches."""
    script = textwrap.dedent(
        """
        import shutil, sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from vdesk.paths import AppPaths
        from vdesk.qt.app import make_application, run_gui

        src, base = AppPaths.resolve(sys.argv[1]), AppPaths.resolve(sys.argv[2])
        base.ensure()
        if not base.corpus_dir.exists():
            shutil.copytree(src.corpus_dir, base.corpus_dir)
        make_application(sys.argv[:1])

        def window():
            app = QApplication.instance()
            return next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")

        def first_paint():
            w = window()
            print("SHOWN", w.isVisible(), w.is_attached, "|" + w.windowTitle() + "|", flush=True)

        def check():
            w = window()
            if not w.is_attached:
                QTimer.singleShot(20, check)
                return
            print("ATTACHED", w.current_node, "|" + w.windowTitle() + "|", flush=True)
            if sys.argv[3] == "navigate":
                w.open_node("vienna-declaration/annex/para_7/subpara_d")
            w.close()

        QTimer.singleShot(0, first_paint)
        QTimer.singleShot(0, check)
        sys.exit(run_gui(base, []))
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("VDESK_HOME", None)

    def start(mode: str) -> list[str]:
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                script,
                str(built_paths.cache_dir.parent),
                str(tmp_path / "home"),
                mode,
            ],
            capture_output=True,
            text=True,
            timeout=90,
            env=env,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.splitlines()

    first = start("navigate")
    assert first[0] == "SHOWN True True |Vienna Declaration — vdesk|"  # shown after attaching
    assert first[1] == "ATTACHED vienna-declaration |Vienna Declaration — vdesk|"
    assert (tmp_path / "home" / "config" / "vdesk.ini").is_file()
    assert (tmp_path / "home" / "cache" / "last-page.json").is_file()
    second = start("stay")
    assert second[0] == "SHOWN True False |A/RES/55/59, annex, para. 7 (d) — vdesk|"  # the snapshot
    assert second[1] == (
        "ATTACHED vienna-declaration/annex/para_7/subpara_d |A/RES/55/59, annex, para. 7 (d) — vdesk|"
    )


def test_first_start_builds_the_corpus_with_progress(qtbot, paths):
    from vdesk.corpus.build import corpus_is_current
    from vdesk.qt.app import build_corpus_with_progress

    assert not corpus_is_current(paths)
    assert build_corpus_with_progress(paths)
    assert corpus_is_current(paths)
    assert paths.corpus_db.is_file()

"""Annotating in the main window on the real corpus: select text, annotate, see the
highlight at the exact characters, hover for the comment, undo and redo; the
panel's filters, jumping to a quote, tree marks, review decisions, colours."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QToolTip

from vdesk.domain.notes import Anchor, Annotation
from vdesk.notes.anchoring import anchor_quote, make_anchor
from vdesk.qt.dialogs.annotate import AnnotateDialog, ColoursDialog, selection_target, text_map
from vdesk.qt.features.annotations import AnnotationsFeature
from vdesk.qt.main_window import MainWindow
from vdesk.qt.models.annotations import AnnotationTableModel
from vdesk.qt.models.corpus_tree import NodeMarks
from vdesk.qt.models.roles import Role
from vdesk.store.notes.sqlite import SqliteNotesStore

from .discard import answer_discard

P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P2B = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_b"
VD7 = "vienna-declaration/annex/para_7"
# a paragraph whose text carries footnote markers "2" (at 131) and "3" (at 158)
FN_PARA = "ccpcj-2002/chp_I/sec_A/dres_I/para_2"
RED, YELLOW, BLUE = "#ef9a9a", "#fff59d", "#90caf9"


@pytest.fixture
def win(open_window, notes) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_window(notes, size=(1200, 800))


def feature(w: MainWindow) -> AnnotationsFeature:
    found = w.findChild(AnnotationsFeature)
    assert found is not None
    return found


def select(w: MainWindow, node_id: str, start: int, end: int) -> None:
    """Select ``text[start:end]`` of ``node_id`` in the reader, as a drag would."""
    w.open_node(node_id)
    tm = text_map(w.reader, node_id)
    assert tm is not None
    cursor = QTextCursor(w.reader.document())
    cursor.setPosition(tm.position_of(start))
    cursor.setPosition(tm.position_of(end, end=True), QTextCursor.MoveMode.KeepAnchor)
    w.reader.setTextCursor(cursor)


def answer_dialog(monkeypatch, qtbot, seen: list[dict[str, str]] | None = None, **values: Any):
    """Let the next annotate dialog be filled in by typing, then saved; ``seen``
    gets what it showed (quote, preview of the comment)."""

    def fake_exec(dlg: AnnotateDialog) -> int:
        if "colour" in values:
            dlg.colour_combo.setCurrentIndex(dlg.colour_combo.findData(values["colour"]))
        if "comment" in values:
            dlg.comment_edit.clear()
            qtbot.keyClicks(dlg.comment_edit, values["comment"])
        if "tags" in values:
            dlg.tags_edit.clear()
            qtbot.keyClicks(dlg.tags_edit, values["tags"])
        if "sensitivity" in values:
            dlg.sensitivity_combo.setCurrentIndex(
                dlg.sensitivity_combo.findData(values["sensitivity"])
            )
        if seen is not None:
            if "comment" in values:  # the preview follows typing after a short pause
                qtbot.waitUntil(lambda: dlg.preview.toPlainText() != "No comment", timeout=2000)
            seen.append(
                {"quote": dlg.quote_label.text(), "preview": dlg.preview.toPlainText().strip()}
            )
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(AnnotateDialog, "exec", fake_exec)


def fmt_at(w: MainWindow, position: int) -> QTextCharFormat:
    """The character format of the character that starts at ``position``."""
    cursor = QTextCursor(w.reader.document())
    cursor.setPosition(position + 1)
    return cursor.charFormat()


def doc_text(w: MainWindow, a: int, b: int) -> str:
    cursor = QTextCursor(w.reader.document())
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def test_select_annotate_highlight_hover_undo_redo(win, notes, monkeypatch, qtbot) -> None:
    select(win, P2A, 68, 88)
    assert win.reader.textCursor().selectedText() == "investigative powers"
    seen: list[dict[str, str]] = []
    answer_dialog(
        monkeypatch,
        qtbot,
        seen,
        colour="red",
        comment="**Check** the national law",
        tags="Legislation, priority",
    )
    win.actions_by_id["annotate"].trigger()
    assert seen == [{"quote": "“investigative powers”", "preview": "Check the national law"}]
    [a] = notes.filter_annotations()
    assert (a.anchor.node_id, a.anchor.start, a.anchor.end) == (P2A, 68, 88)
    assert (a.anchor.quote, a.colour, a.comment) == (
        "investigative powers",
        "red",
        "**Check** the national law",
    )
    assert a.tags == ("legislation", "priority") and a.sensitivity == "personal"

    tm = text_map(win.reader, P2A)
    assert tm is not None
    start, end = tm.position_of(68), tm.position_of(88, end=True)
    [mark] = feature(win).marks.marks  # type: ignore[union-attr]
    assert (mark.start, mark.end) == (start, end)
    assert doc_text(win, start, end) == "investigative powers"
    assert fmt_at(win, start).background().color().name() == RED
    assert fmt_at(win, end - 1).background().color().name() == RED
    assert fmt_at(win, start - 1).background().style() == Qt.BrushStyle.NoBrush
    assert fmt_at(win, end).background().style() == Qt.BrushStyle.NoBrush
    assert not win.reader.textCursor().hasSelection()  # the new highlight is in view
    assert (
        'sanctions, <span class="ann-red">investigative powers</span>, criminal'
        in win.reader.last_body
    )

    # hovering the highlight shows the comment rendered from Markdown
    cursor = QTextCursor(win.reader.document())
    cursor.setPosition(start + 3)
    point = win.reader.cursorRect(cursor).center() + QPoint(2, 0)
    QApplication.sendEvent(
        win.reader.viewport(),
        QHelpEvent(QEvent.Type.ToolTip, point, win.reader.viewport().mapToGlobal(point)),
    )
    tip = QToolTip.text()
    assert "<b>Concern</b> · Personal" in tip
    assert "<strong>Check</strong> the national law" in tip
    assert "Tags: legislation, priority" in tip
    assert feature(win).marks.tooltip_at(start - 1) == ""  # type: ignore[union-attr]
    QToolTip.hideText()

    win.undo_stack.undo()
    assert notes.count() == (0, 0)
    assert feature(win).marks.marks == []  # type: ignore[union-attr]
    assert fmt_at(win, start).background().style() == Qt.BrushStyle.NoBrush
    win.undo_stack.redo()
    assert notes.filter_annotations() == [a]
    assert fmt_at(win, start).background().color().name() == RED


def test_selection_across_a_footnote_marker_maps_to_the_exact_text(win, notes, corpus_repo):
    text = corpus_repo.node(FN_PARA).text
    s = text.index("the Protocols thereto, and reiterates")
    e = s + len("the Protocols thereto, and reiterates")
    assert s < 158 < e and text[157] == ","  # footnote 3 is printed after "thereto,"
    select(win, FN_PARA, s, e)
    assert win.reader.textCursor().selectedText() == "the Protocols thereto,3 and reiterates"
    target = selection_target(win.reader)
    assert target is not None
    assert (target.node_id, target.start, target.end) == (FN_PARA, s, e)
    assert target.quote == "the Protocols thereto, and reiterates"
    notes.add_annotation(make_anchor(FN_PARA, text, s, e), colour="blue")
    [mark] = feature(win).marks.marks  # type: ignore[union-attr]
    assert doc_text(win, mark.start, mark.end) == "the Protocols thereto,3 and reiterates"
    assert fmt_at(win, mark.start).background().color().name() == BLUE


def test_without_a_selection_the_whole_paragraph_is_annotated(win, notes, monkeypatch, qtbot):
    win.open_node(VD7)
    assert not win.reader.textCursor().hasSelection()
    seen: list[dict[str, str]] = []
    answer_dialog(monkeypatch, qtbot, seen, comment="Whole paragraph")
    feature(win).annotate()
    assert seen == [{"quote": "<i>Whole provision</i>", "preview": "Whole paragraph"}]
    [a] = notes.filter_annotations()
    assert a.anchor.whole_node and a.node_id == VD7 and a.colour == "yellow"
    [mark] = feature(win).marks.marks  # type: ignore[union-attr]
    assert doc_text(win, mark.start, mark.end) == "7."  # the number in the margin
    assert fmt_at(win, mark.start).background().color().name() == YELLOW
    assert "Note on the whole provision" in feature(win).marks.tooltip_at(mark.start)  # type: ignore[union-attr]


def test_confidential_annotation_shows_its_label(win, notes, monkeypatch, qtbot) -> None:
    select(win, P2B, 0, 17)
    answer_dialog(monkeypatch, qtbot, comment="not for circulation", sensitivity="confidential")
    feature(win).annotate()
    [a] = notes.filter_annotations()
    assert (a.anchor.quote, a.sensitivity) == ("Building capacity", "confidential")
    [mark] = feature(win).marks.marks  # type: ignore[union-attr]
    assert '<span class="ann-yellow ann-conf">Building capacity</span>' in win.reader.last_body
    fmt = fmt_at(win, mark.start)
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
    assert fmt.underlineColor().name() == "#c62828"
    assert "Confidential" in feature(win).marks.tooltip_at(mark.start)  # type: ignore[union-attr]
    panel = feature(win).panel
    assert panel is not None
    assert panel.model.index(0, 5).data() == "Confidential"
    assert panel.model.index(0, 1).data() == "Plans of action, para. 2 (b)"


def _populate(notes: SqliteNotesStore, corpus_repo) -> dict[str, Annotation]:
    def ann(node: str, quote: str, **kw: Any) -> Annotation:
        return notes.add_annotation(anchor_quote(node, corpus_repo.node(node).text, quote), **kw)

    return {
        "powers": ann(P2A, "investigative powers", colour="red", tags=["legislation"]),
        "capacity": ann(P2B, "Building capacity", colour="green", comment="training plan"),
        "vienna": ann(VD7, "we shall endeavour", colour="red", tags=["legislation", "follow-up"]),
    }


def test_panel_filters_give_exact_rows_and_click_jumps(win, notes, corpus_repo, qtbot) -> None:
    made = _populate(notes, corpus_repo)
    feature(win).panel_action.trigger()
    panel = feature(win).panel
    assert panel is not None and feature(win).dock.isVisible()
    # ordered by document key, then provision and offset
    assert panel.model.ids == [made["powers"].id, made["capacity"].id, made["vienna"].id]
    assert panel.count_label.text() == "3 annotations"

    panel.tag_combo.setCurrentIndex(panel.tag_combo.findData("follow-up"))
    assert panel.model.ids == [made["vienna"].id]
    panel.tag_combo.setCurrentIndex(0)
    panel.colour_combo.setCurrentIndex(panel.colour_combo.findData("red"))
    assert panel.model.ids == [made["powers"].id, made["vienna"].id]
    panel.colour_combo.setCurrentIndex(0)
    qtbot.keyClicks(panel.text_edit, "TRAINING")
    qtbot.waitUntil(lambda: panel.model.ids == [made["capacity"].id], timeout=2000)
    assert panel.count_label.text() == "1 annotation"
    panel.text_edit.clear()
    panel.doc_combo.setCurrentIndex(panel.doc_combo.findData("vienna-declaration"))
    qtbot.waitUntil(lambda: panel.model.ids == [made["vienna"].id], timeout=2000)

    rect = panel.view.visualRect(panel.model.index(0, 2))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.current_node == VD7
    assert win.reader.textCursor().selectedText() == "we shall endeavour"


def test_panel_edit_and_delete_are_undoable(win, notes, corpus_repo, monkeypatch, qtbot):
    made = _populate(notes, corpus_repo)
    panel = feature(win).panel
    assert panel is not None
    panel.select_id(made["capacity"].id)
    answer_dialog(monkeypatch, qtbot, comment="new plan", colour="blue")
    panel.edit_button.click()
    edited = notes.annotation(made["capacity"].id)
    assert edited is not None and (edited.comment, edited.colour) == ("new plan", "blue")
    assert panel.model.index(panel.model.row_of(edited.id), 3).data() == "new plan"
    win.undo_stack.undo()
    assert notes.annotation(made["capacity"].id) == made["capacity"]

    panel.view.selectAll()
    panel.delete_button.click()
    assert notes.count() == (0, 0) and panel.model.ids == []
    assert panel.count_label.text() == "No annotations match"
    win.undo_stack.undo()  # one step brings all three back
    assert sorted(a.id for a in notes.filter_annotations()) == sorted(a.id for a in made.values())


def test_tree_marks_annotations_and_national_notes(win, notes, corpus_repo, qtbot) -> None:
    model = win.tree_model
    assert model is not None
    idx = model.index_for(P2A)
    assert idx.data(Role.MARKS) is None and idx.data(Qt.ItemDataRole.DecorationRole) is None
    with qtbot.waitSignal(model.dataChanged):
        notes.add_annotation(make_anchor(P2A, corpus_repo.node(P2A).text, 68, 88))
    assert idx.data(Role.MARKS) == NodeMarks(1, 0, 0, 0)
    assert idx.data(Qt.ItemDataRole.DecorationRole) is not None
    assert idx.data(Qt.ItemDataRole.ToolTipRole) == (
        "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)\n1 annotation"
    )
    notes.add_national_note(P2A, country="AT", status="in_progress")
    notes.add_national_note(P2B, country="AT", status="implemented")
    assert idx.data(Role.MARKS) == NodeMarks(1, 1, 0, 0)
    para = model.index_for("plans-of-action/annex/chp_I/sec_A/para_2")
    assert para.data(Role.MARKS) == NodeMarks(0, 0, 1, 2)
    assert para.data(Qt.ItemDataRole.ToolTipRole).endswith("below: 1 annotation · 2 national notes")
    win.undo_stack.clear()
    [a] = notes.filter_annotations()
    notes.delete_annotation(a.id)
    assert idx.data(Role.MARKS) == NodeMarks(0, 1, 0, 0)


def test_review_accept_and_keep_are_undoable(win, notes, corpus_repo) -> None:
    text = corpus_repo.node(P2A).text
    a = notes.add_annotation(make_anchor(P2A, text, 68, 88))
    b = notes.add_annotation(make_anchor(P2B, corpus_repo.node(P2B).text, 0, 17))
    ra = notes.mark_for_review(a.id, "quote changed", ("criminal procedures", P2A, 90, 109, 0.62))
    rb = notes.mark_for_review(b.id, "quote changed", ("", "", 0, 0, 0.0))
    assert text[90:109] == "criminal procedures"
    f = feature(win)
    f.review_action.trigger()
    panel = f.review_panel
    assert panel is not None and panel.count == 2
    assert panel.list.item(0).text() == "Plans of action, para. 2 (a) — “investigative powers”"
    detail = panel.detail.toPlainText()
    assert "Old quote (Plans of action, para. 2 (a)):\n“investigative powers”" in detail
    assert "Nearest text now (Plans of action, para. 2 (a), 62 % alike):" in detail
    assert "“criminal procedures”" in detail
    panel.list.setCurrentRow(0)
    panel.accept_button.click()
    moved = notes.annotation(a.id)
    assert moved is not None and moved.anchor_state == "ok"
    assert (moved.anchor.start, moved.anchor.end, moved.anchor.quote) == (
        90,
        109,
        "criminal procedures",
    )
    assert panel.count == 1 and not panel.accept_button.isEnabled()  # b has no candidate
    panel.keep_button.click()
    assert notes.needs_review() == [] and panel.count == 0
    win.undo_stack.undo()
    assert notes.annotation(b.id) == rb
    win.undo_stack.undo()
    assert notes.annotation(a.id) == ra and panel.count == 2


def test_colour_meanings_are_edited_and_empty_ones_refused(win, notes, monkeypatch) -> None:
    dialogs: list[ColoursDialog] = []

    def fake_exec(dlg: ColoursDialog) -> int:
        dialogs.append(dlg)
        dlg.edits["yellow"].setText("")
        dlg.accept()  # refused: stays open with a message
        assert dlg.result() == 0 and dlg.error_label.text().startswith("Give every colour")
        dlg.edits["yellow"].setText("Agreed text")
        dlg.edits["red"].setText("Red line")
        dlg.accept()
        return dlg.result()

    monkeypatch.setattr(ColoursDialog, "exec", fake_exec)
    assert feature(win).edit_colours()
    meanings = {c.name: c.meaning for c in notes.colours()}
    assert meanings["yellow"] == "Agreed text" and meanings["red"] == "Red line"
    panel = feature(win).panel
    assert panel is not None
    assert panel.colour_combo.itemText(panel.colour_combo.findData("red")) == "Red line"


def test_annotation_table_model_passes_the_model_tester(qtmodeltester, notes, corpus_repo):
    made = _populate(notes, corpus_repo)
    labels: Callable[[str], str] = lambda node: node.rsplit("/", 1)[-1]  # noqa: E731
    model = AnnotationTableModel(labels)
    model.set_colours(notes.colours())
    model.set_annotations(list(made.values()))
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "Concern"
    assert model.index(1, 3).data() == "training plan"


def test_selection_running_into_the_next_provision_is_clipped(win, corpus_repo) -> None:
    text_a = corpus_repo.node(P2A).text
    start = text_a.index("criminal procedures")
    win.open_node(P2A)
    tm_a, tm_b = text_map(win.reader, P2A), text_map(win.reader, P2B)
    assert tm_a is not None and tm_b is not None
    cursor = QTextCursor(win.reader.document())
    cursor.setPosition(tm_a.position_of(start))
    cursor.setPosition(tm_b.position_of(8), QTextCursor.MoveMode.KeepAnchor)
    win.reader.setTextCursor(cursor)
    target = selection_target(win.reader)
    assert target is not None
    assert (target.node_id, target.start, target.end) == (P2A, start, len(text_a))
    assert target.quote == "criminal procedures and other matters;"
    assert target.note == (
        "Your selection ran into the next provision; this note covers only the part in para. 2 (a)."
    )


def test_annotate_outside_a_provision_explains_and_saves_nothing(win, notes, monkeypatch):
    win.open_node("plans-of-action/annex/chp_I/sec_A")
    cursor = QTextCursor(win.reader.document())
    cursor.setPosition(2)  # in the heading "A. National actions"
    win.reader.setTextCursor(cursor)
    opened: list[AnnotateDialog] = []

    def fake_exec(dlg: AnnotateDialog) -> int:
        opened.append(dlg)
        return 1

    monkeypatch.setattr(AnnotateDialog, "exec", fake_exec)
    feature(win).annotate()
    assert opened == [] and notes.count() == (0, 0)
    assert win.statusBar().currentMessage() == (
        "Select text in a provision, or put the cursor in one, to annotate it."
    )


def test_the_window_module_loads_no_store_or_markdown_at_start_up() -> None:
    """The window is on screen before the corpus opens: the annotation modules it
    imports must not pull in SQLAlchemy or the Markdown renderer."""
    import subprocess
    import sys

    code = (
        "import sys, vdesk.qt.main_window; "
        "print(sorted(m for m in ('sqlalchemy', 'markdown', 'vdesk.store.notes.sqlite') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"


def test_highlights_keep_dark_text_in_a_dark_palette(win, notes, corpus_repo) -> None:
    from dataclasses import replace

    notes.add_annotation(make_anchor(P2A, corpus_repo.node(P2A).text, 68, 88), colour="red")
    win.open_node(P2A)
    css = win.reader.document().defaultStyleSheet()
    assert "span.ann-red { background-color: #ef9a9a; }" in css
    dark = replace(win.reader.reader_style, background="#202124", text="#e8eaed")
    win.reader.set_reader_style(dark)
    css = win.reader.document().defaultStyleSheet()
    assert "span.ann-red { background-color: #ef9a9a; color: #000000; }" in css
    [mark] = feature(win).marks.marks  # type: ignore[union-attr]
    assert fmt_at(win, mark.start).foreground().color().name() == "#000000"


def test_jumping_to_a_stale_annotation_explains_why_nothing_is_selected(win, notes) -> None:
    stale = notes.add_annotation(
        Anchor(P2A, "powers of investigation", start=68, end=91), colour="blue"
    )
    assert feature(win).show_annotation(stale.id) is False
    assert win.current_node == P2A and not win.reader.textCursor().hasSelection()
    assert feature(win).marks.marks == []  # type: ignore[union-attr]
    assert win.statusBar().currentMessage() == (
        "This annotation's quote is no longer where it was: see Notes > Annotations Needing Review…"
    )


# --- saving keeps what was typed -------------------------------------------------------


def _locked(*_a: Any, **_k: Any) -> Any:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))


def _disk_full(*_a: Any, **_k: Any) -> Any:
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


def _in_dialog(qtbot, act: Callable[[AnnotateDialog], None]) -> list[str]:
    """Run ``act`` on the annotate dialog once it is on screen; errors it raised."""
    failed: list[str] = []

    def run() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, AnnotateDialog):
            QTimer.singleShot(10, run)
            return
        try:
            act(dlg)
        except AssertionError as exc:  # reported after exec returns
            failed.append(str(exc))
            dlg.done(0)

    QTimer.singleShot(0, run)
    return failed


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (
            _locked,
            "Not saved: another program is writing to your notes (the database is locked): "
            "close it or wait a moment, then save again. Your text is still here.",
        ),
        (
            _disk_full,
            "Not saved: the disk is full: free some space, then save again. "
            "Your text is still here.",
        ),
    ],
    ids=["locked", "disk-full"],
)
def test_a_failed_save_keeps_the_dialog_open_with_the_text(
    win, notes, monkeypatch, qtbot, failure, expected
) -> None:
    """The defect: a locked database or a full disk gave a traceback and lost the
    typed comment."""
    select(win, P2A, 68, 88)
    real = notes.add_annotation
    monkeypatch.setattr(notes, "add_annotation", failure)
    seen: list[tuple[bool, str, str, str]] = []

    def act(dlg: AnnotateDialog) -> None:
        qtbot.keyClicks(dlg.comment_edit, "My careful comment")
        qtbot.keyClicks(dlg.tags_edit, "urgent")
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
        label = dlg.findChild(QLabel, "annotateError")
        seen.append((dlg.isVisible(), label.text(), dlg.comment, dlg.tags_edit.text()))
        assert label.isVisibleTo(dlg)
        monkeypatch.setattr(notes, "add_annotation", real)  # the lock is gone
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    failed = _in_dialog(qtbot, act)
    win.actions_by_id["annotate"].trigger()
    assert failed == []
    assert seen == [(True, expected, "My careful comment", "urgent")]
    [a] = notes.filter_annotations()
    assert (a.comment, a.tags) == ("My careful comment", ("urgent",))
    assert win.undo_stack.count() == 1 and win.undo_stack.undoText() == "Add annotation"


def test_escape_with_typed_text_asks_before_discarding(win, notes, qtbot) -> None:
    """The defect: Escape discarded the typed comment without asking."""
    select(win, P2A, 68, 88)
    asked: list[str] = []
    kept: list[tuple[bool, str]] = []

    def act(dlg: AnnotateDialog) -> None:
        qtbot.keyClicks(dlg.comment_edit, "Half a thought")
        answer_discard("Keep editing", asked)
        qtbot.keyClick(dlg.comment_edit, Qt.Key.Key_Escape)
        kept.append((dlg.isVisible(), dlg.comment))
        answer_discard("Discard", asked)
        qtbot.keyClick(dlg.comment_edit, Qt.Key.Key_Escape)

    failed = _in_dialog(qtbot, act)
    win.actions_by_id["annotate"].trigger()
    assert failed == []
    question = "Discard your changes? What you typed in this dialog has not been saved."
    assert asked == [question, question]
    assert kept == [(True, "Half a thought")]
    assert notes.count() == (0, 0) and win.undo_stack.count() == 0


def test_escape_without_changes_closes_at_once(win, notes, corpus_repo, qtbot) -> None:
    a = notes.add_annotation(make_anchor(P2A, corpus_repo.node(P2A).text, 68, 88), comment="c")
    closed: list[bool] = []

    def act(dlg: AnnotateDialog) -> None:
        qtbot.keyClick(dlg.comment_edit, Qt.Key.Key_Escape)  # no question: nothing typed
        closed.append(not dlg.isVisible())

    failed = _in_dialog(qtbot, act)
    feature(win).edit(a.id)
    assert failed == [] and closed == [True]
    assert notes.annotation(a.id) == a


def test_an_edit_writes_only_the_fields_the_user_changed(
    win, notes, corpus_repo, monkeypatch, qtbot, paths
) -> None:
    """Another program made the annotation confidential while the dialog was open:
    saving a new comment keeps it confidential, and undo does not undo that."""
    a = notes.add_annotation(make_anchor(P2A, corpus_repo.node(P2A).text, 68, 88), comment="c")
    other = SqliteNotesStore.open(paths)

    def act(dlg: AnnotateDialog) -> None:
        other.update_annotation(a.id, sensitivity="confidential")
        dlg.comment_edit.clear()
        qtbot.keyClicks(dlg.comment_edit, "new comment")
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    failed = _in_dialog(qtbot, act)
    feature(win).edit(a.id)
    other.close()
    assert failed == []
    saved = notes.annotation(a.id)
    assert saved is not None and (saved.comment, saved.sensitivity) == (
        "new comment",
        "confidential",
    )
    win.undo_stack.undo()
    back = notes.annotation(a.id)
    assert back is not None and (back.comment, back.sensitivity) == ("c", "confidential")


def test_no_write_of_the_window_lets_a_locked_database_reach_the_event_loop(
    win, notes, corpus_repo, monkeypatch
) -> None:
    """Delete, colour meanings and review decisions on a locked database: a message,
    nothing changed, nothing to undo (an exception escaping a slot fails the test)."""
    from PySide6.QtWidgets import QMessageBox

    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text: warned.append((title, text))
    )
    a = notes.add_annotation(make_anchor(P2A, corpus_repo.node(P2A).text, 68, 88))
    review = notes.mark_for_review(a.id, "quote changed", ("", "", 0, 0, 0.0))
    for name in ("delete_annotations", "set_colour", "acknowledge", "write_if_versions"):
        monkeypatch.setattr(notes, name, _locked)
    advice = (
        "the notes database could not be written (database is locked).\n\nIf another "
        "program has your notes open, close it; if the disk is full, free some space; then "
        "try again. Your notes are as they were before."
    )
    feature(win).delete([a.id])
    assert warned == [("Your notes were not changed", f"Delete annotation failed: {advice}")]

    def colours_exec(dlg: ColoursDialog) -> int:
        dlg.edits["red"].setText("Red line")
        dlg.accept()
        return dlg.result()

    monkeypatch.setattr(ColoursDialog, "exec", colours_exec)
    assert not feature(win).edit_colours()
    assert warned[1] == ("Not saved", f"Saving colours failed: {advice}")
    assert feature(win).review.keep_anchor(a.id) is False
    assert warned[2] == (
        "Your notes were not changed",
        f"Keep annotation as it is failed: {advice}",
    )
    assert notes.filter_annotations() == [review] and win.undo_stack.count() == 0
    assert {c.name: c.meaning for c in notes.colours()}["red"] != "Red line"

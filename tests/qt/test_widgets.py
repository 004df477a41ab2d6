"""Reader, search panel and go-to dialog, driven with pytest-qt."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor

from vdesk.qt.dialogs.goto import GoToCitationDialog
from vdesk.qt.page import Highlight, load_page
from vdesk.qt.widgets.reader import ReaderView
from vdesk.qt.widgets.search_panel import RESULT_LIMIT, SearchPanel

VD_7D = "vienna-declaration/annex/para_7/subpara_d"


def test_reader_marks_and_reports_the_node_under_the_caret(qtbot, corpus_repo):
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(900, 600)
    page = load_page(corpus_repo, VD_7D)
    reader.show_page(page, focus=VD_7D)
    assert reader.focus_id == VD_7D
    pos = reader.textCursor().position()
    assert reader.node_at(pos) == VD_7D
    text = reader.toPlainText()
    assert "(d)\nTo strengthen the capability of the United Nations Centre" in text
    start = text.index("We welcome the efforts being made")
    with qtbot.waitSignal(reader.current_node_changed) as blocker:
        cursor = reader.textCursor()
        cursor.setPosition(start + 5)
        reader.setTextCursor(cursor)
    assert blocker.args == ["vienna-declaration/annex/para_8"]


def _background(reader: ReaderView, node_id: str) -> str | None:
    """The focus background drawn behind ``node_id`` (its table, else its block)."""
    pos = reader.node_position(node_id)
    assert pos is not None
    cursor = QTextCursor(reader.document())
    cursor.setPosition(pos)
    table = cursor.currentTable()
    brush = table.format().background() if table else cursor.blockFormat().background()
    return brush.color().name() if brush.style() != Qt.BrushStyle.NoBrush else None


def test_moving_the_focus_within_a_page_recolours_without_rebuilding(qtbot, corpus_repo):
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(900, 600)
    page = load_page(corpus_repo, VD_7D)
    assert page.root.id == "vienna-declaration/annex"
    reader.show_page(page, focus=VD_7D)
    focus = reader.reader_style.focus
    assert _background(reader, VD_7D) == focus
    text = reader.toPlainText()
    with qtbot.assertNotEmitted(reader.page_rendered):
        assert reader.set_focus_node("vienna-declaration/annex/para_8")
    assert reader.toPlainText() == text
    assert _background(reader, VD_7D) is None
    assert _background(reader, "vienna-declaration/annex/para_8") == focus
    assert reader.node_at(reader.textCursor().position()) == "vienna-declaration/annex/para_8"
    # a heading is a block, not a table
    with qtbot.assertNotEmitted(reader.page_rendered):
        assert reader.set_focus_node("vienna-declaration/annex")
    assert _background(reader, "vienna-declaration/annex") == focus
    assert _background(reader, "vienna-declaration/annex/para_8") is None
    # the snapshot of the page marks where the focus is now, once
    assert len(re.findall(r'class="[^"]* focus"', reader.last_body)) == 1
    assert '<h1 class="annex focus">' in reader.last_body
    assert not reader.set_focus_node("plans-of-action/annex/chp_I")  # not on this page


def test_reader_steps_through_hits(qtbot, corpus_repo):
    reader = ReaderView()
    qtbot.addWidget(reader)
    page = load_page(corpus_repo, VD_7D)
    row = corpus_repo.node("vienna-declaration/annex/para_7/subpara_c")
    reader.show_page(page, highlights={row.id: [Highlight(11, 16), Highlight(17, 28)]})
    assert reader.hit_count == 2
    assert reader.step_hit(1)
    assert reader.textCursor().selectedText() == "donor"
    assert reader.step_hit(1)
    assert reader.textCursor().selectedText() == "cooperation"
    assert reader.step_hit(1)  # wraps
    assert reader.textCursor().selectedText() == "donor"
    assert reader.step_hit(-1)
    assert reader.textCursor().selectedText() == "cooperation"


def test_copy_with_citation_puts_text_and_html_on_the_clipboard(qtbot, corpus_repo):
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show_page(load_page(corpus_repo, VD_7D), focus=VD_7D)
    assert reader.copy_with_citation()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text() == (
        "(d) To strengthen the capability of the United Nations Centre for International Crime "
        "Prevention, as well as the United Nations Crime Prevention and Criminal Justice "
        "Programme network, to assist States, at their request, in building capacity in areas "
        "to be covered by the Convention and the protocols thereto.\n"
        "(A/RES/55/59, annex, para. 7 (d))"
    )
    assert "<blockquote><p>(d) To strengthen the capability" in mime.html()
    assert "<p>(A/RES/55/59, annex, para. 7 (d))</p>" in mime.html()
    # a selection inside the paragraph is quoted as selected
    assert reader.find_text("donor cooperation")
    plain, _ = reader.citation_text()
    assert plain == "donor cooperation\n(A/RES/55/59, annex, para. 7 (c))"


def test_footnote_text_is_available_for_the_markers(qtbot, corpus_repo):
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show_page(load_page(corpus_repo, "plans-of-action/annex/chp_I"))
    assert reader.footnote_text("2") == "Resolution 55/59, annex."
    assert reader.footnote_text("99") is None


def test_search_as_you_type_shows_results_and_count(qtbot, searcher, corpus_repo):
    panel = SearchPanel(searcher, corpus_repo)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.results_shown, timeout=3000) as blocker:
        qtbot.keyClicks(panel.query_edit, "restorative justice")
    expected = searcher.search("restorative justice", limit=RESULT_LIMIT)
    assert blocker.args == [len(expected.hits)]
    assert panel.model.rowCount() == len(expected.hits)
    assert (expected.total, len(expected.hits)) == (66, 20)
    assert panel.status_label.text() == "66 matches; the best 20 are shown."
    # narrowing to one document and to national actions
    panel.doc_combo.setCurrentIndex(panel.doc_combo.findData("plans-of-action"))
    panel.scope_combo.setCurrentIndex(panel.scope_combo.findData("national"))
    narrowed = searcher.search(
        "restorative justice", doc="plans-of-action", scope="national", limit=RESULT_LIMIT
    )
    assert panel.model.rowCount() == len(narrowed.hits) == 7
    assert panel.status_label.text() == "7 matches."
    assert all(h.doc == "plans-of-action" for h in narrowed.hits)
    chapters = [panel.chapter_combo.itemText(i) for i in range(panel.chapter_combo.count())]
    assert chapters[1] == "I. Action against transnational organized crime"
    with qtbot.waitSignal(panel.hit_activated) as opened:
        panel.open_row(0)
    assert opened.args[0] == narrowed.hits[0].id
    assert "restor" in opened.args[1]


def test_malformed_query_is_explained_inline(qtbot, searcher, corpus_repo):
    panel = SearchPanel(searcher, corpus_repo)
    qtbot.addWidget(panel)
    panel.query_edit.setText('"trafficking in persons')
    with qtbot.waitSignal(panel.results_shown) as blocker:
        panel.run_search()
    assert blocker.args == [-1]
    assert panel.status_label.text() == 'An opening quotation mark (") has no closing one.'
    assert panel.model.rowCount() == 0
    panel.query_edit.setText("doc:nowhere")
    panel.run_search()
    assert panel.status_label.text().startswith("Unknown document “nowhere”.")


def test_go_to_citation_resolves_typed_forms(qtbot, resolver):
    dlg = GoToCitationDialog(resolver)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.edit, "VD 7 (d)")
    assert "VD 7 (d)" in dlg.completer.model().stringList()
    dlg.edit.setText("para. 7 (d) of the Vienna Declaration")
    dlg.accept()
    assert dlg.node_id == VD_7D


def test_go_to_citation_explains_an_unknown_reference(qtbot, resolver):
    dlg = GoToCitationDialog(resolver)
    qtbot.addWidget(dlg)
    dlg.edit.setText("VD 97")
    dlg.accept()
    assert dlg.node_id is None
    assert dlg.result() == 0
    assert "no provision matches" in dlg.message.text().lower()
    assert dlg.message.textFormat() == Qt.TextFormat.RichText


def test_footnote_markers_carry_their_note_as_tooltip(qtbot, corpus_repo):
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show_page(load_page(corpus_repo, "plans-of-action/annex/chp_I"))
    tips = {}
    block = reader.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.anchorHref().startswith("fn:"):
                tips[fmt.anchorHref()] = fmt.toolTip()
            it += 1
        block = block.next()
    assert tips == {"fn:2": "2 Resolution 55/59, annex.", "fn:3": "3 Resolution 55/25, annex I."}


def test_preferences_dialog_reports_font_and_size(qtbot):
    from vdesk.qt.dialogs.preferences import PreferencesDialog

    dlg = PreferencesDialog("DejaVu Serif", 14)
    qtbot.addWidget(dlg)
    assert dlg.point_size == 14
    assert dlg.family == "DejaVu Serif"
    dlg.size_spin.setValue(18)
    assert dlg.point_size == 18


def test_a_provision_near_the_top_shows_the_page_from_its_heading(qtbot, corpus_repo):
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(700, 600)
    reader.show()
    page = load_page(corpus_repo, "plans-of-action/annex/chp_I")
    reader.show_page(page, focus="plans-of-action/annex/chp_I/para_1")
    assert reader.verticalScrollBar().value() == 0  # the chapter heading stays whole
    far = page.rows[len(page.rows) // 2].id
    reader.set_focus_node(far)
    bar = reader.verticalScrollBar()
    assert bar.value() > 0
    # the provision is on screen, a little below the top edge
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.node_position(far))
    top = reader.cursorRect(cursor).top()
    assert 0 <= top < reader.viewport().height() // 2

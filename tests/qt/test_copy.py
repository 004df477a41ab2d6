"""Copy with citation: the UN text selected (never the app's labels), cited as a range."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QTextCursor

from vdesk.qt.page import load_page
from vdesk.qt.widgets.reader import ReaderView

VD_7C = "vienna-declaration/annex/para_7/subpara_c"
VD_7D = "vienna-declaration/annex/para_7/subpara_d"
VD_8 = "vienna-declaration/annex/para_8"
POA_I = "plans-of-action/annex/chp_I"
POA_1 = "plans-of-action/annex/chp_I/para_1"

# corpus/vienna-declaration.txt, annex, para. 7 (c), (d) and 8
TEXT_7C = "To enhance donor cooperation in areas with crime prevention aspects;"
TEXT_7D = (
    "To strengthen the capability of the United Nations Centre for International Crime "
    "Prevention, as well as the United Nations Crime Prevention and Criminal Justice "
    "Programme network, to assist States, at their request, in building capacity in areas "
    "to be covered by the Convention and the protocols thereto."
)
# corpus/plans-of-action.txt, annex, sect. I, para. 1 (footnote markers 2 and 3 left out)
TEXT_POA_1 = (
    "In order to implement and follow up the commitments undertaken pursuant to paragraphs "
    "5, 6, 7 and 10 of the Vienna Declaration on Crime and Justice: Meeting the Challenges "
    "of the Twenty-first Century and to facilitate the signature, ratification, entry into "
    "force and progressive implementation of the United Nations Convention against "
    "Transnational Organized Crime and the protocols thereto, the specific measures set out "
    "below are recommended."
)


def _reader(qtbot, corpus_repo, node_id: str) -> ReaderView:  # type: ignore[no-untyped-def]
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(900, 900)
    reader.show()
    qtbot.waitExposed(reader)
    reader.show_page(load_page(corpus_repo, node_id), focus=node_id)
    return reader


def _point(reader: ReaderView, position: int) -> QPoint:
    """Where document ``position`` is in the reader's viewport (scrolled into view)."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(position)
    reader.setTextCursor(cursor)
    reader.ensureCursorVisible()
    rect = reader.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def _drag(qtbot, reader: ReaderView, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    """Press the mouse at document position ``start``, move to ``end`` and release."""
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(reader.viewport(), left, pos=_point(reader, start))
    # both ends stay visible on the reader's 900 pixels in these tests
    a = reader.cursorRect(_cursor_at(reader, end)).center()
    assert reader.viewport().rect().contains(a)
    qtbot.mouseMove(reader.viewport(), pos=a)
    qtbot.mouseRelease(reader.viewport(), left, pos=a)


def _cursor_at(reader: ReaderView, position: int) -> QTextCursor:
    cursor = QTextCursor(reader.document())
    cursor.setPosition(position)
    return cursor


def _find(reader: ReaderView, words: str) -> QTextCursor:
    found = reader.document().find(words)
    assert not found.isNull(), words
    return found


def _copied(reader: ReaderView) -> str:
    assert reader.copy_with_citation()
    return QGuiApplication.clipboard().mimeData().text()


def test_a_selection_over_two_subparagraphs_is_their_text_and_range(qtbot, corpus_repo):
    reader = _reader(qtbot, corpus_repo, VD_7C)
    assert "Implemented by:" in reader.toPlainText()  # printed in 7 (d)'s cell
    # from (c)'s number to the end of (d)'s cell, its "Implemented by" line included
    end = _find(reader, "Draft plans of action, para. 7 (c)").selectionEnd()
    _drag(qtbot, reader, reader.node_position(VD_7C), end)
    text = _copied(reader)
    assert text == (f"(c) {TEXT_7C}\n(d) {TEXT_7D}\n(A/RES/55/59, annex, para. 7 (c)–(d))")
    assert "Implemented by" not in text and "Draft plans" not in text
    html = QGuiApplication.clipboard().mimeData().html()
    assert f"<blockquote><p>(c) {TEXT_7C}</p><p>(d) {TEXT_7D}</p></blockquote>" in html
    assert "<p>(A/RES/55/59, annex, para. 7 (c)–(d))</p>" in html


def test_a_selection_from_a_subparagraph_into_the_next_paragraph(qtbot, corpus_repo):
    reader = _reader(qtbot, corpus_repo, VD_7D)
    start = _find(reader, "building capacity").selectionStart()
    end = _find(reader, "We welcome the efforts").selectionEnd()
    _drag(qtbot, reader, end, start)  # upwards
    assert _copied(reader) == (
        "building capacity in areas to be covered by the Convention and the protocols "
        "thereto.\n8. We welcome the efforts\n(A/RES/55/59, annex, paras. 7 (d)–8)"
    )


def test_the_app_labels_and_footnote_markers_are_never_quoted(qtbot, corpus_repo):
    reader = _reader(qtbot, corpus_repo, POA_I)
    shown = reader.toPlainText()
    assert "Implements the Vienna Declaration:" in shown
    # from the chapter's heading (its "Implements …" line below it) to para. 2's start
    end = _find(reader, "States that have not signed").selectionEnd()
    _drag(qtbot, reader, reader.node_position(POA_I), end)
    assert _copied(reader) == (
        f"1. {TEXT_POA_1}\nA. National actions\n2. States that have not signed\n"
        "(ECOSOC res. 2001/47, annex, sect. I, para. 1 to sect. I.A, para. 2)"
    )


def test_a_selection_of_only_the_app_labels_quotes_the_provision_or_nothing(qtbot, corpus_repo):
    reader = _reader(qtbot, corpus_repo, VD_7D)
    label = _find(reader, "Implemented by:")
    _drag(qtbot, reader, label.selectionStart(), label.selectionEnd())
    assert reader.passage() is None
    assert not reader.copy_with_citation()


def test_no_selection_copies_the_current_provision_whole(qtbot, corpus_repo):
    reader = _reader(qtbot, corpus_repo, VD_7C)
    cursor = _find(reader, "donor")
    cursor.clearSelection()
    reader.setTextCursor(cursor)
    assert _copied(reader) == f"(c) {TEXT_7C}\n(A/RES/55/59, annex, para. 7 (c))"


def _click_in(qtbot, reader: ReaderView, words: str) -> None:  # type: ignore[no-untyped-def]
    cursor = _find(reader, words)
    cursor.setPosition(cursor.selectionStart() + 2)
    reader.ensureCursorVisible()
    point = reader.cursorRect(cursor).center()
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)


def _band(reader: ReaderView, node_id: str) -> QColor | None:
    """The background of the table that prints ``node_id`` (None when it has none)."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.node_position(node_id))
    table = cursor.currentTable()
    assert table is not None
    fmt = table.format()
    return fmt.background().color() if fmt.hasProperty(fmt.Property.BackgroundBrush) else None


def test_a_click_on_another_subparagraph_moves_the_band(qtbot, corpus_repo):
    reader = _reader(qtbot, corpus_repo, VD_7C)
    focus = QColor(reader.reader_style.focus)
    assert _band(reader, VD_7C) == focus
    with qtbot.waitSignal(reader.current_node_changed) as moved:
        _click_in(qtbot, reader, "building capacity")
    assert moved.args == [VD_7D]
    assert reader.focus_id == VD_7D
    assert _band(reader, VD_7D) == focus
    assert _band(reader, VD_7C) is None
    assert 'class="prov subparagraph focus"' in reader.last_body
    assert reader.last_body.count(' focus"') == 1
    # and Copy with citation takes the provision the band is on
    assert _copied(reader) == f"(d) {TEXT_7D}\n(A/RES/55/59, annex, para. 7 (d))"


def test_the_window_follows_a_click_with_title_band_and_copy(qtbot, open_window, notes):
    window = open_window(notes)
    window.open_node(VD_7C)
    reader = window.reader
    _click_in(qtbot, reader, "building capacity")
    assert window.current_node == VD_7D
    assert window.windowTitle() == "A/RES/55/59, annex, para. 7 (d) — vdesk"
    assert reader.focus_id == VD_7D
    assert _band(reader, VD_7D) == QColor(reader.reader_style.focus)
    assert _band(reader, VD_7C) is None


def test_after_opening_a_search_hit_copy_takes_the_provision(qtbot, open_window, notes):
    window = open_window(notes)
    window.search_panel.hit_activated.emit(VD_7C, ("donor",))  # as a click on the hit does
    reader = window.reader
    assert reader.textCursor().selectedText() == "donor"  # the hit is shown selected
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    reader.setFocus()
    qtbot.keyClick(
        reader,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert QGuiApplication.clipboard().mimeData().text() == (
        f"(c) {TEXT_7C}\n(A/RES/55/59, annex, para. 7 (c))"
    )
    # F3 selects the next hit: still the provision, not the word
    window.actions_by_id["find_next"].trigger()
    window.actions_by_id["copy_citation"].trigger()
    assert (
        QGuiApplication.clipboard().mimeData().text().endswith("(A/RES/55/59, annex, para. 7 (c))")
    )


def test_the_status_bar_names_the_citation_copied_or_says_nothing_was(qtbot, open_window, notes):
    window = open_window(notes)
    window.open_node(VD_7C)
    window.actions_by_id["copy_citation"].trigger()
    assert window.statusBar().currentMessage() == (
        "Copied with citation: A/RES/55/59, annex, para. 7 (c)"
    )
    reader = window.reader
    label = _find(reader, "Implemented by:")
    _drag(qtbot, reader, label.selectionStart(), label.selectionEnd())
    QGuiApplication.clipboard().clear()
    window.actions_by_id["copy_citation"].trigger()
    assert window.statusBar().currentMessage() == (
        "Nothing copied: the selection holds no text of a provision."
    )
    assert not QGuiApplication.clipboard().text()


def test_a_hit_selected_stays_a_hit_when_the_page_is_drawn_again(qtbot, corpus_repo):
    """Marks changing (a note saved) draw the page again: the hit the app
    selected is still not a selection of the user's."""
    from vdesk.qt.page import Highlight

    reader = ReaderView()
    qtbot.addWidget(reader)
    page = load_page(corpus_repo, VD_7C)
    start = page.row(VD_7C).text.index("donor")
    reader.show_page(page, focus=VD_7C, highlights={VD_7C: [Highlight(start, start + 5)]})
    assert reader.select_first_hit_in(VD_7C)
    reader.refresh()
    assert reader.textCursor().selectedText() == "donor"
    assert _copied(reader) == f"(c) {TEXT_7C}\n(A/RES/55/59, annex, para. 7 (c))"

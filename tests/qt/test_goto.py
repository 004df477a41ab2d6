"""Go to citation (Ctrl+L) driven with real key presses: Enter opens what was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from vdesk.qt.dialogs.goto import GoToCitationDialog

POA_2 = "plans-of-action/annex/chp_I/sec_A/para_2"  # `vdesk show "POA 2"`
POA_2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
POA_2B = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_b"


def _press(qtbot, key, dlg) -> None:  # type: ignore[no-untyped-def]
    """A key press where Qt delivers it: to the open completion list, if any,
    else to the line edit (where the focus is)."""
    qtbot.keyClick(QApplication.activePopupWidget() or dlg.edit, key)


def _shown(qtbot, resolver) -> GoToCitationDialog:  # type: ignore[no-untyped-def]
    dlg = GoToCitationDialog(resolver)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    dlg.edit.setFocus()
    return dlg


def test_one_enter_opens_exactly_what_was_typed(qtbot, resolver):
    dlg = _shown(qtbot, resolver)
    qtbot.keyClicks(dlg.edit, "POA 2")
    popup = dlg.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert dlg.completer.model().stringList()[:2] == ["POA 2 (a)", "POA 2 (b)"]
    # no row looks chosen: none is, until the user moves to one
    qtbot.waitUntil(lambda: not popup.currentIndex().isValid())
    _press(qtbot, Qt.Key.Key_Return, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.node_id == POA_2
    assert dlg.edit.text() == "POA 2"
    assert not popup.isVisible()


def test_a_completion_is_taken_when_chosen_with_down_and_enter(qtbot, resolver):
    dlg = _shown(qtbot, resolver)
    qtbot.keyClicks(dlg.edit, "POA 2")
    popup = dlg.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.waitUntil(lambda: not popup.currentIndex().isValid())
    _press(qtbot, Qt.Key.Key_Down, dlg)
    assert popup.currentIndex().data() == "POA 2 (a)"
    _press(qtbot, Qt.Key.Key_Return, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.node_id == POA_2A
    assert dlg.edit.text() == "POA 2 (a)"


def test_typing_after_moving_in_the_list_drops_the_choice(qtbot, resolver):
    dlg = _shown(qtbot, resolver)
    qtbot.keyClicks(dlg.edit, "POA 2 (")
    qtbot.waitUntil(dlg.completer.popup().isVisible)
    _press(qtbot, Qt.Key.Key_Down, dlg)
    qtbot.keyClicks(QApplication.activePopupWidget() or dlg.edit, "b)")
    assert dlg.edit.text() == "POA 2 (b)"
    _press(qtbot, Qt.Key.Key_Return, dlg)
    assert dlg.node_id == POA_2B


def test_down_then_up_back_to_the_text_opens_what_was_typed(qtbot, resolver):
    dlg = _shown(qtbot, resolver)
    qtbot.keyClicks(dlg.edit, "POA 2")
    popup = dlg.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible() and not popup.currentIndex().isValid())
    _press(qtbot, Qt.Key.Key_Down, dlg)
    assert popup.currentIndex().data() == "POA 2 (a)"
    _press(qtbot, Qt.Key.Key_Up, dlg)  # back above the list: no row chosen
    assert not popup.currentIndex().isValid()
    _press(qtbot, Qt.Key.Key_Return, dlg)
    assert dlg.node_id == POA_2


def test_a_click_on_a_completion_opens_it(qtbot, resolver):
    dlg = _shown(qtbot, resolver)
    qtbot.keyClicks(dlg.edit, "POA 2")
    popup = dlg.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    index = popup.model().index(1, 0)
    assert index.data() == "POA 2 (b)"
    qtbot.mouseClick(
        popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center()
    )
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.node_id == POA_2B


def test_enter_without_completions_resolves_the_text(qtbot, resolver):
    dlg = _shown(qtbot, resolver)
    qtbot.keyClicks(dlg.edit, "para. 7 (d) of the Vienna Declaration")
    popup = QApplication.activePopupWidget()
    if popup is not None:
        popup.hide()
    _press(qtbot, Qt.Key.Key_Return, dlg)
    assert dlg.node_id == "vienna-declaration/annex/para_7/subpara_d"


def test_ctrl_l_in_the_window_opens_poa_2_with_one_enter(qtbot, open_window, notes):
    window = open_window(notes)
    window.open_node("vienna-declaration/annex/para_7")
    typed: list[str] = []

    def type_in_dialog() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, GoToCitationDialog)
        qtbot.keyClicks(dlg.edit, "POA 2")
        qtbot.waitUntil(dlg.completer.popup().isVisible)
        _press(qtbot, Qt.Key.Key_Return, dlg)
        typed.append(dlg.edit.text())
        if dlg.isVisible():  # a second Enter would be needed: fail, do not hang
            dlg.reject()

    QTimer.singleShot(0, type_in_dialog)
    window.actions_by_id["goto"].trigger()
    assert typed == ["POA 2"]
    assert window.current_node == POA_2
    assert window.reader.focus_id == POA_2


VD_7D = "vienna-declaration/annex/para_7/subpara_d"
PARA_7D_CANDIDATES = [
    "E/2014/30, chap. I, sect. A, draft res. IV, annex, para. 7 (d)",
    "Draft plans of action (27 March 2001), para. 7 (d)",
    "ECOSOC res. 2001/47, annex, sect. II.A, para. 7 (d)",
    "A/RES/55/59, annex, para. 7 (d)",
]


def _type_and_enter(qtbot, dlg, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dlg.edit, text)
    popup = dlg.completer.popup()
    qtbot.waitUntil(lambda: not popup.currentIndex().isValid())
    _press(qtbot, Qt.Key.Key_Return, dlg)


def test_an_ambiguous_reference_lists_the_provisions_to_pick_from(qtbot, resolver):
    dlg = _shown(qtbot, resolver)
    _type_and_enter(qtbot, dlg, "para. 7 (d)")
    assert dlg.result() == 0 and dlg.node_id is None  # nothing opened on a guess
    assert dlg.candidates.isVisible()
    shown = [dlg.candidates.item(i).text() for i in range(dlg.candidates.count())]
    assert shown == PARA_7D_CANDIDATES
    assert dlg.message.text() == (
        "“para. 7 (d)” fits 4 provisions: choose one (arrows and Enter, or a double-click)."
    )
    assert not dlg.candidates.selectedItems()  # nothing is picked for the user
    qtbot.keyClick(dlg.candidates, Qt.Key.Key_Return)  # so Enter alone opens nothing
    assert dlg.result() == 0 and dlg.node_id is None and dlg.candidates.isVisible()
    qtbot.keyClick(dlg.candidates, Qt.Key.Key_Down)
    assert dlg.candidates.currentItem().text() == PARA_7D_CANDIDATES[0]
    for _ in range(3):
        qtbot.keyClick(dlg.candidates, Qt.Key.Key_Down)
    assert dlg.candidates.currentItem().text() == "A/RES/55/59, annex, para. 7 (d)"
    qtbot.keyClick(dlg.candidates, Qt.Key.Key_Return)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.node_id == VD_7D
    assert dlg.notice == ""


def test_the_document_being_read_breaks_a_tie_and_says_so(qtbot, resolver):
    dlg = GoToCitationDialog(resolver, prefer_doc="vienna-declaration")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.edit.setFocus()
    _type_and_enter(qtbot, dlg, "para. 7 (d)")
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.node_id == VD_7D
    assert dlg.notice == (
        "“para. 7 (d)” read in the document you are reading: A/RES/55/59, annex, para. 7 (d) "
        "(3 other provisions fit; type the document to open another)."
    )


def test_the_window_reads_a_tie_in_its_document_and_shows_it(qtbot, open_window, notes):
    window = open_window(notes)
    window.open_node("plans-of-action/annex/chp_I/sec_A/para_3")

    def type_in_dialog() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, GoToCitationDialog)
        _type_and_enter(qtbot, dlg, "2 (a)")
        if dlg.isVisible():
            dlg.reject()

    QTimer.singleShot(0, type_in_dialog)
    window.actions_by_id["goto"].trigger()
    assert window.current_node == POA_2A
    assert window.statusBar().currentMessage() == (
        "“2 (a)” read in the document you are reading: "
        "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a) "
        "(1 other provision fits; type the document to open another)."
    )

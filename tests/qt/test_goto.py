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

"""Find in the current page (Ctrl+F): a slim bar under the reader.

Signals:
    find_requested(str, bool): text and whether to search backward.
    closed(): Escape or the close button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    find_requested = Signal(str, bool)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText("Find in page")
        self.edit.setAccessibleName("Find in page")
        self.status = QLabel("", self)
        prev_btn = QToolButton(self)
        prev_btn.setText("▲")
        prev_btn.setToolTip("Previous (Shift+Enter)")
        next_btn = QToolButton(self)
        next_btn.setText("▼")
        next_btn.setToolTip("Next (Enter)")
        close_btn = QToolButton(self)
        close_btn.setText("✕")
        close_btn.setToolTip("Close (Escape)")
        close_btn.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(prev_btn)
        layout.addWidget(next_btn)
        layout.addWidget(self.status)
        layout.addWidget(close_btn)
        self.edit.returnPressed.connect(lambda: self.find_requested.emit(self.edit.text(), False))
        self.edit.textEdited.connect(lambda t: self.find_requested.emit(t, False))
        prev_btn.clicked.connect(lambda: self.find_requested.emit(self.edit.text(), True))
        next_btn.clicked.connect(lambda: self.find_requested.emit(self.edit.text(), False))
        close_btn.clicked.connect(self.close_bar)
        self.setFocusProxy(self.edit)

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_found(self, found: bool) -> None:
        self.status.setText("" if found or not self.edit.text() else "Not found")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find_requested.emit(self.edit.text(), True)
            return
        super().keyPressEvent(event)

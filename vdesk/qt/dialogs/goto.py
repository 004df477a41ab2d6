"""Go to citation (Ctrl+L): type "VD 7 (d)" or "para. 7 (d) of the Vienna Declaration".

Enter opens what was typed. A completion is taken only when the user chooses
it: moves to it in the list (Down, Up, Page Down, Page Up) and presses Enter, or
clicks it. Either way one Enter (or click) opens the provision.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QStringListModel, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ...corpus.resolver import Resolver, UnknownReference

COMPLETIONS = 20
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MOVES = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class GoToCitationDialog(QDialog):
    """Resolves what the user types; ``node_id`` holds the answer after ``accept()``."""

    def __init__(self, resolver: Resolver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go to citation")
        self._resolver = resolver
        self.node_id: str | None = None
        self._forms: dict[str, str] = {}
        self._chosen: tuple[str, str] | None = None  # (form, node id) the user picked
        self._moved_in_list = False  # since the text was last edited
        self.edit = QLineEdit(self)
        self.edit.setObjectName("citationEdit")
        self.edit.setAccessibleName("Citation")
        self.edit.setPlaceholderText(
            "VD 7 (d) · POA sect. I.A 2 (a) · A/RES/55/59, annex, para. 10"
        )
        self.edit.setMinimumWidth(460)
        self._completion_model = QStringListModel(self)
        self.completer = QCompleter(self._completion_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.message = QLabel("", self)
        self.message.setObjectName("citationMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.linkActivated.connect(self._on_suggestion)
        hint = QLabel(
            "A document (VD, POA, DPOA, a symbol such as A/RES/55/59) and a paragraph, "
            "or a full citation. Enter opens what you typed; \u2193 and Enter, or a click, "
            "opens a suggestion.",
            self,
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.edit.textEdited.connect(self._on_text_edited)
        self.completer.activated.connect(self._on_completion_chosen)
        # before the completer's own filter: it would put the highlighted
        # completion in the edit on Enter, and swallow the Enter
        popup = self.completer.popup()
        assert popup is not None  # a completer always has its list
        self._popup = popup
        popup.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._popup and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in _MOVES:
                self._moved_in_list = True
            elif key in _ENTER:
                index = self._popup.currentIndex()
                self._popup.hide()
                if self._moved_in_list and index.isValid():
                    self._on_completion_chosen(str(index.data()))
                else:
                    self.accept()
                return True
        return super().eventFilter(watched, event)

    def _on_text_edited(self, text: str) -> None:
        pairs = self._resolver.completions(text, COMPLETIONS) if text.strip() else []
        self._forms = dict(pairs)
        self._moved_in_list = False
        self._completion_model.setStringList([f for f, _ in pairs])
        self.message.setText("")
        # the list opens with no row current: a highlighted row would look like
        # what Enter opens, and Enter opens the text as typed
        QTimer.singleShot(0, self._clear_current_completion)

    def _clear_current_completion(self) -> None:
        if not self._moved_in_list:
            self._popup.setCurrentIndex(QModelIndex())

    def _on_completion_chosen(self, form: str) -> None:
        """A completion picked from the list: it is what opens."""
        node = self._forms.get(form)
        self.edit.setText(form)
        if node is None:
            return
        self._chosen = (form, node)
        self.accept()

    def _on_suggestion(self, citation: str) -> None:
        self.edit.setText(citation)
        self.accept()

    def accept(self) -> None:
        text = self.edit.text()
        from ...corpus.resolver import UnknownReference

        node = self._chosen[1] if self._chosen and self._chosen[0] == text else None
        if node is None:
            try:
                node = self._resolver.resolve(text)
            except UnknownReference as exc:
                self._show_error(exc)
                return
        self.node_id = node
        super().accept()

    def _show_error(self, exc: UnknownReference) -> None:
        msg = html.escape(exc.reason[:1].upper() + exc.reason[1:]) + "."
        if exc.suggestions:
            links = "<br/>".join(
                f'<a href="{html.escape(s)}">{html.escape(s)}</a>' for s in exc.suggestions
            )
            msg += f"<br/>Did you mean:<br/>{links}"
        self.message.setText(msg)

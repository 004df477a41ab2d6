"""Go to citation (Ctrl+L): type "VD 7 (d)" or "para. 7 (d) of the Vienna Declaration"."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt
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


class GoToCitationDialog(QDialog):
    """Resolves what the user types; ``node_id`` holds the answer after ``accept()``."""

    def __init__(self, resolver: Resolver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go to citation")
        self._resolver = resolver
        self.node_id: str | None = None
        self._forms: dict[str, str] = {}
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
            "or a full citation.",
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

    def _on_text_edited(self, text: str) -> None:
        pairs = self._resolver.completions(text, COMPLETIONS) if text.strip() else []
        self._forms = dict(pairs)
        self._completion_model.setStringList([f for f, _ in pairs])
        self.message.setText("")

    def _on_completion_chosen(self, form: str) -> None:
        self.edit.setText(form)

    def _on_suggestion(self, citation: str) -> None:
        self.edit.setText(citation)
        self.accept()

    def accept(self) -> None:
        text = self.edit.text()
        from ...corpus.resolver import UnknownReference

        node = self._forms.get(text)
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

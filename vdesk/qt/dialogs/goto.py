"""Go to citation (Ctrl+L): type "VD 7 (d)" or "para. 7 (d) of the Vienna Declaration".

Enter opens what was typed. A completion is taken only when the user chooses
it: moves to it in the list (Down, Up, Page Down, Page Up) and presses Enter, or
clicks it. Either way one Enter (or click) opens the provision.

When what was typed fits several provisions equally well, the dialog lists them
and the user picks one (arrows and Enter, or a double-click). With
``prefer_doc`` (the document being read) a tie among that document's
provisions is broken in its favour, and :attr:`GoToCitationDialog.notice` says
so, for the window to show.
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
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ...corpus.resolver import Resolution, Resolver, UnknownReference

COMPLETIONS = 20
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MOVES = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class GoToCitationDialog(QDialog):
    """Resolves what the user types; ``node_id`` holds the answer after ``accept()``."""

    def __init__(
        self, resolver: Resolver, parent: QWidget | None = None, prefer_doc: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go to citation")
        self._resolver = resolver
        self._prefer_doc = prefer_doc
        self.node_id: str | None = None
        #: after ``accept()``: how the text was read when that is worth saying
        #: (a tie broken by the document being read), else ""
        self.notice = ""
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
        # the provisions an ambiguous reference fits: the user picks one
        self.candidates = QListWidget(self)
        self.candidates.setObjectName("citationCandidates")
        self.candidates.setAccessibleName("Provisions that match")
        self.candidates.hide()
        self.candidates.itemActivated.connect(self._on_candidate_activated)
        layout.addWidget(self.candidates)
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
        pairs = (
            self._resolver.completions(text, COMPLETIONS, prefer_doc=self._prefer_doc)
            if text.strip()
            else []
        )
        self._forms = dict(pairs)
        self._moved_in_list = False
        self._completion_model.setStringList([f for f, _ in pairs])
        self.message.setText("")
        self.candidates.clear()
        self.candidates.hide()
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

    def _on_candidate_activated(self, item: QListWidgetItem) -> None:
        if not item.isSelected():  # current only because the list took the focus
            return
        self.notice = ""
        self.node_id = str(item.data(Qt.ItemDataRole.UserRole))
        super().accept()

    def accept(self) -> None:
        picked = self.candidates.selectedItems() if self.candidates.isVisible() else []
        if picked:
            self._on_candidate_activated(picked[0])
            return
        text = self.edit.text()
        from ...corpus.resolver import AmbiguousReference, UnknownReference

        node = self._chosen[1] if self._chosen and self._chosen[0] == text else None
        self.notice = ""
        if node is None:
            try:
                got = self._resolver.resolve_with_reason(text, self._prefer_doc)
            except AmbiguousReference as exc:
                self._show_candidates(exc)
                return
            except UnknownReference as exc:
                self._show_error(exc)
                return
            node = got.id
            self.notice = tie_notice(text, got)
        self.node_id = node
        super().accept()

    def _show_candidates(self, exc: UnknownReference) -> None:
        from ...corpus.resolver import AmbiguousReference

        assert isinstance(exc, AmbiguousReference)
        self.message.setText(
            html.escape(f"“{exc.text.strip()}” fits {len(exc.candidates)} provisions: ")
            + "choose one (arrows and Enter, or a double-click)."
        )
        self.candidates.clear()
        for node_id, citation in zip(exc.candidates, exc.suggestions, strict=False):
            item = QListWidgetItem(citation, self.candidates)
            item.setData(Qt.ItemDataRole.UserRole, node_id)
        rows = min(8, self.candidates.count())
        self.candidates.setFixedHeight(
            rows * self.candidates.sizeHintForRow(0) + 2 * self.candidates.frameWidth() + 4
        )
        self.candidates.show()
        self.adjustSize()
        self.candidates.setFocus()
        # no row chosen yet (taking the focus makes the first row current):
        # Down moves to the first, Enter opens only a row the user selected
        self.candidates.setCurrentIndex(QModelIndex())
        self.candidates.clearSelection()

    def _show_error(self, exc: UnknownReference) -> None:
        self.candidates.clear()
        self.candidates.hide()
        msg = html.escape(exc.reason[:1].upper() + exc.reason[1:]) + "."
        if exc.suggestions:
            links = "<br/>".join(
                f'<a href="{html.escape(s)}">{html.escape(s)}</a>' for s in exc.suggestions
            )
            msg += f"<br/>Did you mean:<br/>{links}"
        self.message.setText(msg)


def tie_notice(text: str, got: Resolution) -> str:
    """What the window says when the document being read broke a tie, else ""."""
    if not got.preferred_doc:
        return ""
    others = len(got.tied) - 1
    return (
        f"“{text.strip()}” read in the document you are reading: {got.citation} "
        f"({others} other {'provision fits' if others == 1 else 'provisions fit'}; "
        "type the document to open another)."
    )

"""The tree of documents and provisions with a filter box above it.

Signals:
    node_activated(str): the user selected a node (click, keys).
    back_requested(), forward_requested(): mouse back/forward buttons over the tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ...store.corpus_db import NodeRow
from ..models.corpus_tree import CorpusTreeModel

FILTER_DELAY_MS = 120


class _TreeView(QTreeView):
    back_requested = Signal()
    forward_requested = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.back_requested.emit()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.forward_requested.emit()
        else:
            super().mousePressEvent(event)


class CorpusTree(QWidget):
    """Filter box + lazily expanded tree of the corpus."""

    node_activated = Signal(str)
    back_requested = Signal()
    forward_requested = Signal()

    def __init__(self, model: CorpusTreeModel | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: CorpusTreeModel | None = None
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("treeFilter")
        self.filter_edit.setPlaceholderText("Filter the contents…")
        self.filter_edit.setAccessibleName("Filter the contents")
        self.filter_edit.setClearButtonEnabled(True)
        self.view = _TreeView(self)
        self.view.setObjectName("corpusTree")
        self.view.setAccessibleName("Contents")
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Ctrl/Shift+click select several provisions (for an export); a plain click
        # or the arrow keys still select one and open it
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setExpandsOnDoubleClick(True)
        self.view.setAnimated(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self._apply_filter)
        self._syncing = False
        self.filter_edit.textChanged.connect(lambda _t: self._timer.start())
        self.filter_edit.returnPressed.connect(self._on_filter_return)
        self.filter_edit.installEventFilter(self)
        if model is not None:
            self.set_model(model)
        self.view.back_requested.connect(self.back_requested)
        self.view.forward_requested.connect(self.forward_requested)

    def set_model(self, model: CorpusTreeModel) -> None:
        self.model = model
        self.view.setModel(model)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)

    def show_placeholder(self, model: QAbstractItemModel) -> None:
        """A stand-in (the documents, from the last session) until the corpus is open."""
        self.view.setModel(model)

    def current_id(self) -> str | None:
        if self.model is None:
            return None
        return self.model.node_id(self.view.currentIndex())

    def selected_ids(self) -> list[str]:
        """The node ids of the selected rows (an export orders them as the documents do)."""
        if self.model is None or self.view.model() is not self.model:
            return []
        ids = (self.model.node_id(i) for i in self.view.selectionModel().selectedRows())
        return list(dict.fromkeys(i for i in ids if i))

    def select_node(self, node_id: str, ancestors: list[NodeRow] | None = None) -> bool:
        """Select ``node_id`` without emitting ``node_activated`` (reader -> tree sync)."""
        if self.model is None:
            return False
        idx = self.model.index_for(node_id, ancestors)
        if not idx.isValid():
            return False
        self._syncing = True
        try:
            parent = idx.parent()
            while parent.isValid():
                self.view.expand(parent)
                parent = parent.parent()
            self.view.selectionModel().setCurrentIndex(
                idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.view.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._syncing = False
        return True

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or self.model is None:
            return
        node_id = self.model.node_id(current)
        if node_id:
            self.node_activated.emit(node_id)

    def _apply_filter(self) -> None:
        if self.model is None:
            return
        keep = self.current_id()
        self.model.set_filter(self.filter_edit.text())
        if self.model.filter_text:
            self.view.expandAll()
        if keep:
            self.select_node(keep)

    def apply_filter_now(self) -> None:
        self._timer.stop()
        self._apply_filter()

    def _on_filter_return(self) -> None:
        self.apply_filter_now()
        matches = self.model.filtered_ids() if self.model is not None else []
        if matches:
            self.select_node(matches[0])
            self.node_activated.emit(matches[0])
        self.view.setFocus()

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        if watched is self.filter_edit and isinstance(event, QKeyEvent):
            if event.type() == QKeyEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
                self.view.setFocus()
                if not self.view.currentIndex().isValid() and self.model is not None:
                    self.view.setCurrentIndex(self.model.index(0, 0))
                return True
            if event.type() == QKeyEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.filter_edit.clear()
                self.apply_filter_now()
                return True
        return super().eventFilter(watched, event)

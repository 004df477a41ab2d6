"""Annotations that need review after the documents were rebuilt from new text.

For each: the provision, the old quote and the nearest candidate found, with
"Accept candidate" (move the annotation there) and "Keep as is" (leave it where
it was and stop asking). Signals:
    node_requested(str): show this provision.
    accept_requested(str): move the annotation (id) to its candidate.
    keep_requested(str): keep the annotation's anchor as it is.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vdesk.domain.notes import Annotation


class ReviewPanel(QWidget):
    node_requested = Signal(str)
    accept_requested = Signal(str)
    keep_requested = Signal(str)

    def __init__(self, label: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self._label = label
        self._items: list[Annotation] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)
        self.list = QListWidget(self)
        self.list.setObjectName("reviewList")
        self.list.setAccessibleName("Annotations needing review")
        lay.addWidget(self.list, 1)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("reviewDetail")
        self.detail.setOpenLinks(False)
        self.detail.setMaximumHeight(160)
        self.list.setToolTip("Double-click to show the provision")
        lay.addWidget(self.detail)
        row = QHBoxLayout()
        self.accept_button = QPushButton("Accept candidate", self)
        self.accept_button.setToolTip(
            "Move the annotation to the text found nearest to its old quote"
        )
        self.keep_button = QPushButton("Keep as is", self)
        self.keep_button.setToolTip("Leave the annotation where it was and stop asking")
        row.addStretch(1)
        row.addWidget(self.accept_button)
        row.addWidget(self.keep_button)
        lay.addLayout(row)
        self.list.currentRowChanged.connect(self._on_current)
        self.list.itemActivated.connect(self._on_activated)
        self.accept_button.clicked.connect(lambda: self._emit(self.accept_requested))
        self.keep_button.clicked.connect(lambda: self._emit(self.keep_requested))
        self.set_annotations(())

    def set_annotations(self, items: Sequence[Annotation]) -> None:
        current = self.current_id()
        self._items = list(items)
        self.list.clear()
        for a in self._items:
            old = a.anchor.quote or "(whole provision)"
            item = QListWidgetItem(f"{self._label(a.node_id)} — “{_short(old, 80)}”")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.list.addItem(item)
        n = len(self._items)
        self.intro.setText(
            "No annotation needs review: every one was found in the current text."
            if n == 0
            else f"{n} annotation{'s' if n != 1 else ''} could not be placed with certainty "
            "after the documents changed. Nothing was deleted: check each one."
        )
        ids = [a.id for a in self._items]
        self.list.setCurrentRow(ids.index(current) if current in ids else (0 if n else -1))
        self._on_current(self.list.currentRow())

    def drop(self, annotation_ids: Collection[str]) -> None:
        """Take these annotations off the list (they were resolved from it)."""
        self.set_annotations([a for a in self._items if a.id not in annotation_ids])

    @property
    def count(self) -> int:
        return len(self._items)

    def current_id(self) -> str | None:
        row = self.list.currentRow() if hasattr(self, "list") else -1
        return self._items[row].id if 0 <= row < len(self._items) else None

    def _on_current(self, row: int) -> None:
        a = self._items[row] if 0 <= row < len(self._items) else None
        self.accept_button.setEnabled(a is not None and bool(a.candidate))
        self.keep_button.setEnabled(a is not None)
        if a is None:
            self.detail.clear()
            return
        cand = (
            f"<p><b>Nearest text now</b> ({html.escape(self._label(a.candidate_node_id))}, "
            f"{round(a.score * 100)} % alike):<br/>“{html.escape(a.candidate)}”</p>"
            if a.candidate
            else "<p><b>No similar text was found.</b></p>"
        )
        self.detail.setHtml(
            f"<p><b>Old quote</b> ({html.escape(self._label(a.node_id))}):<br/>"
            f"“{html.escape(a.anchor.quote or '(whole provision)')}”</p>{cand}"
        )

    def _on_activated(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self._items):
            a = self._items[row]
            self.node_requested.emit(a.candidate_node_id or a.node_id)

    def _emit(self, signal) -> None:  # type: ignore[no-untyped-def]
        aid = self.current_id()
        if aid:
            signal.emit(aid)


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

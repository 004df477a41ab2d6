"""Where the reader is: Document › Chapter › Section › Paragraph, each part clickable.

Signals:
    node_requested(str): a part was clicked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

if TYPE_CHECKING:
    from ...store.corpus_db import NodeRow
from ..page import elide

PART_CHARS = 48


class BreadcrumbBar(QWidget):
    node_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breadcrumb")
        self.setAccessibleName("Location")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(6, 2, 6, 2)
        self._layout.setSpacing(0)
        self._parts: list[tuple[str, str]] = []
        # never let a long trail widen the window
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(0)

    @property
    def parts(self) -> list[tuple[str, str]]:
        """(label, node id) from the document down to the current node."""
        return list(self._parts)

    def set_trail(self, trail: list[NodeRow], doc_names: dict[str, str]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
        self._parts = []
        for i, row in enumerate(trail):
            label = doc_names.get(row.doc, row.doc) if row.kind == "document" else row.display
            if row.kind == "annex":
                label = row.label or "Annex"
            if row.kind in ("paragraph", "subparagraph", "item"):
                label = row.ref or elide(row.text, 30)
            short = elide(label, PART_CHARS)
            self._parts.append((short, row.id))
            if i:
                sep = QLabel("›", self)
                sep.setAccessibleName("")
                sep.setContentsMargins(2, 0, 2, 0)
                self._layout.addWidget(sep)
            btn = QToolButton(self)
            btn.setText(short.replace("&", "&&"))
            btn.setToolTip(row.citation or label)
            btn.setAutoRaise(True)
            btn.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            btn.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            if i == len(trail) - 1:
                font = btn.font()
                font.setBold(True)
                btn.setFont(font)
            btn.clicked.connect(lambda _c=False, node=row.id: self.node_requested.emit(node))
            self._layout.addWidget(btn)
        self._layout.addStretch(1)

"""Search hits as a flat list model (ids plus the frozen :class:`SearchHit` rows)."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from ...search.searcher import SearchHit
from .roles import Role

_Index = QModelIndex | QPersistentModelIndex
_TAG = re.compile(r"<[^>]+>")


class SearchResultListModel(QAbstractListModel):
    """One row per hit: citation and an HTML snippet with the matches in ``<b class="match">``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: tuple[SearchHit, ...] = ()

    def set_hits(self, hits: tuple[SearchHit, ...]) -> None:
        self.beginResetModel()
        self._hits = tuple(hits)
        self.endResetModel()

    def clear(self) -> None:
        if self._hits:
            self.set_hits(())

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        h = self.hit(index.row())
        if h is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{h.citation}\n{plain_snippet(h.snippet)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return h.citation
        if role == Role.NODE_ID:
            return h.id
        if role == Role.CITATION:
            return h.citation
        if role == Role.SNIPPET:
            return h.snippet
        if role == Role.KIND:
            return h.kind
        if role == Role.DOC:
            return h.doc
        return None


def plain_snippet(snippet: str) -> str:
    return html.unescape(_TAG.sub("", snippet))

"""Search hits as a flat list model (ids plus the frozen :class:`SearchHit` rows).

With "Include my notes" the user's own matches (:class:`OwnHit`: annotations and
national notes) come first, each with a badge saying what it is.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from vdesk.domain.notes import OwnHit

    from ...search.searcher import SearchHit
from .roles import Role
from .table import read_only_flags

_Index = QModelIndex | QPersistentModelIndex
_TAG = re.compile(r"<[^>]+>")
#: "annotation" / "national_note" for a row of the user's own work, None for the corpus.
OWN_ENTITY = Role.DOC + 20
#: The badge text of an own-work row ("My national note · AT").
OWN_BADGE = Role.DOC + 21


@dataclass(frozen=True, slots=True)
class OwnResult:
    """A match in the user's own work, with what the list shows for it."""

    hit: OwnHit
    citation: str  # of the provision it is on
    badge: str  # "My annotation", "My national note · AT"
    snippet: str  # HTML, the matched words in <b>


class SearchResultListModel(QAbstractListModel):
    """One row per hit: citation and an HTML snippet with the matches in ``<b class="match">``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: tuple[SearchHit, ...] = ()
        self._own: tuple[OwnResult, ...] = ()

    def set_hits(self, hits: tuple[SearchHit, ...], own: tuple[OwnResult, ...] = ()) -> None:
        self.beginResetModel()
        self._hits = tuple(hits)
        self._own = tuple(own)
        self.endResetModel()

    def clear(self) -> None:
        if self._hits or self._own:
            self.set_hits(())

    @property
    def own_count(self) -> int:
        return len(self._own)

    def hit(self, row: int) -> SearchHit | None:
        """The corpus hit in ``row`` (None for a row of the user's own work)."""
        i = row - len(self._own)
        return self._hits[i] if 0 <= i < len(self._hits) else None

    def own(self, row: int) -> OwnResult | None:
        return self._own[row] if 0 <= row < len(self._own) else None

    def node_id(self, row: int) -> str | None:
        """The provision ``row`` is about, whichever kind of row it is."""
        own = self.own(row)
        if own is not None:
            return own.hit.node_id
        h = self.hit(row)
        return h.id if h else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._own) + len(self._hits)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return read_only_flags(index)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        own = self.own(index.row())
        if own is not None:
            return self._own_data(own, role)
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

    def _own_data(self, r: OwnResult, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{r.badge}: {r.citation}\n{plain_snippet(r.snippet)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.badge} on {r.citation}"
        if role == Role.NODE_ID:
            return r.hit.node_id
        if role == Role.CITATION:
            return r.citation
        if role == Role.SNIPPET:
            return r.snippet
        if role == Role.DOC:
            return r.hit.doc
        if role == OWN_ENTITY:
            return r.hit.entity
        if role == OWN_BADGE:
            return r.badge
        return None


def plain_snippet(snippet: str) -> str:
    return html.unescape(_TAG.sub("", snippet))

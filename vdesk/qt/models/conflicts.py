"""The pending import conflicts as a table: provision, country, why, from whom.

Rows are :class:`ConflictRow` values made by the feature from the desk's
:class:`~vdesk.notes.conflicts.PendingRecord` (the citation looked up in the
corpus); the model keeps them and hands the conflict's id back by
:data:`CONFLICT_ID_ROLE`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from .roles import Role
from .table import FlatTableModel

if TYPE_CHECKING:
    from ...notes.conflicts import PendingRecord

_Index = QModelIndex | QPersistentModelIndex

#: The conflict's id (str).
CONFLICT_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 40


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """One pending conflict as the list shows it."""

    id: str
    node_id: str
    citation: str  # "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)"
    country: str  # "Austria (AT)"; "" for an annotation
    what: str  # "National note" | "Annotation"
    reason: str  # the reason in words
    origin: str  # "From AT mission, exported 2026-11-23 09:00 UTC"
    record: PendingRecord


class ConflictTableModel(FlatTableModel):
    headers = ("Provision", "Country", "Kind", "Why")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ConflictRow] = []

    def set_rows(self, rows: Sequence[ConflictRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ConflictRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, conflict_id: str) -> int:
        """The row of this conflict, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == conflict_id), -1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            if col == 0:
                return r.citation if role == Qt.ItemDataRole.DisplayRole else r.origin
            return (r.country or "—", r.what, r.reason)[col - 1] if col < 4 else None
        if role == CONFLICT_ID_ROLE:
            return r.id
        if role == Role.NODE_ID:
            return r.node_id
        return None

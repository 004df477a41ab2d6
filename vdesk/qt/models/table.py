"""What the flat, read-only models share: their item flags, and for tables the
row and column counts and the header over a ``headers`` tuple."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex

#: Rows that can be selected and activated, never edited, with no children.
READ_ONLY = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


def read_only_flags(index: _Index) -> Qt.ItemFlag:
    return READ_ONLY if index.isValid() else Qt.ItemFlag.NoItemFlags


class FlatTableModel(QAbstractTableModel):
    """A table of ``_rows`` (set by the subclass) under the column names ``headers``."""

    headers: tuple[str, ...] = ()
    _rows: Sequence[Any]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return read_only_flags(index)

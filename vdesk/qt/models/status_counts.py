"""The dashboard's numbers as a table: one row per chapter and scope, then totals.

Columns: chapter, scope, one per status, not recorded, total. :data:`ACTION_IDS`
gives the ids of the actions behind a cell (a status cell: those actions; the
chapter, scope or total cell: all the row's actions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from ...notes.dashboard import UNRECORDED, ChapterActions
from .national_notes import STATUS_COLOURS
from .roles import Role
from .table import FlatTableModel

_Index = QModelIndex | QPersistentModelIndex
ACTION_IDS = Role.DOC + 22
#: (chapter id or "", scope, status or "") of a cell, for jumping to its actions.
CELL_KEY = Role.DOC + 23

STATUS_COLUMNS = ("implemented", "in_progress", "not_started", "not_applicable", UNRECORDED)
HEADERS = (
    "Chapter", "Actions", "Implemented", "In progress", "Not started", "Not applicable",
    "Not recorded", "Total",
)  # fmt: skip
SCOPES = {"national": "National", "international": "International"}


class _Row:
    __slots__ = ("actions", "chapter", "chapter_id", "scope")

    def __init__(
        self, chapter_id: str, chapter: str, scope: str, actions: dict[str, tuple[str, ...]]
    ) -> None:
        self.chapter_id = chapter_id
        self.chapter = chapter
        self.scope = scope
        self.actions = actions

    def ids(self, status: str | None = None) -> tuple[str, ...]:
        if status is not None:
            return self.actions.get(status, ())
        return tuple(i for s in STATUS_COLUMNS for i in self.actions.get(s, ()))


class StatusCountsTableModel(FlatTableModel):
    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._totals = 0  # the last rows are totals

    def set_data(self, data: Sequence[ChapterActions]) -> None:
        self.beginResetModel()
        self._rows = [
            _Row(c.counts.chapter_id, c.counts.chapter, c.counts.scope, c.actions) for c in data
        ]
        totals = []
        for scope in SCOPES:
            merged: dict[str, tuple[str, ...]] = {}
            for r in self._rows:
                if r.scope == scope:
                    for s in STATUS_COLUMNS:
                        merged[s] = merged.get(s, ()) + r.ids(s)
            if merged:
                totals.append(_Row("", "All chapters", scope, merged))
        self._rows += totals
        self._totals = len(totals)
        self.endResetModel()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DecorationRole
            and 2 <= section < 6
        ):
            return QColor(STATUS_COLOURS[STATUS_COLUMNS[section - 2]])
        return super().headerData(section, orientation, role)

    def status_of_column(self, col: int) -> str | None:
        return STATUS_COLUMNS[col - 2] if 2 <= col < 2 + len(STATUS_COLUMNS) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, col = index.row(), index.column()
        if not 0 <= row < len(self._rows):
            return None
        r = self._rows[row]
        status = self.status_of_column(col)
        if role == ACTION_IDS:
            return r.ids(status)
        if role == CELL_KEY:
            return (r.chapter_id, r.scope, status or "")
        if role == Qt.ItemDataRole.FontRole and row >= len(self._rows) - self._totals:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return r.chapter
            n = len(r.ids(status))
            return f"{n} action{'s' if n != 1 else ''} — click to list them"
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if col == 0:
            return r.chapter
        if col == 1:
            return SCOPES.get(r.scope, r.scope)
        return len(r.ids(status))

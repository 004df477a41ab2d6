"""Annotations as a table model: ids plus a cache of frozen :class:`Annotation` rows.

Columns: colour (a swatch, its meaning as text), provision, quote, comment (as
plain text), tags and the sensitivity label.
The model never queries a repository: the panel gives it rows and a function that
labels node ids ("7 (d)"); :meth:`AnnotationTableModel.replace_row` and
:meth:`remove_id` let a change refresh one row only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from vdesk.domain.notes import Annotation, Colour

from .roles import Role
from .table import FlatTableModel

_Index = QModelIndex | QPersistentModelIndex
ANNOTATION_ID = Role.DOC + 10
COLUMNS = ("Colour", "Provision", "Quote", "Comment", "Tags", "Label")
LABEL_COLUMN = 5
SENSITIVITY_MARK = {"shareable": "Shareable", "confidential": "Confidential"}
SENSITIVITY_TEXT = {"personal": "Personal", **SENSITIVITY_MARK}
CONFIDENTIAL_COLOUR = "#c62828"


class AnnotationTableModel(FlatTableModel):
    headers = COLUMNS

    def __init__(self, label: Callable[[str], str] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Annotation] = []
        self._row_of: dict[str, int] = {}
        self._colours: dict[str, Colour] = {}
        self._label = label or (lambda node_id: node_id.rsplit("/", 1)[-1])

    # --- contents ------------------------------------------------------------
    def set_annotations(self, rows: Sequence[Annotation]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {a.id: i for i, a in enumerate(self._rows)}
        self.endResetModel()

    def set_colours(self, colours: Sequence[Colour] | Mapping[str, Colour]) -> None:
        values = colours.values() if isinstance(colours, Mapping) else colours
        self._colours = {c.name: c for c in values}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def annotation(self, row: int) -> Annotation | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, annotation_id: str) -> int:
        return self._row_of.get(annotation_id, -1)

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self._rows]

    def replace_row(self, value: Annotation) -> bool:
        """Refresh one annotation in place; False if it is not shown."""
        row = self.row_of(value.id)
        if row < 0:
            return False
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return True

    def remove_id(self, annotation_id: str) -> bool:
        row = self.row_of(annotation_id)
        if row < 0:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._row_of = {a.id: i for i, a in enumerate(self._rows)}
        self.endRemoveRows()
        return True

    # --- Qt ------------------------------------------------------------------
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        a = self.annotation(index.row())
        if a is None:
            return None
        col = index.column()
        if role == Role.NODE_ID:
            return a.node_id
        if role == ANNOTATION_ID:
            return a.id
        if role == Role.DOC:
            return a.doc
        colour = self._colours.get(a.colour)
        if role == Qt.ItemDataRole.ForegroundRole and col == LABEL_COLUMN:
            return QColor(CONFIDENTIAL_COLOUR) if a.sensitivity == "confidential" else None
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(colour.hex) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [self._label(a.node_id)]
            if a.anchor.quote:
                parts.append(f"“{a.anchor.quote}”")
            if a.comment:
                parts.append(a.comment)
            mark = SENSITIVITY_MARK.get(a.sensitivity)
            if mark:
                parts.append(f"[{mark}]")
            return "\n".join(parts)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if col == 0:
            return colour.meaning if colour else a.colour
        if col == 1:
            return self._label(a.node_id)
        if col == 2:
            return _one_line(a.anchor.quote) if a.anchor.quote else "(whole provision)"
        if col == 3:
            return _one_line(plain_markdown(a.comment))
        if col == 4:
            return ", ".join(a.tags)
        if col == LABEL_COLUMN:
            return SENSITIVITY_TEXT.get(a.sensitivity, a.sensitivity)
        return None


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"(^|\s)[#>]+\s|[*`]+|(?<!\w)_+|_+(?!\w)|^\s*[-+]\s", re.MULTILINE)


def plain_markdown(text: str) -> str:
    """A comment's words without Markdown marks ("**Check** [law](x)" -> "Check law")."""
    return _MARKUP.sub(lambda m: m.group(1) or "", _LINK.sub(r"\1", text))


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

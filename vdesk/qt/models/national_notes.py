"""National notes of one provision (or any set) as a table model of frozen rows.

Columns: country, status, position, as of (date), sensitivity, text (first line),
place: "Moved" or "Needs review" when re-anchoring after a corpus rebuild moved the
note or could not place it (what happened in its tooltip), empty otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from vdesk.domain.countries import UnknownCountry, country
from vdesk.domain.notes import POSITION_LABELS, STATUS_LABELS, NationalNote

from .roles import Role
from .table import FlatTableModel

_Index = QModelIndex | QPersistentModelIndex
NOTE_ID = Role.DOC + 11
COLUMNS = ("Country", "Status", "Position", "As of", "Sensitivity", "Note", "Place")
PLACE_COLUMN = 6
#: The mark of a note re-anchoring moved or could not place (text, not colour alone).
PLACE_MARKS = {"moved": "Moved", "review": "Needs review"}


def place_tip(n: NationalNote, candidate_citation: str = "") -> str:
    """What re-anchoring did to the note, in words: the detail, and in review the
    nearest provision found; "" for a note in its place."""
    if n.anchor_state not in PLACE_MARKS:
        return ""
    head = (
        "Moved by re-anchoring after the documents changed"
        if n.anchor_state == "moved"
        else "Needs review: re-anchoring could not place this note with certainty"
    )
    lines = [head]
    if n.anchor_detail:
        lines.append(n.anchor_detail[0].upper() + n.anchor_detail[1:])
    if n.anchor_state == "review" and n.candidate_node_id:
        lines.append(
            f"Nearest provision found: {candidate_citation or n.candidate_node_id} "
            f"(similarity {n.score:.2f})"
        )
    lines.append("Confirm Place keeps it on this provision and clears the mark.")
    return "\n".join(lines)


#: Status colours, readable on light and dark bases (used for the swatch and the chart).
STATUS_COLOURS = {
    "implemented": "#2e7d32",
    "in_progress": "#f9a825",
    "not_started": "#c62828",
    "not_applicable": "#78909c",
}


def country_name(code: str) -> str:
    try:
        return country(code).name
    except UnknownCountry:
        return code


class NationalNoteTableModel(FlatTableModel):
    headers = COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[NationalNote] = []
        self._candidates: dict[str, str] = {}

    def set_notes(
        self, rows: Sequence[NationalNote], candidates: Mapping[str, str] | None = None
    ) -> None:
        """Show ``rows``; ``candidates`` maps a review note's candidate node id to
        its citation (for the tooltip)."""
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda n: (country_name(n.country), n.modified))
        self._candidates = dict(candidates or {})
        self.endResetModel()

    def has_marks(self) -> bool:
        return any(n.anchor_state in PLACE_MARKS for n in self._rows)

    def note(self, row: int) -> NationalNote | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, note_id: str) -> int:
        return next((i for i, n in enumerate(self._rows) if n.id == note_id), -1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        n = self.note(index.row())
        if n is None:
            return None
        col = index.column()
        if role == Role.NODE_ID:
            return n.node_id
        if role == NOTE_ID:
            return n.id
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return QColor(STATUS_COLOURS[n.status])
        if role == Qt.ItemDataRole.ToolTipRole and col == PLACE_COLUMN:
            return place_tip(n, self._candidates.get(n.candidate_node_id, "")) or None
        if role == Qt.ItemDataRole.ToolTipRole:
            refs = "\n".join(f"• {r}" for r in n.legal_refs)
            return "\n".join(
                p for p in (f"{country_name(n.country)} ({n.country})", n.text, refs) if p
            )
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if col == 0:
            return f"{country_name(n.country)} ({n.country})"
        if col == 1:
            return STATUS_LABELS[n.status]
        if col == 2:
            return POSITION_LABELS[n.position]
        if col == 3:
            return n.date
        if col == 4:
            return n.sensitivity.capitalize()
        if col == 5:
            first = n.text.strip().splitlines()[0] if n.text.strip() else ""
            return first[:120]
        if col == PLACE_COLUMN:
            return PLACE_MARKS.get(n.anchor_state, "")
        return None

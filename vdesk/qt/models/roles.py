"""Item data roles shared by the models and the views."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class Role(IntEnum):
    NODE_ID = Qt.ItemDataRole.UserRole + 1
    KIND = Qt.ItemDataRole.UserRole + 2
    CITATION = Qt.ItemDataRole.UserRole + 3
    SNIPPET = Qt.ItemDataRole.UserRole + 4  # HTML
    DOC = Qt.ItemDataRole.UserRole + 5
    MARKS = Qt.ItemDataRole.UserRole + 6  # NodeMarks: the user's notes on a node

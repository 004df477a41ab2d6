"""Preferences: the reader's font and size."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)


class PreferencesDialog(QDialog):
    def __init__(self, family: str, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.font_combo = QFontComboBox(self)
        self.font_combo.setAccessibleName("Reader font")
        self.font_combo.setCurrentFont(QFont(family))
        self.size_spin = QSpinBox(self)
        self.size_spin.setAccessibleName("Reader font size")
        self.size_spin.setRange(8, 32)
        self.size_spin.setSuffix(" pt")
        self.size_spin.setValue(size)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Reader font:", self.font_combo)
        form.addRow("Size:", self.size_spin)
        form.addRow(buttons)

    @property
    def family(self) -> str:
        return self.font_combo.currentFont().family()

    @property
    def point_size(self) -> int:
        return self.size_spin.value()

"""Preferences: the reader's font and size; the default country of national notes
and the name written as the author of notes and bundles."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ..widgets.country_combo import CountryCombo

NO_COUNTRY = "None — choose each time"


class PreferencesDialog(QDialog):
    def __init__(
        self,
        family: str,
        size: int,
        parent: QWidget | None = None,
        *,
        country: str = "",
        author: str = "",
    ) -> None:
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
        self.country_combo = CountryCombo(self, allow_none=NO_COUNTRY)
        self.country_combo.setAccessibleName("Default country")
        self.country_combo.setToolTip("Chosen for you in every new national note")
        self.country_combo.set_code(country)
        self.author_edit = QLineEdit(author, self)
        self.author_edit.setAccessibleName("Your name (author of notes and bundles)")
        self.author_edit.setPlaceholderText("e.g. Maria Huber, Permanent Mission of Austria")
        self.author_edit.setMaxLength(200)
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("preferencesError")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Reader font:", self.font_combo)
        form.addRow("Size:", self.size_spin)
        form.addRow("Default country:", self.country_combo)
        form.addRow("Your name (author of notes and bundles):", self.author_edit)
        form.addRow(self.error_label)
        form.addRow(buttons)
        self.country_combo.country_changed.connect(lambda _c: self.error_label.hide())

    @property
    def family(self) -> str:
        return self.font_combo.currentFont().family()

    @property
    def point_size(self) -> int:
        return self.size_spin.value()

    @property
    def default_country(self) -> str:
        """ISO 3166-1 alpha-2 code, or "" for none."""
        return self.country_combo.code

    @property
    def author(self) -> str:
        return " ".join(self.author_edit.text().split())

    def accept(self) -> None:
        if not self.country_combo.is_valid:
            typed = self.country_combo.currentText().strip()
            self.error_label.setText(
                f"“{typed}” is not a country in the ISO 3166-1 list: pick one from the list, "
                f"or “{NO_COUNTRY}”."
            )
            self.error_label.show()
            return
        super().accept()

"""Add or edit one country's national note on a provision.

The dialog collects and checks values; the caller's saver writes them through an
undo command when Save is pressed. Bad input (no country, a country that already
has a note here) and a failed write (the database locked, the disk full) are
explained under the form and the dialog stays open with everything as typed;
Escape asks before typed text is discarded.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date as Date

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vdesk.domain.notes import (
    POSITION_LABELS,
    POSITIONS,
    SENSITIVITIES,
    STATUS_LABELS,
    STATUSES,
    NationalNote,
)

from ..models.national_notes import STATUS_COLOURS
from ..widgets.country_combo import CountryCombo, country_label
from .keeping import KeepsTyping

SENSITIVITY_TEXT = {
    "personal": "Personal — only for you",
    "shareable": "Shareable — may go into bundles for colleagues",
    "confidential": "Confidential — never exported without asking",
}
PREVIEW_MS = 200


def status_icon(status: str, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(STATUS_COLOURS[status]))
    return QIcon(pix)


class NationalNoteDialog(KeepsTyping, QDialog):
    """Fields for :meth:`NotesStore.add_national_note`; see :meth:`values`."""

    def __init__(
        self,
        provision: str,
        *,
        note: NationalNote | None = None,
        default_country: str = "",
        taken: Collection[str] = (),
        author: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """``provision``: its citation, shown at the top; ``note``: the note to edit;
        ``taken``: countries that already have a note on this provision."""
        super().__init__(parent)
        self.setObjectName("nationalNoteDialog")
        self._note = note
        self._taken = {c for c in taken if note is None or c != note.country}
        self.setWindowTitle("Edit National Note" if note else "Add National Note")
        self.resize(820, 620)

        where = QLabel(f"<b>{_esc(provision)}</b>", self)
        where.setObjectName("noteProvision")
        where.setWordWrap(True)

        self.country_combo = CountryCombo(self)
        self.country_combo.setAccessibleName("Country")
        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName("Implementation status")
        for s in STATUSES:
            self.status_combo.addItem(status_icon(s), STATUS_LABELS[s], s)
        self.position_combo = QComboBox(self)
        self.position_combo.setAccessibleName("Position")
        for p in POSITIONS:
            self.position_combo.addItem(POSITION_LABELS[p], p)
        self.sensitivity_combo = QComboBox(self)
        self.sensitivity_combo.setAccessibleName("Sensitivity")
        for s in SENSITIVITIES:
            self.sensitivity_combo.addItem(SENSITIVITY_TEXT[s], s)

        self.date_check = QCheckBox("As of", self)
        self.date_check.setToolTip("The date the information is as of; clear it for no date")
        self.date_edit = QDateEdit(self)
        self.date_edit.setAccessibleName("As of date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_check.toggled.connect(self.date_edit.setEnabled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_check)
        date_row.addWidget(self.date_edit)
        date_row.addStretch(1)

        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("noteText")
        self.text_edit.setAccessibleName("Note text (Markdown)")
        self.text_edit.setPlaceholderText(
            "How the country implements this provision, in Markdown:\n"
            "**bold**, *italic*, - lists, [links](https://…)"
        )
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("notePreview")
        self.preview.setAccessibleName("Preview")
        self.preview.setOpenLinks(False)
        self.preview.setPlaceholderText("Preview")
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.text_edit)
        split.addWidget(self.preview)
        split.setChildrenCollapsible(False)

        self.ref_edit = QLineEdit(self)
        self.ref_edit.setAccessibleName("New reference to national law or policy")
        self.ref_edit.setPlaceholderText("e.g. Criminal Code, s. 278a — press Enter to add")
        self.add_ref_button = QPushButton("Add", self)
        self.remove_ref_button = QPushButton("Remove", self)
        self.refs_list = QListWidget(self)
        self.refs_list.setObjectName("legalRefs")
        self.refs_list.setAccessibleName("References to national law or policy")
        self.refs_list.setMaximumHeight(96)
        ref_row = QHBoxLayout()
        ref_row.addWidget(self.ref_edit, 1)
        ref_row.addWidget(self.add_ref_button)
        ref_row.addWidget(self.remove_ref_button)
        refs = QVBoxLayout()
        refs.addLayout(ref_row)
        refs.addWidget(self.refs_list)

        self.error_label = QLabel("", self)
        self.error_label.setObjectName("noteError")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        by = note.author if note is not None and note.author else author
        self.author_label = QLabel(
            f"Recorded by {_esc(by)} (your name is set in Preferences)."
            if by
            else "No author name: set yours in Preferences so that colleagues who receive "
            "a shared note know who wrote it.",
            self,
        )
        self.author_label.setObjectName("noteAuthor")
        self.author_label.setWordWrap(True)
        muted = self.author_label.palette()
        muted.setColor(
            QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText)
        )
        self.author_label.setPalette(muted)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Country:", self.country_combo)
        form.addRow("Status:", self.status_combo)
        form.addRow("Position:", self.position_combo)
        form.addRow("Date:", date_row)
        form.addRow("Sensitivity:", self.sensitivity_combo)
        lay = QVBoxLayout(self)
        lay.addWidget(where)
        lay.addLayout(form)
        lay.addWidget(QLabel("Note (Markdown, preview on the right):", self))
        lay.addWidget(split, 1)
        lay.addWidget(QLabel("References to national law or policy:", self))
        lay.addLayout(refs)
        lay.addWidget(self.error_label)
        lay.addWidget(self.author_label)
        lay.addWidget(self.buttons)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self.text_edit.textChanged.connect(self._preview_timer.start)
        self.ref_edit.installEventFilter(self)  # Enter adds the reference, not save
        self.add_ref_button.clicked.connect(self.add_reference)
        self.remove_ref_button.clicked.connect(self._remove_selected_references)
        self.refs_list.itemSelectionChanged.connect(self._update_ref_buttons)
        self.ref_edit.textChanged.connect(self._update_ref_buttons)
        self.country_combo.country_changed.connect(lambda _c: self._show_error(""))

        self._fill(note, default_country)
        self._update_ref_buttons()
        self._keep()

    def _state(self) -> object:
        return (self.values(), self.date_check.isChecked(), self.ref_edit.text())

    def _fill(self, note: NationalNote | None, default_country: str) -> None:
        if note is None:
            self.country_combo.set_code(default_country)
            self.status_combo.setCurrentIndex(STATUSES.index("not_started"))
            self.position_combo.setCurrentIndex(POSITIONS.index("no_position"))
            self.sensitivity_combo.setCurrentIndex(0)
            self.date_check.setChecked(True)
            self.date_edit.setDate(QDate.currentDate())
            return
        self.country_combo.set_code(note.country)
        self.status_combo.setCurrentIndex(STATUSES.index(note.status))
        self.position_combo.setCurrentIndex(POSITIONS.index(note.position))
        self.sensitivity_combo.setCurrentIndex(SENSITIVITIES.index(note.sensitivity))
        self.text_edit.setPlainText(note.text)
        for ref in note.legal_refs:
            self._append_reference(ref)
        when = QDate.fromString(note.date, "yyyy-MM-dd") if note.date else QDate()
        self.date_check.setChecked(when.isValid())
        self.date_edit.setEnabled(when.isValid())
        self.date_edit.setDate(when if when.isValid() else QDate.currentDate())
        self.update_preview()

    @property
    def note(self) -> NationalNote | None:
        """The note being edited (None when adding)."""
        return self._note

    # --- references ------------------------------------------------------------
    def _append_reference(self, text: str) -> None:
        item = QListWidgetItem(text, self.refs_list)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)

    def add_reference(self) -> None:
        text = self.ref_edit.text().strip()
        if text and text not in self.references:
            self._append_reference(text)
        self.ref_edit.clear()

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        if (
            watched is self.ref_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.add_reference()
            return True
        return super().eventFilter(watched, event)

    def _remove_selected_references(self) -> None:
        for item in self.refs_list.selectedItems():
            self.refs_list.takeItem(self.refs_list.row(item))

    def _update_ref_buttons(self) -> None:
        self.add_ref_button.setEnabled(bool(self.ref_edit.text().strip()))
        self.remove_ref_button.setEnabled(bool(self.refs_list.selectedItems()))

    @property
    def references(self) -> tuple[str, ...]:
        items = (self.refs_list.item(i).text().strip() for i in range(self.refs_list.count()))
        return tuple(t for t in items if t)

    # --- preview and values ----------------------------------------------------------
    def update_preview(self) -> None:
        from ...export.render import render_note

        self._preview_timer.stop()
        self.preview.setHtml(render_note(self.text_edit.toPlainText()))

    @property
    def date(self) -> str:
        if not self.date_check.isChecked():
            return ""
        return self.date_edit.date().toString("yyyy-MM-dd")

    def values(self) -> dict[str, object]:
        """The fields as :meth:`NotesStore.add_national_note` takes them."""
        return {
            "country": self.country_combo.code,
            "status": self.status_combo.currentData(),
            "position": self.position_combo.currentData(),
            "text": self.text_edit.toPlainText(),
            "legal_refs": self.references,
            "date": self.date,
            "sensitivity": self.sensitivity_combo.currentData(),
        }

    def changes(self) -> dict[str, object]:
        """Only the fields that differ from the note being edited."""
        if self._note is None:
            return self.values()
        old = {
            "country": self._note.country,
            "status": self._note.status,
            "position": self._note.position,
            "text": self._note.text,
            "legal_refs": self._note.legal_refs,
            "date": self._note.date,
            "sensitivity": self._note.sensitivity,
        }
        return {k: v for k, v in self.values().items() if old[k] != v}

    def problem(self) -> str:
        """Why the values cannot be saved, or ""."""
        if not self.country_combo.code:
            typed = self.country_combo.currentText().strip()
            if typed:
                return f"“{typed}” is not a country in the ISO 3166-1 list: pick one from the list."
            return "Choose the country this note is about."
        if self.country_combo.code in self._taken:
            return (
                f"{country_label(self.country_combo.code)} already has a note on this "
                "provision: edit that note instead, or choose another country."
            )
        if self.date and self.date > Date.today().isoformat():
            return "The “as of” date is in the future: use the date the information is from."
        return ""

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def accept(self) -> None:
        if self.ref_edit.text().strip():
            self.add_reference()  # typed but not yet added: keep it, do not lose it
        problem = self.problem()
        if problem:
            self._show_error(problem)
            return
        self._accept_saving()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

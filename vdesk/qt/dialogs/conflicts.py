"""Notes > Pending Conflicts…: the versions imports set aside, each next to yours.

A list of the pending conflicts (provision, country, why) over the one selected:
its reason and origin, then your version and the bundle's side by side (status,
position, sensitivity, the text rendered safely), each field that differs marked
"(differs)" in bold, and Keep Mine / Keep Theirs. The dialog writes nothing: it
asks (:attr:`keep_requested`), and the feature answers with the new list
(:meth:`set_rows`) or why the write was refused (:meth:`show_error`).

Signals:
    keep_requested(str, str): keep ``"mine"`` or ``"theirs"`` of this conflict (id).
    node_requested(str): show this provision in the reader.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vdesk.domain.notes import POSITION_LABELS, STATUS_LABELS, Annotation, NationalNote

from ..models.conflicts import ConflictRow, ConflictTableModel

EMPTY_TEXT = "No pending conflicts. Imports that need your choice are listed here."
DIFFERS = " (differs)"

SENSITIVITY_LABELS = {"personal": "Personal", "shareable": "Shareable",
                      "confidential": "Confidential"}  # fmt: skip


def fields(value: Annotation | NationalNote) -> list[tuple[str, str]]:
    """The fields shown for one version, as (label, plain text), text last."""
    sens = SENSITIVITY_LABELS.get(value.sensitivity, value.sensitivity)
    if isinstance(value, NationalNote):
        return [
            ("Status", STATUS_LABELS.get(value.status, value.status)),
            ("Position", POSITION_LABELS.get(value.position, value.position)),
            ("Sensitivity", sens),
            ("As of", value.date or "—"),
            ("National law", "\n".join(value.legal_refs) or "—"),
            ("Last changed", value.modified[:16].replace("T", " ")),
            ("Text", value.text),
        ]
    return [
        ("Colour", value.colour),
        ("Sensitivity", sens),
        ("Tags", ", ".join(value.tags) or "—"),
        ("Last changed", value.modified[:16].replace("T", " ")),
        ("Comment", value.comment),
    ]


def _html(text: str) -> str:
    from ...export.render import render_note  # Markdown, sanitised: loaded when shown

    if not text.strip():
        return "<p><i>No text.</i></p>"
    return render_note(text)


class VersionBox(QGroupBox):
    """One version's fields (labels and values) and its text."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(name)
        # the two versions share the width equally, whatever their lengths
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.text = QTextBrowser(self)
        self.text.setObjectName(f"{name}Text")
        self.text.setOpenLinks(False)
        self.text.setMinimumHeight(90)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.text, 1)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        self.text_label: QLabel | None = None

    def show_version(self, shown: list[tuple[str, str]], differs: set[str]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.labels, self.values = {}, {}
        *facts, (text_name, text) = shown
        for name, value in facts:
            label = QLabel(self._label(name, name in differs), self)
            shown_value = html.escape(value).replace("\n", "<br>")  # a reference a line
            val = QLabel(f"<b>{shown_value}</b>" if name in differs else shown_value, self)
            val.setTextFormat(Qt.TextFormat.RichText)
            val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(label, val)
            self.labels[name], self.values[name] = label, val
        self.text_label = QLabel(self._label(text_name, text_name in differs), self)
        self.form.addRow(self.text_label)
        self.labels[text_name] = self.text_label
        self.text.setHtml(_html(text))

    @staticmethod
    def _label(name: str, differs: bool) -> str:
        return f"<b>{name}{DIFFERS}:</b>" if differs else f"{name}:"


class PendingConflictsDialog(QDialog):
    keep_requested = Signal(str, str)
    node_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pendingConflictsDialog")
        self.setWindowTitle("Pending Conflicts")
        self.model = ConflictTableModel(self)

        self.view = QTableView(self)
        self.view.setObjectName("conflictList")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setAccessibleName("Pending conflicts")
        self.view.activated.connect(self._on_view_activated)

        self.heading = QLabel(self)
        self.heading.setObjectName("conflictHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.reason = QLabel(self)
        self.reason.setObjectName("conflictReason")
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.origin = QLabel(self)
        self.origin.setObjectName("conflictOrigin")
        self.origin.setWordWrap(True)
        self.origin.setTextFormat(Qt.TextFormat.PlainText)
        self.mine = VersionBox("Mine — in your notes now", "mineVersion", self)
        self.theirs = VersionBox("Theirs — from the bundle", "theirsVersion", self)
        sides = QHBoxLayout()
        sides.addWidget(self.mine, 1)
        sides.addWidget(self.theirs, 1)

        self.keep_mine = QPushButton("Keep &Mine", self)
        self.keep_mine.setObjectName("keepMine")
        self.keep_mine.setToolTip("Keep your version; the bundle's is dropped")
        self.keep_theirs = QPushButton("Keep &Theirs", self)
        self.keep_theirs.setObjectName("keepTheirs")
        self.keep_theirs.setToolTip("Replace your version with the bundle's")
        self.keep_mine.clicked.connect(lambda: self._keep("mine"))
        self.keep_theirs.clicked.connect(lambda: self._keep("theirs"))
        keep = QHBoxLayout()
        keep.addStretch(1)
        keep.addWidget(self.keep_mine)
        keep.addWidget(self.keep_theirs)

        detail = QWidget(self)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.heading)
        dl.addWidget(self.reason)
        dl.addWidget(self.origin)
        dl.addLayout(sides, 1)
        dl.addLayout(keep)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)

        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setObjectName("conflictsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(split)

        self.error = QLabel(self)
        self.error.setObjectName("conflictError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.resize(980, 640)

    # --- what the feature calls -----------------------------------------------------------
    def set_rows(self, rows: Sequence[ConflictRow]) -> None:
        """Show these conflicts, keeping the selection on the same one (or the row
        where it was); the empty state when there are none."""
        before = self.current_id()
        was = self.view.currentIndex().row()
        self.model.set_rows(rows)
        self.stack.setCurrentIndex(1 if rows else 0)
        if not rows:
            self._show(None)
            return
        row = self.model.row_of(before) if before else -1
        if row < 0:
            row = min(max(was, 0), len(rows) - 1)
        self.select_row(row)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self._show(self.model.row_at(row))

    def current_id(self) -> str | None:
        row = self.model.row_at(self.view.currentIndex().row())
        return row.id if row is not None else None

    def show_error(self, message: str) -> None:
        """One line saying why the choice was not saved (the dialog stays open)."""
        self.error.setText(f"⚠ {message}")
        self.error.setStyleSheet("font-weight: 600;")
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    # --- inside ---------------------------------------------------------------------------
    def _keep(self, keep: str) -> None:
        conflict_id = self.current_id()
        if conflict_id:
            self.keep_requested.emit(conflict_id, keep)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.model.row_at(current.row()))

    def _on_view_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.node_requested.emit(row.node_id)

    def _show(self, row: ConflictRow | None) -> None:
        self.keep_mine.setEnabled(row is not None)
        self.keep_theirs.setEnabled(row is not None)
        if row is None:
            for label in (self.heading, self.reason, self.origin):
                label.clear()
            return
        where = f"{row.citation} — {row.country}" if row.country else row.citation
        self.heading.setText(f"<b style='font-size:large;'>{html.escape(where)}</b>")
        self.reason.setText(f"{row.what}: {row.reason}.")
        self.origin.setText(f"{row.origin}.")
        mine, theirs = fields(row.record.local), fields(row.record.incoming)
        differs = {a[0] for a, b in zip(mine, theirs, strict=True) if a[1] != b[1]}
        differs.discard("Last changed")
        self.mine.show_version(mine, differs)
        self.theirs.show_version(theirs, differs)

"""The annotations panel: every annotation, filtered, with jump, edit and delete.

Filters (tag, colour, document, text, sensitivity) combine with AND and run as
one repository query (debounced while typing). Signals:
    node_requested(str): the user activated an annotation: show its provision.
    annotation_activated(str): the same, with the annotation's id (to select its quote).
    edit_requested(str): edit this annotation (id).
    delete_requested(tuple): delete these annotations (ids).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vdesk.domain.notes import SENSITIVITIES, Colour

from ..dialogs.annotate import SENSITIVITY_LABELS, swatch
from ..models.annotations import AnnotationTableModel

if TYPE_CHECKING:  # the store pulls in SQLAlchemy: not at start-up
    from vdesk.store.notes.contract import AnnotationFilter, NotesStore

PAGE = 200  # rows shown at once; a narrower filter finds the rest


class AnnotationsPanel(QWidget):
    node_requested = Signal(str)
    annotation_activated = Signal(str)
    edit_requested = Signal(str)
    delete_requested = Signal(tuple)

    def __init__(
        self,
        repo: NotesStore,
        documents: Mapping[str, str],
        label: Callable[[str], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("annotationsPanel")
        self._repo = repo
        self.model = AnnotationTableModel(label, self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText("Filter by text in quote, comment or tag")
        self.text_edit.setAccessibleName("Filter annotations by text")
        self.text_edit.setClearButtonEnabled(True)
        top.addWidget(self.text_edit, 2)
        self.colour_combo = QComboBox(self)
        self.colour_combo.setAccessibleName("Filter by colour")
        self.tag_combo = QComboBox(self)
        self.tag_combo.setAccessibleName("Filter by tag")
        self.doc_combo = QComboBox(self)
        self.doc_combo.setAccessibleName("Filter by document")
        self.doc_combo.addItem("All documents", None)
        for key, name in documents.items():
            self.doc_combo.addItem(name, key)
        self.sensitivity_combo = QComboBox(self)
        self.sensitivity_combo.setAccessibleName("Filter by sensitivity")
        self.sensitivity_combo.addItem("Any sensitivity", None)
        for s in SENSITIVITIES:
            self.sensitivity_combo.addItem(SENSITIVITY_LABELS[s], s)
        for w in (self.colour_combo, self.tag_combo, self.doc_combo, self.sensitivity_combo):
            top.addWidget(w, 1)
        lay.addLayout(top)
        self.view = QTableView(self)
        self.view.setObjectName("annotationsView")
        self.view.setAccessibleName("Annotations")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((140, 200, 280, 320, 170)):
            self.view.setColumnWidth(col, width)
        lay.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("annotationsCount")
        bottom.addWidget(self.count_label, 1)
        self.edit_button = QPushButton("Edit…", self)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete the selected annotations (Ctrl+Z brings them back)")
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.delete_button)
        lay.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)
        self.text_edit.textChanged.connect(self._timer.start)
        for combo in (self.colour_combo, self.tag_combo, self.doc_combo, self.sensitivity_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)
        self.edit_button.clicked.connect(self._on_edit)
        self.delete_button.clicked.connect(self._on_delete)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.set_colours(repo.colours())
        self.refresh_tags()
        self.refresh()

    # --- filters -------------------------------------------------------------
    def set_colours(self, colours: Sequence[Colour]) -> None:
        current = self.colour_combo.currentData()
        self.colour_combo.blockSignals(True)
        self.colour_combo.clear()
        self.colour_combo.addItem("Any colour", None)
        for c in colours:
            self.colour_combo.addItem(swatch(c.hex), c.meaning, c.name)
        self.colour_combo.setCurrentIndex(max(0, self.colour_combo.findData(current)))
        self.colour_combo.blockSignals(False)
        self.model.set_colours(colours)

    def refresh_tags(self) -> None:
        current = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem("Any tag", None)
        for tag, n in self._repo.tags():
            self.tag_combo.addItem(f"{tag} ({n})", tag)
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(current)))
        self.tag_combo.blockSignals(False)

    def current_filter(self) -> AnnotationFilter:
        from vdesk.store.notes.contract import AnnotationFilter

        return AnnotationFilter(
            tag=self.tag_combo.currentData(),
            colour=self.colour_combo.currentData(),
            doc=self.doc_combo.currentData(),
            text=self.text_edit.text().strip() or None,
            sensitivity=self.sensitivity_combo.currentData(),
        )

    def _on_filter_changed(self, _i: int) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Run the filter query again (after a filter change or a change elsewhere)."""
        self._timer.stop()
        selected = set(self.selected_ids())
        rows = self._repo.filter_annotations(self.current_filter(), limit=PAGE + 1)
        more = len(rows) > PAGE
        self.model.set_annotations(rows[:PAGE])
        total = len(rows[:PAGE])
        if more:
            text = f"First {PAGE} annotations: narrow the filter to see the rest"
        elif total == 0:
            text = "No annotations match"
        else:
            text = f"{total} annotation{'s' if total != 1 else ''}"
        self.count_label.setText(text)
        sm = self.view.selectionModel()
        for aid in selected:
            row = self.model.row_of(aid)
            if row >= 0:
                sm.select(
                    self.model.index(row, 0),
                    sm.SelectionFlag.Select | sm.SelectionFlag.Rows,
                )
        self._update_buttons()

    # --- selection and actions -------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.ids[r] for r in rows if r < len(self.model.ids)]

    def select_id(self, annotation_id: str) -> bool:
        row = self.model.row_of(annotation_id)
        if row < 0:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _update_buttons(self, *_args: object) -> None:
        n = len(self.view.selectionModel().selectedRows())
        self.edit_button.setEnabled(n == 1)
        self.delete_button.setEnabled(n > 0)

    def _on_activated(self, index: QModelIndex) -> None:
        a = self.model.annotation(index.row()) if index.isValid() else None
        if a is not None:
            self.node_requested.emit(a.node_id)
            self.annotation_activated.emit(a.id)

    def _on_edit(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.edit_requested.emit(ids[0])

    def _on_delete(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.delete_requested.emit(tuple(ids))

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Delete and self.selected_ids():
            self._on_delete()
            return
        super().keyPressEvent(event)

"""The implementation dashboard: for one country and one plan of action, per
chapter, national and international actions by implementation status.

A chart (stacked bars) and a table show the same numbers; clicking a bar segment
or a table cell lists those actions on the right and opens the first in the
reader. The dashboard stays open beside the main window and follows every
change to the notes.

Signals:
    node_requested(str): show this action in the reader.
    record_requested(str, str): record the status of this action (id) for this country.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vdesk.domain.notes import STATUS_LABELS
from vdesk.store.notes.contract import NotesStore

from ...notes.dashboard import UNRECORDED, ChapterActions, chapter_actions
from ...store.corpus_db import CorpusRepo
from ..models.status_counts import ACTION_IDS, CELL_KEY, StatusCountsTableModel
from ..settings import Settings
from ..widgets.country_combo import CountryCombo, country_label
from ..widgets.status_chart import (
    SCOPE_LABELS,
    SEGMENT_LABELS,
    SEGMENTS,
    StatusChart,
    segment_colour,
    short_chapter,
)

#: The documents with national and international actions.
PLANS = ("plans-of-action", "draft-plans-of-action")
FIRST_ACTION = "plans-of-action/annex/chp_I/sec_A/para_2"


def segment_icon(status: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(segment_colour(status))
    return QIcon(pix)


def table_text(model: StatusCountsTableModel) -> str:
    """The table as tab-separated lines with a header, for a spreadsheet or a report."""
    cols = range(model.columnCount())
    lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal)) for c in cols)]
    for r in range(model.rowCount()):
        lines.append("\t".join(str(model.index(r, c).data()) for c in cols))
    return "\n".join(lines) + "\n"


class ImplementationDashboard(QDialog):
    node_requested = Signal(str)
    record_requested = Signal(str, str)

    def __init__(
        self,
        notes: NotesStore,
        corpus: CorpusRepo,
        settings: Settings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("implementationDashboard")
        self.setWindowTitle("Implementation Dashboard")
        self.resize(1180, 760)
        self._notes = notes
        self._corpus = corpus
        self._settings = settings
        self._data: list[ChapterActions] = []

        self.doc_combo = QComboBox(self)
        self.doc_combo.setAccessibleName("Plan of action")
        for d in corpus.documents():
            if d.key in PLANS:
                self.doc_combo.addItem(f"{d.short} ({d.symbol})" if d.symbol else d.short, d.key)
        self.country_combo = CountryCombo(self, allow_none="— choose a country —")
        self.country_combo.setAccessibleName("Country")
        self.country_combo.setMinimumContentsLength(28)
        self.summary = QLabel("", self)
        self.summary.setObjectName("dashboardSummary")
        self.summary.setWordWrap(True)
        self.noted = QLabel("", self)
        self.noted.setObjectName("dashboardCountries")
        self.noted.setWordWrap(True)
        self.noted.setTextFormat(Qt.TextFormat.RichText)
        self.noted.linkActivated.connect(self.country_combo.set_code)
        top = QHBoxLayout()
        top.addWidget(QLabel("Country:", self))
        top.addWidget(self.country_combo)
        top.addSpacing(16)
        top.addWidget(QLabel("Document:", self))
        top.addWidget(self.doc_combo)
        top.addStretch(1)
        self.copy_button = QPushButton("Copy Table", self)
        self.copy_button.setToolTip(
            "Copy the numbers as tab-separated text, for a spreadsheet or a report"
        )
        top.addWidget(self.copy_button)

        self.chart = StatusChart(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        self.model = StatusCountsTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("dashboardTable")
        self.table.setAccessibleName("Implementation status by chapter (table)")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(scroll, "Chart")
        self.tabs.addTab(self.table, "Table")

        self.actions_title = QLabel("Click a bar or a number to list its actions.", self)
        self.actions_title.setObjectName("dashboardActionsTitle")
        self.actions_title.setWordWrap(True)
        self.actions_list = QListWidget(self)
        self.actions_list.setObjectName("dashboardActions")
        self.actions_list.setAccessibleName("Actions")
        self.actions_list.setWordWrap(True)
        self.actions_list.setAlternatingRowColors(True)
        self.actions_list.setSpacing(2)
        side = QWidget(self)
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.actions_title)
        sl.addWidget(self.actions_list, 1)
        self.record_button = QPushButton("Record Status…", self)
        self.record_button.setObjectName("dashboardRecord")
        self.record_button.setToolTip(
            "Add or edit the chosen country's note on the selected action"
        )
        self.record_button.setEnabled(False)
        sl.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignRight)
        content = QSplitter(Qt.Orientation.Horizontal, self)
        content.addWidget(self.tabs)
        content.addWidget(side)
        content.setStretchFactor(0, 3)
        content.setStretchFactor(1, 1)
        content.setSizes([790, 350])
        content.setChildrenCollapsible(False)

        self.empty = QLabel("", self)
        self.empty.setObjectName("dashboardEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(24)
        self.empty.setFixedWidth(660)  # a readable measure; the page centres it
        larger = self.empty.font()
        larger.setPointSizeF(larger.pointSizeF() * 1.1)
        self.empty.setFont(larger)
        self.start_button = QPushButton("Open the first national action", self)
        self.start_button.setToolTip("Plans of action, chapter I, paragraph 2")
        empty_page = QWidget(self)
        el = QVBoxLayout(empty_page)
        el.addStretch(1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.empty)
        centred.addStretch(1)
        el.addLayout(centred)
        el.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        el.addStretch(2)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(empty_page)
        self.stack.addWidget(content)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.noted)
        lay.addWidget(self.summary)
        lay.addWidget(self.stack, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self.refresh)
        self.country_combo.country_changed.connect(lambda _c: self.refresh())
        self.doc_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.chart.segment_clicked.connect(self.show_actions)
        self.table.clicked.connect(self._on_table_clicked)
        self.table.activated.connect(self._on_table_clicked)
        self.actions_list.itemActivated.connect(self._on_action_item)
        self.actions_list.itemClicked.connect(self._on_action_item)
        self.start_button.clicked.connect(lambda: self.node_requested.emit(FIRST_ACTION))
        self.copy_button.clicked.connect(self.copy_table)
        self.record_button.clicked.connect(self._on_record)
        self.actions_list.currentRowChanged.connect(
            lambda row: self.record_button.setEnabled(row >= 0)
        )
        copy = QAction("Copy Table", self.table)
        copy.setShortcuts(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_table)
        self.table.addAction(copy)
        self.country_combo.set_code(self._initial_country())

    def _initial_country(self) -> str:
        if self._settings.default_country:
            return self._settings.default_country
        noted = self._notes.note_countries(self.doc) or self._notes.note_countries()
        return noted[0] if noted else ""

    @property
    def doc(self) -> str:
        return str(self.doc_combo.currentData() or "plans-of-action")

    @property
    def data(self) -> list[ChapterActions]:
        return list(self._data)

    def schedule_refresh(self) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Recount for the chosen country and document."""
        self._timer.stop()
        code = self.country_combo.code
        self._show_noted_countries(code)
        doc_label = self.doc_combo.currentText()
        if not code:
            self._data = []
            self.summary.setText("")
            self._show_empty(
                "Choose a country to see how far it has implemented the plans of action.\n\n"
                "Tip: set your default country in Preferences so it is chosen for you."
            )
            return
        self._data = chapter_actions(self._notes, self._corpus, code, self.doc)
        total = sum(c.counts.provisions for c in self._data)
        recorded = total - sum(c.counts.unrecorded for c in self._data)
        name = country_label(code)
        if recorded == 0:
            self.summary.setText("")
            self._show_empty(
                f"No implementation status recorded yet for {name} in the {doc_label.lower()}."
                "\n\nTo start: open an action — a paragraph or subparagraph under “National "
                "actions” or “International actions” — and in the National notes panel press "
                f"Add…, choose {name} and its status. A note on a paragraph counts for all "
                "its subparagraphs. Each action you record is counted here, chapter by chapter."
            )
            return
        parts = []
        for status in SEGMENTS[:-1]:  # implemented first, as in the chart
            n = sum(c.counts.by_status.get(status, 0) for c in self._data)
            if n:
                parts.append(f"{n} {STATUS_LABELS[status].lower()}")
        self.summary.setText(
            f"<b>{name}</b>: {recorded} of {total} actions recorded — {', '.join(parts)}."
        )
        self.chart.set_data(self._data)
        self.model.set_data(self._data)
        self.copy_button.setEnabled(True)
        self.stack.setCurrentIndex(1)

    def _show_noted_countries(self, current: str) -> None:
        """Links to the countries with notes in this document, to switch in one click."""
        codes = sorted(self._notes.note_countries(self.doc), key=country_label)
        links = [
            f"<b>{country_label(c)}</b>"
            if c == current
            else f'<a href="{c}">{country_label(c)}</a>'
            for c in codes
        ]
        self.noted.setText(f"Countries with notes: {' · '.join(links)}" if links else "")
        self.noted.setVisible(bool(links))

    def copy_table(self) -> None:
        if self.model.rowCount():
            header = f"{self.summary.text().replace('<b>', '').replace('</b>', '')}\n"
            QGuiApplication.clipboard().setText(header + table_text(self.model))

    def _show_empty(self, text: str) -> None:
        self.copy_button.setEnabled(False)
        self.empty.setText(text)
        self.start_button.setVisible(bool(self.country_combo.code))
        self.chart.set_data([])
        self.model.set_data([])
        self.actions_list.clear()
        self.stack.setCurrentIndex(0)

    @property
    def empty_text(self) -> str:
        """The empty state's explanation ("" when the chart is shown)."""
        return self.empty.text() if self.stack.currentIndex() == 0 else ""

    # --- jumping to actions -------------------------------------------------------------
    def _on_table_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        chapter_id, scope, status = index.data(CELL_KEY)
        ids = index.data(ACTION_IDS)
        self._list_actions(self._title(chapter_id, scope, status), ids, show_status=not status)

    def show_actions(self, chapter_id: str, scope: str, status: str) -> None:
        """List the actions of a chart segment and open the first."""
        group = next(
            (c for c in self._data if (c.counts.chapter_id, c.counts.scope) == (chapter_id, scope)),
            None,
        )
        ids = group.actions.get(status, ()) if group else ()
        self._list_actions(self._title(chapter_id, scope, status), ids)

    def _title(self, chapter_id: str, scope: str, status: str) -> str:
        chapter = next(
            (c.counts.chapter for c in self._data if c.counts.chapter_id == chapter_id),
            "All chapters",
        )
        what = SEGMENT_LABELS[status].lower() if status else "all"
        return (
            f"{short_chapter(chapter)} — {SCOPE_LABELS.get(scope, scope).lower()} actions: {what}"
        )

    def _list_actions(self, title: str, ids: tuple[str, ...], show_status: bool = False) -> None:
        self.actions_list.clear()
        rows = self._corpus.nodes(list(ids))
        if show_status:  # a whole row: in document order, each with its status
            ids = tuple(sorted(ids, key=lambda i: rows[i].ordinal if i in rows else 0))
        status_of = {
            i: status for c in self._data for status, got in c.actions.items() for i in got
        }
        for node_id in ids:
            row = rows.get(node_id)
            if row is None:
                continue
            text = row.text if len(row.text) <= 160 else row.text[:157].rstrip() + "…"
            status = status_of.get(node_id, UNRECORDED)
            short = f"para. {row.ref}" if row.ref else row.citation  # the chapter is in the title
            head = f"{short} · {SEGMENT_LABELS[status]}" if show_status else short
            item = QListWidgetItem(segment_icon(status), f"{head}\n{text}", self.actions_list)
            item.setData(Qt.ItemDataRole.UserRole, node_id)
            item.setToolTip(f"{row.citation}\n\n{row.text}")
        n = self.actions_list.count()
        self.actions_title.setText(f"<b>{title}</b><br/>{n} action{'s' if n != 1 else ''}")
        if n:
            self.actions_list.setCurrentRow(0)
            self.node_requested.emit(ids[0])

    def _on_record(self) -> None:
        item = self.actions_list.currentItem()
        code = self.country_combo.code
        if item is not None and code:
            self.record_requested.emit(item.data(Qt.ItemDataRole.UserRole), code)

    def _on_action_item(self, item: QListWidgetItem) -> None:
        node_id = item.data(Qt.ItemDataRole.UserRole)
        if node_id:
            self.node_requested.emit(node_id)

    def listed_actions(self) -> list[str]:
        return [
            self.actions_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.actions_list.count())
        ]

"""The main window: contents tree and search on the left, the reader on the right.

It composes widgets and features and routes signals; what to show comes from
:mod:`vdesk.qt.page`, what a citation means from the resolver, and features
reach the window only through :class:`~vdesk.qt.services.Services`. Signals:
    current_node_changed(str): the reader now shows (and marks) this node.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QMouseEvent,
    QStandardItem,
    QStandardItemModel,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .actions import SPECS, ActionRegistry
from .dialogs.goto import GoToCitationDialog
from .dialogs.preferences import PreferencesDialog
from .features.annotations import install_annotations
from .features.conflicts import install_conflicts
from .features.export import install_export
from .features.national_notes import install_national_notes
from .history import History
from .models.corpus_tree import CorpusTreeModel
from .navigation import PageNavigator
from .palette import reader_style
from .services import Services
from .settings import Settings
from .widgets.breadcrumb import BreadcrumbBar
from .widgets.corpus_tree import CorpusTree
from .widgets.find_bar import FindBar
from .widgets.reader import ReaderView
from .widgets.search_panel import SearchPanel, ShownSearch

if TYPE_CHECKING:  # imported when the corpus is attached: SQLAlchemy and Whoosh are slow
    from vdesk.store.notes.contract import NotesStore

    from ..corpus.resolver import Resolver
    from ..paths import AppPaths
    from ..search.results import SearchResults
    from ..search.searcher import Searcher
    from ..store.corpus_db import CorpusRepo, NodeRow

DEFAULT_SIZE = (1280, 800)
PREFERRED_FONTS = ("Charis SIL", "Source Serif 4", "Noto Serif", "DejaVu Serif", "Liberation Serif")


#: Actions that need the corpus; disabled until it is attached.
CORPUS_ACTIONS = ("goto", "next_paragraph", "previous_paragraph", "search", "copy_citation")


class MainWindow(QMainWindow):
    """Built in two steps so that it can be on screen before the corpus is open:
    the shell (optionally showing a snapshot of the last session), then, when the
    app attaches the desk to :class:`~vdesk.qt.services.Services`, the tree, the
    search panel and every action.

    The window composes widgets and features and routes signals between them;
    features (annotations, national notes, export) are given the Services, never
    the window, and register their actions, menus, docks and reader context-menu
    entries there.

    Signals:
        current_node_changed(str): the reader now shows (and marks) this node.
        attached(): the corpus is open and every action works.
        notes_attached(): the user's notes store is open (:attr:`notes`).
    """

    current_node_changed = Signal(str)
    attached = Signal()
    notes_attached = Signal()

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("vdesk")
        self._services = services
        self._pages: PageNavigator | None = None
        self.history = History()
        self._current: str | None = None
        self._doc_names: dict[str, str] = {}

        self.tree_model: CorpusTreeModel | None = None
        self.tree = CorpusTree(None, self)
        self.search_panel: SearchPanel | None = None
        self._search_placeholder = QLabel("Opening the search index…", self)
        self._search_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.side = QTabWidget(self)
        self.side.setObjectName("sideTabs")
        self.side.setDocumentMode(True)
        self.side.addTab(self.tree, "Contents")
        self.side.addTab(self._search_placeholder, "Search")
        self.breadcrumb = BreadcrumbBar(self)
        self.reader = ReaderView(self, context_actions=services.actions.context_actions)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        rl.addWidget(self.breadcrumb)
        rl.addWidget(self.reader, 1)
        rl.addWidget(self.find_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.side)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.position_label = QLabel("", self)
        self.statusBar().addPermanentWidget(self.position_label)
        services.bind_shell(self, self)
        self._register_actions()
        self._build_toolbar()
        self._connect()
        self.apply_reader_style()
        self.resize(*DEFAULT_SIZE)
        self.splitter.setSizes([400, DEFAULT_SIZE[0] - 400])
        self._update_history_actions()
        services.actions.set_enabled(False, *CORPUS_ACTIONS)
        services.corpus_attached.connect(self._on_corpus_attached)
        services.notes_attached.connect(self._on_notes_attached)
        self.annotations = install_annotations(services)
        self.export = install_export(services)
        self.national_notes = install_national_notes(services)
        self.conflicts = install_conflicts(services)
        if services.desk is not None:  # attached before the window: tell everyone now
            services.corpus_attached.emit()
            if services.notes is not None:
                services.notes_attached.emit()

    @property
    def services(self) -> Services:
        return self._services

    @property
    def settings(self) -> Settings:
        return self._services.settings

    @property
    def paths(self) -> AppPaths | None:
        """Where the app keeps its files."""
        return self._services.paths

    @property
    def repo(self) -> CorpusRepo | None:
        """The corpus repository once attached."""
        return self._services.corpus

    @property
    def searcher(self) -> Searcher | None:
        return self._services.searcher

    @property
    def notes(self) -> NotesStore | None:
        return self._services.notes

    @property
    def undo_stack(self) -> QUndoStack:
        return self._services.undo_stack

    @property
    def actions_by_id(self) -> ActionRegistry:
        return self._services.actions

    @property
    def menus(self) -> dict[str, QMenu]:
        return self._services.actions.menus

    @property
    def is_attached(self) -> bool:
        return self._services.desk is not None

    def _on_corpus_attached(self) -> None:
        """Open the window onto the corpus: real tree, search panel, every action."""
        repo, searcher = self.repo, self.searcher
        assert repo is not None and searcher is not None
        self._pages = PageNavigator(self.reader, repo, searcher)
        self._doc_names = {d.key: d.short for d in repo.documents()}
        self.tree_model = CorpusTreeModel(repo, self)
        self.tree.set_model(self.tree_model)
        self.search_panel = SearchPanel(searcher, repo, self)
        self.side.removeTab(self.side.indexOf(self._search_placeholder))
        self._search_placeholder.deleteLater()
        self.side.addTab(self.search_panel, "Search")
        self.search_panel.hit_activated.connect(self._on_search_hit_activated)
        settings = self.settings
        self.search_panel.own_check.toggled.connect(
            lambda on: setattr(settings, "search_my_notes", on)
        )
        self.search_panel.set_sort(settings.search_sort)  # remembered, as "Include my notes"
        self.search_panel.sort_changed.connect(lambda s: setattr(settings, "search_sort", s))
        self._services.actions.set_enabled(True, *CORPUS_ACTIONS)
        self.attached.emit()

    def attach_notes(self, notes: NotesStore) -> None:
        """Give the window the user's notes store (opened after the corpus)."""
        self._services.attach_notes(notes)

    def _on_notes_attached(self) -> None:
        if self.search_panel is not None:  # "Include my notes" is remembered
            self.search_panel.set_notes(self.notes)
            self.search_panel.own_check.setChecked(self.settings.search_my_notes)
        self.notes_attached.emit()

    def show_snapshot(self, snapshot: Mapping[str, Any]) -> None:
        """Paint the last session's page and documents while the corpus opens."""
        model = QStandardItemModel(self)
        for name in snapshot.get("documents", []):
            item = QStandardItem(str(name))
            item.setEditable(False)
            model.appendRow(item)
        self.tree.show_placeholder(model)
        self.reader.show_html(str(snapshot.get("body", "")))
        self.setWindowTitle(str(snapshot.get("title", "vdesk")))

    def snapshot(self) -> dict[str, Any]:
        """What :meth:`show_snapshot` needs to repaint this state at the next start."""
        return {
            "documents": list(self._doc_names.values()),
            "body": self.reader.last_body,
            "title": self.windowTitle(),
            "node": self._current or "",
        }

    # what features ask of the window (through Services) ---------------------------
    def show_status(self, text: str, msecs: int = 5000) -> None:
        self.statusBar().showMessage(text, msecs)

    def add_dock(
        self, dock: QDockWidget, area: Qt.DockWidgetArea, width: int | None = None
    ) -> None:
        self.addDockWidget(area, dock)
        if width is not None:
            self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)

    def selected_node_ids(self) -> list[str]:
        return self.tree.selected_ids()

    def current_search(self) -> ShownSearch | None:
        return self.search_panel.current_search() if self.search_panel is not None else None

    # composition ------------------------------------------------------------
    def _register_actions(self) -> None:
        stack = self._services.undo_stack
        made = {
            "undo": stack.createUndoAction(self, "&Undo"),
            "redo": stack.createRedoAction(self, "&Redo"),
        }
        for spec in SPECS:
            self._services.actions.register(spec, action=made.get(spec.id))

    def _build_toolbar(self) -> None:
        bar = QToolBar("Navigation", self)
        bar.setObjectName("navigationToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self._services.actions.add_to_toolbar(
            bar,
            "back",
            "forward",
            None,
            "previous_paragraph",
            "next_paragraph",
            None,
            "goto",
            "search",
            "copy_citation",
            None,
            "zoom_out",
            "zoom_in",
        )
        self.addToolBar(bar)

    def _connect(self) -> None:
        a = self._services.actions
        a["back"].triggered.connect(self.go_back)
        a["forward"].triggered.connect(self.go_forward)
        a["goto"].triggered.connect(self.go_to_citation)
        a["next_paragraph"].triggered.connect(lambda: self.step_paragraph(1))
        a["previous_paragraph"].triggered.connect(lambda: self.step_paragraph(-1))
        a["search"].triggered.connect(self.show_search)
        a["find"].triggered.connect(self.find_bar.open_bar)
        a["find_next"].triggered.connect(lambda: self.step_find(1))
        a["find_previous"].triggered.connect(lambda: self.step_find(-1))
        a["copy_citation"].triggered.connect(self.copy_with_citation)
        a["zoom_in"].triggered.connect(lambda: self.zoom(1))
        a["zoom_out"].triggered.connect(lambda: self.zoom(-1))
        a["zoom_reset"].triggered.connect(lambda: self.zoom(0))
        a["focus_tree"].triggered.connect(self.focus_tree)
        a["focus_reader"].triggered.connect(self.reader.setFocus)
        a["preferences"].triggered.connect(self.edit_preferences)
        a["about"].triggered.connect(self._about)
        a["quit"].triggered.connect(self.close)
        self.tree.node_activated.connect(self._on_tree_node_activated)
        self.tree.back_requested.connect(self.go_back)
        self.tree.forward_requested.connect(self.go_forward)
        self.reader.node_requested.connect(self.open_node)
        self.reader.current_node_changed.connect(self._on_reader_caret_moved)
        self.reader.back_requested.connect(self.go_back)
        self.reader.forward_requested.connect(self.go_forward)
        self.breadcrumb.node_requested.connect(self.open_node)
        self.find_bar.find_requested.connect(self._on_find_requested)
        self.find_bar.closed.connect(self.reader.setFocus)

    # navigation -------------------------------------------------------------
    @property
    def current_node(self) -> str | None:
        return self._current

    def open_node(
        self,
        node_id: str,
        *,
        record: bool = True,
        terms: tuple[str, ...] = (),
        results: SearchResults | None = None,
        from_tree: bool = False,
    ) -> bool:
        """Show ``node_id`` in the reader (in its page), sync tree and breadcrumb."""
        if self.repo is None:
            return False
        row = self.repo.node(node_id)
        if row is None:
            self.statusBar().showMessage(f"No provision {node_id!r} in this corpus.", 5000)
            return False
        assert self._pages is not None  # set with the repository
        if not self._pages.show(node_id, terms, results):
            return False
        if terms and self.reader.hit_count:
            self._show_position(f"{self.reader.hit_count} hits on this page — F3 for the next")
        ancestors = self.repo.ancestors(node_id)
        self._show_location(row, ancestors, sync_tree=not from_tree)
        if record:
            self.history.visit(node_id)
        self._update_history_actions()
        return True

    def forget_pages(self) -> None:
        """Drop the pages kept for going back and forth (they are loaded again)."""
        if self._pages is not None:
            self._pages.forget_pages()

    def _show_location(self, row: NodeRow, ancestors: list[NodeRow], sync_tree: bool) -> None:
        self._current = row.id
        self.breadcrumb.set_trail([*ancestors, row], self._doc_names)
        if sync_tree:
            self.tree.select_node(row.id, ancestors)
        self.settings.last_node = row.id
        doc = self._doc_names.get(row.doc, row.doc)
        where = doc if row.kind == "document" else row.citation or doc
        self.setWindowTitle(f"{where} — vdesk")
        self.statusBar().showMessage(row.citation, 0)
        self.current_node_changed.emit(row.id)
        self._services.current_node_changed.emit(row.id)

    def _on_tree_node_activated(self, node_id: str) -> None:
        self.open_node(node_id, from_tree=True)

    def _on_reader_caret_moved(self, node_id: str) -> None:
        if self.repo is None:
            return
        row = self.repo.node(node_id)
        if row is not None and node_id != self._current:
            self._show_location(row, self.repo.ancestors(node_id), sync_tree=True)

    def _on_search_hit_activated(self, node_id: str, terms: tuple) -> None:
        panel = self.search_panel
        results = panel.search_results if panel is not None and terms else None
        self.open_node(node_id, terms=tuple(terms), results=results)
        if self.reader.hit_count:
            self.reader.select_first_hit_in(node_id)
            self._show_position(f"Hit {self.reader.current_hit + 1} of {self.reader.hit_count}")

    def go_back(self) -> None:
        node = self.history.back()
        if node:
            self.open_node(node, record=False)

    def go_forward(self) -> None:
        node = self.history.forward()
        if node:
            self.open_node(node, record=False)

    def _update_history_actions(self) -> None:
        a = self._services.actions
        a["back"].setEnabled(self.history.can_go_back())
        a["forward"].setEnabled(self.history.can_go_forward())

    def step_paragraph(self, step: int) -> None:
        if not self._current or self.repo is None:
            return
        row = self.repo.neighbour(self._current, step, ("paragraph",))
        if row is not None:
            self.open_node(row.id)

    def resolver(self) -> Resolver:
        return self._services.resolver()

    def make_goto_dialog(self) -> GoToCitationDialog:
        """The go-to dialog; a tie is broken in favour of the document being read."""
        page = self.reader.page
        doc = page.document.key if page is not None else None
        return GoToCitationDialog(self.resolver(), self, prefer_doc=doc)

    def go_to_citation(self) -> None:
        dlg = self.make_goto_dialog()
        if dlg.exec() and dlg.node_id and self.open_node(dlg.node_id) and dlg.notice:
            self.statusBar().showMessage(dlg.notice, 10000)
        dlg.deleteLater()

    def show_search(self) -> None:
        if self.search_panel is None:
            return
        self.side.setCurrentWidget(self.search_panel)
        self.search_panel.query_edit.setFocus()
        self.search_panel.query_edit.selectAll()

    def focus_tree(self) -> None:
        self.side.setCurrentWidget(self.tree)
        self.tree.view.setFocus()

    def step_find(self, step: int) -> None:
        if self.reader.hit_count:
            self.reader.step_hit(step)
            self._show_position(f"Hit {self.reader.current_hit + 1} of {self.reader.hit_count}")
        elif self.find_bar.edit.text():
            self._on_find_requested(self.find_bar.edit.text(), step < 0)

    def _on_find_requested(self, text: str, backward: bool) -> None:
        self.find_bar.set_found(self.reader.find_text(text, backward))

    def _show_position(self, text: str) -> None:
        self.position_label.setText(text)

    def copy_with_citation(self) -> None:
        """Copy the reader's passage; the status bar says which citation went with it."""
        passage = self.reader.passage()
        if passage is None or not self.reader.copy_with_citation():
            self.statusBar().showMessage(
                "Nothing copied: the selection holds no text of a provision.", 5000
            )
            return
        self.statusBar().showMessage(f"Copied with citation: {passage.citation}", 5000)

    # view -------------------------------------------------------------------
    def zoom(self, step: int) -> None:
        self.settings.zoom = 0 if step == 0 else self.settings.zoom + step
        self.apply_reader_style()

    def edit_preferences(self) -> None:
        dlg = PreferencesDialog(
            self.reader_font_family(),
            self.settings.font_size,
            self,
            country=self.settings.default_country,
            author=self.settings.author,
        )
        if dlg.exec():
            self.settings.font_family = dlg.family
            self.settings.font_size = dlg.point_size
            self.settings.default_country = dlg.default_country
            self.settings.author = dlg.author
            self.apply_reader_style()
        dlg.deleteLater()

    def reader_font_family(self) -> str:
        if self.settings.font_family:
            return self.settings.font_family
        from PySide6.QtGui import QFontDatabase

        available = set(QFontDatabase.families())
        return next((f for f in PREFERRED_FONTS if f in available), self.font().family())

    def apply_reader_style(self) -> None:
        points = self.settings.font_size + self.settings.zoom
        px = max(9, round(points * self.logicalDpiY() / 72))
        self.reader.set_reader_style(reader_style(self.palette(), self.reader_font_family(), px))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_reader_style()
        super().changeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.go_back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.go_forward()
        else:
            super().mousePressEvent(event)

    def _about(self) -> None:
        from .. import __version__  # read from the package metadata: not at start-up

        QMessageBox.about(
            self,
            "About vdesk",
            f"<b>vdesk {__version__}</b><br/>An offline reference desk for the 2000 Vienna "
            "Declaration on Crime and Justice, its plans of action and the Commission's reports.",
        )

    # state --------------------------------------------------------------------
    def restore_state(self) -> None:
        """Geometry, splitter and the last position read (or the first document)."""
        self.restore_geometry()
        self.restore_position()

    def restore_geometry(self) -> None:
        if not self.settings.geometry.isEmpty():
            self.restoreGeometry(self.settings.geometry)
        if not self.settings.window_state.isEmpty():
            self.restoreState(self.settings.window_state)
        sizes = self.settings.splitter_sizes
        if len(sizes) == 2 and all(s > 0 for s in sizes):
            self.splitter.setSizes(sizes)
        else:
            side = min(420, max(300, self.width() * 3 // 10))
            self.splitter.setSizes([side, max(400, self.width() - side)])

    def restore_position(self) -> None:
        """Open the last node read, or the first document."""
        last = self.settings.last_node
        if not (last and self.open_node(last)):
            first = next(iter(self._doc_names), None)
            if first:
                self.open_node(first)

    def save_state(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.splitter_sizes = self.splitter.sizes()
        if self._current:
            self.settings.last_node = self._current
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)

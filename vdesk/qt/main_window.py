"""The main window: contents tree and search on the left, the reader on the right.

It composes widgets and routes signals; what to show comes from :mod:`vdesk.qt.page`,
what a citation means from the resolver. Signals:
    current_node_changed(str): the reader now shows (and marks) this node.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QKeySequence,
    QMouseEvent,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
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

from .actions import make_actions
from .annotations import install_annotations
from .dialogs.goto import GoToCitationDialog
from .dialogs.preferences import PreferencesDialog
from .exporting import install_export
from .history import History
from .models.corpus_tree import CorpusTreeModel
from .national_notes import install_national_notes
from .page import Highlight, PageCache, ReaderStyle, merge_hit_spans
from .settings import Settings
from .widgets.breadcrumb import BreadcrumbBar
from .widgets.corpus_tree import CorpusTree
from .widgets.find_bar import FindBar
from .widgets.reader import ReaderView
from .widgets.search_panel import SearchPanel

if TYPE_CHECKING:  # imported when the corpus is attached: SQLAlchemy and Whoosh are slow
    from ..corpus.resolver import Resolver
    from ..notes.repo import NotesRepo
    from ..paths import AppPaths
    from ..search.searcher import Searcher
    from ..store.corpus_db import CorpusRepo, NodeRow

DEFAULT_SIZE = (1280, 800)
PREFERRED_FONTS = ("Charis SIL", "Source Serif 4", "Noto Serif", "DejaVu Serif", "Liberation Serif")


#: Actions that need the corpus; disabled until it is attached.
CORPUS_ACTIONS = ("goto", "next_paragraph", "previous_paragraph", "search", "copy_citation")


class MainWindow(QMainWindow):
    """Built in two steps so that it can be on screen before the corpus is open:
    the shell (optionally showing a snapshot of the last session), then
    :meth:`attach` with the repository and the search index.

    Signals:
        current_node_changed(str): the reader now shows (and marks) this node.
        attached(): the corpus is open and every action works.
        notes_attached(): the user's notes store is open (:attr:`notes`).

    Features that live in their own modules (annotations, national notes, export)
    add their actions to :attr:`menus` (keyed "file", "edit", "view", "go", "notes",
    "help") and push their edits onto :attr:`undo_stack`.
    """

    current_node_changed = Signal(str)
    attached = Signal()
    notes_attached = Signal()

    def __init__(
        self,
        repo: CorpusRepo | None,
        searcher: Searcher | None,
        settings: Settings,
        resolver_factory: Callable[[], Resolver] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("vdesk")
        self._repo: CorpusRepo | None = None
        self._pages: PageCache | None = None
        self._searcher: Searcher | None = None
        self._settings = settings
        self._resolver_factory: Callable[[], Resolver] | None = None
        self._resolver: Resolver | None = None
        self.history = History()
        self._current: str | None = None
        self._terms: tuple[str, ...] = ()
        self._doc_names: dict[str, str] = {}
        self.notes: NotesRepo | None = None
        self.paths: AppPaths | None = None  # where the app keeps its files (set by run_gui)
        self.undo_stack = QUndoStack(self)
        self.menus: dict[str, QMenu] = {}

        self.actions_by_id = make_actions(self)
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
        self.reader = ReaderView(self)
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
        self._build_toolbar_and_menus()
        self._connect()
        self.apply_reader_style()
        self.resize(*DEFAULT_SIZE)
        self.splitter.setSizes([400, DEFAULT_SIZE[0] - 400])
        self._update_history_actions()
        for key in CORPUS_ACTIONS:
            self.actions_by_id[key].setEnabled(False)
        self.annotations = install_annotations(self)
        install_export(self)
        self.national_notes = install_national_notes(self)
        if repo is not None and searcher is not None:
            self.attach(repo, searcher, resolver_factory)

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def repo(self) -> CorpusRepo | None:
        """The corpus repository once attached."""
        return self._repo

    @property
    def searcher(self) -> Searcher | None:
        return self._searcher

    @property
    def is_attached(self) -> bool:
        return self._repo is not None

    def attach(
        self,
        repo: CorpusRepo,
        searcher: Searcher,
        resolver_factory: Callable[[], Resolver] | None = None,
    ) -> None:
        """Open the window onto the corpus: real tree, search panel, every action."""
        from ..corpus.resolver import Resolver

        self._repo = repo
        self._pages = PageCache(repo)
        self._searcher = searcher
        self._resolver_factory = resolver_factory or (lambda: Resolver(repo))
        self._doc_names = {d.key: d.short for d in repo.documents()}
        self.tree_model = CorpusTreeModel(repo, self)
        self.tree.set_model(self.tree_model)
        self.search_panel = SearchPanel(searcher, repo, self)
        self.side.removeTab(self.side.indexOf(self._search_placeholder))
        self._search_placeholder.deleteLater()
        self.side.addTab(self.search_panel, "Search")
        self.search_panel.hit_activated.connect(self._on_search_hit_activated)
        for key in CORPUS_ACTIONS:
            self.actions_by_id[key].setEnabled(True)
        self.attached.emit()

    def attach_notes(self, notes: NotesRepo) -> None:
        """Give the window the user's notes store (opened after the corpus)."""
        self.notes = notes
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

    # composition ------------------------------------------------------------
    def _build_toolbar_and_menus(self) -> None:
        a = self.actions_by_id
        bar = QToolBar("Navigation", self)
        bar.setObjectName("navigationToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for key in (
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
        ):
            if key is None:
                bar.addSeparator()
            else:
                bar.addAction(a[key])
        self.addToolBar(bar)
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setObjectName("action_undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setObjectName("action_redo")
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        a["undo"], a["redo"] = undo, redo
        menus = {
            "file": ("&File", ("preferences", None, "quit")),
            "edit": (
                "&Edit",
                ("undo", "redo", None, "copy_citation", None, "find", "find_next", "find_previous"),
            ),
            "view": (
                "&View",
                ("zoom_in", "zoom_out", "zoom_reset", None, "focus_tree", "focus_reader"),
            ),
            "go": (
                "&Go",
                (
                    "back",
                    "forward",
                    None,
                    "goto",
                    "previous_paragraph",
                    "next_paragraph",
                    None,
                    "search",
                ),
            ),
            "notes": ("&Notes", ()),
            "help": ("&Help", ("about",)),
        }
        for name, (title, keys) in menus.items():
            menu = self.menuBar().addMenu(title)
            menu.setObjectName(f"menu_{name}")
            self.menus[name] = menu
            for key in keys:
                if key is None:
                    menu.addSeparator()
                else:
                    menu.addAction(a[key])
        self.menus["notes"].menuAction().setVisible(False)  # shown once it has actions

    def add_menu_actions(
        self, menu: str, *actions: QAction | None, before: str | None = None
    ) -> None:
        """Add ``actions`` (None: a separator) to one of :attr:`menus`.

        ``before`` names an action id (e.g. "quit") to insert in front of; the
        default appends. The Notes menu becomes visible with its first action.
        """
        target = self.menus[menu]
        anchor = self.actions_by_id.get(before) if before else None
        for act in actions:
            if act is None:
                sep = QAction(self)
                sep.setSeparator(True)
                act = sep
            elif act.objectName().startswith("action_"):
                self.actions_by_id.setdefault(act.objectName()[len("action_") :], act)
            if anchor is not None:
                target.insertAction(anchor, act)
            else:
                target.addAction(act)
        target.menuAction().setVisible(True)

    def _connect(self) -> None:
        a = self.actions_by_id
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
        from_tree: bool = False,
    ) -> bool:
        """Show ``node_id`` in the reader (in its page), sync tree and breadcrumb."""
        if self._repo is None:
            return False
        row = self._repo.node(node_id)
        if row is None:
            self.statusBar().showMessage(f"No provision {node_id!r} in this corpus.", 5000)
            return False
        same_page = (
            self.reader.page is not None
            and not terms
            and not self._terms
            and node_id in self.reader.page.ids
            and self.reader.page.root.id != node_id
        )
        if not (same_page and self.reader.set_focus_node(node_id)):
            assert self._pages is not None  # set with the repository
            page = self._pages.page(node_id)
            if page is None:
                return False
            self._terms = terms
            highlights = self._hit_highlights(page.rows, terms) if terms else {}
            self.reader.show_page(page, focus=node_id, highlights=highlights)
            if terms and self.reader.hit_count:
                self._show_position(f"{self.reader.hit_count} hits on this page — F3 for the next")
        ancestors = self._repo.ancestors(node_id)
        self._show_location(row, ancestors, sync_tree=not from_tree)
        if record:
            self.history.visit(node_id)
        self._update_history_actions()
        return True

    def forget_pages(self) -> None:
        """Drop the pages kept for going back and forth (they are loaded again)."""
        if self._pages is not None:
            self._pages.clear()

    def _show_location(self, row: NodeRow, ancestors: list[NodeRow], sync_tree: bool) -> None:
        self._current = row.id
        self.breadcrumb.set_trail([*ancestors, row], self._doc_names)
        if sync_tree:
            self.tree.select_node(row.id, ancestors)
        self._settings.last_node = row.id
        doc = self._doc_names.get(row.doc, row.doc)
        where = doc if row.kind == "document" else row.citation or doc
        self.setWindowTitle(f"{where} — vdesk")
        self.statusBar().showMessage(row.citation, 0)
        self.current_node_changed.emit(row.id)

    def _hit_highlights(  # needs the searcher: only called once attached
        self, rows: tuple[NodeRow, ...], terms: tuple[str, ...]
    ) -> dict[str, list[Highlight]]:
        assert self._searcher is not None
        out: dict[str, list[Highlight]] = {}
        drop_short = any(len(t) > 2 for t in terms)
        for r in rows:
            if r.text:
                found = self._searcher.match_spans(r.text, terms)
                spans = merge_hit_spans(r.text, found, drop_short)
                if spans:
                    out[r.id] = [Highlight(a, b, "match") for a, b in spans]
        return out

    def _on_tree_node_activated(self, node_id: str) -> None:
        self.open_node(node_id, from_tree=True)

    def _on_reader_caret_moved(self, node_id: str) -> None:
        if self._repo is None:
            return
        row = self._repo.node(node_id)
        if row is not None and node_id != self._current:
            self._show_location(row, self._repo.ancestors(node_id), sync_tree=True)

    def _on_search_hit_activated(self, node_id: str, terms: tuple) -> None:
        self.open_node(node_id, terms=tuple(terms))
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
        self.actions_by_id["back"].setEnabled(self.history.can_go_back())
        self.actions_by_id["forward"].setEnabled(self.history.can_go_forward())

    def step_paragraph(self, step: int) -> None:
        if not self._current or self._repo is None:
            return
        row = self._repo.neighbour(self._current, step, ("paragraph",))
        if row is not None:
            self.open_node(row.id)

    def resolver(self) -> Resolver:
        if self._resolver is None:
            assert self._resolver_factory is not None, "attach() first"
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._resolver = self._resolver_factory()
            finally:
                QApplication.restoreOverrideCursor()
        return self._resolver

    def make_goto_dialog(self) -> GoToCitationDialog:
        return GoToCitationDialog(self.resolver(), self)

    def go_to_citation(self) -> None:
        dlg = self.make_goto_dialog()
        if dlg.exec() and dlg.node_id:
            self.open_node(dlg.node_id)
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
        if self.reader.copy_with_citation():
            self.statusBar().showMessage("Copied with citation.", 3000)

    # view -------------------------------------------------------------------
    def zoom(self, step: int) -> None:
        self._settings.zoom = 0 if step == 0 else self._settings.zoom + step
        self.apply_reader_style()

    def edit_preferences(self) -> None:
        dlg = PreferencesDialog(
            self.reader_font_family(),
            self._settings.font_size,
            self,
            country=self._settings.default_country,
            author=self._settings.author,
        )
        if dlg.exec():
            self._settings.font_family = dlg.family
            self._settings.font_size = dlg.point_size
            self._settings.default_country = dlg.default_country
            self._settings.author = dlg.author
            self.apply_reader_style()
        dlg.deleteLater()

    def reader_font_family(self) -> str:
        if self._settings.font_family:
            return self._settings.font_family
        from PySide6.QtGui import QFontDatabase

        available = set(QFontDatabase.families())
        return next((f for f in PREFERRED_FONTS if f in available), self.font().family())

    def apply_reader_style(self) -> None:
        points = self._settings.font_size + self._settings.zoom
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
        if not self._settings.geometry.isEmpty():
            self.restoreGeometry(self._settings.geometry)
        if not self._settings.window_state.isEmpty():
            self.restoreState(self._settings.window_state)
        sizes = self._settings.splitter_sizes
        if len(sizes) == 2 and all(s > 0 for s in sizes):
            self.splitter.setSizes(sizes)
        else:
            side = min(420, max(300, self.width() * 3 // 10))
            self.splitter.setSizes([side, max(400, self.width() - side)])

    def restore_position(self) -> None:
        """Open the last node read, or the first document."""
        last = self._settings.last_node
        if not (last and self.open_node(last)):
            first = next(iter(self._doc_names), None)
            if first:
                self.open_node(first)

    def save_state(self) -> None:
        self._settings.geometry = self.saveGeometry()
        self._settings.window_state = self.saveState()
        self._settings.splitter_sizes = self.splitter.sizes()
        if self._current:
            self._settings.last_node = self._current
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)


def reader_style(palette: QPalette, family: str, px: int) -> ReaderStyle:
    """Reader colours from the palette, so dark mode is dark."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    dark = base.lightness() < 128
    link = palette.color(QPalette.ColorRole.Link)
    if dark and link.lightness() < 110:
        link = QColor("#8ab4f8")
    return ReaderStyle(
        font_family=family,
        font_px=px,
        text=text.name(),
        background=base.name(),
        muted=_mix(text, base, 0.62).name(),
        link=link.name(),
        focus=_mix(palette.color(QPalette.ColorRole.Highlight), base, 0.2).name(),
        match="#e2b93b" if dark else "#ffd966",
        rule=_mix(text, base, 0.25).name(),
    )


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``t`` of ``a`` over ``1 - t`` of ``b``."""
    return QColor(
        round(a.red() * t + b.red() * (1 - t)),
        round(a.green() * t + b.green() * (1 - t)),
        round(a.blue() * t + b.blue() * (1 - t)),
    )

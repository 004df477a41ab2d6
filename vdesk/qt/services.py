"""What every Qt feature module is given: :class:`Services`.

A feature (annotations, national notes, export …) never sees the main window. It
gets the desk (corpus, searcher, resolver, notes store), the
:class:`~vdesk.qt.actions.ActionRegistry` to register its actions, menus and
reader context-menu entries, the :class:`ChangeHub` that broadcasts one
:class:`~vdesk.desk.changes.Changes` per user action, the undo stack, the
settings, and a small window-facing API: the node in the reader and the signal
when it changes, :meth:`Services.show_node`, a status message, docks, dialog
parents, the contents tree's model and selection.

The app makes the Services (with no desk yet, so the window can be on screen
before SQLAlchemy and Whoosh are imported), the window binds itself as the
:class:`Shell`, and :meth:`Services.attach_desk` / :meth:`Services.attach_notes`
follow once the corpus and the notes store are open.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMenu, QWidget

from .actions import ActionRegistry

if TYPE_CHECKING:  # the desk pulls in SQLAlchemy and Whoosh: not at start-up
    from vdesk.domain.notes import Change
    from vdesk.store.notes.contract import NotesStore

    from ..corpus.resolver import Resolver
    from ..desk import Desk
    from ..desk.changes import Changes
    from ..paths import AppPaths
    from ..search.searcher import Searcher
    from ..store.corpus_db import CorpusRepo
    from .models.corpus_tree import CorpusTreeModel
    from .settings import Settings
    from .widgets.reader import ReaderView
    from .widgets.search_panel import ShownSearch


class Shell(Protocol):
    """What the main window offers features, through :class:`Services`."""

    @property
    def reader(self) -> ReaderView: ...

    @property
    def current_node(self) -> str | None: ...

    @property
    def tree_model(self) -> CorpusTreeModel | None: ...

    def open_node(self, node_id: str) -> bool: ...

    def show_status(self, text: str, msecs: int) -> None: ...

    def add_dock(self, dock: QDockWidget, area: Qt.DockWidgetArea, width: int | None) -> None: ...

    def selected_node_ids(self) -> list[str]: ...

    def current_search(self) -> ShownSearch | None: ...


def from_store(change: Change) -> Changes:
    """A store's report of one write as :class:`Changes` (a bulk restore of both
    kinds, entity "many", reloads everything)."""
    from ..desk.changes import Changes

    ids, nodes = frozenset(change.ids), frozenset(change.node_ids)
    action = f"{change.kind} {change.entity}"
    if change.entity == "annotation":
        return Changes(action, annotations=ids, node_ids=nodes)
    if change.entity == "national_note":
        return Changes(action, national_notes=ids, node_ids=nodes)
    if change.entity == "colour":
        return Changes(action, colours=True)
    return Changes(action, node_ids=nodes, everything=True)


def merge(parts: list[Changes], action: str, initiator: object | None) -> Changes:
    """Many reports of one user action as one :class:`Changes`."""
    from ..desk.changes import Changes

    return Changes(
        action,
        initiator,
        frozenset().union(*(p.annotations for p in parts)),
        frozenset().union(*(p.national_notes for p in parts)),
        frozenset().union(*(p.node_ids for p in parts)),
        any(p.colours for p in parts),
        any(p.everything for p in parts),
    )


def _covered(change: Change, parts: list[Changes]) -> bool:
    """Whether the desk's ``parts`` already say what the store reported."""
    if not parts:
        return False
    if change.entity == "colour":
        return any(p.colours for p in parts)
    ids = frozenset().union(*(p.annotations | p.national_notes for p in parts))
    return bool(change.ids) and set(change.ids) <= ids


class ChangeHub(QObject):
    """One signal for the whole GUI: what a user action changed.

    Fed by :meth:`Desk.subscribe` (one ``Changes`` per use case) and by the notes
    store's reports of writes made around the desk (one per repository call).
    Inside :meth:`action` every report is held and one merged ``Changes`` is
    emitted at its end, carrying the action's name and initiator; so deleting
    fifty annotations refreshes each view once. A store report that a desk
    ``Changes`` of the same action covers (its ids, or a colour) is dropped: the
    desk's record is the exact one (an undo restores rows in bulk, which the
    store reports as "many"). Reports from a worker thread arrive queued, in the
    GUI thread.

    Signals:
        changed(object): a :class:`~vdesk.desk.changes.Changes`, once per action.
    """

    changed = Signal(object)
    _received = Signal(object)  # a report from any thread -> the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._depth = 0
        self._held: list[Changes] = []
        self._held_store: list[Change] = []
        self._unsubscribe: list[Callable[[], None]] = []
        self._received.connect(self._on_received)
        self.destroyed.connect(lambda *_: self._detach())

    def _relay(self) -> Callable[[object], None]:
        me = weakref.ref(self)

        def relay(report: object) -> None:
            hub = me()
            if hub is not None and shiboken6.isValid(hub):  # the window may be gone
                hub._received.emit(report)

        return relay

    def listen_to_desk(self, desk: Desk) -> None:
        self._unsubscribe.append(desk.subscribe(self._relay()))

    def listen_to_store(self, notes: NotesStore) -> None:
        """Also relay the store's own reports (writes made without the desk)."""
        notes.subscribe(self._relay())

    def _detach(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()

    def _on_received(self, report: object) -> None:
        from ..desk.changes import Changes

        if isinstance(report, Changes):
            self.publish(report)
        elif self._depth:
            self._held_store.append(report)  # type: ignore[arg-type]
        else:
            self.publish(from_store(report))  # type: ignore[arg-type]

    def publish(self, changes: Changes) -> None:
        """Broadcast ``changes`` now, or at the end of the :meth:`action` under way."""
        if self._depth:
            self._held.append(changes)
        elif not changes.empty:
            self.changed.emit(changes)

    @contextmanager
    def action(self, name: str, initiator: object | None = None) -> Iterator[None]:
        """Everything written inside is one user action: one ``changed``, at the
        end (also when it failed half-way: what was written is shown)."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if not self._depth and (self._held or self._held_store):
                held, self._held = self._held, []
                store, self._held_store = self._held_store, []
                parts = held + [from_store(c) for c in store if not _covered(c, held)]
                merged = merge(parts, name, initiator)
                if not merged.empty:
                    self.changed.emit(merged)


class Services(QObject):
    """The desk, the action registry, the change hub, the undo stack, the settings
    and the window-facing calls a feature needs.

    Signals:
        corpus_attached(): the desk (corpus, searcher, resolver) is open.
        notes_attached(): the user's notes store is open (:attr:`notes`).
        current_node_changed(str): the reader now shows (and marks) this node.
    """

    corpus_attached = Signal()
    notes_attached = Signal()
    current_node_changed = Signal(str)

    def __init__(
        self, settings: Settings, paths: AppPaths | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._paths = paths
        self._desk: Desk | None = None
        self._shell: Shell | None = None
        self.undo_stack = QUndoStack(self)
        self.changes = ChangeHub(self)
        self.actions = ActionRegistry()

    # --- the desk ------------------------------------------------------------------
    @property
    def desk(self) -> Desk | None:
        return self._desk

    @property
    def paths(self) -> AppPaths | None:
        """Where the app keeps its files (None in a window made without them)."""
        return self._paths

    @property
    def corpus(self) -> CorpusRepo | None:
        return self._desk.corpus if self._desk is not None else None

    @property
    def searcher(self) -> Searcher | None:
        return self._desk.searcher if self._desk is not None else None

    @property
    def notes(self) -> NotesStore | None:
        return self._desk.notes if self._desk is not None else None

    def resolver(self) -> Resolver:
        """The citation resolver (made on first use, with a wait cursor)."""
        assert self._desk is not None, "attach_desk() first"
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return self._desk.resolver
        finally:
            QApplication.restoreOverrideCursor()

    def attach_desk(self, desk: Desk) -> None:
        """The corpus is open: every feature may use it now."""
        self._desk = desk
        if self._paths is None:
            self._paths = desk.paths
        self.changes.listen_to_desk(desk)
        self.corpus_attached.emit()
        if desk.notes is not None:
            self._notes_opened(desk.notes)

    def attach_notes(self, notes: NotesStore) -> None:
        """The user's notes store is open (after the corpus)."""
        assert self._desk is not None, "attach_desk() first"
        self._desk.attach_notes(notes)
        self._notes_opened(notes)

    def _notes_opened(self, notes: NotesStore) -> None:
        self.changes.listen_to_store(notes)
        self.notes_attached.emit()

    # --- the window ------------------------------------------------------------------
    def bind_shell(self, shell: Shell, host: QMainWindow) -> None:
        """The window (``shell``) and the widget its actions and menus live on;
        the window owns the Services (and so every feature) from now on."""
        self._shell = shell
        if self.parent() is None:
            self.setParent(host)
        self.actions.bind(host, host.menuBar())

    @property
    def _window_shell(self) -> Shell:
        assert self._shell is not None, "bind_shell() first"
        return self._shell

    @property
    def reader(self) -> ReaderView:
        return self._window_shell.reader

    def window(self) -> QWidget:
        """The parent for a feature's dialogs."""
        return self.reader.window()

    def current_node(self) -> str | None:
        return self._window_shell.current_node

    def show_node(self, node_id: str) -> bool:
        """Open ``node_id`` in the reader (recorded in the history); False if it is
        not in the corpus."""
        return self._window_shell.open_node(node_id)

    def show_status(self, text: str, msecs: int = 5000) -> None:
        self._window_shell.show_status(text, msecs)

    def add_dock(
        self, dock: QDockWidget, area: Qt.DockWidgetArea, width: int | None = None
    ) -> None:
        self._window_shell.add_dock(dock, area, width)

    def tree_model(self) -> CorpusTreeModel | None:
        return self._window_shell.tree_model

    def selected_node_ids(self) -> list[str]:
        """The provisions selected in the contents tree."""
        return self._window_shell.selected_node_ids()

    def current_search(self) -> ShownSearch | None:
        """The search whose results the search panel lists, if any."""
        return self._window_shell.current_search()

    def menu(self, key: str) -> QMenu:
        return self.actions.menu(key)

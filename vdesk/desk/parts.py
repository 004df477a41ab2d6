"""What a :class:`~vdesk.desk.Desk` owns: the corpus, its search and resolver, the
notes store, and the subscribers told about each user action's :class:`Changes`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Self

from vdesk.corpus.fingerprint import corpus_is_current
from vdesk.corpus.resolver import Resolver
from vdesk.notes.anchoring import doc_texts
from vdesk.paths import AppPaths
from vdesk.search.searcher import Searcher
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.contract import NotesStore

from .changes import Changes

Subscriber = Callable[[Changes], None]


class DeskParts:
    """The corpus, its search and resolver, and the user's notes, behind one object."""

    def __init__(self, paths: AppPaths) -> None:
        self._paths = paths
        self._corpus: CorpusRepo | None = None
        self._searcher: Searcher | None = None
        self._resolver: Resolver | None = None
        self._notes: NotesStore | None = None
        self._owns_corpus = True
        self._owns_notes = True
        self._subscribers: list[Subscriber] = []
        self._node_texts: dict[str, str] | None = None

    @classmethod
    def open(cls, paths: AppPaths) -> Self:
        """A desk on ``paths``; nothing is opened until a use case needs it."""
        return cls(paths)

    @classmethod
    def from_parts(
        cls,
        paths: AppPaths,
        corpus: CorpusRepo,
        searcher: Searcher | None = None,
        notes: NotesStore | None = None,
        resolver: Resolver | None = None,
    ) -> Self:
        """A desk around repositories opened elsewhere (the desktop window's).

        The desk does not close what it was given.
        """
        desk = cls(paths)
        desk._corpus, desk._searcher, desk._resolver = corpus, searcher, resolver
        desk._owns_corpus = False
        if notes is not None:
            desk.attach_notes(notes)
        return desk

    # --- what the desk owns ------------------------------------------------------------

    @property
    def paths(self) -> AppPaths:
        return self._paths

    @property
    def corpus(self) -> CorpusRepo:
        """The corpus repository; builds (or installs) the corpus first when it is stale."""
        if self._corpus is None:
            self._paths.ensure()
            if not corpus_is_current(self._paths):
                from vdesk.corpus.build import ensure_corpus  # the whole pipeline, only when needed

                ensure_corpus(self._paths)
            self._corpus = CorpusRepo(self._paths.corpus_db)
        return self._corpus

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            self.corpus  # noqa: B018 - the index is built with the corpus
            self._searcher = Searcher(self._paths.index_dir)
        return self._searcher

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver(self.corpus)
        return self._resolver

    @property
    def notes(self) -> NotesStore | None:
        """The notes store, or None until :meth:`open_notes` or :meth:`attach_notes`."""
        return self._notes

    def open_notes(self, **kwargs: Any) -> NotesStore:
        """Open the user's notes database (keyword arguments as
        :func:`vdesk.store.user_db.open_user_db`); raises ``UserDbError`` when it is
        damaged or too new. Returns the store already open, if there is one."""
        if self._notes is None:
            from vdesk.store.notes.sqlite import SqliteNotesStore

            self._notes = SqliteNotesStore.open(self._paths, **kwargs)
            self._owns_notes = True
        return self._notes

    def attach_notes(self, store: NotesStore) -> None:
        """Use a notes store opened elsewhere; the desk will not close it."""
        self._notes = store
        self._owns_notes = False

    def require_notes(self) -> NotesStore:
        """The notes store, opened if it is not open yet: checked, without a start
        backup (a use case that only reads must not rotate the backups; a front end
        that is about to change the notes opens them with one first)."""
        return self._notes if self._notes is not None else self.open_notes(start_backup=False)

    # --- change notification -----------------------------------------------------------

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback(changes)`` once per user action; returns the unsubscriber."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def broadcast(self, changes: Changes) -> Changes:
        """Tell every subscriber about ``changes`` (once) and return it."""
        for callback in list(self._subscribers):
            callback(changes)
        return changes

    def _done(self, changes: Changes) -> Changes:
        """Broadcast what a user action changed (nothing is said when nothing did)."""
        return changes if changes.empty else self.broadcast(changes)

    def node_texts(self) -> Mapping[str, str]:
        """Every node id of the corpus and its text (read once)."""
        if self._node_texts is None:
            self._node_texts = doc_texts(self.corpus.all_nodes())
        return self._node_texts

    # --- lifetime ----------------------------------------------------------------------

    def close(self) -> None:
        """Close what the desk opened itself (not what it was given)."""
        if self._notes is not None and self._owns_notes:
            self._notes.close()
        self._notes = None
        if self._owns_corpus:
            if self._searcher is not None:
                self._searcher.close()
            if self._corpus is not None:
                self._corpus.close()
        self._searcher = self._corpus = self._resolver = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

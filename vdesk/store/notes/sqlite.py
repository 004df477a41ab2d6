"""SqliteNotesStore: the notes store on the laptop's SQLite user database.

Everything that only SQLite understands lives here (and in
:mod:`vdesk.store.user_db`, which creates, checks, migrates and backs up the file):
writes start with ``BEGIN IMMEDIATE``, the reader's page query runs precompiled on
the driver's cursor, and the panel's sort steers SQLite's planner with ``+doc``.
The rest is the portable :class:`~vdesk.store.notes.sql.SqlNotesStore`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import literal_column, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Engine

from vdesk.domain.notes import Annotation
from vdesk.paths import AppPaths
from vdesk.store import user_db
from vdesk.store.notes.changes import ids_in_chunks
from vdesk.store.notes.contract import BackupInfo
from vdesk.store.notes.rows import ANNOTATION_COLUMNS, annotation_from_row
from vdesk.store.notes.sql import SqlNotesStore

if TYPE_CHECKING:
    from vdesk.store.notes.contract import NotesStore

#: "+doc": sort the matches rather than walk the whole (doc, node_id) index in order,
#: which is 2-3 times slower for a scan with LIMIT (the SQLite query planner's
#: documented way to disqualify an index for ORDER BY).
_DOC_UNINDEXED: Any = literal_column("+annotations.doc")


@functools.cache
def _annotations_select_sql() -> str:
    """``SELECT <ANNOTATION_COLUMNS> FROM annotations`` as SQLite text."""
    q = select(*ANNOTATION_COLUMNS)
    return str(q.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


@functools.lru_cache(maxsize=64)
def _page_annotations_sql(count: int) -> str:
    """The annotations of ``count`` provisions, in the panel's order."""
    marks = ", ".join("?" * count)
    return (
        f"{_annotations_select_sql()}\nWHERE annotations.node_id IN ({marks})\n"
        "ORDER BY +annotations.doc, annotations.node_id, annotations.start"
    )


class SqliteNotesStore(SqlNotesStore):
    """The user's notes in the SQLite file behind ``engine`` (from
    :func:`vdesk.store.user_db.open_user_db`); ``paths`` locate its backups."""

    def __init__(self, engine: Engine, paths: AppPaths | None = None) -> None:
        # writes start with BEGIN IMMEDIATE: they take the write lock up front, so a
        # read-then-write never fails on a snapshot another process changed
        super().__init__(engine, writer=engine.execution_options(vdesk_write=True))
        self._paths = paths

    @classmethod
    def open(cls, paths: AppPaths, **kwargs: Any) -> SqliteNotesStore:
        """Open ``paths.user_db`` (see :func:`vdesk.store.user_db.open_user_db`)."""
        return cls(user_db.open_user_db(paths, **kwargs), paths)

    # --- backups -----------------------------------------------------------------

    def _backup_paths(self) -> AppPaths:
        if self._paths is None:
            raise RuntimeError(
                "this notes store was opened without its paths: open it with "
                "SqliteNotesStore.open(paths) to take or list backups"
            )
        return self._paths

    def backup(self, reason: str = "manual") -> BackupInfo:
        """A consistent copy of the database in the backup directory, named by the
        time and ``reason``."""
        path = user_db.backup(self._backup_paths(), reason)
        return next(b for b in user_db.list_backups(self._backup_paths()) if b.path == path)

    def backups(self) -> list[BackupInfo]:
        """The backups of this database, newest first."""
        return user_db.list_backups(self._backup_paths())

    @staticmethod
    def restore_backup(paths: AppPaths, source: Path | None = None) -> tuple[Path, Path | None]:
        """Put a backup in place of the (closed) database: see
        :func:`vdesk.store.user_db.restore_backup`."""
        return user_db.restore_backup(paths, source)

    # --- SQLite's fast paths -------------------------------------------------------

    def _doc_order(self) -> Any:
        return _DOC_UNINDEXED

    def _contains(self, column: Any, pattern: str) -> Any:
        """SQLite's LIKE already ignores case, for ASCII letters only ("penal" finds
        "Penal", "état" does not find "État"); the portable ``lower()`` on every row
        would cost a scan four times longer, and the panel filter must stay within
        its budget."""
        return column.like(pattern, escape="\\")

    def annotations_for_nodes(self, node_ids: Iterable[str]) -> list[Annotation]:
        """Annotations on these provisions (one section's worth), in anchor order.

        The reader asks for this on every page it draws, so the statement is
        compiled once and run on the driver's cursor: a third faster than
        :meth:`filter_annotations` for a heavily annotated chapter (the same rows).
        """
        ids = tuple(node_ids)
        out: list[Annotation] = []
        with self._engine.connect() as conn:
            dbapi = conn.connection.driver_connection
            assert dbapi is not None
            for part in ids_in_chunks(ids):
                rows = dbapi.execute(_page_annotations_sql(len(part)), part).fetchall()
                out.extend(annotation_from_row(r) for r in rows)
        if len(ids) > 500:  # chunks each come sorted; the whole must be too
            out.sort(key=lambda a: (a.doc, a.node_id, a.anchor.start))
        return out


if TYPE_CHECKING:  # mypy checks that the implementation keeps the contract

    def _keeps_the_contract(engine: Engine) -> NotesStore:
        return SqliteNotesStore(engine)

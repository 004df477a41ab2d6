"""The notes store contract runs against every implementation registered here.

Adding one is a factory below plus its name in ``params`` of the ``store`` fixture.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from vdesk.paths import AppPaths
from vdesk.store.notes.contract import NotesStore


def _sqlite(paths: AppPaths) -> NotesStore:
    from vdesk.store.notes.sqlite import SqliteNotesStore

    return SqliteNotesStore.open(paths)


def _portable_on_sqlite(paths: AppPaths) -> NotesStore:
    """The SQLite store with its fast paths switched off: the portable base's own
    queries (what a PostgreSQL store inherits) on the same file."""
    from vdesk.store.notes.sql import SqlNotesStore
    from vdesk.store.notes.sqlite import SqliteNotesStore

    class Portable(SqliteNotesStore):
        _doc_order = SqlNotesStore._doc_order
        _contains = SqlNotesStore._contains
        annotations_for_nodes = SqlNotesStore.annotations_for_nodes

    return Portable.open(paths)


#: implementation name -> a factory opening an empty store under ``paths``
FACTORIES: dict[str, Callable[[AppPaths], NotesStore]] = {
    "sqlite": _sqlite,
    "portable-sql-on-sqlite": _portable_on_sqlite,
}


@pytest.fixture(params=["sqlite", "portable-sql-on-sqlite"])
def store(request: pytest.FixtureRequest, paths: AppPaths) -> Iterator[NotesStore]:
    s = FACTORIES[request.param](paths)
    yield s
    s.close()

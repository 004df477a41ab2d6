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


def _postgres(url: str) -> NotesStore:
    from vdesk.store.notes.postgres import PostgresNotesStore

    return PostgresNotesStore.open(url)


#: implementation name -> a factory connecting to an empty database at a URL (the
#: session's PostgreSQL server: tests/pg.py)
SERVER_FACTORIES: dict[str, Callable[[str], NotesStore]] = {"postgres": _postgres}


@pytest.fixture(
    params=[
        "sqlite",
        "portable-sql-on-sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def store(request: pytest.FixtureRequest, paths: AppPaths) -> Iterator[NotesStore]:
    if request.param in SERVER_FACTORIES:
        s = SERVER_FACTORIES[request.param](request.getfixturevalue("pg_notes_url"))
    else:
        s = FACTORIES[request.param](paths)
    yield s
    s.close()


@pytest.fixture
def backups_kept_by(request: pytest.FixtureRequest) -> str:
    """Who backs up the ``store`` under test: "store" (a file store copies its file
    beside it) or "server" (a server store refuses: its administrator does)."""
    return "server" if request.node.callspec.params["store"] in SERVER_FACTORIES else "store"

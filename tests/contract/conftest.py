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


#: implementation name -> a factory opening an empty store under ``paths``
FACTORIES: dict[str, Callable[[AppPaths], NotesStore]] = {"sqlite": _sqlite}


@pytest.fixture(params=["sqlite"])
def store(request: pytest.FixtureRequest, paths: AppPaths) -> Iterator[NotesStore]:
    s = FACTORIES[request.param](paths)
    yield s
    s.close()

"""Qt tests run on the real corpus, built once per test run (fixtures in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _clear_clipboard(qapp):
    """The offscreen platform crashes at exit if the clipboard still holds our QMimeData."""
    yield
    qapp.clipboard().clear()


@pytest.fixture
def notes(paths):  # type: ignore[no-untyped-def]
    """An empty notes store in the test's basedir (modules that need notes in it
    override this fixture)."""
    from vdesk.store.notes.sqlite import SqliteNotesStore

    repo = SqliteNotesStore.open(paths)
    yield repo
    repo.close()


@pytest.fixture
def open_window(qtbot, paths, corpus_repo, searcher, resolver):  # type: ignore[no-untyped-def]
    """Make main windows on the test corpus with a notes store attached:
    ``open_window(notes, settings=None, size=(1280, 800), show=True)``."""
    from vdesk.qt.app import main_window_on
    from vdesk.qt.settings import Settings

    made = []

    def make(notes, *, settings=None, size=(1280, 800), show=True):  # type: ignore[no-untyped-def]
        w = main_window_on(
            paths, settings or Settings(paths.settings_file), corpus_repo, searcher, resolver
        )
        qtbot.addWidget(w)
        if show:
            w.resize(*size)
            w.show()
        w.attach_notes(notes)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()

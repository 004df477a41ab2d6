"""What the screenshot scripts share: the real main window at 1280x800 on a
basedir (the first argument, else a temporary one) with the notes store open,
and saving pictures next to this file.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from vdesk.corpus.build import ensure_corpus
from vdesk.paths import AppPaths
from vdesk.qt.app import make_application, open_main_window
from vdesk.qt.main_window import MainWindow
from vdesk.qt.settings import Settings
from vdesk.search.searcher import Searcher
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.sqlite import SqliteNotesStore

OUT = Path(__file__).resolve().parent


def settle(app: QApplication, rounds: int = 8) -> None:
    """Let layouts, paints and queued signals run."""
    for _ in range(rounds):
        app.processEvents()


@dataclass
class Session:
    app: QApplication
    paths: AppPaths
    settings: Settings
    window: MainWindow
    repo: CorpusRepo
    searcher: Searcher
    notes: SqliteNotesStore
    shots: list[str] = field(default_factory=list)

    def settle(self) -> None:
        settle(self.app)

    def save(self, name: str, picture: QWidget | QPixmap | None = None) -> None:
        """Save ``picture`` (a widget is grabbed; default: the main window) as NAME.png."""
        settle(self.app)
        target = self.window if picture is None else picture
        pixmap = target.grab() if isinstance(target, QWidget) else target
        pixmap.save(str(OUT / f"{name}.png"))
        self.shots.append(name)

    def close(self) -> None:
        """Close everything and list the pictures written."""
        self.window.close()
        self.notes.close()
        self.searcher.close()
        self.repo.close()
        print("\n".join(str(OUT / f"{n}.png") for n in self.shots))


def open_session(
    *,
    configure: Callable[[Settings], None] | None = None,
    fill: Callable[[SqliteNotesStore, CorpusRepo], None] | None = None,
    restore_state: bool = False,
) -> Session:
    """The main window shown on the corpus with the notes store attached;
    ``configure`` adjusts the settings first, ``fill`` writes notes before the
    store is attached."""
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "home"
    paths = AppPaths.resolve(base)
    paths.ensure()
    app = make_application(sys.argv[:1])
    ensure_corpus(paths)
    settings = Settings(paths.settings_file)
    if configure is not None:
        configure(settings)
    window, repo, searcher = open_main_window(paths, settings)
    notes = SqliteNotesStore.open(paths)
    if fill is not None:
        fill(notes, repo)
    window.attach_notes(notes)
    window.resize(1280, 800)
    window.move(0, 0)
    if restore_state:
        window.restore_state()
    window.show()
    settle(app)
    return Session(app, paths, settings, window, repo, searcher, notes)

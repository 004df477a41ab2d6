"""Starting the desktop application: QApplication, the corpus, the window, shutdown.

Order: settings -> corpus (built in a worker with a progress dialog if missing
or stale) -> repository and search index -> window. On exit the window saves its
state first, then the index and the database are closed.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QThreadPool
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from ..corpus.build import corpus_is_current, ensure_corpus
from ..paths import AppPaths
from ..search.searcher import Searcher
from ..store.corpus_db import CorpusRepo
from .main_window import MainWindow
from .settings import Settings
from .workers import Worker

log = logging.getLogger(__name__)
APP_ICON = Path(__file__).resolve().parents[2] / "resources" / "vdesk.svg"


def make_application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv)
    app.setApplicationName("vdesk")
    app.setApplicationDisplayName("vdesk")
    app.setOrganizationName("vdesk")
    app.setDesktopFileName("vdesk")
    if APP_ICON.is_file():
        app.setWindowIcon(QIcon(str(APP_ICON)))
    return app


def build_corpus_with_progress(paths: AppPaths, parent: QWidget | None = None) -> bool:
    """Build the corpus in a worker, showing progress; False if cancelled or failed."""
    dialog = QProgressDialog("Preparing the documents…", "Cancel", 0, 100, parent)
    dialog.setWindowTitle("vdesk — first start")
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def job(progress, cancelled):  # type: ignore[no-untyped-def]
        return ensure_corpus(paths, progress, cancelled)

    worker = Worker(job)

    def on_progress(done: int, total: int, label: str) -> None:
        dialog.setMaximum(max(1, total))
        dialog.setValue(done)
        dialog.setLabelText(f"Preparing the documents: {label}…")

    def finish(key: str, value: object = None) -> None:
        outcome[key] = value
        loop.quit()

    worker.signals.progressed.connect(on_progress)
    worker.signals.finished.connect(lambda r: finish("ok", r))
    worker.signals.failed.connect(lambda m: finish("error", m))
    worker.signals.cancelled.connect(lambda: finish("cancelled"))
    dialog.canceled.connect(worker.cancel)
    QThreadPool.globalInstance().start(worker)
    loop.exec()
    QThreadPool.globalInstance().waitForDone()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        QMessageBox.critical(
            parent,
            "vdesk",
            "The documents could not be prepared.\n\n"
            f"{outcome['error']}\n\nCheck that there is free disk space in {paths.cache_dir} "
            "and start vdesk again.",
        )
        return False
    return "ok" in outcome


def open_main_window(
    paths: AppPaths, settings: Settings
) -> tuple[MainWindow, CorpusRepo, Searcher]:
    repo = CorpusRepo(paths.corpus_db)
    searcher = Searcher(paths.index_dir)
    window = MainWindow(repo, searcher, settings)
    return window, repo, searcher


def run_gui(paths: AppPaths, argv: list[str]) -> int:
    """Run the desktop application until its window closes; returns the exit code."""
    app = make_application([sys.argv[0] if sys.argv else "vdesk", *argv])
    paths.ensure()
    settings = Settings(paths.settings_file)
    if not corpus_is_current(paths) and not build_corpus_with_progress(paths):
        return 1
    window, repo, searcher = open_main_window(paths, settings)
    try:
        window.restore_state()
        window.show()
        code = app.exec()
    finally:
        window.save_state()
        window.deleteLater()
        searcher.close()
        repo.close()
        settings.sync()
    return int(code)

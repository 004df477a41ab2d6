"""Starting the desktop application: QApplication, the corpus, the window, shutdown.

Order: settings and :class:`~vdesk.qt.services.Services` -> window on screen
(painting a snapshot of the last page when there is one) -> corpus check (built
in a worker with a progress dialog if missing or stale) -> repository and search
index opened and the :class:`~vdesk.desk.Desk` made on them and attached, last
position opened (the tree, the page and search work from here; none of this
imports SQLAlchemy) -> on the next turn of the event loop, the notes store opened
and attached (its ORM is what imports SQLAlchemy). On exit the window saves its
state and a snapshot first, then the notes store, the index and the database are
closed.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, Qt, QThreadPool, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QProgressDialog, QWidget

from ..data_files import resources_dir
from ..paths import AppPaths
from . import snapshot
from .main_window import MainWindow
from .services import Services
from .settings import Settings
from .workers import Worker

if TYPE_CHECKING:
    from vdesk.store.notes.contract import NotesStore

    from ..corpus.resolver import Resolver
    from ..desk import Desk
    from ..search.searcher import Searcher
    from ..store.corpus_db import CorpusRepo
    from ..store.user_db import UserDbCorrupt

log = logging.getLogger(__name__)
APP_ICON = resources_dir() / "vdesk.svg"


def make_application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv)
    app.setApplicationName("vdesk")
    app.setApplicationDisplayName("vdesk")
    app.setOrganizationName("vdesk")
    app.setDesktopFileName("org.vdesk.VDesk")  # packaging/linux/org.vdesk.VDesk.desktop
    if APP_ICON.is_file():
        app.setWindowIcon(QIcon(str(APP_ICON)))
    return app


def build_corpus_with_progress(paths: AppPaths, parent: QWidget | None = None) -> bool:
    """Build the corpus in a worker, showing progress; False if cancelled or failed."""
    from ..corpus.build import ensure_corpus

    dialog = QProgressDialog("Preparing the documents…", "Cancel", 0, 100, parent)
    dialog.setWindowTitle("vdesk — preparing the documents")
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


def open_corpus(paths: AppPaths) -> tuple[CorpusRepo, Searcher]:
    from ..search.searcher import Searcher
    from ..store.corpus_db import CorpusRepo

    return CorpusRepo(paths.corpus_db), Searcher(paths.index_dir)


def desk_on(
    paths: AppPaths,
    repo: CorpusRepo,
    searcher: Searcher,
    resolver: Resolver | None = None,
    notes: NotesStore | None = None,
) -> Desk:
    """The desk around a corpus (and notes store) opened here; it closes none of them."""
    from ..desk import Desk

    return Desk.from_parts(paths, repo, searcher, notes=notes, resolver=resolver)


def main_window_on(
    paths: AppPaths,
    settings: Settings,
    repo: CorpusRepo,
    searcher: Searcher,
    resolver: Resolver | None = None,
    notes: NotesStore | None = None,
) -> MainWindow:
    """A main window on an open corpus (and notes store), through its own Services."""
    services = Services(settings, paths)
    window = MainWindow(services)
    services.attach_desk(desk_on(paths, repo, searcher, resolver))
    if notes is not None:
        services.attach_notes(notes)
    return window


def open_main_window(
    paths: AppPaths, settings: Settings
) -> tuple[MainWindow, CorpusRepo, Searcher]:
    """A main window attached to the (already built) corpus."""
    repo, searcher = open_corpus(paths)
    return main_window_on(paths, settings, repo, searcher), repo, searcher


class _OpenCorpus:
    """What run_gui opened, so that it is closed in order."""

    def __init__(self) -> None:
        self.repo: CorpusRepo | None = None
        self.searcher: Searcher | None = None
        self.notes: NotesStore | None = None
        self.failed = False

    def close(self) -> None:
        if self.notes is not None:
            self.notes.close()
        if self.searcher is not None:
            self.searcher.close()
        if self.repo is not None:
            self.repo.close()


def _attach_corpus(
    window: MainWindow, services: Services, paths: AppPaths, opened: _OpenCorpus
) -> bool:
    from ..corpus.fingerprint import corpus_is_current

    if not corpus_is_current(paths) and not build_corpus_with_progress(paths, window):
        opened.failed = True
        return False
    opened.repo, opened.searcher = open_corpus(paths)
    services.attach_desk(desk_on(paths, opened.repo, opened.searcher))
    window.restore_position()
    return True


def _attach_notes(
    window: MainWindow, services: Services, paths: AppPaths, opened: _OpenCorpus
) -> None:
    """Open the notes store and give it to the window's services (after the corpus)."""
    if opened.repo is None or opened.notes is not None:
        return
    opened.notes = open_notes(paths, window)
    if opened.notes is not None:
        _reanchor_after_rebuild(opened.notes, opened.repo, window)
        services.attach_notes(opened.notes)


def open_notes(paths: AppPaths, parent: QWidget | None = None) -> NotesStore | None:
    """Open the user's notes store, or explain why not and offer the way out.

    A store written by a newer vdesk is left untouched (the corpus stays usable);
    a damaged, empty or foreign file can be replaced by the newest intact backup,
    or by an empty database ("start afresh"), the file being kept beside it either
    way. None: the app runs without notes this time.
    """
    from ..store.notes.sqlite import SqliteNotesStore
    from ..store.user_db import UserDbCorrupt, UserDbError

    try:
        return SqliteNotesStore.open(paths, backup_failed=lambda exc: _no_backup_taken(parent, exc))
    except UserDbCorrupt as exc:
        return _recover_notes(paths, parent, exc)
    except (UserDbError, OSError) as exc:  # a newer schema, an unreadable file, a full disk
        QMessageBox.warning(
            parent,
            "vdesk — notes unavailable",
            f"Your notes cannot be opened: {exc}\n\n"
            "The documents can still be read and searched; your notes file is unchanged.",
        )
        return None


def _recover_notes(
    paths: AppPaths, parent: QWidget | None, exc: UserDbCorrupt
) -> NotesStore | None:
    """The choice for a damaged, empty or foreign notes file: restore the newest
    intact backup, start afresh, or continue without notes (nothing changes)."""
    from ..store.notes.sqlite import SqliteNotesStore
    from ..store.user_db import UserDbError, reset_user_db, restore_backup

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("vdesk — notes database damaged")
    box.setText(exc.headline)
    box.setInformativeText(
        "Nothing has been changed or deleted. "
        + (
            f"vdesk can restore the newest intact backup ({exc.backups[0].name}), or start "
            "afresh with no notes; either way the current file is kept beside it for recovery."
            if exc.backups
            else "There is no backup to restore. vdesk can start afresh with no notes, keeping "
            "the current file beside it for recovery."
        )
    )
    box.setDetailedText(f"{exc.path}\n" + "\n".join(exc.problems))
    restore = (
        box.addButton("Restore Backup", QMessageBox.ButtonRole.AcceptRole) if exc.backups else None
    )
    afresh = box.addButton("Start Afresh", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Continue Without Notes", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    try:
        if restore is not None and clicked is restore:
            restore_backup(paths)
        elif clicked is afresh:
            reset_user_db(paths)
        else:
            return None
        return SqliteNotesStore.open(paths)
    except (UserDbError, OSError) as again:
        QMessageBox.critical(parent, "vdesk — recovery failed", str(again))
        return None


def _no_backup_taken(parent: QWidget | None, exc: Exception) -> None:
    """The notes opened, but the start backup could not be taken (a full disk)."""
    log.warning("no start backup: %s", exc)
    if isinstance(parent, QMainWindow):
        parent.statusBar().showMessage(f"No backup of your notes was taken: {exc}", 30000)


def _reanchor_after_rebuild(notes: NotesStore, repo: CorpusRepo, parent: QMainWindow) -> None:
    """After a corpus rebuild with other text, check every annotation's and national
    note's anchor (the desk's re-anchoring, as ``vdesk notes reanchor``, run only when
    the corpus changed) and say in the status bar what needs review or moved."""
    from ..desk import Desk

    paths = getattr(parent, "paths", None) or AppPaths.resolve()
    desk = Desk.from_parts(paths, repo, notes=notes)
    try:
        report, _changes = desk.reanchor(only_if_changed=True, initiator=parent)
    except Exception:  # never block the start on this: it runs again next time
        log.exception("re-anchoring after a corpus rebuild failed")
        return
    if report is None:
        return
    review = []
    if report.review:
        review.append(f"{len(report.review)} annotation(s)")
    if report.notes_review:
        review.append(f"{len(report.notes_review)} national note(s)")
    said = [" and ".join(review) + " need review"] if review else []
    moved = len(report.notes_moved)
    if moved == 1:
        said.append("1 national note moved to its renumbered provision")
    elif moved:
        said.append(f"{moved} national notes moved to their renumbered provisions")
    if said:
        parent.statusBar().showMessage(
            f"The documents changed: {'; '.join(said)} (Notes menu).", 15000
        )


def _quit_after_delay_if_asked(window: MainWindow) -> None:
    """Smoke tests of installed or frozen builds: ``VDESK_QUIT_AFTER_MS=1500`` closes
    the window (saving state as usual) that many milliseconds after start."""
    raw = os.environ.get("VDESK_QUIT_AFTER_MS", "").strip()
    if raw.isdigit():
        QTimer.singleShot(int(raw), window.close)
    elif raw:
        log.warning("VDESK_QUIT_AFTER_MS=%r is not a number of milliseconds; ignored", raw)


def run_gui(paths: AppPaths, argv: list[str]) -> int:
    """Run the desktop application until its window closes; returns the exit code."""
    app = make_application([sys.argv[0] if sys.argv else "vdesk", *argv])
    paths.ensure()
    settings = Settings(paths.settings_file)
    opened = _OpenCorpus()
    services = Services(settings, paths)
    window = MainWindow(services)
    last = snapshot.load(paths)
    try:
        window.restore_geometry()
        if last is not None:
            # a later start: paint the last page at once, open the corpus right after
            window.show_snapshot(last)
            window.show()

            def attach_later() -> None:
                if not _attach_corpus(window, services, paths, opened):
                    window.close()
                    return
                # the page and search are live now; the notes store on the next turn
                QTimer.singleShot(0, lambda: _attach_notes(window, services, paths, opened))

            QTimer.singleShot(0, attach_later)
        else:
            # first start (or a new corpus): prepare it, then show the window
            if not _attach_corpus(window, services, paths, opened):
                return 1
            _attach_notes(window, services, paths, opened)
            window.show()
        _quit_after_delay_if_asked(window)
        code = app.exec()
        if opened.failed:
            return 1
    finally:
        if window.is_attached:
            window.save_state()
            snapshot.save(paths, window.snapshot())
        window.deleteLater()
        opened.close()
        settings.sync()
    return int(code)

"""File > Export…, Export Notes Bundle… and Import Notes Bundle…, installed on the window.

:func:`install_export` makes the three actions, adds them to the File menu and
enables them once the corpus and the notes store are open. The export modules
(SQLAlchemy, Python-Markdown) are imported when an action is used, not at start.

Everything goes through a :class:`~vdesk.desk.Desk` around the window's corpus,
search index and notes store: the export's scope and overwrite check are the
command line's. An import is planned first (the bundle parsed and checked once, in
a worker), its summary shown, and only applied when the user confirms; the notes
store then tells the views, like after any other bulk change. Signals of
:class:`ExportFeature`:
    bundle_exported(str): a bundle was written (its path).
    bundle_imported(object): a bundle was merged (the ImportReport).
    import_failed(str): the file could not be imported; nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QProgressDialog

from .workers import Worker

if TYPE_CHECKING:
    from ..desk import Desk
    from ..desk.importing import ImportPlan
    from ..notes.bundle import ImportReport
    from .dialogs.export import ExportContext, ExportDialog
    from .main_window import MainWindow

BUNDLE_FILTER = "vdesk notes bundle (*.json);;All files (*)"


@dataclass(frozen=True, slots=True)
class _ActionSpec:
    id: str
    text: str
    shortcut: str
    tip: str


SPECS = (
    _ActionSpec("export", "&Export…", "Ctrl+E", "Export provisions and your notes as Markdown"),
    _ActionSpec(
        "export_bundle",
        "Export Notes &Bundle…",
        "",
        "Write your annotations and national notes to a file to share",
    ),
    _ActionSpec(
        "import_bundle",
        "&Import Notes Bundle…",
        "",
        "Merge a bundle of notes from another computer or a colleague",
    ),
)


@dataclass(frozen=True, slots=True)
class _Checked:
    """What the planning worker found: the plan, or why the file cannot be imported."""

    plan: ImportPlan | None = None
    error: str = ""


def _make_action(spec: _ActionSpec, parent: QObject) -> QAction:
    act = QAction(spec.text, parent)
    act.setObjectName(f"action_{spec.id}")
    if spec.shortcut:
        act.setShortcut(QKeySequence(spec.shortcut))
        shortcut = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        act.setToolTip(f"{spec.tip} ({shortcut})")
    else:
        act.setToolTip(spec.tip)
    act.setStatusTip(spec.tip)
    act.setEnabled(False)
    return act


class ExportFeature(QObject):
    bundle_exported = Signal(str)
    bundle_imported = Signal(object)
    import_failed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("exportFeature")
        self.window = window
        self.actions = {s.id: _make_action(s, window) for s in SPECS}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._worker: Worker | None = None
        self._busy: QProgressDialog | None = None
        self._desk: Desk | None = None
        self.dialog: ExportDialog | None = None
        for act in self.actions.values():
            window.addAction(act)  # the shortcut works wherever the focus is
        window.add_menu_actions("file", *self.actions.values(), None, before="preferences")
        self.actions["export"].triggered.connect(self.open_export_dialog)
        self.actions["export_bundle"].triggered.connect(lambda: self.export_bundle())
        self.actions["import_bundle"].triggered.connect(lambda: self.import_bundle())
        window.attached.connect(self._update_actions)
        window.notes_attached.connect(self._update_actions)
        self._update_actions()

    def _update_actions(self) -> None:
        ready = self.window.repo is not None and self.window.notes is not None
        for act in self.actions.values():
            act.setEnabled(ready)
        # an import writes through its own connection to the store at window.paths
        self.actions["import_bundle"].setEnabled(ready and self.window.paths is not None)

    def desk(self) -> Desk:
        """The desk around the window's corpus, search index and notes store."""
        from ..desk import Desk
        from ..paths import AppPaths

        w = self.window
        assert w.repo is not None
        d = self._desk
        if d is None or d.corpus is not w.repo or d.notes is not w.notes:
            d = Desk.from_parts(w.paths or AppPaths.resolve(), w.repo, w.searcher, w.notes)
            self._desk = d
        return d

    # --- Markdown export ---------------------------------------------------------
    def export_context(self) -> ExportContext:
        """The scopes the window offers now, each with why not when it is unavailable."""
        from ..desk.exporting import ScopeRequest
        from ..domain.kinds import TEXT_KINDS
        from ..search.searcher import QueryError
        from .dialogs.export import ExportContext, ScopeChoice

        w = self.window
        repo = w.repo
        assert repo is not None
        desk = self.desk()
        row = repo.node(w.current_node) if w.current_node else None
        no_row = "open a provision first"
        choices = []
        if row is None:
            choices.append(ScopeChoice("provision", reason=no_row))
        elif row.kind in TEXT_KINDS:
            scope = desk.resolve_scope(ScopeRequest(ids=(row.id,), label=row.citation))
            choices.append(ScopeChoice("provision", scope, "", row.citation))
        else:
            choices.append(ScopeChoice("provision", reason="the reader is on a heading"))
        selected = w.tree.selected_ids()
        if len(selected) > 1:  # one is the current provision
            rows = repo.nodes(selected)
            names = [rows[i].citation or rows[i].display for i in selected if i in rows]
            label = "; ".join(names)
            detail = f"{len(names)} selected"
            scope = desk.resolve_scope(ScopeRequest(ids=tuple(selected), label=label))
            choices.append(ScopeChoice("provisions", scope, "", detail))
        else:
            choices.append(
                ScopeChoice("provisions", reason="select several in the contents (Ctrl+click)")
            )
        chain = [*repo.ancestors(row.id), row] if row is not None else []
        chapter = next((r for r in reversed(chain) if r.kind == "chapter"), None)
        if chapter is not None:
            name = chapter.citation or chapter.display
            scope = desk.resolve_scope(ScopeRequest(ids=(chapter.id,), label=name))
            choices.append(ScopeChoice("chapter", scope, "", chapter.display))
        else:
            reason = no_row if row is None else "this document has no chapters"
            choices.append(ScopeChoice("chapter", reason=reason))
        if row is not None:
            short = {d.key: d.short for d in repo.documents()}.get(row.doc, row.doc)
            scope = desk.resolve_scope(ScopeRequest(docs=(row.doc,), label=short))
            choices.append(ScopeChoice("document", scope, "", short))
        else:
            choices.append(ScopeChoice("document", reason="open a document first"))
        choices.append(ScopeChoice("annotated", desk.resolve_scope(ScopeRequest())))
        panel = w.search_panel
        query = panel.query_edit.text().strip() if panel is not None else ""
        if panel is None or not query or panel.model.rowCount() == 0:
            choices.append(ScopeChoice("search", reason="search first (Ctrl+Shift+F)"))
        else:
            request = ScopeRequest(
                search=query,
                search_doc=panel.doc_combo.currentData(),
                search_scope=panel.scope_combo.currentData(),
                search_within=panel.chapter_combo.currentData(),
            )
            try:
                scope = desk.resolve_scope(request)
            except QueryError as exc:
                choices.append(ScopeChoice("search", reason=str(exc)))
            else:
                n = len(scope.ids)
                detail = f"“{query}” ({n} provision{'s' * (n != 1)})"
                choices.append(ScopeChoice("search", scope, "", detail))
        return ExportContext(tuple(choices))

    def make_export_dialog(self) -> ExportDialog:
        from .dialogs.export import ExportDialog

        w = self.window
        assert w.repo is not None and w.notes is not None
        dlg = ExportDialog(self.desk(), w.settings, self.export_context(), w)

        def done(path: str) -> None:
            r = dlg.last_result
            n = r.provisions if r is not None else 0
            also = " (and an HTML copy)" if dlg.html_check.isChecked() else ""
            w.statusBar().showMessage(
                f"Exported {n} provision{'s' * (n != 1)} to {path}{also}", 10000
            )

        dlg.exported.connect(done)
        return dlg

    def open_export_dialog(self) -> None:
        if self.window.repo is None or self.window.notes is None:
            return
        self.dialog = self.make_export_dialog()
        self.dialog.exec()
        self.dialog.deleteLater()
        self.dialog = None

    # --- bundles -----------------------------------------------------------------
    def _ask_save(self, title: str, suggested: str) -> Path | None:
        folder = Path(self.window.settings.export_folder or Path.home())
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            title,
            str(folder / suggested),
            BUNDLE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".json")

    def _confirm_overwrite(self, path: Path) -> bool:
        from ..desk.errors import TargetExists, TargetIsFolder

        try:
            self.desk().check_targets((path,))
        except TargetIsFolder:
            QMessageBox.warning(self.window, "Export", f"{path} is a folder. Choose a file name.")
            return False
        except TargetExists:
            pass
        else:
            return True
        answer = QMessageBox.question(
            self.window,
            "Replace the file?",
            f"“{path.name}” already exists in {path.parent}.\nDo you want to replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def export_bundle(self, path: Path | None = None) -> Path | None:
        """Ask what to include and where; write the bundle atomically. The path, or None."""
        from ..desk.errors import RefusedTarget
        from ..export.atomic import WriteFailed
        from .dialogs.bundle import BundleExportDialog

        w = self.window
        notes = w.notes
        if notes is None:
            return None
        dlg = BundleExportDialog(notes, w.settings.author, w)
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return None
            personal, confidential, author = dlg.personal, dlg.confidential, dlg.author
        finally:
            dlg.deleteLater()
        if path is None:
            path = self._ask_save("Export Notes Bundle", f"vdesk-notes-{date.today()}.json")
            if path is None or not self._confirm_overwrite(path):
                return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = self.desk().export_bundle(
                path, personal=personal, confidential=confidential, author=author, force=True
            )
        except (WriteFailed, RefusedTarget) as exc:
            QApplication.restoreOverrideCursor()
            why = exc.strerror if isinstance(exc, WriteFailed) else str(exc)
            QMessageBox.critical(w, "Export failed", f"The bundle was not saved: {why}.")
            return None
        else:
            QApplication.restoreOverrideCursor()
        w.settings.export_folder = str(path.parent)
        na, nn = written.annotations, written.national_notes
        w.statusBar().showMessage(
            f"Wrote {na} annotations and {nn} national notes to {path}", 10000
        )
        self.bundle_exported.emit(str(path))
        return path

    def import_bundle(self, path: Path | None = None) -> None:
        """Plan the import (in the background), show what it would change, ask, apply."""
        w = self.window
        if w.notes is None or w.repo is None or w.paths is None or self._worker is not None:
            return
        if path is None:
            folder = w.settings.export_folder or str(Path.home())
            name, _ = QFileDialog.getOpenFileName(w, "Import Notes Bundle", folder, BUNDLE_FILTER)
            if not name:
                return
            path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._fail(path, f"it cannot be read: {_read_reason(exc)}.")
            return
        self._plan(path, data)

    def _plan(self, path: Path, data: bytes) -> None:
        from ..notes.bundle import BundleError
        from ..store.user_db import UserDbError

        w = self.window
        desk = self.desk()

        def job(_progress: Any, _cancelled: Any) -> _Checked:
            try:
                return _Checked(desk.plan_import(data))  # reads only: safe off the GUI thread
            except BundleError as exc:
                return _Checked(error=str(exc))
            except (UserDbError, OSError) as exc:
                return _Checked(error=f"your notes could not be updated: {exc}")

        worker = Worker(job)
        busy = QProgressDialog("Checking the bundle…", "", 0, 0, w)
        busy.setWindowTitle("Import Notes Bundle")
        busy.setCancelButton(None)  # type: ignore[arg-type]
        busy.setMinimumDuration(500)
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        self._busy = busy
        worker.signals.finished.connect(lambda c: self._on_planned(path, c))
        worker.signals.failed.connect(lambda m: self._on_planned(path, _Checked(error=m)))
        self._worker = worker
        self._pool.start(worker)

    def _end(self) -> None:
        self._worker = None
        if self._busy is not None:
            self._busy.close()
            self._busy.deleteLater()
            self._busy = None

    def _on_planned(self, path: Path, checked: _Checked) -> None:
        self._end()
        if checked.error or checked.plan is None:
            self._fail(path, checked.error)
            return
        if self.confirm_import(path, checked.plan.report, checked.plan.origin):
            self._apply(path, checked.plan)

    def confirm_import(self, path: Path, report: ImportReport, origin: str = "") -> bool:
        from .dialogs.bundle import ImportSummaryDialog

        repo = self.window.repo

        def cite(node_id: str) -> str:
            row = repo.node(node_id) if repo is not None else None
            return row.citation if row is not None and row.citation else node_id

        dlg = ImportSummaryDialog(path, report, cite, self.window, origin=origin)
        try:
            changes = report.added + report.updated + len(report.colours_added) + report.pending
            return dlg.exec() == QDialog.DialogCode.Accepted and changes > 0
        finally:
            dlg.deleteLater()

    def _apply(self, path: Path, plan: ImportPlan) -> None:
        """Write the confirmed plan on the GUI thread: the notes store tells the views."""
        from ..store.user_db import UserDbError

        w = self.window
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report, _changes = self.desk().apply_import(plan, initiator=self)
        except (UserDbError, OSError) as exc:
            QApplication.restoreOverrideCursor()
            self._fail(path, f"your notes could not be updated: {exc}")
            return
        QApplication.restoreOverrideCursor()
        backup = f" Backup taken first: {report.backup.name}." if report.backup else ""
        w.statusBar().showMessage(
            f"Imported notes: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.kept_local} kept as you had them.{backup}",
            15000,
        )
        self.bundle_imported.emit(report)

    def _fail(self, path: Path, message: str) -> None:
        QMessageBox.warning(
            self.window,
            "Import Notes Bundle",
            f"“{path.name}” cannot be imported: {message}\n\nYour notes are unchanged.",
        )
        self.import_failed.emit(message)


def _read_reason(exc: OSError) -> str:
    import errno

    if isinstance(exc, FileNotFoundError):
        return "there is no such file"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)


def install_export(window: MainWindow) -> ExportFeature:
    """Add Export…, Export Notes Bundle… and Import Notes Bundle… to the File menu."""
    return ExportFeature(window)

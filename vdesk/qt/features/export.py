"""File > Export…, Export Notes Bundle… and Import Notes Bundle…, installed on the
window's :class:`~vdesk.qt.services.Services`.

:func:`install_export` registers the three actions in the File menu and
enables them once the corpus and the notes store are open. The export modules
(SQLAlchemy, Python-Markdown) are imported when an action is used, not at start.

Everything goes through the app's :class:`~vdesk.desk.Desk`: the export's scope
and overwrite check are the command line's. An import is planned first (the
bundle parsed and checked once, in a worker), its summary shown, and only
applied when the user confirms, as one user action of the change hub, like any
other bulk change. Signals of :class:`ExportFeature`:
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
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from ..actions import ActionSpec
from ..workers import Worker

if TYPE_CHECKING:
    from ...desk import Desk
    from ...desk.importing import ImportPlan
    from ...notes.bundle import ImportReport
    from ..dialogs.export import ExportContext, ExportDialog
    from ..services import Services

BUNDLE_FILTER = "vdesk notes bundle (*.json);;All files (*)"


SPECS = (
    ActionSpec(
        "export", "&Export…", ("Ctrl+E",), None,
        "Export provisions and your notes as Markdown", "file", before="preferences",
        enabled=False,
    ),
    ActionSpec(
        "export_bundle", "Export Notes &Bundle…", (), None,
        "Write your annotations and national notes to a file to share", "file",
        before="preferences", enabled=False,
    ),
    ActionSpec(
        "import_bundle", "&Import Notes Bundle…", (), None,
        "Merge a bundle of notes from another computer or a colleague", "file",
        before="preferences", enabled=False,
    ),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Checked:
    """What the planning worker found: the plan, or why the file cannot be imported."""

    plan: ImportPlan | None = None
    error: str = ""


class ExportFeature(QObject):
    bundle_exported = Signal(str)
    bundle_imported = Signal(object)
    import_failed = Signal(str)

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.setObjectName("exportFeature")
        self.services = services
        self.actions = {s.id: services.actions.register(s) for s in SPECS}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._worker: Worker | None = None
        self._busy: QProgressDialog | None = None
        self.dialog: ExportDialog | None = None
        services.actions.place("file", None, before="preferences")
        self.actions["export"].triggered.connect(self.open_export_dialog)
        self.actions["export_bundle"].triggered.connect(lambda: self.export_bundle())
        self.actions["import_bundle"].triggered.connect(lambda: self.import_bundle())
        services.corpus_attached.connect(self._update_actions)
        services.notes_attached.connect(self._update_actions)
        self._update_actions()

    @property
    def window(self) -> QWidget:
        """The parent of this feature's dialogs."""
        return self.services.window()

    def _update_actions(self) -> None:
        ready = self.services.corpus is not None and self.services.notes is not None
        for act in self.actions.values():
            act.setEnabled(ready)
        # an import takes a backup of the store at the app's paths first
        self.actions["import_bundle"].setEnabled(ready and self.services.paths is not None)

    def desk(self) -> Desk:
        """The app's desk (its corpus, search index and notes store)."""
        assert self.services.desk is not None
        return self.services.desk

    # --- Markdown export ---------------------------------------------------------
    def export_context(self) -> ExportContext:
        """The scopes the window offers now, each with why not when it is unavailable."""
        from ...desk.exporting import ScopeRequest
        from ...domain.kinds import TEXT_KINDS
        from ...search.searcher import QueryError
        from ..dialogs.export import ExportContext, ScopeChoice

        w = self.services
        repo = w.corpus
        assert repo is not None
        desk = self.desk()
        current = w.current_node()
        row = repo.node(current) if current else None
        no_row = "open a provision first"
        choices = []
        if row is None:
            choices.append(ScopeChoice("provision", reason=no_row))
        elif row.kind in TEXT_KINDS:
            scope = desk.resolve_scope(ScopeRequest(ids=(row.id,), label=row.citation))
            choices.append(ScopeChoice("provision", scope, "", row.citation))
        else:
            choices.append(ScopeChoice("provision", reason="the reader is on a heading"))
        selected = w.selected_node_ids()
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
        shown = w.current_search()
        if shown is None:
            choices.append(ScopeChoice("search", reason="search first (Ctrl+Shift+F)"))
        else:
            query = shown.query
            request = ScopeRequest(
                search=query,
                search_doc=shown.doc,
                search_scope=shown.scope,
                search_within=shown.within,
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
        from ..dialogs.export import ExportDialog

        w = self.services
        assert w.corpus is not None and w.notes is not None
        dlg = ExportDialog(self.desk(), w.settings, self.export_context(), w.window())

        def done(path: str) -> None:
            r = dlg.last_result
            n = r.provisions if r is not None else 0
            also = " (and an HTML copy)" if dlg.html_check.isChecked() else ""
            private = (
                f"; it includes {r.confidential} CONFIDENTIAL item(s) and is readable only by you"
                if r is not None and r.confidential
                else ""
            )
            w.show_status(f"Exported {n} provision{'s' * (n != 1)} to {path}{also}{private}", 10000)

        dlg.exported.connect(done)
        return dlg

    def open_export_dialog(self) -> None:
        if self.services.corpus is None or self.services.notes is None:
            return
        self.dialog = self.make_export_dialog()
        self.dialog.exec()
        self.dialog.deleteLater()
        self.dialog = None

    # --- bundles -----------------------------------------------------------------
    def _ask_save(self, title: str, suggested: str) -> Path | None:
        folder = Path(self.services.settings.export_folder or Path.home())
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
        from ...desk.errors import TargetExists, TargetIsFolder, TargetNotAFile

        try:
            self.desk().check_targets((path,))
        except TargetIsFolder:
            QMessageBox.warning(self.window, "Export", f"{path} is a folder. Choose a file name.")
            return False
        except TargetNotAFile as exc:  # a link, a pipe, a device: never replaced
            QMessageBox.warning(self.window, "Export", f"{exc}. Choose another file name.")
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
        from ...desk.errors import RefusedTarget
        from ...export.atomic import WriteFailed
        from ..dialogs.bundle import BundleExportDialog

        w = self.services
        notes = w.notes
        if notes is None:
            return None
        dlg = BundleExportDialog(notes, w.settings.author, w.window())
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
            QMessageBox.critical(w.window(), "Export failed", f"The bundle was not saved: {why}.")
            return None
        else:
            QApplication.restoreOverrideCursor()
        w.settings.export_folder = str(path.parent)
        na, nn = written.annotations, written.national_notes
        private = "; it includes confidential items and is readable only by you" * confidential
        w.show_status(f"Wrote {na} annotations and {nn} national notes to {path}{private}", 10000)
        self.bundle_exported.emit(str(path))
        return path

    def import_bundle(self, path: Path | None = None) -> None:
        """Plan the import (in the background), show what it would change, ask, apply."""
        w = self.services
        if w.notes is None or w.corpus is None or w.paths is None or self._worker is not None:
            return
        if path is None:
            folder = w.settings.export_folder or str(Path.home())
            name, _ = QFileDialog.getOpenFileName(
                w.window(), "Import Notes Bundle", folder, BUNDLE_FILTER
            )
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
        from ...notes.bundle import BundleError
        from ...store.user_db import UserDbError

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
        from ..dialogs.bundle import ImportSummaryDialog

        repo = self.services.corpus

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
        from ..saving import cause, write_errors

        w = self.services
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with w.changes.action("Import bundle", self):
                report, _changes = self.desk().apply_import(plan, initiator=self)
        except write_errors() as exc:
            QApplication.restoreOverrideCursor()
            self._fail(path, f"your notes could not be updated: {cause(exc)}")
            return
        QApplication.restoreOverrideCursor()
        backup = f" Backup taken first: {report.backup.name}." if report.backup else ""
        # The import is not a step of the undo history, and the steps before it are
        # dropped: undoing an edit it replaced would lose both the edit and the
        # imported version (the versions would refuse it anyway, one step at a time).
        # What the import replaced is in the backup it took first.
        cleared = ""
        if plan.writes and w.undo_stack.count():
            w.undo_stack.clear()
            cleared = " Undo history cleared: the import cannot be undone step by step."
        w.show_status(
            f"Imported notes: {report.added} added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.kept_local} kept as you had them."
            f"{backup}{cleared}" + _waiting(report.pending),
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


def _waiting(pending: int) -> str:
    """The versions set aside for the user: where to choose."""
    if not pending:
        return ""
    n = f"{pending} conflict waits" if pending == 1 else f"{pending} conflicts wait"
    return f" {n} for your choice: Notes > Pending Conflicts… (Ctrl+Alt+K) lists them."


def _read_reason(exc: OSError) -> str:
    import errno

    if isinstance(exc, FileNotFoundError):
        return "there is no such file"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)


def install_export(services: Services) -> ExportFeature:
    """Add Export…, Export Notes Bundle… and Import Notes Bundle… to the File menu."""
    return ExportFeature(services)

"""File > Export…, Export Notes Bundle… and Import Notes Bundle…, installed on the window.

:func:`install_export` makes the three actions, adds them to the File menu and
enables them once the corpus and the notes store are open. The export modules
(SQLAlchemy, Python-Markdown) are imported when an action is used, not at start.

An import is checked first (a dry run, in a worker), its summary shown, and only
written when the user confirms; the views are then told through the notes store,
like after any other bulk change. Signals of :class:`ExportFeature`:
    bundle_exported(str): a bundle was written (its path).
    bundle_imported(object): a bundle was merged (the ImportReport).
    import_failed(str): the file could not be imported; nothing changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QProgressDialog

from .workers import Worker

if TYPE_CHECKING:
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
    """What a worker found: a report, or why the file cannot be imported."""

    report: ImportReport | None = None
    error: str = ""
    ids: tuple[str, ...] = ()
    node_ids: tuple[str, ...] = ()
    origin: str = ""  # who sent the bundle, and when
    backup: str = ""  # the backup taken before the import (file name)


def bundle_origin(data: bytes) -> str:
    """ "From NAME, exported 2026-11-23 09:00 UTC" for a bundle that parsed."""
    try:
        obj = json.loads(data)
    except ValueError:
        return ""
    author = str(obj.get("author") or "").strip() or "an unnamed sender"
    stamp = str(obj.get("exported") or "")
    when = f", exported {stamp[:16].replace('T', ' ')} UTC" if len(stamp) >= 16 else ""
    return f"From {author}{when}"


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

    # --- Markdown export ---------------------------------------------------------
    def export_context(self) -> ExportContext:
        """The scopes the window offers now, each with why not when it is unavailable."""
        from ..cli_export import SEARCH_LIMIT
        from ..domain.kinds import TEXT_KINDS
        from ..export.markdown import Scope
        from ..search.searcher import QueryError
        from .dialogs.export import ExportContext, ScopeChoice

        w = self.window
        repo = w.repo
        assert repo is not None
        row = repo.node(w.current_node) if w.current_node else None
        no_row = "open a provision first"
        choices = []
        if row is None:
            choices.append(ScopeChoice("provision", reason=no_row))
        elif row.kind in TEXT_KINDS:
            choices.append(
                ScopeChoice(
                    "provision", Scope("provision", (row.id,), row.citation), "", row.citation
                )
            )
        else:
            choices.append(ScopeChoice("provision", reason="the reader is on a heading"))
        selected = w.tree.selected_ids()
        if len(selected) > 1:  # one is the current provision
            rows = repo.nodes(selected)
            names = [rows[i].citation or rows[i].display for i in selected if i in rows]
            label = "; ".join(names)
            detail = f"{len(names)} selected"
            choices.append(
                ScopeChoice("provisions", Scope("provisions", tuple(selected), label), "", detail)
            )
        else:
            choices.append(
                ScopeChoice("provisions", reason="select several in the contents (Ctrl+click)")
            )
        chain = [*repo.ancestors(row.id), row] if row is not None else []
        chapter = next((r for r in reversed(chain) if r.kind == "chapter"), None)
        if chapter is not None:
            name = chapter.citation or chapter.display
            choices.append(
                ScopeChoice("chapter", Scope("chapter", (chapter.id,), name), "", chapter.display)
            )
        else:
            reason = no_row if row is None else "this document has no chapters"
            choices.append(ScopeChoice("chapter", reason=reason))
        if row is not None:
            short = {d.key: d.short for d in repo.documents()}.get(row.doc, row.doc)
            choices.append(ScopeChoice("document", Scope("document", (row.doc,), short), "", short))
        else:
            choices.append(ScopeChoice("document", reason="open a document first"))
        choices.append(ScopeChoice("annotated", Scope("annotated")))
        panel = w.search_panel
        query = panel.query_edit.text().strip() if panel is not None else ""
        if panel is None or not query or panel.model.rowCount() == 0:
            choices.append(ScopeChoice("search", reason="search first (Ctrl+Shift+F)"))
        else:
            assert w.searcher is not None
            try:
                found = w.searcher.search(
                    query,
                    doc=panel.doc_combo.currentData(),
                    scope=panel.scope_combo.currentData(),
                    within=panel.chapter_combo.currentData(),
                    limit=SEARCH_LIMIT,
                )
            except QueryError as exc:
                choices.append(ScopeChoice("search", reason=str(exc)))
            else:
                ids = tuple(h.id for h in found.hits)
                n = len(ids)
                choices.append(
                    ScopeChoice(
                        "search",
                        Scope("search", ids, query),
                        "",
                        f"“{query}” ({n} provision{'s' * (n != 1)})",
                    )
                )
        return ExportContext(tuple(choices))

    def make_export_dialog(self) -> ExportDialog:
        from .dialogs.export import ExportDialog

        w = self.window
        assert w.repo is not None and w.notes is not None
        dlg = ExportDialog(w.repo, w.notes, w.settings, self.export_context(), w)

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
        if not path.exists():
            return True
        if path.is_dir():
            QMessageBox.warning(self.window, "Export", f"{path} is a folder. Choose a file name.")
            return False
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
        from ..export.atomic import WriteFailed, write_atomic
        from ..notes.bundle import dump_bundle, make_bundle
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
            bundle = make_bundle(notes, personal=personal, confidential=confidential, author=author)
            write_atomic(path, dump_bundle(bundle))
        except WriteFailed as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.critical(w, "Export failed", f"The bundle was not saved: {exc.strerror}.")
            return None
        else:
            QApplication.restoreOverrideCursor()
        w.settings.export_folder = str(path.parent)
        na, nn = len(bundle["annotations"]), len(bundle["national_notes"])
        w.statusBar().showMessage(
            f"Wrote {na} annotations and {nn} national notes to {path}", 10000
        )
        self.bundle_exported.emit(str(path))
        return path

    def import_bundle(self, path: Path | None = None) -> None:
        """Check the bundle (in the background), show what it would change, ask, import."""
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
        self._run(path, data, dry_run=True)

    def _run(self, path: Path, data: bytes, *, dry_run: bool) -> None:
        from ..notes.anchoring import doc_texts
        from ..notes.bundle import BundleError, import_file
        from ..store.user_db import UserDbError

        w = self.window
        repo, paths = w.repo, w.paths
        assert repo is not None and paths is not None

        def job(_progress: Any, _cancelled: Any) -> _Checked:
            texts = doc_texts(repo.all_nodes())
            try:
                report, saved = import_file(paths, data, texts, dry_run=dry_run)
            except BundleError as exc:
                return _Checked(error=str(exc))
            except (UserDbError, OSError) as exc:
                return _Checked(error=f"your notes could not be updated: {exc}")
            if dry_run:
                return _Checked(report, origin=bundle_origin(data))
            obj = json.loads(data)  # valid: import_file checked it
            anns, notes = obj.get("annotations", []), obj.get("national_notes", [])
            ids = tuple(a["id"] for a in anns) + tuple(n["id"] for n in notes)
            nodes = {a["anchor"]["node_id"] for a in anns} | {n["node_id"] for n in notes}
            backup = saved.name if saved is not None else ""
            return _Checked(report, ids=ids, node_ids=tuple(sorted(nodes)), backup=backup)

        worker = Worker(job)
        busy = QProgressDialog("Checking the bundle…" if dry_run else "Importing…", "", 0, 0, w)
        busy.setWindowTitle("Import Notes Bundle")
        busy.setCancelButton(None)  # type: ignore[arg-type]
        busy.setMinimumDuration(500)
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        self._busy = busy
        worker.signals.finished.connect(lambda c: self._on_done(path, data, c, dry_run))
        worker.signals.failed.connect(
            lambda m: self._on_done(path, data, _Checked(error=m), dry_run)
        )
        self._worker = worker
        self._pool.start(worker)

    def _end(self) -> None:
        self._worker = None
        if self._busy is not None:
            self._busy.close()
            self._busy.deleteLater()
            self._busy = None

    def _on_done(self, path: Path, data: bytes, checked: _Checked, dry_run: bool) -> None:
        self._end()
        if checked.error or checked.report is None:
            self._fail(path, checked.error)
            return
        if dry_run:
            if self.confirm_import(path, checked.report, checked.origin):
                self._run(path, data, dry_run=False)
            return
        self._imported(checked)

    def confirm_import(self, path: Path, report: ImportReport, origin: str = "") -> bool:
        from .dialogs.bundle import ImportSummaryDialog

        repo = self.window.repo

        def cite(node_id: str) -> str:
            row = repo.node(node_id) if repo is not None else None
            return row.citation if row is not None and row.citation else node_id

        dlg = ImportSummaryDialog(path, report, cite, self.window, origin=origin)
        try:
            changes = report.added + report.updated + len(report.colours_added)
            return dlg.exec() == QDialog.DialogCode.Accepted and changes > 0
        finally:
            dlg.deleteLater()

    def _imported(self, checked: _Checked) -> None:
        from ..notes.model import Change

        w = self.window
        report = checked.report
        assert report is not None and w.notes is not None
        # import_file wrote through its own connection: tell the views as after a bulk restore
        w.notes.announce(Change("restored", "many", checked.ids, checked.node_ids))
        if report.colours_added:
            w.notes.announce(Change("added", "colour", report.colours_added))
        backup = f" Backup taken first: {checked.backup}." if checked.backup else ""
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

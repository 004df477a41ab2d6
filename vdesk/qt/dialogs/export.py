"""File > Export…: provisions with the user's notes as a Markdown file, previewed first.

The dialog turns its choices into the same :class:`Scope`, :class:`ExportOptions`
and :class:`Filters` the command line builds, so both write the same file. The
export runs in a worker (progress, Cancel); the file is written atomically, so
a failure or a cancel leaves the previous file exactly as it was.

Signals:
    preview_updated(): the preview shows the current choices.
    exported(str): the file was written (its path).
    export_failed(str): nothing was written; why.
    export_cancelled(): the user cancelled; nothing was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vdesk.domain.countries import UnknownCountry
from vdesk.domain.countries import country as lookup_country
from vdesk.domain.notes import STATUS_LABELS, STATUSES

from ...desk.errors import DeskError, TargetExists, TargetIsFolder, TargetNotAFile
from ...export import presets
from ...export.atomic import WriteFailed
from ...export.markdown import ExportOptions, ExportResult, Filters, Scope
from ...export.render import html_page
from ..workers import Cancelled, Worker

if TYPE_CHECKING:
    from ...desk import Desk
    from ..settings import Settings

PREVIEW_DELAY_MS = 250
#: The preview shows at most this much Markdown; the file always has everything.
PREVIEW_LIMIT = 200_000

SCOPE_LABELS = {
    "provision": "The current provision",
    "provisions": "The provisions selected in the contents",
    "chapter": "The chapter of the current provision",
    "document": "The whole current document",
    "annotated": "Every annotated provision",
    "search": "The current search results",
}

CONFIDENTIAL_WARNING = (
    "Confidential items will be in the file, marked CONFIDENTIAL. "
    "Check who receives it before you send it."
)


@dataclass(frozen=True, slots=True)
class ScopeChoice:
    """One scope the user can pick: the scope, or why it is not available now."""

    kind: str
    scope: Scope | None = None
    reason: str = ""  # why it is unavailable ("" when available)
    detail: str = ""  # what it covers, shown after the label ("VD 7 (d)")


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What the window offers as scopes, decided when the dialog opens."""

    choices: tuple[ScopeChoice, ...] = field(default=())

    def choice(self, kind: str) -> ScopeChoice:
        for c in self.choices:
            if c.kind == kind:
                return c
        return ScopeChoice(kind, None, "not available")


@dataclass(frozen=True, slots=True)
class ExportRequest:
    scope: Scope
    options: ExportOptions
    filters: Filters


@dataclass(frozen=True, slots=True)
class _Outcome:
    result: ExportResult | None = None
    html: str = ""
    truncated: bool = False
    error: str = ""


def _preview_markdown(text: str) -> tuple[str, bool]:
    """``text`` cut at a paragraph break near :data:`PREVIEW_LIMIT` (and whether it was)."""
    if len(text) <= PREVIEW_LIMIT:
        return text, False
    cut = text.rfind("\n\n", 0, PREVIEW_LIMIT)
    return text[: cut if cut > 0 else PREVIEW_LIMIT], True


#: Qt's rich text reads only part of the page's CSS (no grouped cell rules, no em
#: padding): these rules give the preview the bordered tables a browser shows.
PREVIEW_CSS = (
    "table { border-collapse: collapse; margin-bottom: 10px; }"
    " th, td { border: 1px solid #c8d1db; padding: 3px 5px; }"
    " th { background: #eef2f6; text-align: left; }"
    " td.short { white-space: nowrap; }"
    " h2, h3, h4, h5, h6 { margin-top: 16px; }"
)
_SHORT_CELL = re.compile(r"<td>([^<]{1,24})</td>")


def qt_html(page: str) -> str:
    """``page`` for Qt's renderer: short cells (status, date, country) kept on one line."""
    return _SHORT_CELL.sub(r'<td class="short">\1</td>', page)


class PreviewBrowser(QTextBrowser):
    """Shows an exported page; never loads anything: no files, no network, no images."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(PREVIEW_CSS)

    def show_page(self, page: str) -> None:
        self.setHtml(qt_html(page))

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return None


class ExportDialog(QDialog):
    preview_updated = Signal()
    exported = Signal(str)
    export_failed = Signal(str)
    export_cancelled = Signal()

    def __init__(
        self,
        desk: Desk,
        settings: Settings,
        context: ExportContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export to Markdown")
        self._desk = desk
        self._settings = settings
        self._context = context
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._preview_worker: Worker | None = None
        self._save_worker: Worker | None = None
        self._progress: QProgressDialog | None = None
        self._pending_preview = False
        #: Fixed export time and version (tests and examples); None: now, this version.
        self.now: datetime | None = None
        self.app_version: str | None = None
        self.last_path: Path | None = None
        self.last_result: ExportResult | None = None

        self._build()
        self._apply_preset(0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self._connect()
        self.resize(1180, 760)
        self.update_preview()

    # --- layout ----------------------------------------------------------------
    def _build(self) -> None:
        left = QWidget(self)
        form = QVBoxLayout(left)
        form.setContentsMargins(0, 0, 8, 0)

        top = QFormLayout()
        self.preset_combo = QComboBox(self)
        self.preset_combo.setAccessibleName("Preset")
        for p in presets.PRESETS:
            self.preset_combo.addItem(p.name, p.key)
        top.addRow("&Preset:", self.preset_combo)
        self.preset_help = QLabel("", self)
        self.preset_help.setWordWrap(True)
        self.preset_help.setObjectName("presetHelp")
        self.preset_help.setStyleSheet("color: palette(placeholder-text);")
        top.addRow("", self.preset_help)
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Title of the export")
        top.addRow("&Title:", self.title_edit)
        form.addLayout(top)

        scope_box = QGroupBox("Scope", self)
        sl = QVBoxLayout(scope_box)
        sl.setSpacing(2)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        for i, kind in enumerate(SCOPE_LABELS):
            choice = self._context.choice(kind)
            text = SCOPE_LABELS[kind]
            if choice.scope is not None and choice.detail:
                text += f": {choice.detail}"
            elif choice.scope is None:
                text += f" — {choice.reason}"
            button = QRadioButton(text, scope_box)
            button.setObjectName(f"scope_{kind}")
            button.setEnabled(choice.scope is not None)
            button.setToolTip(choice.reason or choice.detail)
            self.scope_group.addButton(button, i)
            self.scope_buttons[kind] = button
            sl.addWidget(button)
        form.addWidget(scope_box)

        filter_box = QGroupBox("Only items with", self)
        fl = QFormLayout(filter_box)
        notes = self._desk.require_notes()
        self.tag_combo = QComboBox(self)
        self.tag_combo.setAccessibleName("Tag filter")
        self.tag_combo.addItem("Any tag", None)
        for tag, n in notes.tags():
            self.tag_combo.addItem(f"{tag} ({n})", tag)
        self.colour_combo = QComboBox(self)
        self.colour_combo.setAccessibleName("Colour filter")
        self.colour_combo.addItem("Any colour", None)
        for c in notes.colours():
            self.colour_combo.addItem(f"{c.name} — {c.meaning}" if c.meaning else c.name, c.name)
        self.country_combo = QComboBox(self)
        self.country_combo.setAccessibleName("Country filter")
        self.country_combo.addItem("Any country", None)
        for code in sorted({n.country for n in notes.national_notes()}):
            try:
                name = lookup_country(code).name
            except UnknownCountry:
                name = code
            self.country_combo.addItem(f"{name} ({code})", code)
        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName("Status filter")
        self.status_combo.addItem("Any status", None)
        for s in STATUSES:
            self.status_combo.addItem(STATUS_LABELS[s], s)
        fl.addRow("Ta&g:", self.tag_combo)
        fl.addRow("&Colour:", self.colour_combo)
        fl.addRow("Co&untry:", self.country_combo)
        fl.addRow("&Status:", self.status_combo)
        form.addWidget(filter_box)

        content_box = QGroupBox("Content", self)
        cl = QVBoxLayout(content_box)
        cl.setSpacing(2)
        self.full_text_radio = QRadioButton("Full text of each provision", content_box)
        self.highlights_radio = QRadioButton("Only the highlighted passages", content_box)
        text_row = QHBoxLayout()
        text_row.addWidget(self.full_text_radio)
        text_row.addWidget(self.highlights_radio)
        text_row.addStretch(1)
        cl.addLayout(text_row)
        self.citations_check = QCheckBox("Citations", content_box)
        self.footnotes_check = QCheckBox("Source footnotes", content_box)
        self.annotations_check = QCheckBox("Annotations (comments, tags)", content_box)
        self.national_check = QCheckBox("National notes", content_box)
        self.overview_check = QCheckBox("Status table at the top", content_box)
        self.personal_check = QCheckBox("Personal items", content_box)
        self.confidential_check = QCheckBox("Confidential items", content_box)
        self.confidential_check.setObjectName("confidentialCheck")
        grid = QFormLayout()
        pairs = (
            (self.citations_check, self.footnotes_check),
            (self.annotations_check, self.national_check),
            (self.overview_check, self.personal_check),
        )
        for a, b in pairs:
            row = QHBoxLayout()
            row.addWidget(a, 1)
            row.addWidget(b, 1)
            grid.addRow(row)
        grid.addRow(self.confidential_check)
        cl.addLayout(grid)
        self.confidential_warning = QLabel("⚠ " + CONFIDENTIAL_WARNING, content_box)
        self.confidential_warning.setObjectName("confidentialWarning")
        self.confidential_warning.setWordWrap(True)
        self.confidential_warning.setStyleSheet(
            "QLabel { background: #fdecea; color: #8a1c12; border: 1px solid #e0a39b;"
            " border-radius: 3px; padding: 6px; font-weight: bold; }"
        )
        self.confidential_warning.setVisible(False)
        cl.addWidget(self.confidential_warning)
        form.addWidget(content_box)
        form.addStretch(1)

        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        self.summary_label = QLabel("", right)
        self.summary_label.setObjectName("exportSummary")
        self.summary_label.setWordWrap(True)
        rl.addWidget(self.summary_label)
        self.preview = PreviewBrowser(right)
        self.preview.setObjectName("exportPreview")
        self.preview.setAccessibleName("Preview of the export")
        rl.addWidget(self.preview, 1)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([430, 750])
        splitter.setChildrenCollapsible(False)

        self.html_check = QCheckBox("Also save an &HTML copy (opens in any browser)", self)
        self.html_check.setToolTip(
            "Writes NAME.html next to NAME.md: the export as a web page, with no external resources"
        )
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton("&Save…", self)
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.html_check)
        bottom.addWidget(self.buttons, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.scope_buttons["annotated"].setChecked(True)  # the presets' default scope

    def _connect(self) -> None:
        self.preset_combo.currentIndexChanged.connect(self._on_preset_changed)
        self.title_edit.textChanged.connect(self._schedule_preview)
        self.scope_group.idToggled.connect(self._on_scope_toggled)
        for combo in (self.tag_combo, self.colour_combo, self.country_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._schedule_preview)
        self.highlights_radio.toggled.connect(self._schedule_preview)
        for check in (
            self.citations_check,
            self.footnotes_check,
            self.annotations_check,
            self.national_check,
            self.overview_check,
            self.personal_check,
            self.confidential_check,
        ):
            check.toggled.connect(self._schedule_preview)
        self.confidential_check.toggled.connect(self.confidential_warning.setVisible)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    # --- choices ---------------------------------------------------------------
    def _on_scope_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._schedule_preview()

    def _on_preset_changed(self, index: int) -> None:
        self._apply_preset(index)
        self._schedule_preview()

    def _apply_preset(self, index: int) -> None:
        """The preset's content options and title; scope and filters stay as chosen,
        and confidential items stay out (only the user turns them on)."""
        preset = presets.PRESETS[index]
        o = preset.options
        self.preset_help.setText(preset.description)
        self.title_edit.setText(o.title)
        (self.highlights_radio if o.text == "highlights" else self.full_text_radio).setChecked(True)
        self.citations_check.setChecked(o.citations)
        self.footnotes_check.setChecked(o.footnotes)
        self.annotations_check.setChecked(o.annotations)
        self.national_check.setChecked(o.national_notes)
        self.overview_check.setChecked(o.overview)
        self.personal_check.setChecked(o.personal)
        self.confidential_check.setChecked(False)

    def select_scope(self, kind: str) -> bool:
        button = self.scope_buttons[kind]
        if not button.isEnabled():
            return False
        button.setChecked(True)
        return True

    def scope_kind(self) -> str:
        return next((k for k, b in self.scope_buttons.items() if b.isChecked()), "annotated")

    def request(self) -> ExportRequest:
        """The scope, options and filters as chosen."""
        preset = presets.PRESETS[self.preset_combo.currentIndex()]
        options = preset.with_changes(
            title=self.title_edit.text().strip() or preset.options.title,
            text="highlights" if self.highlights_radio.isChecked() else "full",
            citations=self.citations_check.isChecked(),
            footnotes=self.footnotes_check.isChecked(),
            annotations=self.annotations_check.isChecked(),
            national_notes=self.national_check.isChecked(),
            overview=self.overview_check.isChecked(),
            personal=self.personal_check.isChecked(),
            confidential=self.confidential_check.isChecked(),
        )
        filters = Filters(
            tag=self.tag_combo.currentData(),
            colour=self.colour_combo.currentData(),
            country=self.country_combo.currentData(),
            status=self.status_combo.currentData(),
        )
        scope = self._context.choice(self.scope_kind()).scope or Scope()
        return ExportRequest(scope, options, filters)

    def _job(self, request: ExportRequest, target: Path | None, html_copy: bool = False) -> Any:
        """The export planned now (the user agreed to replace the files), rendered and
        written in the worker."""
        desk, now, version = self._desk, self.now, self.app_version
        plan = desk.plan_export(
            request.scope,
            request.options,
            request.filters,
            out=target,
            html=target.with_suffix(".html") if target is not None and html_copy else None,
            force=True,
        )

        def job(progress: Any, cancelled: Any) -> _Outcome:
            shown = [-1]

            def report(done: int, total: int, what: str) -> None:
                step = done * 100 // max(1, total)  # at most a hundred signals
                if step != shown[0]:
                    shown[0] = step
                    progress(done, total, what)

            result = desk.render_export(
                plan,
                progress=report if target is not None else None,
                cancelled=cancelled,
                now=now,
                app_version=version,
            )
            if cancelled():
                raise Cancelled()
            if target is None:
                text, cut = _preview_markdown(result.markdown)
                return _Outcome(result, html_page(text), cut)
            try:
                desk.write_export(plan, result)
            except WriteFailed as exc:
                return _Outcome(result, error=str(exc.strerror))
            return _Outcome(result)

        return job

    # --- preview ---------------------------------------------------------------
    def _schedule_preview(self, *_args: object) -> None:
        self._timer.start()

    def update_preview(self) -> None:
        """Export in the background with the current choices and show the result."""
        self._timer.stop()
        if self._preview_worker is not None:  # one at a time: run again when it ends
            self._preview_worker.cancel()
            self._pending_preview = True
            return
        self._pending_preview = False
        try:
            job = self._job(self.request(), None)
        except DeskError as exc:
            self.summary_label.setText(f"The preview failed: {exc}")
            return
        worker = Worker(job)
        worker.signals.finished.connect(self._on_preview_finished)
        worker.signals.failed.connect(self._on_preview_failed)
        worker.signals.cancelled.connect(self._on_preview_ended)
        self._preview_worker = worker
        self.summary_label.setText("Preparing the preview…")
        self._pool.start(worker)

    def _on_preview_ended(self) -> None:
        self._preview_worker = None
        if self._pending_preview:
            self.update_preview()

    def _on_preview_failed(self, message: str) -> None:
        self._preview_worker = None
        self.summary_label.setText(f"The preview failed: {message}")
        if self._pending_preview:
            self.update_preview()

    def _on_preview_finished(self, outcome: _Outcome) -> None:
        self._preview_worker = None
        if self._pending_preview:
            self.update_preview()
            return
        assert outcome.result is not None
        self.summary_label.setText(_summary(outcome.result, outcome.truncated))
        self.save_button.setEnabled(outcome.result.provisions > 0)
        self.preview.show_page(outcome.html)
        if not self._timer.isActive():  # else newer choices are about to be previewed
            self.preview_updated.emit()

    # --- saving ----------------------------------------------------------------
    def suggested_path(self) -> Path:
        folder = Path(self._settings.export_folder or Path.home())
        name = self.title_edit.text().strip() or "export"
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "-" for ch in name).strip()
        return folder / f"{safe.replace(' ', '-').lower() or 'export'}.md"

    def ask_path(self) -> Path | None:
        """Ask where to save; the overwrite question is :meth:`confirm_overwrite`'s."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save the export",
            str(self.suggested_path()),
            "Markdown (*.md);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".md")

    def targets(self, path: Path) -> list[Path]:
        """The files a save to ``path`` writes: the Markdown, and the HTML copy if asked."""
        return [path, path.with_suffix(".html")] if self.html_check.isChecked() else [path]

    def confirm_overwrite(self, path: Path) -> bool:
        """True if none of the files exists, or the user agrees to replace them."""
        try:
            self._desk.check_targets(self.targets(path))
        except TargetIsFolder:
            QMessageBox.warning(self, "Export", f"{path} is a folder. Choose a file name.")
            return False
        except TargetNotAFile as exc:  # a link, a pipe, a device: never replaced
            QMessageBox.warning(self, "Export", f"{exc}. Choose another file name.")
            return False
        except TargetExists as exc:
            existing = list(exc.paths)
        else:
            return True
        names = " and ".join(f"“{t.name}”" for t in existing)
        verb = "exists" if len(existing) == 1 else "exist"
        answer = QMessageBox.question(
            self,
            "Replace the file?",
            f"{names} already {verb} in {path.parent}.\nDo you want to replace "
            f"{'it' if len(existing) == 1 else 'them'}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save(self) -> bool:
        """Ask for a file and write the export there in the background."""
        path = self.ask_path()
        if path is None or not self.confirm_overwrite(path):
            return False
        self._settings.export_folder = str(path.parent)
        self.save_to(path)
        return True

    def save_to(self, path: Path) -> None:
        """Export and write to ``path`` (no questions): progress, Cancel, then a signal."""
        try:
            job = self._job(self.request(), path, self.html_check.isChecked())
        except DeskError as exc:
            self._on_save_failed(str(exc))
            return
        self.save_button.setEnabled(False)
        worker = Worker(job)
        progress = QProgressDialog("Exporting…", "Cancel", 0, 0, self)
        progress.setWindowTitle("Export")
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(worker.cancel)
        worker.signals.progressed.connect(self._on_save_progress)
        worker.signals.finished.connect(lambda outcome: self._on_saved(path, outcome))
        worker.signals.failed.connect(self._on_save_failed)
        worker.signals.cancelled.connect(self._on_save_cancelled)
        self._progress = progress
        self._save_worker = worker
        self._pool.start(worker)

    def cancel_save(self) -> None:
        if self._save_worker is not None:
            self._save_worker.cancel()

    def _on_save_progress(self, done: int, total: int, what: str) -> None:
        if self._progress is not None:
            self._progress.setMaximum(total)
            self._progress.setValue(done)
            self._progress.setLabelText(f"Exporting provision {done} of {total}…")

    def _end_save(self) -> None:
        self._save_worker = None
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self.save_button.setEnabled(True)

    def _on_saved(self, path: Path, outcome: _Outcome) -> None:
        self._end_save()
        if outcome.error:
            self._on_save_failed(outcome.error)
            return
        self.last_path = path
        self.last_result = outcome.result
        self.exported.emit(str(path))
        self.accept()

    def _on_save_failed(self, message: str) -> None:
        self._end_save()
        QMessageBox.critical(self, "Export failed", f"The export was not saved: {message}.")
        self.export_failed.emit(message)

    def _on_save_cancelled(self) -> None:
        self._end_save()
        self.export_cancelled.emit()

    # --- closing ---------------------------------------------------------------
    def done(self, result: int) -> None:
        if self._save_worker is not None:  # Escape while saving cancels the save first
            self._save_worker.cancel()
            return
        for w in (self._preview_worker,):
            if w is not None:
                w.cancel()
        self._timer.stop()
        self._pool.waitForDone(5000)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._save_worker is not None:
            self._save_worker.cancel()
            event.ignore()
            return
        super().closeEvent(event)


def _summary(r: ExportResult, truncated: bool) -> str:
    if r.provisions == 0:
        return "Nothing to export: no provision matches these choices."

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    text = (
        f"{n(r.provisions, 'provision')}, {n(r.annotations, 'annotation')}, "
        f"{n(r.national_notes, 'national note')}."
    )
    if r.confidential:
        text += f" <b style='color:#a00'>{n(r.confidential, 'confidential item')}.</b>"
    if r.missing:
        text += f" {len(r.missing)} noted provision(s) are not in this corpus and are left out."
    if truncated:
        text += " The preview shows the beginning; the file will have everything."
    return text

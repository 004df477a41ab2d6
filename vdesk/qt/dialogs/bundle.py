"""Note bundles: what to put in one (export) and what an import will do (summary).

:class:`BundleExportDialog` chooses the sensitivities (shareable only by default;
personal and confidential items only when ticked, with a warning) and shows the
author recorded in the bundle. :class:`ImportSummaryDialog` shows the dry run of
an import — added, updated, unchanged, kept as you had them, conflicts — and asks
before anything is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vdesk.store.notes.contract import AnnotationFilter

if TYPE_CHECKING:
    from vdesk.store.notes.contract import NotesStore

    from ...notes.bundle import Conflict, ImportReport

WARNING_STYLE = (
    "QLabel { background: #fdecea; color: #8a1c12; border: 1px solid #e0a39b;"
    " border-radius: 3px; padding: 6px; font-weight: bold; }"
)


class BundleExportDialog(QDialog):
    """Which of the user's items go into the bundle, and under whose name."""

    def __init__(self, notes: NotesStore, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bundleExportDialog")
        self.setWindowTitle("Export Notes Bundle")
        anns = notes.filter_annotations(AnnotationFilter(), limit=None)
        self._counts = Counter(("annotation", a.sensitivity) for a in anns)
        self._counts.update(("national_note", n.sensitivity) for n in notes.national_notes())

        intro = QLabel(
            "A bundle carries your annotations, national notes and colour meanings to "
            "another computer or a colleague, who imports it with File > Import Notes Bundle.",
            self,
        )
        intro.setWordWrap(True)
        box = QGroupBox("Include", self)
        bl = QVBoxLayout(box)
        self.shareable_check = QCheckBox(self._label("Shareable items", "shareable"), box)
        self.shareable_check.setChecked(True)
        self.shareable_check.setEnabled(False)  # always in: that is what a bundle is for
        self.personal_check = QCheckBox(self._label("Personal items", "personal"), box)
        self.confidential_check = QCheckBox(self._label("Confidential items", "confidential"), box)
        self.confidential_check.setObjectName("bundleConfidentialCheck")
        for w in (self.shareable_check, self.personal_check, self.confidential_check):
            bl.addWidget(w)
        self.warning = QLabel("", box)
        self.warning.setObjectName("bundleWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.setVisible(False)
        bl.addWidget(self.warning)

        form = QFormLayout()
        self.author_edit = QLineEdit(author, self)
        self.author_edit.setAccessibleName("Author recorded in the bundle")
        self.author_edit.setPlaceholderText("your name or delegation (optional)")
        form.addRow("&Author:", self.author_edit)
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("bundleCount")
        form.addRow("", self.count_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(box)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.personal_check.toggled.connect(self._update)
        self.confidential_check.toggled.connect(self._update)
        self._update()
        self.resize(520, 0)

    def _label(self, text: str, sensitivity: str) -> str:
        a = self._counts[("annotation", sensitivity)]
        n = self._counts[("national_note", sensitivity)]
        return f"{text} ({a} annotation{'s' * (a != 1)}, {n} national note{'s' * (n != 1)})"

    @property
    def personal(self) -> bool:
        return self.personal_check.isChecked()

    @property
    def confidential(self) -> bool:
        return self.confidential_check.isChecked()

    @property
    def author(self) -> str:
        return self.author_edit.text().strip()

    def _update(self) -> None:
        kinds = ["shareable"] + ["personal"] * self.personal + ["confidential"] * self.confidential
        a = sum(self._counts[("annotation", k)] for k in kinds)
        n = sum(self._counts[("national_note", k)] for k in kinds)
        self.count_label.setText(f"The bundle will hold {a} annotations and {n} national notes.")
        warnings = []
        if self.personal:
            warnings.append("Personal items are your own working notes: whoever imports the "
                            "bundle will see them.")  # fmt: skip
        if self.confidential:
            warnings.append("Confidential items will be in the file. Send it only to people "
                            "cleared to read them.")  # fmt: skip
        self.warning.setText("⚠ " + " ".join(warnings) if warnings else "")
        self.warning.setVisible(bool(warnings))


def conflict_row(
    c: Conflict, cite: Callable[[str], str] | None = None
) -> tuple[str, str, str, str, str]:
    """(what, where, your edit, the bundle's edit, kept) for the conflicts list; ``cite``
    names a provision by its citation instead of its node id."""
    what = {"annotation": "Annotation", "national_note": "National note", "colour": "Colour"}
    if c.entity == "colour":
        return ("Colour", c.id, "", "", "yours (a colour keeps its meaning here)")
    node, sep, rest = c.label.partition(" ")
    where = f"{cite(node)}{sep}{rest}" if cite is not None else c.label
    kept = "the bundle's (newer)" if c.winner == "bundle" else "yours (newer or same age)"
    if c.pending:  # undecided: the bundle's version waits for the user's choice
        kept = "yours; the bundle's is kept for you to choose"
    return (what.get(c.entity, c.entity), where, _when(c.local_modified),
            _when(c.bundle_modified), kept)  # fmt: skip


def _when(stamp: str) -> str:
    """``2026-11-23T09:00:05.123456Z`` → ``2026-11-23 09:00:05`` ("—" if empty)."""
    return stamp[:19].replace("T", " ") if stamp else "—"


class ImportSummaryDialog(QDialog):
    """What importing ``path`` will do; Import writes it, Cancel changes nothing."""

    def __init__(
        self,
        path: Path,
        report: ImportReport,
        cite: Callable[[str], str] | None = None,
        parent: QWidget | None = None,
        *,
        origin: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importSummaryDialog")
        self.setWindowTitle("Import Notes Bundle")
        changes = report.added + report.updated + len(report.colours_added) + report.pending
        outcome = (
            "importing it will change your notes as follows."
            if changes
            else "nothing to import: your notes already have all of it."
        )
        head = QLabel(f"<b>{path.name}</b> — {outcome}", self)
        head.setWordWrap(True)
        form = QFormLayout()
        self.count_labels: dict[str, QLabel] = {}
        for key, text, value in (
            ("added", "New items added:", report.added),
            ("updated", "Updated (the bundle's are newer):", report.updated),
            ("unchanged", "Already the same:", report.unchanged),
            ("kept_local", "Kept as you have them (yours are newer):", report.kept_local),
        ):
            label = QLabel(str(value), self)
            label.setObjectName(f"count_{key}")
            self.count_labels[key] = label
            form.addRow(text, label)
        if report.colours_added:
            form.addRow("New colours:", QLabel(", ".join(report.colours_added), self))
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        if origin:
            self.origin_label = QLabel(origin, self)
            self.origin_label.setObjectName("bundleOrigin")
            self.origin_label.setStyleSheet("color: palette(placeholder-text);")
            layout.addWidget(self.origin_label)
        layout.addLayout(form)

        self.conflicts = QTreeWidget(self)
        self.conflicts.setObjectName("importConflicts")
        self.conflicts.setAccessibleName("Conflicts")
        self.conflicts.setRootIsDecorated(False)
        self.conflicts.setHeaderLabels(
            ["Item", "On", "Your edit (UTC)", "Bundle's edit (UTC)", "Kept"]
        )
        for c in report.conflicts:
            item = QTreeWidgetItem(self.conflicts, list(conflict_row(c, cite)))
            item.setToolTip(1, item.text(1))
        self.conflicts.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.conflicts.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # elided, full in tooltip
        if report.conflicts:
            n = len(report.conflicts)
            note = QLabel(
                f"<b>{n} conflict{'s' * (n != 1)}</b>: edited on both sides. The newer edit "
                "wins; a backup of your notes is taken before the import.",
                self,
            )
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addWidget(self.conflicts, 1)
        else:
            self.conflicts.hide()
        extra = []
        if report.flagged:
            extra.append(f"{len(report.flagged)} annotation(s) will be flagged for review: "
                         "their passage is not at the same place in your documents.")  # fmt: skip
        if report.unknown_nodes:
            extra.append(f"{len(report.unknown_nodes)} provision(s) are not in your documents: "
                         + ", ".join(report.unknown_nodes[:5]))  # fmt: skip
        for text in extra:
            label = QLabel(text, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        if not report.conflicts:
            layout.addStretch(1)
        self.buttons = QDialogButtonBox(self)
        if changes:
            self.import_button = self.buttons.addButton(
                "&Import", QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(900 if report.conflicts else 480, 340 if report.conflicts else 0)

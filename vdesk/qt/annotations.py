"""The annotations feature of the main window: actions, dialogs, panel, marks.

:func:`install_annotations` is the one call the window makes. Until the notes
store is attached the actions are disabled; then the reader paints annotations
(:class:`~vdesk.qt.reader_marks.ReaderMarks`), the contents tree marks annotated
and nationally noted provisions, the annotations panel (a dock) lists them with
filters, and every change goes through :attr:`MainWindow.undo_stack` and is saved
at once. The store reports each change (:meth:`NotesRepo.subscribe`); only what
it touched is refreshed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..notes.model import Annotation, Change
from .dialogs.annotate import AnnotateDialog, ColoursDialog, selection_target
from .page import elide
from .reader_marks import ReaderMarks
from .tree_marks import TreeMarks
from .undo import (
    AddAnnotationCommand,
    DeleteAnnotationCommand,
    EditAnnotationCommand,
    ResolveReviewCommand,
)
from .widgets.annotations_panel import AnnotationsPanel
from .widgets.review_panel import ReviewPanel

if TYPE_CHECKING:
    from ..notes.repo import NotesRepo
    from .main_window import MainWindow


PAGE_CACHE = 16  # pages whose annotations are kept for going back and forth


class NotesSignals(QObject):
    """The store's change reports as a Qt signal (queued if a worker wrote)."""

    changed = Signal(object)  # Change


def install_annotations(window: MainWindow) -> AnnotationsFeature:
    return AnnotationsFeature(window)


def _action(window: QWidget, key: str, text: str, tip: str, shortcut: str = "") -> QAction:
    act = QAction(text, window)
    act.setObjectName(f"action_{key}")
    if shortcut:
        act.setShortcut(QKeySequence(shortcut))
        tip = f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
    act.setToolTip(tip)
    act.setStatusTip(tip)
    act.setEnabled(False)
    return act


class AnnotationsFeature(QObject):
    """Owns the annotation actions and views of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.repo: NotesRepo | None = None
        self.signals = NotesSignals(self)
        self.marks: ReaderMarks | None = None
        self.panel: AnnotationsPanel | None = None
        self.review_dialog: QDialog | None = None
        self.review_panel: ReviewPanel | None = None
        self._labels: dict[str, str] | None = None
        # annotations of recently shown pages (node ids -> rows); any change clears it
        self._page_cache: dict[tuple[str, ...], list[Annotation]] = {}
        self.tree_marks = TreeMarks(window)
        self.last_colour = "yellow"

        self.annotate_action = _action(
            window, "annotate", "&Annotate…", "Annotate the selection or paragraph", "Ctrl+Shift+A"
        )
        self.colours_action = _action(
            window, "edit_colours", "Edit &Colour Meanings…", "Rename what each colour means"
        )
        self.review_action = _action(
            window,
            "annotations_review",
            "Annotations Needing &Review…",
            "Annotations that could not be placed with certainty after the documents changed",
        )
        self.edit_here_action = _action(
            window, "edit_annotation", "&Edit Annotation…", "Edit the annotation under the cursor"
        )
        self.delete_here_action = _action(
            window, "delete_annotation", "&Delete Annotation", "Delete the annotation at the cursor"
        )
        self.dock = QDockWidget("Annotations", window)
        self.dock.setObjectName("annotationsDock")
        placeholder = QLabel("Your annotations appear here once your notes are open.", self.dock)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dock.setWidget(placeholder)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.panel_action = self.dock.toggleViewAction()
        self.panel_action.setObjectName("action_annotations_panel")
        self.panel_action.setText("Annotations &Panel")
        self.panel_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.panel_action.setToolTip("Show or hide every annotation, with filters (Ctrl+Shift+L)")
        window.add_menu_actions(
            "notes",
            self.annotate_action,
            self.colours_action,
            None,
            self.panel_action,
            self.review_action,
            None,  # apart from what other features add (menus collapse extra separators)
        )
        window.reader.context_actions += [
            self.annotate_action,
            self.edit_here_action,
            self.delete_here_action,
        ]
        self.annotate_action.triggered.connect(self.annotate)
        self.colours_action.triggered.connect(self.edit_colours)
        self.review_action.triggered.connect(self.show_review)
        self.edit_here_action.triggered.connect(self._on_edit_here)
        self.delete_here_action.triggered.connect(self._on_delete_here)
        self.signals.changed.connect(self._on_notes_changed)
        window.reader.cursorPositionChanged.connect(self._update_here_actions)
        window.attached.connect(self._on_attached)
        window.notes_attached.connect(self._on_notes_attached)

    # set-up ---------------------------------------------------------------------
    def _on_attached(self) -> None:
        self._labels = None
        if self.repo is not None:
            self.tree_marks.refresh(self.repo)

    def label(self, node_id: str) -> str:
        """ "Plans of action, para. 2 (a)": how the panel and review list name a node
        (all labels are made on first use: the panel may never be opened)."""
        if self._labels is None:
            repo = self.window.repo
            if repo is None:
                return node_id
            docs = {d.key: d.short for d in repo.documents()}
            self._labels = {}
            for row in repo.all_nodes():
                doc = docs.get(row.doc, row.doc)
                if row.kind == "document":
                    self._labels[row.id] = doc
                elif row.ref:
                    self._labels[row.id] = f"{doc}, para. {row.ref}"
                else:
                    self._labels[row.id] = f"{doc}, {elide(row.display, 60)}"
        return self._labels.get(node_id, node_id)

    def _on_notes_attached(self) -> None:
        repo = self.window.notes
        if repo is None:
            return
        self.repo = repo
        repo.subscribe(self.signals.changed.emit)
        self.marks = ReaderMarks(self.window.reader, self._page_annotations, repo.colours)
        docs = {}
        if self.window.repo is not None:
            docs = {d.key: d.short for d in self.window.repo.documents()}
        self.panel = AnnotationsPanel(repo, docs, self.label, self.dock)
        self.panel.annotation_activated.connect(self.show_annotation)
        self.panel.edit_requested.connect(self.edit)
        self.panel.delete_requested.connect(self.delete)
        self.dock.setWidget(self.panel)
        for act in (self.annotate_action, self.colours_action, self.review_action):
            act.setEnabled(True)
        self.panel_action.setEnabled(True)
        if self.window.tree_model is not None:
            self.tree_marks.refresh(self.repo)
        self.window.reader.refresh()
        waiting = len(repo.needs_review())
        if waiting:
            self.window.statusBar().showMessage(
                f"{waiting} annotation{'s' if waiting != 1 else ''} need review after the "
                "documents changed: Notes > Annotations Needing Review…",
                15000,
            )

    def forget_pages(self) -> None:
        """Drop the annotations kept per page (they are queried again)."""
        self._page_cache.clear()

    def _page_annotations(self, node_ids: Sequence[str]) -> list[Annotation]:
        """Annotations of the page's provisions, cached until a change touches them."""
        key = tuple(node_ids)
        found = self._page_cache.get(key)
        if found is None:
            assert self.repo is not None
            if len(self._page_cache) >= PAGE_CACHE:
                self._page_cache.pop(next(iter(self._page_cache)))
            found = self._page_cache[key] = self.repo.annotations_for_nodes(key)
        return found

    # changes ----------------------------------------------------------------------
    def _on_notes_changed(self, change: Change) -> None:
        if change.entity == "colour":
            if self.marks is not None:
                self.marks.colours_changed()
            if self.panel is not None and self.repo is not None:
                self.panel.set_colours(self.repo.colours())
            self.window.reader.refresh()
            return
        if change.entity in ("annotation", "many"):
            self._page_cache.clear()
            if self.panel is not None:
                self.panel.refresh_tags()
                self.panel.refresh()
            if self.review_panel is not None and self.repo is not None:
                self.review_panel.set_annotations(self.repo.needs_review())
            shown = set(self.marks.page_node_ids()) if self.marks is not None else set()
            if change.entity == "many" or shown & set(change.node_ids):
                self.window.reader.refresh()
        if self.repo is not None:
            self.tree_marks.update(self.repo, change)

    # actions ----------------------------------------------------------------------
    def annotate(self) -> None:
        """Annotate the reader's selection, or the whole paragraph at the caret."""
        reader, repo = self.window.reader, self.repo
        if repo is None or reader.page is None:
            return
        target = selection_target(reader)
        if target is None:
            self.window.statusBar().showMessage(
                "Select text in a provision, or put the cursor in one, to annotate it.", 6000
            )
            return
        row = reader.page.row(target.node_id)
        assert row is not None
        dlg = self._dialog(row.citation, target.quote, note=target.note)
        try:
            if not dlg.exec():
                return
            from ..notes.anchoring import make_anchor

            anchor = make_anchor(
                row.id, row.text, *((target.start, target.end) if target.quote else (None, None))
            )
            self.last_colour = dlg.colour
            fields = {
                "colour": dlg.colour,
                "comment": dlg.comment,
                "tags": dlg.tags,
                "sensitivity": dlg.sensitivity,
                "author": self.window.settings.author,
            }
            if self._push(AddAnnotationCommand(repo, anchor, **fields)):
                # leave the new highlight in view, not hidden under the selection
                cursor = reader.textCursor()
                cursor.clearSelection()
                reader.setTextCursor(cursor)
        finally:
            dlg.deleteLater()

    def _dialog(
        self, citation: str, quote: str, *, note: str = "", existing: Annotation | None = None
    ) -> AnnotateDialog:
        assert self.repo is not None
        repo = self.repo
        dlg = AnnotateDialog(
            citation,
            quote,
            repo.colours(),
            [t for t, _n in repo.tags()],
            self.window,
            existing=existing,
            note=note,
            default_colour=self.last_colour,
        )

        def edit_colours() -> None:
            if self.edit_colours(dlg):
                dlg.set_colours(repo.colours())

        dlg.colours_requested.connect(edit_colours)
        return dlg

    def _push(self, command: QUndoCommand) -> bool:
        """Push an undo command; a refused value is explained and changes nothing."""
        try:
            command.redo()  # validate and save now: a failure never reaches the stack
        except (ValueError, KeyError) as exc:
            QMessageBox.warning(self.window, "Not saved", f"Nothing was changed: {exc}")
            return False
        self.window.undo_stack.push(_Done(command))
        return True

    def edit(self, annotation_id: str) -> None:
        if self.repo is None:
            return
        old = self.repo.annotation(annotation_id)
        if old is None:
            return
        row = self.window.repo.node(old.node_id) if self.window.repo is not None else None
        dlg = self._dialog(row.citation if row else old.node_id, old.anchor.quote, existing=old)
        try:
            if not dlg.exec():
                return
            changes = {
                "colour": dlg.colour,
                "comment": dlg.comment,
                "tags": dlg.tags,
                "sensitivity": dlg.sensitivity,
            }
            from ..notes.repo import normalise_tags

            if (old.colour, old.comment, old.tags, old.sensitivity) == (
                dlg.colour,
                dlg.comment,
                normalise_tags(dlg.tags),
                dlg.sensitivity,
            ):
                return
            self._push(EditAnnotationCommand(self.repo, old, **changes))
        finally:
            dlg.deleteLater()

    def delete(self, annotation_ids: Sequence[str]) -> None:
        if self.repo is None or not annotation_ids:
            return
        stack = self.window.undo_stack
        n = len(annotation_ids)
        stack.beginMacro(f"Delete {n} annotations" if n > 1 else "Delete annotation")
        for aid in annotation_ids:
            self._push(DeleteAnnotationCommand(self.repo, aid))
        stack.endMacro()
        self.window.statusBar().showMessage(
            f"Deleted {n} annotation{'s' if n != 1 else ''} — Undo brings "
            f"{'them' if n != 1 else 'it'} back.",
            6000,
        )

    def edit_colours(self, parent: QWidget | None = None) -> bool:
        """The colour meanings dialog; True if anything was saved."""
        if self.repo is None:
            return False
        repo = self.repo
        colours = repo.colours()
        dlg = ColoursDialog(colours, parent or self.window)
        try:
            if not dlg.exec():
                return False
            changed = False
            for c in colours:
                meaning = dlg.meanings().get(c.name, c.meaning)
                if meaning != c.meaning:
                    repo.set_colour(c.name, meaning)
                    changed = True
            return changed
        finally:
            dlg.deleteLater()

    def _annotation_at_caret(self) -> Annotation | None:
        if self.marks is None:
            return None
        found = self.marks.marks_at(self.window.reader.textCursor().position())
        return found[-1].annotation if found else None

    def _update_here_actions(self) -> None:
        here = self._annotation_at_caret() is not None
        self.edit_here_action.setEnabled(here)
        self.delete_here_action.setEnabled(here)

    def _on_edit_here(self) -> None:
        a = self._annotation_at_caret()
        if a is not None:
            self.edit(a.id)

    def _on_delete_here(self) -> None:
        a = self._annotation_at_caret()
        if a is not None:
            self.delete([a.id])

    def show_annotation(self, annotation_id: str) -> bool:
        """Open the annotation's provision and select its quote."""
        a = self.repo.annotation(annotation_id) if self.repo else None
        if a is None or not self.window.open_node(a.node_id):
            return False
        if self.marks is not None and self.marks.select(a):
            return True
        self.window.statusBar().showMessage(
            "This annotation's quote is no longer where it was: "
            "see Notes > Annotations Needing Review…",
            8000,
        )
        return False

    # review -------------------------------------------------------------------------
    def show_review(self) -> None:
        if self.repo is None:
            return
        if self.review_dialog is None:
            dlg = QDialog(self.window)
            dlg.setObjectName("reviewDialog")
            dlg.setWindowTitle("Annotations needing review")
            dlg.resize(680, 440)
            lay = QVBoxLayout(dlg)
            self.review_panel = ReviewPanel(self.label, dlg)
            lay.addWidget(self.review_panel)
            close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
            close.rejected.connect(dlg.reject)
            lay.addWidget(close)
            self.review_panel.node_requested.connect(self.window.open_node)
            self.review_panel.accept_requested.connect(self.accept_candidate)
            self.review_panel.keep_requested.connect(self.keep_anchor)
            self.review_dialog = dlg
        assert self.review_panel is not None
        self.review_panel.set_annotations(self.repo.needs_review())
        self.review_dialog.show()
        self.review_dialog.raise_()

    def accept_candidate(self, annotation_id: str) -> bool:
        from ..notes.anchoring import accept_candidate

        repo, corpus = self.repo, self.window.repo
        old = repo.annotation(annotation_id) if repo else None
        if repo is None or corpus is None or old is None:
            return False
        row = corpus.node(old.candidate_node_id)
        try:
            new = accept_candidate(repo, annotation_id, row.text if row else "")
        except (ValueError, KeyError) as exc:
            QMessageBox.warning(self.window, "Not moved", f"Nothing was changed: {exc}")
            return False
        self.window.undo_stack.push(
            _Done(ResolveReviewCommand(repo, old, "Accept review candidate", lambda: new))
        )
        return True

    def keep_anchor(self, annotation_id: str) -> bool:
        repo = self.repo
        old = repo.annotation(annotation_id) if repo else None
        if repo is None or old is None:
            return False
        new = repo.acknowledge(annotation_id)
        self.window.undo_stack.push(
            _Done(ResolveReviewCommand(repo, old, "Keep annotation as it is", lambda: new))
        )
        return True


class _Done(QUndoCommand):
    """A command whose change was already saved (and checked) before it was
    pushed: the stack's first ``redo`` is skipped, later ones redo it."""

    def __init__(self, inner: QUndoCommand) -> None:
        super().__init__(inner.text())
        self._inner = inner
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._inner.redo()

    def undo(self) -> None:
        self._inner.undo()

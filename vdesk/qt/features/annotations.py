"""The annotations feature: actions, dialogs, panel, marks.

:func:`install_annotations` is the one call the window makes, with the
:class:`~vdesk.qt.services.Services`. Until the notes store is attached the
actions are disabled; then the reader paints annotations
(:class:`~vdesk.qt.reader_marks.ReaderMarks`), the contents tree marks annotated
and nationally noted provisions, the annotations panel (a dock) lists them with
filters, and every change goes through the undo stack and is saved at once.
Each user action is one :class:`~vdesk.desk.changes.Changes` from the change
hub: the panel, the tree marks and the reader refresh once, and only for what
it touched. Annotations needing review after the documents changed are
:mod:`vdesk.qt.features.review`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QLabel,
    QMessageBox,
    QWidget,
)

from vdesk.domain.notes import Annotation

from ..actions import ActionSpec
from ..dialogs.annotate import AnnotateDialog, ColoursDialog, selection_target
from ..page import elide
from ..reader_marks import ReaderMarks
from ..tree_marks import TreeMarks
from ..undo import AddAnnotationCommand, DeleteAnnotationsCommand, EditAnnotationCommand, push
from ..widgets.annotations_panel import AnnotationsPanel
from ..widgets.review_panel import ReviewPanel
from .review import AnnotationReview

if TYPE_CHECKING:
    from vdesk.store.notes.contract import NotesStore

    from ...desk import Desk
    from ...desk.changes import Changes
    from ..services import ChangeHub, Services


PAGE_CACHE = 16  # pages whose annotations are kept for going back and forth

SPECS = (
    ActionSpec(
        "annotate", "&Annotate…", ("Ctrl+Shift+A",), None,
        "Annotate the selection or paragraph", "notes", enabled=False,
    ),
    ActionSpec(
        "edit_colours", "Edit &Colour Meanings…", (), None,
        "Rename what each colour means", "notes", enabled=False,
    ),
    ActionSpec(
        "annotations_panel", "Annotations &Panel", ("Ctrl+Shift+L",), None,
        "Show or hide every annotation, with filters", "notes", separator=True,
    ),
    ActionSpec(
        "edit_annotation", "&Edit Annotation…", (), None,
        "Edit the annotation under the cursor", enabled=False,
    ),
    ActionSpec(
        "delete_annotation", "&Delete Annotation", (), None,
        "Delete the annotation at the cursor", enabled=False,
    ),
)  # fmt: skip


def install_annotations(services: Services) -> AnnotationsFeature:
    return AnnotationsFeature(services)


class AnnotationsFeature(QObject):
    """Owns the annotation actions and views of one window."""

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.setObjectName("annotationsFeature")
        self.services = services
        self.reader = services.reader
        self.repo: NotesStore | None = None
        self.marks: ReaderMarks | None = None
        self.panel: AnnotationsPanel | None = None
        self._labels: dict[str, str] | None = None
        # annotations of recently shown pages (node ids -> rows); any change clears it
        self._page_cache: dict[tuple[str, ...], list[Annotation]] = {}
        self.tree_marks = TreeMarks(services.tree_model)
        self.last_colour = "yellow"

        self.dock = QDockWidget("Annotations", services.window())
        self.dock.setObjectName("annotationsDock")
        placeholder = QLabel("Your annotations appear here once your notes are open.", self.dock)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dock.setWidget(placeholder)
        services.add_dock(self.dock, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.dock.hide()
        register = services.actions.register
        annotate, colours, panel, edit_here, delete_here = SPECS
        self.annotate_action = register(annotate, self.annotate)
        self.colours_action = register(colours, self.edit_colours)
        self.panel_action = register(panel, action=self.dock.toggleViewAction())
        self.review = AnnotationReview(services, self.label)
        self.review_action = self.review.action
        self.edit_here_action = register(edit_here, self._on_edit_here)
        self.delete_here_action = register(delete_here, self._on_delete_here)
        for key in ("annotate", "edit_annotation", "delete_annotation"):
            services.actions.add_context_action(key)
        services.changes.changed.connect(self._on_changes)
        self.reader.cursorPositionChanged.connect(self._update_here_actions)
        services.corpus_attached.connect(self._on_attached)
        services.notes_attached.connect(self._on_notes_attached)

    @property
    def hub(self) -> ChangeHub:
        return self.services.changes

    # the review of annotations the documents moved (its own module)
    @property
    def review_dialog(self) -> QDialog | None:
        return self.review.dialog

    @property
    def review_panel(self) -> ReviewPanel | None:
        return self.review.panel

    def show_review(self) -> None:
        self.review.show()

    @property
    def desk(self) -> Desk:
        """The app's desk: every write goes through its use cases."""
        assert self.services.desk is not None, "the desk is attached before the notes"
        return self.services.desk

    # set-up ---------------------------------------------------------------------
    def _on_attached(self) -> None:
        self._labels = None
        if self.repo is not None:
            self.tree_marks.refresh(self.repo)

    def label(self, node_id: str) -> str:
        """ "Plans of action, para. 2 (a)": how the panel and review list name a node
        (all labels are made on first use: the panel may never be opened)."""
        if self._labels is None:
            repo = self.services.corpus
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
        repo = self.services.notes
        if repo is None:
            return
        self.repo = repo
        self.marks = ReaderMarks(self.reader, self._page_annotations, repo.colours)
        corpus = self.services.corpus
        docs = {d.key: d.short for d in corpus.documents()} if corpus is not None else {}
        self.panel = AnnotationsPanel(repo, docs, self.label, self.dock)
        self.panel.annotation_activated.connect(self.show_annotation)
        self.panel.edit_requested.connect(self.edit)
        self.panel.delete_requested.connect(self._on_panel_delete_requested)
        self.dock.setWidget(self.panel)
        for act in (self.annotate_action, self.colours_action, self.review.action):
            act.setEnabled(True)
        self.panel_action.setEnabled(True)
        self.tree_marks.refresh(self.repo)
        self.reader.refresh()
        waiting = len(repo.needs_review())
        if waiting:
            self.services.show_status(
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
    def _on_changes(self, changes: Changes) -> None:
        """One user action: refresh each view once, for what it touched."""
        if self.repo is None:
            return
        repaint = False
        if changes.colours or changes.everything:
            if self.marks is not None:
                self.marks.colours_changed()
            if self.panel is not None:
                self.panel.set_colours(self.repo.colours())
            repaint = True
        if changes.annotations or changes.everything:
            self._page_cache.clear()
            if self.panel is not None:
                self.panel.refresh_tags()
                self.panel.refresh()
            shown = set(self.marks.page_node_ids()) if self.marks is not None else set()
            repaint = repaint or changes.everything or bool(shown & changes.node_ids)
        if repaint:
            self.reader.refresh()
        self.tree_marks.update(self.repo, changes)

    # actions ----------------------------------------------------------------------
    def annotate(self) -> None:
        """Annotate the reader's selection, or the whole paragraph at the caret."""
        reader, repo = self.reader, self.repo
        if repo is None or reader.page is None:
            return
        target = selection_target(reader)
        if target is None:
            self.services.show_status(
                "Select text in a provision, or put the cursor in one, to annotate it.", 6000
            )
            return
        row = reader.page.row(target.node_id)
        assert row is not None
        dlg = self._dialog(row.citation, target.quote, note=target.note)

        def save() -> str:
            from ...notes.anchoring import make_anchor

            span = (target.start, target.end) if target.quote else (None, None)
            anchor = make_anchor(row.id, row.text, *span)
            fields = {
                "colour": dlg.colour,
                "comment": dlg.comment,
                "tags": dlg.tags,
                "sensitivity": dlg.sensitivity,
                "author": self.services.settings.author,
            }
            problem = self._push(AddAnnotationCommand(self.desk, anchor, **fields))
            if not problem:
                self.last_colour = dlg.colour
            return problem

        dlg.set_saver(save)
        try:
            if self._run(dlg):
                # leave the new highlight in view, not hidden under the selection
                cursor = reader.textCursor()
                cursor.clearSelection()
                reader.setTextCursor(cursor)
        finally:
            dlg.deleteLater()

    def _run(self, dlg: AnnotateDialog) -> bool:
        """Show the dialog until it is saved (Save writes before it closes); True
        when it was. A dialog accepted without its Save (as a script may) is saved
        now, and a failure is explained in a message."""
        if not dlg.exec():
            return False
        if not dlg.saved:
            problem = dlg.save()
            if problem:
                QMessageBox.warning(self.services.window(), "Not saved", problem)
                return False
        return True

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
            self.services.window(),
            existing=existing,
            note=note,
            default_colour=self.last_colour,
        )

        def edit_colours() -> None:
            if self.edit_colours(dlg):
                dlg.set_colours(repo.colours())

        dlg.colours_requested.connect(edit_colours)
        return dlg

    def _push(self, command: QUndoCommand, initiator: object | None = None) -> str:
        """Run an undo command as one user action, then push it: "" when saved, else
        why not (for the dialog to show; nothing changed, nothing to undo)."""
        from ..saving import inline_problem

        error = push(self.services.undo_stack, self.hub, command, self._explain, initiator)
        return "" if error is None else inline_problem(error)

    def _push_or_explain(self, command: QUndoCommand, initiator: object | None = None) -> bool:
        """As :meth:`_push`, with a failure explained in a message box."""
        from ..saving import explanation

        error = push(self.services.undo_stack, self.hub, command, self._explain, initiator)
        if error is not None:
            QMessageBox.warning(
                self.services.window(), "Your notes were not changed",
                explanation(command.text(), error),
            )  # fmt: skip
        return error is None

    def _explain(self, message: str) -> None:
        """An undo or redo the store refused, once the stack is at rest."""
        QMessageBox.warning(self.services.window(), "Your notes were not changed", message)

    def edit(self, annotation_id: str) -> None:
        if self.repo is None:
            return
        old = self.repo.annotation(annotation_id)
        if old is None:
            return
        corpus = self.services.corpus
        row = corpus.node(old.node_id) if corpus is not None else None
        dlg = self._dialog(row.citation if row else old.node_id, old.anchor.quote, existing=old)

        def save() -> str:
            from vdesk.domain.notes import normalise_tags

            # only what the user changed: a field another program changed while the
            # dialog was open keeps that program's value
            new = (dlg.colour, dlg.comment, normalise_tags(dlg.tags), dlg.sensitivity)
            names = ("colour", "comment", "tags", "sensitivity")
            was = (old.colour, old.comment, old.tags, old.sensitivity)
            changes = {k: v for k, v, o in zip(names, new, was, strict=True) if v != o}
            if not changes:
                return ""
            return self._push(EditAnnotationCommand(self.desk, old, **changes))

        dlg.set_saver(save)
        try:
            self._run(dlg)
        finally:
            dlg.deleteLater()

    def _on_panel_delete_requested(self, annotation_ids: Sequence[str]) -> None:
        self.delete(annotation_ids, initiator=self.panel)

    def delete(self, annotation_ids: Sequence[str], initiator: object | None = None) -> None:
        """Delete these annotations as one step (one undo brings them all back)."""
        if self.repo is None or not annotation_ids:
            return
        n = len(annotation_ids)
        if not self._push_or_explain(
            DeleteAnnotationsCommand(self.desk, annotation_ids), initiator
        ):
            return
        self.services.show_status(
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
        dlg = ColoursDialog(colours, parent or self.services.window())
        try:
            if not dlg.exec():
                return False
            from ..saving import explanation, write_errors

            changed = False
            try:
                with self.hub.action("Edit colour meanings", dlg):
                    for c in colours:
                        meaning = dlg.meanings().get(c.name, c.meaning)
                        if meaning != c.meaning:
                            self.desk.set_colour(c.name, meaning, initiator=dlg)
                            changed = True
            except write_errors() as exc:
                QMessageBox.warning(
                    self.services.window(), "Not saved", explanation("Saving colours", exc)
                )
            return changed
        finally:
            dlg.deleteLater()

    def _annotation_at_caret(self) -> Annotation | None:
        if self.marks is None:
            return None
        found = self.marks.marks_at(self.reader.textCursor().position())
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
        if a is None or not self.services.show_node(a.node_id):
            return False
        if self.marks is not None and self.marks.select(a):
            return True
        self.services.show_status(
            "This annotation's quote is no longer where it was: "
            "see Notes > Annotations Needing Review…",
            8000,
        )
        return False

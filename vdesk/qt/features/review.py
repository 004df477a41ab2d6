"""Annotations needing review after the documents changed: the list, and the two
decisions on each (move it to the nearest text found, or keep its anchor), each
an undoable user action.

The review list refreshes from the change hub; a decision taken in the list
drops that annotation from it without asking the store again (the list is the
``Changes.initiator``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QVBoxLayout

from ..actions import ActionSpec
from ..undo import ResolveReviewCommand, push
from ..widgets.review_panel import ReviewPanel

if TYPE_CHECKING:
    from vdesk.domain.notes import Annotation

    from ...desk.changes import Changes
    from ..services import Services

SPEC = ActionSpec(
    "annotations_review",
    "Annotations Needing &Review…",
    (),
    None,
    "Annotations that could not be placed with certainty after the documents changed",
    "notes",
    enabled=False,
)


class AnnotationReview(QObject):
    """The review action, its dialog and list; ``label`` names a node for people."""

    def __init__(self, services: Services, label: Callable[[str], str]) -> None:
        super().__init__(services)
        self.setObjectName("annotationReview")
        self.services = services
        self._label = label
        self.dialog: QDialog | None = None
        self.panel: ReviewPanel | None = None
        self.action = services.actions.register(SPEC, self.show)
        services.changes.changed.connect(self._on_changes)

    def _on_changes(self, changes: Changes) -> None:
        notes = self.services.notes
        if self.panel is None or notes is None:
            return
        if not (changes.annotations or changes.everything):
            return
        if changes.initiator is self.panel and not changes.everything:
            self.panel.drop(changes.annotations)  # resolved there; nothing else changed
        else:
            self.panel.set_annotations(notes.needs_review())

    def show(self) -> None:
        notes = self.services.notes
        if notes is None:
            return
        if self.dialog is None:
            dlg = QDialog(self.services.window())
            dlg.setObjectName("reviewDialog")
            dlg.setWindowTitle("Annotations needing review")
            dlg.resize(680, 440)
            lay = QVBoxLayout(dlg)
            self.panel = ReviewPanel(self._label, dlg)
            lay.addWidget(self.panel)
            close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
            close.rejected.connect(dlg.reject)
            lay.addWidget(close)
            self.panel.node_requested.connect(self.services.show_node)
            self.panel.accept_requested.connect(self.accept_candidate)
            self.panel.keep_requested.connect(self.keep_anchor)
            self.dialog = dlg
        assert self.panel is not None
        self.panel.set_annotations(notes.needs_review())
        self.dialog.show()
        self.dialog.raise_()

    def accept_candidate(self, annotation_id: str) -> bool:
        """Move the annotation to the text found nearest to its old quote."""
        from ...notes.anchoring import accept_candidate

        notes, corpus, desk = self.services.notes, self.services.corpus, self.services.desk
        old = notes.annotation(annotation_id) if notes else None
        if notes is None or corpus is None or desk is None or old is None:
            return False
        row = corpus.node(old.candidate_node_id)

        def move() -> Annotation:
            return accept_candidate(notes, annotation_id, row.text if row else "")

        return self._push(ResolveReviewCommand(desk, old, "Accept review candidate", move))

    def _push(self, command: ResolveReviewCommand) -> bool:
        """Do the decision as one undoable step; a refused write is explained."""
        from ..saving import explanation

        stack, hub, window = self.services.undo_stack, self.services.changes, self.services.window()

        def explain(message: str) -> None:
            QMessageBox.warning(window, "Your notes were not changed", message)

        error = push(stack, hub, command, explain, self.panel)
        if error is not None:
            explain(explanation(command.text(), error))
        return error is None

    def keep_anchor(self, annotation_id: str) -> bool:
        """Leave the annotation where it was and stop asking."""
        notes, desk = self.services.notes, self.services.desk
        old = notes.annotation(annotation_id) if notes else None
        if notes is None or desk is None or old is None:
            return False
        command = ResolveReviewCommand(
            desk, old, "Keep annotation as it is", lambda: notes.acknowledge(annotation_id)
        )
        return self._push(command)

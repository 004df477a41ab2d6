"""Notes > Pending Conflicts…: the versions bundle imports set aside for the user to
choose, installed with :func:`install_conflicts` on the window's
:class:`~vdesk.qt.services.Services`.

An import never adds a second national note for the same provision and country,
nor lets a newer version lower an item's sensitivity: it keeps the local item and
records the bundle's version as a pending conflict (:mod:`vdesk.notes.conflicts`).
This feature lists them (:class:`~vdesk.qt.dialogs.conflicts.PendingConflictsDialog`)
and keeps the version the user picks through :meth:`Desk.resolve_conflict`, as one
user action of the change hub, so every view refreshes once. A write the store
refuses (locked, disk full) is told in one line and the dialog stays open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ..actions import ActionSpec
from ..saving import explanation
from ..widgets.country_combo import country_label

if TYPE_CHECKING:
    from ...desk.changes import Changes
    from ...notes.conflicts import PendingRecord
    from ..dialogs.conflicts import PendingConflictsDialog
    from ..models.conflicts import ConflictRow
    from ..services import Services

SPEC = ActionSpec(
    "pending_conflicts", "Pending &Conflicts…", ("Ctrl+Alt+K",), None,
    "Choose between your version and a bundle's where an import could not decide "
    "(Ctrl+Alt+K)", "notes", separator=True, enabled=False,
)  # fmt: skip

WHAT = {"national_note": "National note", "annotation": "Annotation"}
KEPT = {"mine": "your version", "theirs": "the bundle's version"}


def reason_text(rec: PendingRecord) -> str:
    """Why an import could not decide, in the words of the list."""
    if rec.reason == "same_provision":
        return "A colleague's note for the same provision and country"
    if rec.reason == "lower_sensitivity":
        return (
            "The bundle's version would lower the sensitivity from "
            f"{rec.local.sensitivity} to {rec.incoming.sensitivity}"
        )
    return rec.reason.replace("_", " ")


def refused(doing: str, exc: Exception) -> str:
    """The national notes' explanation of a refused write, in one line."""
    first, *more = explanation(doing, exc).split("\n\n")
    return f"{first} Nothing else changed; try again." if more else first


class ConflictsFeature(QObject):
    """Owns the Pending Conflicts action and its dialog."""

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.setObjectName("conflictsFeature")
        self.services = services
        self.dialog: PendingConflictsDialog | None = None
        self.action = services.actions.register(SPEC, self.show_conflicts)
        services.notes_attached.connect(self._update_action)
        services.changes.changed.connect(self._on_changes)
        self._update_action()

    def _update_action(self) -> None:
        self.action.setEnabled(self.services.notes is not None)

    def _on_changes(self, _changes: Changes) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.refresh()

    # --- the list ------------------------------------------------------------------------
    def rows(self) -> list[ConflictRow]:
        """The pending conflicts as the dialog lists them, oldest first."""
        from ..models.conflicts import ConflictRow

        desk, corpus = self.services.desk, self.services.corpus
        if desk is None or self.services.notes is None:
            return []
        out = []
        for rec in desk.conflicts():
            node = rec.local.node_id
            row = corpus.node(node) if corpus is not None else None
            citation = row.citation if row is not None and row.citation else node
            country = country_label(rec.local.country) if rec.entity == "national_note" else ""  # type: ignore[union-attr]
            out.append(
                ConflictRow(rec.id, node, citation, country, WHAT.get(rec.entity, rec.entity),
                            reason_text(rec), rec.origin, rec)
            )  # fmt: skip
        return out

    def make_dialog(self) -> PendingConflictsDialog:
        from ..dialogs.conflicts import PendingConflictsDialog

        if self.dialog is None:
            self.dialog = PendingConflictsDialog(self.services.window())
            self.dialog.keep_requested.connect(self.resolve)
            self.dialog.node_requested.connect(self.services.show_node)
        self.refresh()
        return self.dialog

    def refresh(self) -> None:
        if self.dialog is None:
            return
        try:
            rows = self.rows()
        except Exception as exc:  # a locked or damaged database: say so, list nothing new
            from sqlalchemy.exc import SQLAlchemyError

            from ...store.user_db import UserDbError

            if not isinstance(exc, SQLAlchemyError | UserDbError | OSError | ValueError):
                raise
            self.dialog.show_error(refused("Listing the conflicts", exc))
            return
        self.dialog.set_rows(rows)

    def show_conflicts(self) -> None:
        """Open (or raise) the list of pending conflicts."""
        if self.services.notes is None:
            return
        dlg = self.make_dialog()
        dlg.clear_error()
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()

    # --- choosing ------------------------------------------------------------------------
    def resolve(self, conflict_id: str, keep: str) -> bool:
        """Keep ``"mine"`` or ``"theirs"`` of this conflict as one user action; False
        (and the dialog says why in one line) if the store refused it."""
        from sqlalchemy.exc import SQLAlchemyError

        from ...store.user_db import UserDbError

        desk = self.services.desk
        if desk is None:
            return False
        doing = f"Keep {keep}"
        try:
            with self.services.changes.action("Resolve conflict", self):
                rec, _changes = desk.resolve_conflict(conflict_id, keep, initiator=self)
        except (SQLAlchemyError, UserDbError, OSError, ValueError, KeyError) as exc:
            if self.dialog is not None:
                self.refresh()
                self.dialog.show_error(refused(doing, exc))
            return False
        if self.dialog is not None:
            self.dialog.clear_error()
            self.refresh()
        label = self.dialog_label(rec)
        self.services.show_status(f"Kept {KEPT[keep]} of the {label}.", 5000)
        return True

    def dialog_label(self, rec: PendingRecord) -> str:
        """ "national note on ECOSOC res. 2001/47, …, para. 2 (a) (AT)" """
        corpus = self.services.corpus
        row = corpus.node(rec.local.node_id) if corpus is not None else None
        where = row.citation if row is not None and row.citation else rec.label
        what = WHAT.get(rec.entity, rec.entity).lower()
        if rec.entity == "national_note":
            return f"{what} on {where} ({rec.local.country})"  # type: ignore[union-attr]
        return f"{what} on {where}"


def install_conflicts(services: Services) -> ConflictsFeature:
    """Add Notes > Pending Conflicts…."""
    return ConflictsFeature(services)

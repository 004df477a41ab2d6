"""National notes: the panel, its dialog and the dashboard, installed with
:func:`install_national_notes` on the window's :class:`~vdesk.qt.services.Services`.

Every edit goes through an undo command on the undo stack and is written at
once, as one user action of the change hub; the panel and the dashboard refresh
from the hub's :class:`~vdesk.desk.changes.Changes`, so undo, redo and edits
made elsewhere all show.

A note that re-anchoring moved or sent to review is marked in the panel until the
user confirms its place (:meth:`NationalNotesFeature.confirm_place`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QDockWidget, QMessageBox

from ..actions import ActionSpec
from ..dialogs.national_note import NationalNoteDialog
from ..widgets.country_combo import country_label
from ..widgets.national_notes_panel import NationalNotesPanel

if TYPE_CHECKING:
    from ...desk import Desk
    from ...desk.changes import Changes
    from ...store.corpus_db import NodeRow
    from ..dialogs.dashboard import ImplementationDashboard
    from ..services import Services

#: Kinds of node a national note can be on.
NOTE_KINDS = frozenset({"paragraph", "subparagraph", "item"})

SPECS = (
    ActionSpec(
        "add_national_note", "&Add National Note…", ("Ctrl+Alt+N",), None,
        "Record a country's implementation of the provision in the reader",
        "notes", separator=True, enabled=False,
    ),
    ActionSpec(
        "edit_national_note", "&Edit National Note…", (), None,
        "Edit the national note selected in the panel", "notes", enabled=False,
    ),
    ActionSpec(
        "delete_national_note", "&Delete National Note", (), None,
        "Delete the national note selected in the panel (Undo brings it back)",
        "notes", enabled=False,
    ),
    ActionSpec(
        "implementation_dashboard", "Implementation &Dashboard…", ("Ctrl+Alt+D",), None,
        "Actions of the plans of action by implementation status, for one country",
        "notes", separator=True, enabled=False,
    ),
    ActionSpec(
        "national_notes_panel", "&National Notes Panel", (), None,
        "Show or hide the national notes of the provision in the reader",
        "notes", separator=True,
    ),
)  # fmt: skip


class NationalNotesFeature(QObject):
    """Owns the dock, the actions and the dashboard of one window."""

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.setObjectName("nationalNotesFeature")
        self.services = services
        self.dashboard: ImplementationDashboard | None = None
        self.last_error = ""  # the last write failure explained to the user
        self.failure: BaseException | None = None  # why the last push was refused
        window = services.window()
        self.panel = NationalNotesPanel(window)
        self.dock = QDockWidget("National notes", window)
        self.dock.setObjectName("nationalNotesDock")
        self.dock.setWidget(self.panel)
        services.add_dock(self.dock, Qt.DockWidgetArea.RightDockWidgetArea, 330)

        register = services.actions.register
        add, edit, delete, dashboard, panel = SPECS
        self.add_action = register(add, self.add_note)
        self.edit_action = register(edit, self.edit_selected)
        self.delete_action = register(delete, self.delete_selected)
        self.dashboard_action = register(dashboard, self.show_dashboard)
        register(panel, action=self.dock.toggleViewAction())
        services.actions.add_context_action("add_national_note")

        self.panel.add_requested.connect(self.add_note)
        self.panel.edit_requested.connect(self.edit_note)
        self.panel.delete_requested.connect(self.delete_note)
        self.panel.node_requested.connect(services.show_node)
        self.panel.confirm_requested.connect(self.confirm_place)
        self.panel.view.selectionModel().selectionChanged.connect(self._update_actions)
        services.current_node_changed.connect(self._on_current_node_changed)
        services.notes_attached.connect(self._on_notes_attached)
        services.changes.changed.connect(self._on_changes)

    @property
    def desk(self) -> Desk:
        """The app's desk: every write goes through its use cases."""
        assert self.services.desk is not None, "the desk is attached before the notes"
        return self.services.desk

    # --- wiring ------------------------------------------------------------------------
    def _on_notes_attached(self) -> None:
        self.dashboard_action.setEnabled(True)
        self.refresh()

    def _on_current_node_changed(self, _node_id: str) -> None:
        self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if not (changes.national_notes or changes.everything):
            return
        shown = self.panel.node_id
        if changes.everything or (shown and any(_related(shown, n) for n in changes.node_ids)):
            self.refresh()  # small queries: at once, so the panel never shows stale notes
        if self.dashboard is not None and self.dashboard.isVisible():
            self.dashboard.schedule_refresh()

    # --- the panel ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the notes of the provision in the reader (or why there are none)."""
        corpus, notes = self.services.corpus, self.services.notes
        node_id = self.services.current_node()
        row = corpus.node(node_id) if (corpus is not None and node_id) else None
        if notes is None:
            self.panel.show_unavailable(
                "Your notes database is not open, so national notes cannot be shown or added."
            )
        elif row is None or row.kind not in NOTE_KINDS:
            self.panel.show_unavailable(
                "National notes are kept on paragraphs and subparagraphs. Open one in the "
                "reader (for example an action of the plans of action) to see each country's "
                "notes on it or to add one."
            )
        else:
            assert corpus is not None
            # ids are paths ("…/para_2/subpara_a"): the enclosing provisions in one query
            parts = row.id.split("/")
            prefixes = ["/".join(parts[:i]) for i in range(1, len(parts))]
            above = corpus.nodes(prefixes)
            enclosing = [above[i] for i in prefixes if i in above and above[i].kind in NOTE_KINDS]
            below = (
                [r for r in corpus.subtree(row.id)[1:] if r.kind in NOTE_KINDS]
                if row.child_count
                else []
            )
            found = notes.national_notes(
                node_ids=[row.id, *(a.id for a in enclosing), *(b.id for b in below)]
            )
            mine = [n for n in found if n.node_id == row.id]
            wanted = [n.candidate_node_id for n in mine if n.candidate_node_id]
            cands = corpus.nodes(wanted) if wanted else {}
            self.panel.show_notes(
                row.id,
                row.citation or row.id,
                mine,
                {i: r.citation or i for i, r in cands.items()},
            )
            self.panel.set_covered(
                [
                    (a.id, _short(a), [n for n in found if n.node_id == a.id])
                    for a in reversed(enclosing)
                ],
                [(b.id, _short(b), [n for n in found if n.node_id == b.id]) for b in below],
            )
        self._update_actions()

    def _update_actions(self, *_args: object) -> None:
        has_node = self.panel.node_id is not None
        selected = self.panel.selected_id() is not None
        self.add_action.setEnabled(has_node)
        self.edit_action.setEnabled(selected)
        self.delete_action.setEnabled(selected)

    # --- editing -----------------------------------------------------------------------
    def make_dialog(
        self, note_id: str | None = None, country: str = ""
    ) -> NationalNoteDialog | None:
        """The add (``note_id`` None) or edit dialog for the shown provision; a new
        note's country is ``country`` or the default country of the preferences."""
        notes, node_id = self.services.notes, self.panel.node_id
        if notes is None or node_id is None:
            return None
        existing = notes.national_notes(node_ids=[node_id])
        note = next((n for n in existing if n.id == note_id), None) if note_id else None
        if note_id and note is None:
            return None
        return NationalNoteDialog(
            self.panel.citation,
            note=note,
            default_country=country or self.services.settings.default_country,
            taken={n.country for n in existing},
            author=self.services.settings.author,
            parent=self.services.window(),
        )

    def add_note(self, country: str = "") -> None:
        self._run(self.make_dialog(country=country if isinstance(country, str) else ""))

    def edit_selected(self) -> None:
        note_id = self.panel.selected_id()
        if note_id:
            self.edit_note(note_id)

    def edit_note(self, note_id: str) -> None:
        self._run(self.make_dialog(note_id))

    def _run(self, dlg: NationalNoteDialog | None) -> None:
        """Show the dialog; its Save writes before it closes, and a failed write
        keeps it open with the text and the reason under it."""
        if dlg is None:
            return
        from ..saving import inline_problem

        def save() -> str:
            error = self._write(dlg)
            return "" if error is None else inline_problem(error)

        dlg.set_saver(save)
        if dlg.exec():
            if not dlg.saved:  # accepted without its Save button (a script)
                self.save(dlg)
            self._reveal()
        dlg.deleteLater()

    def push(self, inner: QUndoCommand) -> bool:
        """Run ``inner`` on the undo stack as one user action; False if the store
        refused it (``failure`` says why; nothing changed, nothing to undo)."""
        from ..undo import push

        stack, hub = self.services.undo_stack, self.services.changes
        self.failure = push(stack, hub, inner, self._show, self)
        return self.failure is None

    def explain(self, doing: str, exc: BaseException) -> None:
        from ..saving import explanation

        self._show(explanation(doing, exc))

    def _show(self, message: str) -> None:
        self.last_error = message
        QMessageBox.warning(self.services.window(), "Your notes were not changed", message)

    def save(self, dlg: NationalNoteDialog) -> None:
        """Write an accepted dialog's values as one undoable step; a failure is
        explained in a message."""
        error = self._write(dlg)
        if error is not None:
            self.explain("Edit national note" if dlg.note else "Add national note", error)

    def _write(self, dlg: NationalNoteDialog) -> BaseException | None:
        from ..undo import AddNationalNoteCommand, EditNationalNoteCommand

        notes, node_id = self.services.notes, self.panel.node_id
        if notes is None or node_id is None:
            return None
        note = dlg.note
        if note is None:
            cmd = AddNationalNoteCommand(
                self.desk, node_id, author=self.services.settings.author, **dlg.values()
            )
            if self.push(cmd) and cmd.value is not None:
                self.panel.select_note(cmd.value.id)
                self._status(f"Added the note of {country_label(cmd.value.country)}.")
            return self.failure
        changes = dlg.changes()
        if not changes:
            return None
        if self.push(EditNationalNoteCommand(self.desk, note, **changes)):
            self.panel.select_note(note.id)
            self._status(f"Saved the note of {country_label(note.country)}.")
        return self.failure

    def confirm_place(self, note_id: str) -> bool:
        """Keep a note re-anchoring moved or sent to review where it is and clear its
        mark, as one user action (the views refresh once); False if refused."""
        from ..saving import write_errors

        notes = self.services.notes
        note = notes.national_note(note_id) if notes is not None else None
        if note is None:
            return False
        try:
            with self.services.changes.action("Confirm place", self):
                self.desk.acknowledge_national_note(note_id, initiator=self)
        except write_errors() as exc:
            self.explain("Confirm place", exc)
            return False
        self._status(f"The note of {country_label(note.country)} stays on {self.panel.citation}.")
        return True

    def delete_selected(self) -> None:
        note_id = self.panel.selected_id()
        if note_id:
            self.delete_note(note_id)

    def delete_note(self, note_id: str) -> None:
        from ..undo import DeleteNationalNoteCommand

        notes = self.services.notes
        if notes is None:
            return
        note = notes.national_note(note_id)
        if note is None:
            return
        if not self.push(DeleteNationalNoteCommand(self.desk, note_id)):
            assert self.failure is not None
            self.explain("Delete national note", self.failure)
        else:
            self._status(
                f"Deleted the note of {country_label(note.country)} — Undo brings it back."
            )

    def _reveal(self) -> None:
        """After an edit made from a menu with the panel closed: show what was saved."""
        if not self.dock.isVisible():
            self.dock.show()
            self.dock.raise_()

    def _status(self, text: str) -> None:
        self.services.show_status(text, 5000)

    # --- dashboard ---------------------------------------------------------------------
    def _on_dashboard_record(self, node_id: str, country: str) -> None:
        """Record the status of an action listed in the dashboard, for its country:
        edit that country's note if the action has one, else add one."""
        notes = self.services.notes
        if notes is None or not self.services.show_node(node_id):
            return
        mine = [n for n in notes.national_notes(node_ids=[node_id]) if n.country == country]
        if mine:
            self.panel.select_note(mine[0].id)
            self.edit_note(mine[0].id)
        else:
            self.add_note(country)

    def show_dashboard(self) -> None:
        from ..dialogs.dashboard import ImplementationDashboard

        s = self.services
        if s.notes is None or s.corpus is None:
            return
        if self.dashboard is None:
            self.dashboard = ImplementationDashboard(s.notes, s.corpus, s.settings, s.window())
            self.dashboard.node_requested.connect(s.show_node)
            self.dashboard.record_requested.connect(self._on_dashboard_record)
        self.dashboard.refresh()
        self.dashboard.show()
        self.dashboard.raise_()
        self.dashboard.activateWindow()


def _related(a: str, b: str) -> bool:
    """The same provision, or one encloses the other (ids are paths)."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def _short(row: NodeRow) -> str:
    """ "para. 2", "para. 35 (d)": how a drafter names an enclosing provision."""
    return f"para. {row.ref}" if row.ref else row.citation


def install_national_notes(services: Services) -> NationalNotesFeature:
    """Add the national notes dock, the Notes menu items and the dashboard."""
    return NationalNotesFeature(services)

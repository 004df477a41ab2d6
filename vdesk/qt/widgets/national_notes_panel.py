"""The national notes of the provision in the reader, one card per country.

A compact table (country, status, position) to pick a note, over the notes
rendered in full — status, position, "as of" date, sensitivity, the Markdown
text and the references to national law — so drafters can compare countries.

A note on a paragraph also covers its subparagraphs (the dashboard counts it
for each); on a subparagraph the panel says which enclosing notes cover it.

Signals:
    add_requested(): add a note to the shown provision.
    edit_requested(str): edit this note (id).
    delete_requested(str): delete this note (id).
    node_requested(str): show this provision (a link to an enclosing paragraph).
    confirm_requested(str): keep this note (id), which re-anchoring moved or sent
        to review, on its provision and clear its mark.

A note re-anchoring moved or could not place after the documents changed is
marked "Moved" / "Needs review" in the Place column (shown only then) and on its
card, with what happened; Confirm Place clears the mark.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from functools import lru_cache

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vdesk.domain.notes import POSITION_LABELS, STATUS_LABELS, NationalNote

from ..models.national_notes import (
    PLACE_COLUMN,
    PLACE_MARKS,
    STATUS_COLOURS,
    NationalNoteTableModel,
    place_tip,
)
from .country_combo import country_label

SENSITIVITY_LABELS = {
    "personal": "Personal",
    "shareable": "Shareable",
    "confidential": "Confidential",
}
_SENSITIVITY_COLOURS = {"personal": "#5f6368", "shareable": "#1a73e8", "confidential": "#b3261e"}
_SENSITIVITY_COLOURS_DARK = {
    "personal": "#bdc1c6",
    "shareable": "#8ab4f8",
    "confidential": "#f28b82",
}


def _badge_text(status: str) -> str:
    """Dark text on the light (amber) badge, white on the others."""
    return "#202124" if status == "in_progress" else "#ffffff"


@lru_cache(maxsize=1024)
def rendered(text: str) -> str:
    """A note's Markdown as HTML, kept: Python-Markdown takes ~2 ms a note, and the
    same notes are drawn again on every selection and every visit."""
    from ...export.render import render_note  # Markdown: loaded with the first note

    return render_note(text)


def note_card(
    n: NationalNote, selected: bool = False, dark: bool = False, candidate: str = ""
) -> str:
    """One note as a rich-text card (the subset of HTML that QTextBrowser renders)."""
    colours = f"background-color:{STATUS_COLOURS[n.status]}; color:{_badge_text(n.status)};"
    status = f'<span style="{colours}">&nbsp;{STATUS_LABELS[n.status]}&nbsp;</span>'
    sens = (_SENSITIVITY_COLOURS_DARK if dark else _SENSITIVITY_COLOURS)[n.sensitivity]
    facts = [status, html.escape(POSITION_LABELS[n.position])]
    if n.date:
        facts.append(f"as of {html.escape(n.date)}")
    facts.append(
        f'<span style="color:{sens}; font-weight:600;">'
        f"{SENSITIVITY_LABELS[n.sensitivity].upper()}</span>"
    )
    mark = ""
    if n.anchor_state in PLACE_MARKS:
        head, *rest = html.escape(place_tip(n, candidate)).split("\n")
        mark = f"<p><b>{head}.</b><br/>{'<br/>'.join(rest)}</p>"
    body = rendered(n.text) if n.text.strip() else '<p style="color:#80868b;">No text.</p>'
    refs = ""
    if n.legal_refs:
        items = "".join(f"<li>{html.escape(r)}</li>" for r in n.legal_refs)
        refs = f'<p style="margin-bottom:0;"><b>National law and policy</b></p><ul>{items}</ul>'
    by = f"Recorded by {html.escape(n.author)} · " if n.author else ""
    footer = f'<p style="color:#80868b; font-size:small;">{by}last changed {n.modified[:10]}</p>'
    if dark:
        border = "#8ab4f8" if selected else "#5f6368"
    else:
        border = "#1a73e8" if selected else "#c4c7c5"
    return (
        f'<a name="{n.id}"></a>'
        f'<table width="100%" cellspacing="0" cellpadding="8" border="1" bordercolor="{border}" '
        f'style="border-color:{border}; border-style:solid; margin-bottom:10px;">'
        f"<tr><td>"
        f'<p style="margin-top:0;"><a href="note:{n.id}" style="text-decoration:none;">'
        f'<b style="font-size:large;">{html.escape(country_label(n.country))}</b></a></p>'
        f"<p>{' · '.join(facts)}</p>{mark}{body}{refs}{footer}"
        f"</td></tr></table>"
    )


def _link(node_id: str, label: str) -> str:
    return f'<a href="{html.escape(node_id)}">{html.escape(label)}</a>'


def _who(notes: Sequence[NationalNote]) -> str:
    """ "Austria (AT) — Implemented; Nigeria (NG) — In progress" """
    return "; ".join(
        f"{html.escape(country_label(n.country))} — {STATUS_LABELS[n.status]}"
        for n in sorted(notes, key=lambda n: country_label(n.country))
    )


class NationalNotesPanel(QWidget):
    add_requested = Signal()
    edit_requested = Signal(str)
    delete_requested = Signal(str)
    node_requested = Signal(str)
    confirm_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nationalNotesPanel")
        self._node_id: str | None = None
        self._citation = ""
        self._notes: list[NationalNote] = []
        self._candidates: dict[str, str] = {}
        self._quiet = False
        self.model = NationalNoteTableModel(self)

        self.title = QLabel("", self)
        self.title.setObjectName("nationalNotesTitle")
        self.title.setWordWrap(True)
        self.covered = QLabel("", self)
        self.covered.setObjectName("nationalNotesCovered")
        self.covered.setWordWrap(True)
        self.covered.setTextFormat(Qt.TextFormat.RichText)
        self.covered.linkActivated.connect(self._on_covered_link)
        self.covered.hide()
        self.view = QTableView(self)
        self.view.setObjectName("nationalNotesView")
        self.view.setAccessibleName("National notes of this provision")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.view.installEventFilter(self)
        for col in (3, 4, 5):  # date, sensitivity and text are on the cards
            self.view.setColumnHidden(col, True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PLACE_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setColumnHidden(PLACE_COLUMN, True)  # shown when a note is marked
        self.cards = QTextBrowser(self)
        self.cards.setObjectName("nationalNotesCards")
        self.cards.setAccessibleName("National notes in full")
        self.cards.setOpenLinks(False)
        self.cards.anchorClicked.connect(self._on_card_link)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.cards)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([110, 400])
        split.setChildrenCollapsible(False)

        self.empty = QLabel("", self)
        self.empty.setObjectName("nationalNotesEmpty")
        self.empty.setWordWrap(True)
        self.empty.setMargin(12)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(split)

        self.add_button = QPushButton("Add…", self)
        self.add_button.setObjectName("addNationalNote")
        self.add_button.setToolTip("Add a country's note on this provision")
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setToolTip("Edit the selected note")
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete the selected note (Undo brings it back)")
        self.confirm_button = QPushButton("Confirm Place", self)
        self.confirm_button.setObjectName("confirmNationalNotePlace")
        self.confirm_button.setToolTip(
            "Keep the selected note, which re-anchoring moved or sent to review, on this "
            "provision and clear its mark"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.confirm_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.title)
        lay.addWidget(self.covered)
        lay.addWidget(self.stack, 1)
        lay.addLayout(buttons)

        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._on_edit)
        self.delete_button.clicked.connect(self._on_delete)
        self.confirm_button.clicked.connect(self._on_confirm)
        self.view.doubleClicked.connect(lambda _i: self._on_edit())
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.show_unavailable("Your notes are not open yet.")

    # --- what is shown ---------------------------------------------------------------
    @property
    def node_id(self) -> str | None:
        return self._node_id

    @property
    def citation(self) -> str:
        return self._citation

    def show_unavailable(self, why: str) -> None:
        """No provision to take notes on (a heading, a chapter) or no notes store."""
        self._node_id = None
        self._notes = []
        self.model.set_notes([])
        self.title.setText("")
        self.set_covered([])
        self.empty.setText(why)
        self.stack.setCurrentWidget(self.empty)
        self._update_buttons()

    def show_notes(
        self,
        node_id: str,
        citation: str,
        notes: Sequence[NationalNote],
        candidates: Mapping[str, str] | None = None,
    ) -> None:
        """``candidates``: citation of each review note's candidate node (by id)."""
        keep = self.selected_id()
        self._node_id = node_id
        self._citation = citation
        self._notes = list(notes)
        self._candidates = dict(candidates or {})
        self.model.set_notes(self._notes, self._candidates)
        self.view.setColumnHidden(PLACE_COLUMN, not self.model.has_marks())
        countries = len({n.country for n in notes})
        count = f"<br/>{countries} {'country' if countries == 1 else 'countries'}" if notes else ""
        self.title.setText(f"<b>{html.escape(citation)}</b>{count}")
        if not notes:
            self.empty.setText(
                f"No national notes on {citation} yet.\n\n"
                "Press Add… (Ctrl+Alt+N) to record, for a country, how far this provision is "
                "implemented, its position, and the national law or policy that implements "
                "it. Add one note per country to compare them here."
            )
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentIndex(1)
            row = self.model.row_of(keep) if keep else -1
            if row >= 0:
                self._quiet = True  # one render below, not one per selection change
                self.view.selectRow(row)
                self._quiet = False
        self._render_cards()
        self._update_buttons()

    def set_covered(
        self,
        enclosing: Sequence[tuple[str, str, Sequence[NationalNote]]],
        below: Sequence[tuple[str, str, Sequence[NationalNote]]] = (),
    ) -> None:
        """Notes on enclosing paragraphs that cover the shown provision, and notes
        on its own subparagraphs, each as (node id, short citation, notes), with a
        link to that provision; nothing shown when there are none."""
        parts = []
        for node_id, label, notes in enclosing:
            if notes:
                parts.append(
                    f"Notes on {_link(node_id, label)} also cover this provision: {_who(notes)}."
                )
        inside = [
            f"{_link(node_id, label)}: {_who(notes)}" for node_id, label, notes in below if notes
        ]
        if inside:
            parts.append("Notes on its subparagraphs — " + " · ".join(inside) + ".")
        self.covered.setText("<br/>".join(parts))
        self.covered.setVisible(bool(parts))

    def _on_covered_link(self, node_id: str) -> None:
        self.node_requested.emit(node_id)

    def _render_cards(self) -> None:
        selected = self.selected_id()
        ordered = [self.model.note(r) for r in range(self.model.rowCount())]
        dark = self.cards.palette().color(QPalette.ColorRole.Base).lightness() < 128
        cand = self._candidates
        self.cards.setHtml(
            "".join(
                note_card(n, n.id == selected, dark, cand.get(n.candidate_node_id, ""))
                for n in ordered
                if n
            )
        )
        if selected:
            self.cards.scrollToAnchor(selected)

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if not rows:
            return None
        n = self.model.note(rows[0].row())
        return n.id if n else None

    def select_note(self, note_id: str) -> None:
        row = self.model.row_of(note_id)
        if row >= 0:
            self.view.selectRow(row)

    def _update_buttons(self) -> None:
        has_node = self._node_id is not None
        self.add_button.setEnabled(has_node)
        chosen = self.selected_id() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.confirm_button.setVisible(self.model.has_marks())
        self.confirm_button.setEnabled(self.selected_marked())

    def selected_marked(self) -> bool:
        """The selected note is marked moved or in review."""
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        n = self.model.note(rows[0].row()) if rows else None
        return n is not None and n.anchor_state in PLACE_MARKS

    def _on_selection_changed(self, *_args: object) -> None:
        self._update_buttons()
        if not self._quiet:
            self._render_cards()

    def _on_card_link(self, url: QUrl) -> None:
        if url.scheme() == "note":
            self.select_note(url.path())

    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction("Add…", self.add_requested.emit).setEnabled(self._node_id is not None)
        chosen = self.selected_id() is not None
        menu.addAction("Edit…", self._on_edit).setEnabled(chosen)
        menu.addAction("Delete", self._on_delete).setEnabled(chosen)
        if self.model.has_marks():
            menu.addAction("Confirm Place", self._on_confirm).setEnabled(self.selected_marked())
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        """Delete deletes the selected note; Enter edits it."""
        if (
            watched is self.view
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and self.selected_id()
        ):
            if event.key() == Qt.Key.Key_Delete:
                self._on_delete()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._on_edit()
                return True
        return super().eventFilter(watched, event)

    def _on_edit(self) -> None:
        note_id = self.selected_id()
        if note_id:
            self.edit_requested.emit(note_id)

    def _on_delete(self) -> None:
        note_id = self.selected_id()
        if note_id:
            self.delete_requested.emit(note_id)

    def _on_confirm(self) -> None:
        note_id = self.selected_id()
        if note_id and self.selected_marked():
            self.confirm_requested.emit(note_id)

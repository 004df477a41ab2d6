"""Annotating a provision: from the reader's selection to an anchor, and the dialog.

The reader prints a provision's ``NodeRow.text`` in the text cell of its table,
with footnote markers (their numbers, superscript) inserted at their offsets and,
after a line break, the "Implemented by" / "Cited by" links. :class:`TextMap`
maps document positions of that cell back to offsets in ``NodeRow.text`` exactly;
:func:`selection_target` turns a selection into (node id, start, end), clipping a
selection that starts or ends inside a footnote marker to the text around it and
one that runs into another provision to the provision it starts in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vdesk.domain.notes import SENSITIVITIES, Annotation, Colour

from ..page import TEXT_KINDS, Page
from ..widgets.reader import ReaderView
from .keeping import KeepsTyping

SENSITIVITY_LABELS = {
    "personal": "Personal (default)",
    "shareable": "Shareable",
    "confidential": "Confidential",
}


def node_start(reader: ReaderView, node_id: str) -> int | None:
    """Document position where ``node_id`` starts on the reader's page."""
    return reader.node_position(node_id)


@dataclass(frozen=True, slots=True)
class TextMap:
    """Document positions of one provision's text cell ↔ offsets in its text."""

    node_id: str
    text_len: int
    cell_start: int  # document position of the first character of the text
    # (document position, text offset, marker length) of each footnote marker
    markers: tuple[tuple[int, int, int], ...]

    def offset_at(self, position: int) -> tuple[int, bool]:
        """(text offset, exact) for a document position; ``exact`` is False when
        the position falls inside a marker or after the text (cited-by links)."""
        shift = 0
        for pos, off, length in self.markers:
            if position < pos:
                break
            if position < pos + length:
                return off, position == pos
            shift += length
        offset = position - self.cell_start - shift
        if offset < 0:
            return 0, False
        if offset > self.text_len:
            return self.text_len, False
        return offset, True

    def position_of(self, offset: int, *, end: bool = False) -> int:
        """The document position of the character at text offset ``offset``; with
        ``end``, of the boundary just after ``text[offset - 1]`` (before a marker
        printed there)."""
        shift = sum(
            length
            for _pos, off, length in self.markers
            if off < offset or (off == offset and not end)
        )
        return self.cell_start + offset + shift

    @property
    def end_position(self) -> int:
        """The document position after the text and any marker printed at its end."""
        return self.position_of(self.text_len)


def text_map(reader: ReaderView, node_id: str) -> TextMap | None:
    """The :class:`TextMap` of ``node_id`` on the reader's page, None if not a shown text."""
    page: Page | None = reader.page
    if page is None:
        return None
    row = page.row(node_id)
    if row is None or row.kind not in TEXT_KINDS or node_id in page.collapsed:
        return None
    start = node_start(reader, node_id)
    if start is None:
        return None
    cursor = QTextCursor(reader.document())
    cursor.setPosition(start)
    table = cursor.currentTable()
    if table is None or table.columns() < 3:
        return None
    cell_start = table.cellAt(0, 2).firstCursorPosition().position()
    notes = sorted(
        (fn for fn in page.footnotes.get(node_id, ()) if not fn.in_heading),
        key=lambda fn: fn.offset,
    )
    markers = []
    shift = 0
    for fn in notes:
        off = max(0, min(len(row.text), fn.offset))
        markers.append((cell_start + off + shift, off, len(fn.num)))
        shift += len(fn.num)
    return TextMap(node_id, len(row.text), cell_start, tuple(markers))


@dataclass(frozen=True, slots=True)
class SelectionTarget:
    """What an annotation made now would cover: ``text[start:end]`` of a node
    (``start == end`` for the whole provision) and why it was clipped, if it was."""

    node_id: str
    start: int
    end: int
    quote: str
    note: str = ""  # shown in the dialog: "Your selection ran into …"

    @property
    def whole_node(self) -> bool:
        return self.start == self.end


def selection_target(reader: ReaderView) -> SelectionTarget | None:
    """The provision part selected in the reader, or the provision at the caret."""
    page = reader.page
    if page is None:
        return None
    cursor = reader.textCursor()
    if not cursor.hasSelection():
        node = reader.node_at(cursor.position()) or reader.focus_id
        row = page.row(node) if node else None
        if row is None or row.kind not in TEXT_KINDS:
            return None
        return SelectionTarget(row.id, 0, 0, "")
    # where the drag began and ended: across provisions (tables) Qt widens the
    # selection itself to whole tables, which would lose the words meant
    a, b = sorted((cursor.anchor(), cursor.position()))
    first = reader.node_at(a)
    last = reader.node_at(b - 1)
    row = page.row(first) if first else None
    if row is None or row.kind not in TEXT_KINDS:
        return None
    tm = text_map(reader, row.id)
    if tm is None:
        return None
    notes: list[str] = []
    if last != first:
        b = min(b, tm.end_position)
        notes.append(
            f"Your selection ran into the next provision; this note covers only "
            f"the part in {f'para. {row.ref}' if row.ref else 'the provision it starts in'}."
        )
    start, exact_a = tm.offset_at(a)
    end, exact_b = tm.offset_at(b)
    if not (exact_a and exact_b) and last == first:
        notes.append("The selection was trimmed to the provision's own text.")
    text = row.text
    # whitespace at the edges is not part of what was meant
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return SelectionTarget(row.id, 0, 0, "", "The selection holds no text of the provision.")
    return SelectionTarget(row.id, start, end, text[start:end], " ".join(notes))


def swatch(hex_colour: str, size: int = 14) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(QColor(hex_colour))
    return pix


class AnnotateDialog(KeepsTyping, QDialog):
    """Colour, comment (Markdown with a live preview), tags and sensitivity.

    The properties give what to save; Save writes through the saver
    (:meth:`~vdesk.qt.dialogs.keeping.KeepsTyping.set_saver`) and stays open, with
    the text and the reason under it, when the write fails; Escape asks before
    typed text is discarded. The quote (or "Whole provision") and the citation
    are shown at the top so the user sees what the note is attached to.
    Signals:
        colours_requested(): the "Colours…" button was pressed.
    """

    colours_requested = Signal()

    def __init__(
        self,
        citation: str,
        quote: str,
        colours: Sequence[Colour],
        tags: Sequence[str],
        parent: QWidget | None = None,
        *,
        existing: Annotation | None = None,
        note: str = "",
        default_colour: str = "yellow",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("annotateDialog")
        self.setWindowTitle("Edit annotation" if existing else "Annotate")
        self.resize(720, 520)
        lay = QVBoxLayout(self)
        where = QLabel(f"<b>{_esc(citation)}</b>", self)
        where.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(where)
        shown = f"“{_esc(_short(quote, 300))}”" if quote else "<i>Whole provision</i>"
        self.quote_label = QLabel(shown, self)
        self.quote_label.setObjectName("annotateQuote")
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.quote_label)
        self.note_label = QLabel(_esc(note), self)
        self.note_label.setObjectName("annotateClipNote")
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #b45309;")
        self.note_label.setVisible(bool(note))
        lay.addWidget(self.note_label)

        form = QFormLayout()
        row = QHBoxLayout()
        self.colour_combo = QComboBox(self)
        self.colour_combo.setAccessibleName("Colour")
        self.colours_button = QPushButton("Colours…", self)
        self.colours_button.setToolTip("Rename what each colour means")
        self.colours_button.clicked.connect(self.colours_requested)
        row.addWidget(self.colour_combo, 1)
        row.addWidget(self.colours_button)
        colour_label = QLabel("&Colour:", self)
        colour_label.setBuddy(self.colour_combo)
        form.addRow(colour_label, row)
        self.set_colours(colours, existing.colour if existing else default_colour)

        self.tags_edit = QLineEdit(self)
        self.tags_edit.setAccessibleName("Tags")
        self.tags_edit.setPlaceholderText("comma-separated, e.g. cybercrime, follow-up")
        self._tag_completer = QCompleter(list(tags), self)
        self._tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._tag_completer.setWidget(self.tags_edit)
        self._tag_completer.activated.connect(self._insert_tag)
        self.tags_edit.textEdited.connect(self._complete_tag)
        form.addRow("&Tags:", self.tags_edit)

        self.sensitivity_combo = QComboBox(self)
        self.sensitivity_combo.setAccessibleName("Sensitivity")
        for s in SENSITIVITIES:
            self.sensitivity_combo.addItem(SENSITIVITY_LABELS[s], s)
        form.addRow("&Sensitivity:", self.sensitivity_combo)
        lay.addLayout(form)

        grid = QGridLayout()
        grid.addWidget(QLabel("Comment (Markdown):", self), 0, 0)
        grid.addWidget(QLabel("Preview:", self), 0, 1)
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setAccessibleName("Comment")
        self.comment_edit.setPlaceholderText(
            "Why this matters, what to do… **bold**, *italic*, - lists"
        )
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("annotatePreview")
        self.preview.setAccessibleName("Comment preview")
        self.preview.setOpenLinks(False)
        grid.addWidget(self.comment_edit, 1, 0)
        grid.addWidget(self.preview, 1, 1)
        lay.addLayout(grid, 1)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(150)
        self._preview_timer.timeout.connect(self.update_preview)
        self.comment_edit.textChanged.connect(self._preview_timer.start)

        self.error_label = QLabel("", self)
        self.error_label.setObjectName("annotateError")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        lay.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        if existing is not None:
            self.comment_edit.setPlainText(existing.comment)
            self.tags_edit.setText(", ".join(existing.tags))
            self.sensitivity_combo.setCurrentIndex(SENSITIVITIES.index(existing.sensitivity))
        self.update_preview()
        self.comment_edit.setFocus()
        self._keep()

    def _state(self) -> object:
        return (self.colour, self.comment, self.tags_edit.text(), self.sensitivity)

    def accept(self) -> None:
        """Save: the dialog closes only once the values are written."""
        self._accept_saving()

    def set_colours(self, colours: Sequence[Colour], current: str | None = None) -> None:
        current = current or self.colour
        self.colour_combo.clear()
        for c in colours:
            self.colour_combo.addItem(swatch(c.hex), f"{c.meaning} ({c.name})", c.name)
        at = self.colour_combo.findData(current)
        self.colour_combo.setCurrentIndex(max(0, at))

    @property
    def colour(self) -> str:
        return str(self.colour_combo.currentData() or "")

    @property
    def comment(self) -> str:
        return self.comment_edit.toPlainText()

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in self.tags_edit.text().split(",") if t.strip())

    @property
    def sensitivity(self) -> str:
        return str(self.sensitivity_combo.currentData())

    def update_preview(self) -> None:
        from ...export.render import render_note  # Markdown: loaded when first needed

        text = self.comment
        self.preview.setHtml(render_note(text) if text.strip() else "<i>No comment</i>")

    def _complete_tag(self, text: str) -> None:
        current = text.rsplit(",", 1)[-1].strip()
        if not current:
            popup = self._tag_completer.popup()
            if popup is not None:
                popup.hide()
            return
        self._tag_completer.setCompletionPrefix(current)
        self._tag_completer.complete()

    def _insert_tag(self, tag: str) -> None:
        head = self.tags_edit.text().rsplit(",", 1)
        done = [head[0]] if len(head) == 2 else []
        self.tags_edit.setText(", ".join([*(t.strip() for t in done if t.strip()), tag]) + ", ")


class ColoursDialog(QDialog):
    """Edit what each highlight colour means ("Agreed language", "Concern" …)."""

    def __init__(self, colours: Sequence[Colour], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coloursDialog")
        self.setWindowTitle("Colours and their meanings")
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("What each highlight colour means to you:", self))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for c in colours:
            label = QLabel(self)
            label.setPixmap(swatch(c.hex, 18))
            edit = QLineEdit(c.meaning, self)
            edit.setAccessibleName(f"Meaning of {c.name}")
            row = QHBoxLayout()
            row.addWidget(label)
            row.addWidget(edit, 1)
            form.addRow(c.name.capitalize() + ":", row)
            self.edits[c.name] = edit
        lay.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("coloursError")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        lay.insertWidget(lay.count() - 1, self.error_label)

    def accept(self) -> None:
        """Refuse empty meanings with a message (nothing is saved then)."""
        empty = [name for name, e in self.edits.items() if not e.text().strip()]
        if empty:
            self.error_label.setText(
                f"Give every colour a meaning ({', '.join(empty)} has none); nothing was saved."
            )
            self.error_label.show()
            self.edits[empty[0]].setFocus()
            return
        super().accept()

    def meanings(self) -> dict[str, str]:
        return {k: e.text().strip() for k, e in self.edits.items() if e.text().strip()}


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

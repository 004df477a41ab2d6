"""Annotations drawn on the reader's page: colour, sensitivity, hover comments.

After each render of the page (:attr:`ReaderView.page_rendered`) the annotations
of the provisions shown are painted on the document as character formats: the
quote's background in its colour, a wavy red underline when it is confidential;
a note on a whole provision colours its number in the margin. Hovering a mark
shows its comment rendered from Markdown (sanitised). Positions come from
:class:`~vdesk.qt.dialogs.annotate.TextMap`, so a mark covers exactly
``text[start:end]`` of its provision.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QToolTip

from ..export.render import render_note
from ..notes.anchoring import is_intact
from ..notes.model import Annotation, Colour
from .dialogs.annotate import TextMap, text_map
from .page import TEXT_KINDS
from .widgets.reader import ReaderView

CONFIDENTIAL_UNDERLINE = "#c62828"
SENSITIVITY_NAMES = {
    "personal": "Personal",
    "shareable": "Shareable",
    "confidential": "Confidential",
}


@dataclass(frozen=True, slots=True)
class Mark:
    """One annotation's span in the reader's document."""

    start: int  # document positions
    end: int
    annotation: Annotation


class ReaderMarks(QObject):
    """Paints annotations on ``reader``; ``source(node_ids)`` gives them."""

    def __init__(
        self,
        reader: ReaderView,
        source: Callable[[Sequence[str]], Sequence[Annotation]],
        colours: Callable[[], Sequence[Colour]],
    ) -> None:
        super().__init__(reader)
        self._reader = reader
        self._source = source
        self._colours = colours
        self._colour_cache: dict[str, Colour] | None = None
        self.marks: list[Mark] = []
        reader.page_rendered.connect(self.apply)
        reader.viewport().installEventFilter(self)

    def page_node_ids(self) -> list[str]:
        """The provisions whose text is shown on the reader's page."""
        page = self._reader.page
        if page is None:
            return []
        return [r.id for r in page.rows if r.kind in TEXT_KINDS and r.id not in page.collapsed]

    def colours_changed(self) -> None:
        self._colour_cache = None

    def _colour(self, name: str) -> Colour | None:
        if self._colour_cache is None:
            self._colour_cache = {c.name: c for c in self._colours()}
        return self._colour_cache.get(name)

    def apply(self) -> None:
        """Paint every annotation of the page (the page was just rendered)."""
        self.marks = []
        page = self._reader.page
        ids = self.page_node_ids()
        if page is None or not ids:
            return
        annotations = self._source(ids)
        if not annotations:
            return
        doc = self._reader.document()
        doc.setUndoRedoEnabled(False)  # a read-only page: formats need no undo history
        dark = QColor(self._reader.reader_style.background).lightness() < 128
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        maps: dict[str, TextMap | None] = {}
        for a in annotations:
            row = page.row(a.node_id)
            if row is None:
                continue
            if a.node_id not in maps:
                maps[a.node_id] = text_map(self._reader, a.node_id)
            tm = maps[a.node_id]
            if tm is None:
                continue
            if a.anchor.whole_node:
                # a note on the whole provision colours its number in the margin
                # (the whole text if it has none)
                start = self._reader.node_position(a.node_id)
                number = _number_text(self._reader, start) if start is not None else ""
                if start is None or not number:
                    start, end = tm.cell_start, tm.end_position
                else:
                    end = start + len(number)
            else:
                if not is_intact(a.anchor, row.text):
                    continue  # stale (it is in the review list): never mark the wrong words
                start = tm.position_of(a.anchor.start)
                end = tm.position_of(a.anchor.end, end=True)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(self._format(a, dark))
            self.marks.append(Mark(start, end, a))
        cursor.endEditBlock()

    def _format(self, a: Annotation, dark: bool) -> QTextCharFormat:
        fmt = QTextCharFormat()
        colour = self._colour(a.colour)
        fmt.setBackground(QColor(colour.hex if colour else "#fff59d"))
        if dark:
            fmt.setForeground(QColor("#000000"))
        if a.sensitivity == "confidential":
            fmt.setFontUnderline(True)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor(CONFIDENTIAL_UNDERLINE))
        return fmt

    # hovering -----------------------------------------------------------------
    def marks_at(self, position: int) -> list[Mark]:
        return [m for m in self.marks if m.start <= position < m.end]

    def mark_for(self, annotation_id: str) -> Mark | None:
        return next((m for m in self.marks if m.annotation.id == annotation_id), None)

    def tooltip_at(self, position: int) -> str:
        """Rich text for the annotations at document ``position`` ("" for none)."""
        return "<hr/>".join(self.tooltip_html(m.annotation) for m in self.marks_at(position))

    def tooltip_html(self, a: Annotation) -> str:
        colour = self._colour(a.colour)
        head = html.escape(colour.meaning if colour else a.colour)
        label = SENSITIVITY_NAMES.get(a.sensitivity, a.sensitivity)
        if a.sensitivity == "confidential":
            label = f'<span style="color:{CONFIDENTIAL_UNDERLINE}">&#9679; {label}</span>'
        parts = [f"<p><b>{head}</b> · {label}</p>"]
        if a.anchor.whole_node:
            parts.append("<p><i>Note on the whole provision</i></p>")
        parts.append(render_note(a.comment) if a.comment.strip() else "<p><i>No comment</i></p>")
        if a.tags:
            parts.append(f"<p>Tags: {html.escape(', '.join(a.tags))}</p>")
        return "".join(parts)

    def position_at(self, point: QPoint) -> int:
        """Document position of the character under viewport ``point`` (-1: none)."""
        offset = QPoint(
            self._reader.horizontalScrollBar().value(), self._reader.verticalScrollBar().value()
        )
        layout = self._reader.document().documentLayout()
        return layout.hitTest((point + offset).toPointF(), Qt.HitTestAccuracy.ExactHit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = self.position_at(event.pos())
            tip = self.tooltip_at(pos) if pos >= 0 else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self._reader.viewport())
                return True
        return super().eventFilter(watched, event)

    # selecting ------------------------------------------------------------------
    def select(self, a: Annotation) -> bool:
        """Select ``a``'s quote in the reader (its number for a whole provision)."""
        mark = self.mark_for(a.id)
        if mark is None:
            return False
        cursor = QTextCursor(self._reader.document())
        cursor.setPosition(mark.end)
        cursor.setPosition(mark.start, QTextCursor.MoveMode.KeepAnchor)
        self._reader.setTextCursor(cursor)
        self._reader.ensureCursorVisible()
        return True


def _number_text(reader: ReaderView, start: int) -> str:
    """The provision number printed in the margin cell that starts at ``start``."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(start)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()

"""Annotations drawn on the reader's page: colour, sensitivity, hover comments.

Each time the reader renders a page it asks :meth:`ReaderMarks.highlights` for
the annotations of the provisions shown, as :class:`~vdesk.qt.page.Highlight`
spans with a class per colour (``ann-red``) and ``ann-conf`` when confidential
(a red underline); the CSS for those classes follows the colours the user
defined. A note on a whole provision colours its number in the margin instead.
Nothing is formatted after the render, so marks cost no relayout. Hovering a
mark shows its comment rendered from Markdown (sanitised). Document positions
of the marks come from :class:`~vdesk.qt.dialogs.annotate.TextMap` when first
needed (hover, select), so a mark covers exactly ``text[start:end]`` of its
provision.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QToolTip

from vdesk.domain.notes import Annotation, Colour

from .dialogs.annotate import TextMap, text_map
from .page import NUMBER, TEXT_KINDS, Highlight, Page, node_number
from .widgets.reader import ReaderView

CONFIDENTIAL_UNDERLINE = "#c62828"
CONFIDENTIAL_CLASS = "ann-conf"
SENSITIVITY_NAMES = {
    "personal": "Personal",
    "shareable": "Shareable",
    "confidential": "Confidential",
}


def colour_class(name: str) -> str:
    """The CSS class of a highlight colour: "red" -> "ann-red"."""
    return "ann-" + re.sub(r"[^a-z0-9-]", "_", name.lower())


def highlight_css(colours: Sequence[Colour], dark: bool) -> str:
    """Rules for the annotation classes (appended to the reader stylesheet)."""
    ink = " color: #000000;" if dark else ""
    rules = [f"span.{colour_class(c.name)} {{ background-color: {c.hex};{ink} }}" for c in colours]
    rules.append(
        f"span.{CONFIDENTIAL_CLASS} {{ text-decoration: underline; "
        f"text-decoration-color: {CONFIDENTIAL_UNDERLINE}; }}"
    )
    return "\n" + "\n".join(rules) + "\n"


@dataclass(frozen=True, slots=True)
class Mark:
    """One annotation's span in the reader's document."""

    start: int  # document positions
    end: int
    annotation: Annotation


class ReaderMarks(QObject):
    """Draws annotations on ``reader``; ``source(node_ids)`` gives them."""

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
        self._dark = False
        self._shown: list[Annotation] = []  # on the page, in anchor order
        self._marks: list[Mark] | None = None
        reader.highlight_source = self.highlights
        reader.viewport().installEventFilter(self)
        self.colours_changed()

    def page_node_ids(self, page: Page | None = None) -> list[str]:
        """The provisions whose text is shown on the reader's page."""
        page = page or self._reader.page
        if page is None:
            return []
        return [r.id for r in page.rows if r.kind in TEXT_KINDS and r.id not in page.collapsed]

    def colours_changed(self) -> None:
        """The user renamed or added colours: new CSS (the caller re-renders)."""
        self._colour_cache = None
        self._dark = self._is_dark()
        self._reader.set_extra_css(highlight_css(list(self._colour_map().values()), self._dark))

    def _is_dark(self) -> bool:
        return QColor(self._reader.reader_style.background).lightness() < 128

    def _colour_map(self) -> dict[str, Colour]:
        if self._colour_cache is None:
            self._colour_cache = {c.name: c for c in self._colours()}
        return self._colour_cache

    def highlights(self, page: Page) -> Mapping[str, Sequence[Highlight]]:
        """The spans to mark on ``page`` (called by the reader as it renders)."""
        self._marks = None
        if self._is_dark() != self._dark:  # the palette changed: dark text on the colours
            self.colours_changed()
        ids = self.page_node_ids(page)
        rows = {r.id: r for r in page.rows}
        shown: list[Annotation] = []
        out: dict[str, list[Highlight]] = {}
        classes: dict[tuple[str, bool], str] = {}
        for a in self._source(ids) if ids else ():
            row = rows.get(a.node_id)
            if row is None:
                continue
            key = (a.colour, a.sensitivity == "confidential")
            css = classes.get(key)
            if css is None:
                css = classes[key] = colour_class(a.colour) + (
                    f" {CONFIDENTIAL_CLASS}" if key[1] else ""
                )
            if not a.anchor.whole_node:
                if row.text[a.anchor.start : a.anchor.end] != a.anchor.quote:
                    continue  # stale (it is in the review list): never mark the wrong words
                span = Highlight(a.anchor.start, a.anchor.end, css)
            elif node_number(row):  # a note on the whole provision: its number
                span = Highlight(NUMBER, NUMBER, css)
            else:
                span = Highlight(0, len(row.text), css)
            out.setdefault(a.node_id, []).append(span)
            shown.append(a)
        self._shown = shown
        return out

    @property
    def marks(self) -> list[Mark]:
        """Where each annotation on the page is, in document positions."""
        if self._marks is None:
            self._marks = self._positions(self._shown)
        return self._marks

    def _positions(self, annotations: Sequence[Annotation]) -> list[Mark]:
        page = self._reader.page
        if page is None:
            return []
        maps: dict[str, TextMap | None] = {}
        out: list[Mark] = []
        for a in annotations:
            if a.node_id not in maps:
                maps[a.node_id] = text_map(self._reader, a.node_id)
            tm = maps[a.node_id]
            row = page.row(a.node_id)
            if tm is None or row is None:
                continue
            if a.anchor.whole_node:
                # the number in the margin (the whole text if it has none)
                start = self._reader.node_position(a.node_id)
                number = node_number(row)
                if start is None or not number:
                    out.append(Mark(tm.cell_start, tm.end_position, a))
                else:
                    out.append(Mark(start, start + len(number), a))
            else:
                start = tm.position_of(a.anchor.start)
                out.append(Mark(start, tm.position_of(a.anchor.end, end=True), a))
        return out

    # hovering -----------------------------------------------------------------
    def marks_at(self, position: int) -> list[Mark]:
        """The marks covering document ``position`` (only its provision is mapped)."""
        node = self._reader.node_at(position)
        if self._marks is not None:
            found = self._marks
        else:
            found = self._positions([a for a in self._shown if a.node_id == node])
        return [m for m in found if m.start <= position < m.end]

    def mark_for(self, annotation_id: str) -> Mark | None:
        return next((m for m in self.marks if m.annotation.id == annotation_id), None)

    def tooltip_at(self, position: int) -> str:
        """Rich text for the annotations at document ``position`` ("" for none)."""
        return "<hr/>".join(self.tooltip_html(m.annotation) for m in self.marks_at(position))

    def tooltip_html(self, a: Annotation) -> str:
        from ..export.render import render_note  # Markdown: loaded when first needed

        colour = self._colour_map().get(a.colour)
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

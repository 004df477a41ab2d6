"""Stacked horizontal bars: per chapter, national and international actions by status.

Drawn with QPainter (no plotting library). Bars are to scale: a chapter with 16
actions has a bar twice as long as one with 8. Segments run implemented, in
progress, not started, not applicable, then not recorded (pale). A legend sits on
top. Clicking a segment emits ``segment_clicked(chapter_id, scope, status)``.

Signals:
    segment_clicked(str, str, str): chapter id, "national"/"international", status
        (one of STATUSES or "unrecorded").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from vdesk.domain.notes import STATUS_LABELS

from ...notes.dashboard import UNRECORDED, ChapterActions
from ..models.national_notes import STATUS_COLOURS

#: Segment order, left to right.
SEGMENTS = ("implemented", "in_progress", "not_started", "not_applicable", UNRECORDED)
SEGMENT_LABELS = {**STATUS_LABELS, UNRECORDED: "Not recorded"}
UNRECORDED_COLOUR = "#dadce0"
SCOPE_LABELS = {"national": "National", "international": "International"}

LEGEND_H = 34
BAR_H = 18
BAR_GAP = 4
BLOCK_GAP = 14
LABEL_W = 250
SCOPE_W = 86
COUNT_W = 70
MARGIN = 10


def segment_colour(status: str) -> QColor:
    return QColor(UNRECORDED_COLOUR if status == UNRECORDED else STATUS_COLOURS[status])


def short_chapter(label: str) -> str:
    """ "II. Action against corruption" → "II. Corruption"."""
    m = re.match(r"^([IVXLC]+\.)\s+Action (?:against|on)\s+(?:the\s+)?(.*)$", label)
    if not m:
        return label
    rest = m.group(2)
    return f"{m.group(1)} {rest[:1].upper()}{rest[1:]}"


@dataclass(frozen=True, slots=True)
class Segment:
    rect: QRectF
    chapter_id: str
    scope: str
    status: str
    count: int
    total: int
    chapter: str


class StatusChart(QWidget):
    segment_clicked = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusChart")
        self.setAccessibleName("Implementation status by chapter (chart)")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._data: list[ChapterActions] = []
        self._segments: list[Segment] = []

    def set_data(self, data: Sequence[ChapterActions]) -> None:
        self._data = list(data)
        self.updateGeometry()
        self.setMinimumHeight(self.sizeHint().height())
        self._layout()
        self.update()

    # --- geometry ---------------------------------------------------------------------
    def _chapters(self) -> list[tuple[str, str, list[ChapterActions]]]:
        out: dict[str, tuple[str, str, list[ChapterActions]]] = {}
        for c in self._data:
            key = c.counts.chapter_id
            if key not in out:
                out[key] = (key, c.counts.chapter, [])
            out[key][2].append(c)
        return list(out.values())

    def sizeHint(self) -> QSize:
        chapters = self._chapters()
        bars = sum(len(g) for _, _, g in chapters)
        h = MARGIN + LEGEND_H + bars * (BAR_H + BAR_GAP) + len(chapters) * BLOCK_GAP + MARGIN
        return QSize(760, h)

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        self._layout()
        super().resizeEvent(event)  # type: ignore[arg-type]

    def _bar_area(self) -> tuple[float, float]:
        left = MARGIN + LABEL_W + SCOPE_W
        width = max(60.0, self.width() - left - COUNT_W - MARGIN)
        return left, width

    def _layout(self) -> None:
        self._segments = []
        if not self._data:
            return
        longest = max(c.counts.provisions for c in self._data) or 1
        left, width = self._bar_area()
        y = MARGIN + LEGEND_H
        for chapter_id, chapter, groups in self._chapters():
            for g in groups:
                x = float(left)
                total = g.counts.provisions
                for status in SEGMENTS:
                    n = len(g.actions.get(status, ()))
                    if n:
                        w = width * n / longest
                        rect = QRectF(x, y, w, BAR_H)
                        self._segments.append(
                            Segment(rect, chapter_id, g.counts.scope, status, n, total, chapter)
                        )
                        x += w
                y += BAR_H + BAR_GAP
            y += BLOCK_GAP

    def segments(self) -> list[Segment]:
        return list(self._segments)

    def segment_at(self, pos: QPointF) -> Segment | None:
        return next((s for s in self._segments if s.rect.contains(pos)), None)

    def segment_rect(self, chapter_id: str, scope: str, status: str) -> QRectF | None:
        s = next(
            (
                s
                for s in self._segments
                if (s.chapter_id, s.scope, s.status) == (chapter_id, scope, status)
            ),
            None,
        )
        return s.rect if s else None

    # --- painting ---------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        muted = QColor(text)
        muted.setAlpha(150)
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        self._paint_legend(p, text)
        if not self._data:
            p.end()
            return
        left, _width = self._bar_area()
        base = self.font()
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.9))
        fm_bold = p.fontMetrics()
        y = MARGIN + LEGEND_H
        by_group: dict[tuple[str, str], list[Segment]] = {}
        for s in self._segments:
            by_group.setdefault((s.chapter_id, s.scope), []).append(s)
        for chapter_id, chapter, groups in self._chapters():
            block_h = len(groups) * (BAR_H + BAR_GAP) - BAR_GAP
            p.setFont(bold)
            fm_bold = p.fontMetrics()
            label = short_chapter(chapter)
            box = QRectF(MARGIN, y - 4, LABEL_W - 12, block_h + 8)
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            wrap = int(flags | Qt.TextFlag.TextWordWrap)
            if fm_bold.boundingRect(box.toRect(), wrap, label).height() > box.height():
                label = fm_bold.elidedText(label, Qt.TextElideMode.ElideRight, int(box.width()))
                wrap = int(flags)
            p.setPen(text)
            p.drawText(box, wrap, label)
            for g in groups:
                p.setFont(small)
                p.setPen(muted)
                p.drawText(
                    QRectF(MARGIN + LABEL_W, y, SCOPE_W - 8, BAR_H),
                    int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                    SCOPE_LABELS.get(g.counts.scope, g.counts.scope),
                )
                end = float(left)
                for s in by_group.get((chapter_id, g.counts.scope), []):
                    p.fillRect(s.rect, self._colour(s.status))
                    p.setPen(QPen(pal.color(QPalette.ColorRole.Base), 1))
                    p.drawLine(s.rect.topRight(), s.rect.bottomRight())
                    if s.rect.width() >= p.fontMetrics().horizontalAdvance(str(s.count)) + 6:
                        p.setPen(
                            text
                            if s.status == UNRECORDED
                            else QColor("#202124")
                            if s.status == "in_progress"
                            else QColor("#ffffff")
                        )
                        p.drawText(s.rect, int(Qt.AlignmentFlag.AlignCenter), str(s.count))
                    end = s.rect.right()
                recorded = g.counts.provisions - g.counts.unrecorded
                p.setPen(muted)
                p.drawText(
                    QRectF(end + 6, y, COUNT_W + 40, BAR_H),
                    int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                    f"{recorded} of {g.counts.provisions}",
                )
                y += BAR_H + BAR_GAP
            y += BLOCK_GAP
        p.end()

    def _colour(self, status: str) -> QColor:
        """Status colours are fixed; "not recorded" is a quiet tone of the palette,
        so that it recedes in dark mode as in light."""
        if status != UNRECORDED:
            return segment_colour(status)
        base = self.palette().color(QPalette.ColorRole.Base)
        return QColor("#3c4043") if base.lightness() < 128 else QColor(UNRECORDED_COLOUR)

    def _paint_legend(self, p: QPainter, text: QColor) -> None:
        x = float(MARGIN)
        y = float(MARGIN)
        fm = p.fontMetrics()
        for status in SEGMENTS:
            p.fillRect(QRectF(x, y + 3, 12, 12), self._colour(status))
            p.setPen(text)
            label = SEGMENT_LABELS[status]
            p.drawText(QPointF(x + 17, y + 3 + fm.ascent() - 1), label)
            x += 17 + fm.horizontalAdvance(label) + 18

    # --- interaction ------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        s = self.segment_at(event.position())
        if s is None:
            self.unsetCursor()
            QToolTip.hideText()
        else:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            what = "actions" if s.count != 1 else "action"
            QToolTip.showText(
                event.globalPosition().toPoint(),
                f"{s.chapter}\n{SCOPE_LABELS.get(s.scope, s.scope)} actions: "
                f"{s.count} {what} {SEGMENT_LABELS[s.status].lower()} (of {s.total})\n"
                "Click to list them",
                self,
            )
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        s = self.segment_at(event.position())
        if s is not None and event.button() == Qt.MouseButton.LeftButton:
            self.segment_clicked.emit(s.chapter_id, s.scope, s.status)
            return
        super().mousePressEvent(event)

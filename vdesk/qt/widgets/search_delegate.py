"""How a search hit is drawn: its citation in bold, its badges, the HTML snippet."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ..models.roles import Role
from ..models.search_results import HIT_BADGES, OWN_BADGE


class SnippetDelegate(QStyledItemDelegate):
    """Draws a result as its citation in bold (with its badges: "My annotation",
    "fn. 49", "has: …") over the HTML snippet.

    Every row has the same height (the citation and ``SNIPPET_LINES`` lines of
    snippet), so the view never lays out rows it does not show; the laid-out
    documents of rows shown are cached by content (citation, snippet, width).
    """

    SNIPPET_LINES = 3

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._cache: dict[tuple[str, str, int, str, tuple[str, ...]], QTextDocument] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    def _document(self, option: QStyleOptionViewItem, index) -> QTextDocument:  # type: ignore[no-untyped-def]
        citation = index.data(Role.CITATION) or ""
        snippet = index.data(Role.SNIPPET) or ""
        # keyed by content: the next keystroke often brings the same hits back
        badges: tuple[str, ...] = index.data(HIT_BADGES) or ()
        key = (citation, snippet, option.rect.width(), index.data(OWN_BADGE) or "", badges)
        doc = self._cache.get(key)
        if doc is not None:
            return doc
        doc = QTextDocument()
        doc.setDocumentMargin(4)
        doc.setDefaultFont(option.font)
        # every <b> of a snippet is a match; the citation is set in a span
        doc.setDefaultStyleSheet(
            "b { background-color: #ffd966; color: #000000; font-weight: normal; }"
            " span.cite { font-weight: bold; }"
            " span.own { background-color: #5e35b1; color: #ffffff; font-weight: bold; }"
            " span.fn { background-color: #e0e7ef; color: #1f3a5f; }"
            " span.has { background-color: #fdecc8; color: #5c3b00; }"
        )
        badge = index.data(OWN_BADGE)
        mark = f'<span class="own">&nbsp;{_esc(badge)}&nbsp;</span>&nbsp; ' if badge else ""
        tags = "".join(
            f'&nbsp; <span class="{"fn" if b.startswith("fn.") else "has"}">'
            f"&nbsp;{_esc(b).replace(' ', '&nbsp;')}&nbsp;</span>"  # wraps as one
            for b in badges
        )
        doc.setHtml(
            f'<div>{mark}<span class="cite">{_esc(citation)}</span>{tags}</div><div>{snippet}</div>'
        )
        doc.setTextWidth(max(80, option.rect.width()))
        if len(self._cache) > 300:
            self._cache.clear()
        self._cache[key] = doc
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:  # type: ignore[no-untyped-def]
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        clip = QRectF(0, 0, option.rect.width(), _whole_lines_height(doc, option.rect.height()))
        painter.setClipRect(clip)
        ctx.clip = clip
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # type: ignore[no-untyped-def]
        line = option.fontMetrics.lineSpacing()
        return QSize(200, line * (1 + self.SNIPPET_LINES) + 12)


def _whole_lines_height(doc: QTextDocument, limit: float) -> float:
    """The height of the lines of ``doc`` that fit entirely within ``limit``: no half lines."""
    layout = doc.documentLayout()
    bottom = 0.0
    block = doc.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        text_layout = block.layout()
        for i in range(text_layout.lineCount()):
            line = text_layout.lineAt(i)
            end = top + line.y() + line.height()
            if end > limit:
                return bottom or limit
            bottom = end
        block = block.next()
    return limit


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""The reader: one page of provisions, typeset like a UN document.

Signals:
    node_requested(str): a cross-reference or contents link was followed.
    current_node_changed(str): the caret moved into another provision (click or keys).
    back_requested(), forward_requested(): the mouse's back/forward buttons.
    page_rendered(): the document was rebuilt (a new page, new marks or style).
        Moving the focus mark within a page does not rebuild it: the mark's
        background is changed in place, so document positions stay valid.
"""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QMenu, QTextBrowser, QToolTip, QWidget

from ...data_files import resources_dir
from ..page import Highlight, Page, ReaderStyle, render_page, stylesheet
from .reader_copy import Passage, selected_passage, whole_provision

#: Lines longer than this many average characters are hard to read.
MEASURE_EM = 40
_CSS_FILE = resources_dir() / "reader.css"


def reader_css_template() -> str:
    """The reader stylesheet template (``resources/reader.css``)."""
    try:
        return _CSS_FILE.read_text(encoding="utf-8")
    except OSError:
        return ""


class ReaderView(QTextBrowser):
    """A read-only page. Holds the :class:`Page` it shows; never queries a repository."""

    node_requested = Signal(str)
    current_node_changed = Signal(str)
    back_requested = Signal()
    forward_requested = Signal()
    page_rendered = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        context_actions: Callable[[], Sequence[QAction]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setAccessibleName("Reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._css_template = reader_css_template()
        self._style = ReaderStyle()
        self._page: Page | None = None
        self._focus: str | None = None
        self._highlights: dict[str, tuple[Highlight, ...]] = {}
        self._node_starts: list[int] = []  # document position of each row, in order
        self._node_ids: list[str] = []
        self._hit_spans: list[tuple[int, int]] = []
        self._hit_lengths: tuple[int, ...] = ()
        self._last_body = ""
        self._body_focus: str | None = None  # the focus ``_last_body`` was drawn with
        self._hit_pos = -1
        self._caret_node: str | None = None
        # where the mouse drag that made the selection began and where it is:
        # across provisions Qt widens the cursor's position to whole tables
        self._drag: tuple[int, int] | None = None
        # extra entries for the context menu, registered by features ("Annotate…")
        self._context_actions = context_actions or (lambda: ())
        #: more spans to mark on each page a feature draws on (annotations), and
        #: the CSS rules for their classes
        self.highlight_source: Callable[[Page], Mapping[str, Sequence[Highlight]]] | None = None
        self._extra_css = ""
        # always there: a page that needs a scroll bar would otherwise be laid out
        # twice (without, then with it), and the measure would shift between pages
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.document().setUndoRedoEnabled(False)  # read-only: format edits need no history
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.cursorPositionChanged.connect(self._on_cursor_moved)

    # state ------------------------------------------------------------------
    @property
    def context_actions(self) -> list[QAction]:
        """The features' entries below the standard ones in the context menu."""
        return list(self._context_actions())

    @property
    def page(self) -> Page | None:
        return self._page

    @property
    def focus_id(self) -> str | None:
        return self._focus

    @property
    def hit_count(self) -> int:
        return len(self._hit_spans)

    @property
    def current_hit(self) -> int:
        return self._hit_pos

    @property
    def reader_style(self) -> ReaderStyle:
        return self._style

    def set_reader_style(self, style: ReaderStyle) -> None:
        self._style = style
        self.document().setDefaultStyleSheet(self._stylesheet())
        self.document().setDefaultFont(self.font())
        if self._page is not None:
            self._render(scroll=True)
        self._apply_measure()

    # showing ----------------------------------------------------------------
    def show_page(
        self,
        page: Page,
        focus: str | None = None,
        highlights: Mapping[str, Sequence[Highlight]] | None = None,
    ) -> None:
        """Show ``page`` with ``focus`` marked and scrolled to; ``highlights`` per node id."""
        self._page = page
        self._focus = focus or page.root.id
        self._highlights = {k: tuple(v) for k, v in (highlights or {}).items()}
        self._render(scroll=True)

    @property
    def last_body(self) -> str:
        """The HTML body of the page as shown (what a start-up snapshot shows)."""
        if self._page is not None and self._body_focus != self._focus:
            self._last_body, _ = render_page(
                self._page,
                focus=self._focus,
                highlights=self._all_highlights(),
                font_px=self._style.font_px,
            )
            self._body_focus = self._focus
        return self._last_body

    def show_html(self, body: str) -> None:
        """Show ready-made HTML (a snapshot of the last page) without a :class:`Page`."""
        if not self.document().defaultStyleSheet():
            self.document().setDefaultStyleSheet(self._stylesheet())
        self.setHtml(f"<html><body>{body}</body></html>")
        self._apply_measure()

    def set_focus_node(self, node_id: str) -> bool:
        """Move the mark to ``node_id`` if it is on this page; False if it is not."""
        if self._page is None or node_id not in self._node_ids:
            return False
        if node_id != self._focus:
            old, self._focus = self._focus, node_id
            # re-colour two elements instead of parsing and laying out the page again
            if old is not None:
                self._paint_focus(old, on=False)
            if not self._paint_focus(node_id, on=True):
                self._render(scroll=True)
                return True
            self._hit_pos = -1
            self._caret_node = node_id
        self._scroll_to_node(node_id)
        return True

    def _paint_focus(self, node_id: str, *, on: bool) -> bool:
        """Give the element that shows ``node_id`` (a provision's table, a
        heading's block) the focus background, or take it away."""
        pos = self.node_position(node_id)
        if pos is None:
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(pos)
        table = cursor.currentTable()
        fmt: QTextFormat = table.format() if table is not None else cursor.blockFormat()
        if on:
            fmt.setBackground(QColor(self._style.focus))
        else:
            fmt.clearBackground()
        if table is not None:
            table.setFormat(fmt.toTableFormat())
        else:
            cursor.setBlockFormat(fmt.toBlockFormat())
        return True

    def set_extra_css(self, css: str) -> None:
        """CSS appended to the reader stylesheet (classes of feature highlights)."""
        self._extra_css = css
        self.document().setDefaultStyleSheet(self._stylesheet())

    def _stylesheet(self) -> str:
        return stylesheet(self._css_template, self._style) + self._extra_css

    def _all_highlights(self) -> Mapping[str, Sequence[Highlight]]:
        """Search hits first (drawn innermost, so they stay visible), then the
        feature's marks."""
        if self.highlight_source is None or self._page is None:
            return self._highlights
        extra = self.highlight_source(self._page)
        if not extra:
            return self._highlights
        out: dict[str, list[Highlight]] = {k: list(v) for k, v in self._highlights.items()}
        for node_id, spans in extra.items():
            out.setdefault(node_id, []).extend(spans)
        return out

    def refresh(self) -> None:
        """Render the page again where it is (after its marks changed)."""
        if self._page is None:
            return
        bar = self.verticalScrollBar()
        top = bar.value()
        cursor = self.textCursor()
        anchor, pos = cursor.anchor(), cursor.position()
        hit = self._hit_pos
        self._render(scroll=False)
        if hit < len(self._hit_spans):  # the same hits: the one selected stays current
            self._hit_pos = hit
        end = self.document().characterCount() - 1
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(anchor, end))
        cursor.setPosition(min(pos, end), QTextCursor.MoveMode.KeepAnchor)
        self.blockSignals(True)
        self.setTextCursor(cursor)
        self.blockSignals(False)
        bar.setValue(top)

    def _render(self, scroll: bool) -> None:
        assert self._page is not None
        if not self.document().defaultStyleSheet():
            self.document().setDefaultStyleSheet(self._stylesheet())
        body, self._hit_lengths = render_page(
            self._page,
            focus=self._focus,
            highlights=self._all_highlights(),
            font_px=self._style.font_px,
        )
        self._last_body = body
        self._body_focus = self._focus
        self.blockSignals(True)
        self.setHtml(f"<html><body>{body}</body></html>")
        self.blockSignals(False)
        self._apply_measure()
        self._scan_anchors()
        self._hit_pos = -1
        self._caret_node = self._focus
        if scroll and self._focus:
            self._scroll_to_node(self._focus)
        self.page_rendered.emit()

    def _scan_anchors(self) -> None:
        """Record where each provision and each search hit starts in the document."""
        assert self._page is not None
        starts: dict[int, int] = {}
        hits: dict[int, int] = {}
        # a provision's anchor opens a block (its heading, number cell or text
        # cell); only search hits sit inside blocks
        whole_blocks = bool(self._hit_lengths)
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                for name in frag.charFormat().anchorNames():
                    if name.startswith("n") and name[1:].isdigit():
                        starts.setdefault(int(name[1:]), frag.position())
                    elif name.startswith("hit") and name[3:].isdigit():
                        hits.setdefault(int(name[3:]), frag.position())
                if not whole_blocks:
                    break
                it += 1
            block = block.next()
        ids = self._page.ids
        pairs = sorted((pos, ids[i]) for i, pos in starts.items() if i < len(ids))
        self._node_starts = [p for p, _ in pairs]
        self._node_ids = [i for _, i in pairs]
        lengths = self._hit_lengths
        self._hit_spans = [
            (pos, pos + (lengths[k] if k < len(lengths) else 1)) for k, pos in sorted(hits.items())
        ]

    def node_position(self, node_id: str) -> int | None:
        """Document position where ``node_id`` starts, None if it is not on the page."""
        if node_id not in self._node_ids:
            return None
        return self._node_starts[self._node_ids.index(node_id)]

    def node_at(self, position: int) -> str | None:
        """The provision whose text contains document ``position``."""
        i = bisect.bisect_right(self._node_starts, position) - 1
        return self._node_ids[i] if i >= 0 else None

    def _scroll_to_node(self, node_id: str) -> None:
        if node_id not in self._node_ids:
            return
        pos = self._node_starts[self._node_ids.index(node_id)]
        cursor = QTextCursor(self.document())
        cursor.setPosition(pos)
        self.blockSignals(True)
        self.setTextCursor(cursor)
        self.blockSignals(False)
        top = self.cursorRect(cursor).top()
        # show the paragraph a subparagraph belongs to, when it fits above it
        lead = self._paragraph_start(node_id)
        if lead is not None:
            cursor.setPosition(lead)
            lead_top = self.cursorRect(cursor).top()
            if top - lead_top < self.viewport().height() * 0.55:
                top = lead_top
        bar = self.verticalScrollBar()
        height = self.viewport().height()
        if bar.value() + top < height * 0.55:
            # near the start of the page: show it from its heading rather than
            # leave the heading cut in half at the top
            bar.setValue(0)
            return
        bar.setValue(bar.value() + top - round(height * 0.12))

    def _paragraph_start(self, node_id: str) -> int | None:
        """Document position of the paragraph that holds subparagraph/item ``node_id``."""
        page = self._page
        row = page.row(node_id) if page else None
        holder = None
        while row is not None and row.kind in ("subparagraph", "item") and page is not None:
            holder = page.row(row.parent_id) if row.parent_id else None
            row = holder
        if holder is None or holder.id not in self._node_ids:
            return None
        return self._node_starts[self._node_ids.index(holder.id)]

    # measure ----------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_measure()

    def _apply_measure(self) -> None:
        width = self.viewport().width()
        measure = MEASURE_EM * self._style.font_px
        side = max(12, (width - measure) // 2)
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        if fmt.leftMargin() != side or fmt.rightMargin() != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(16)
            fmt.setBottomMargin(48)
            root.setFrameFormat(fmt)

    # search hits ------------------------------------------------------------
    def step_hit(self, step: int) -> bool:
        """Select the next (+1) or previous (-1) search hit, wrapping around."""
        if not self._hit_spans:
            return False
        self._hit_pos = (self._hit_pos + step) % len(self._hit_spans)
        self._drag = None
        a, b = self._hit_spans[self._hit_pos]
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def select_first_hit_in(self, node_id: str) -> bool:
        """Select the first search hit inside ``node_id`` (else the first on the page)."""
        if not self._hit_spans:
            return False
        start = 0
        if node_id in self._node_ids:
            start = self._node_starts[self._node_ids.index(node_id)]
        first = next((i for i, (a, _b) in enumerate(self._hit_spans) if a >= start), 0)
        self._hit_pos = first - 1
        return self.step_hit(1)

    def find_text(self, text: str, backward: bool = False) -> bool:
        """Find ``text`` in the page from the caret, wrapping around once."""
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        self._drag = None
        if self.find(text, flags):
            return True
        cursor = self.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
        )
        self.setTextCursor(cursor)
        return self.find(text, flags)

    # links, footnotes, caret ------------------------------------------------
    def _on_anchor_clicked(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("node:"):
            self.node_requested.emit(target[5:])
        elif target.startswith("fn:"):
            self._show_footnote(target[3:])

    def footnote_text(self, num: str) -> str | None:
        if self._page is None:
            return None
        for notes in self._page.footnotes.values():
            for fn in notes:
                if fn.num == num:
                    return fn.text
        return None

    def _show_footnote(self, num: str) -> None:
        text = self.footnote_text(num)
        if text is None:
            return
        pos = self.mapToGlobal(self.cursorRect().bottomLeft()) + QPoint(0, 4)
        QToolTip.showText(pos, f"<p><sup>{html.escape(num)}</sup> {html.escape(text)}</p>", self)

    def _on_cursor_moved(self) -> None:
        node = self.node_at(self.textCursor().position())
        if node and node != self._caret_node:
            self._caret_node = node
            self._move_band(node)
            self.current_node_changed.emit(node)

    def _move_band(self, node_id: str) -> None:
        """Mark ``node_id`` as the current provision where the page is, without
        scrolling or touching the caret (the user just put it there)."""
        if node_id == self._focus:
            return
        old, self._focus = self._focus, node_id
        if old is not None:
            self._paint_focus(old, on=False)
        self._paint_focus(node_id, on=True)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.back_requested.emit()
            event.accept()
            return
        if event.button() == Qt.MouseButton.ForwardButton:
            self.forward_requested.emit()
            event.accept()
            return
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            cursor = self.textCursor()
            self._drag = (cursor.anchor(), self._point_position(event))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if self._drag is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._drag = (self._drag[0], self._point_position(event))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag = (self._drag[0], self._point_position(event))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._drag = None  # the keys move the selection's end now
        super().keyPressEvent(event)

    def _point_position(self, event: QMouseEvent) -> int:
        return self.cursorForPosition(event.position().toPoint()).position()

    # copying ----------------------------------------------------------------
    def passage(self) -> Passage | None:
        """What "Copy with citation" takes: the provisions' text the user selected,
        or the current provision whole when nothing is (a search hit selected by
        the app is not a selection of the user's)."""
        page = self._page
        if page is None:
            return None
        cursor = self.textCursor()
        if cursor.hasSelection() and not self._hit_is_selected(cursor):
            # where the drag began and ended: across provisions (tables) Qt widens
            # the selection itself to whole tables (a selection made with the keys
            # is taken as widened: whole provisions at its end, as it is shown)
            end = cursor.position()
            if self._drag is not None and self._drag[0] == cursor.anchor():
                end = self._drag[1]
            a, b = sorted((cursor.anchor(), end))
            return selected_passage(self, a, b)
        node = self.node_at(cursor.position()) or self._focus
        if cursor.hasSelection():
            node = self.node_at(cursor.selectionStart()) or node
        row = page.row(node) if node else None
        return whole_provision(row) if row is not None else None

    def _hit_is_selected(self, cursor: QTextCursor) -> bool:
        if not 0 <= self._hit_pos < len(self._hit_spans):
            return False
        return (cursor.selectionStart(), cursor.selectionEnd()) == self._hit_spans[self._hit_pos]

    def citation_text(self) -> tuple[str, str] | None:
        """(plain, html) of :meth:`passage` with its citation."""
        passage = self.passage()
        if passage is None:
            return None
        quote, citation = passage.quote, passage.citation
        plain = f"{quote}\n({citation})"
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in quote.splitlines() if p.strip())
        rich = f"<blockquote>{paras}</blockquote><p>({html.escape(citation)})</p>"
        return plain, rich

    def copy_with_citation(self) -> bool:
        got = self.citation_text()
        if got is None:
            return False
        plain, rich = got
        mime = QMimeData()
        mime.setText(plain)
        mime.setHtml(rich)
        QGuiApplication.clipboard().setMimeData(mime)
        return True

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if not self.textCursor().hasSelection():
            self.setTextCursor(self.cursorForPosition(event.pos()))
        menu: QMenu = self.createStandardContextMenu(event.pos())
        action = menu.addAction("Copy with citation")
        action.setShortcut("Ctrl+Shift+C")
        action.triggered.connect(self.copy_with_citation)
        extra = self.context_actions
        if extra:
            menu.addSeparator()
            menu.addActions(extra)
        menu.exec(event.globalPos())
        menu.deleteLater()

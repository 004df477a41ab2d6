"""Full-text search as you type, with filters and results that open in the reader.

"Include my notes" adds matches in the user's annotations and national notes,
first and marked with a badge; with it off the search does no extra work.

Signals:
    hit_activated(str, tuple): a result was opened: node id and the terms to highlight.
    own_hit_activated(str, str): a match in the user's own work was opened: entity, id.
    results_shown(int): results (or an error) are on screen; the hit count (-1 for an error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from vdesk.store.notes.contract import NotesStore

    from ...search.searcher import Searcher
    from ...store.corpus_db import CorpusRepo
from ..models.roles import Role
from ..models.search_results import OWN_BADGE, OwnResult, SearchResultListModel

DEBOUNCE_MS = 150
RESULT_LIMIT = 20  # snippets cost ~1 ms a hit; the count says how many more match
OWN_LIMIT = 10  # matches in the user's own work shown above the documents' hits

SYNTAX_HELP = (
    "<b>Words</b> are matched in all their forms (<i>traffic</i> finds <i>trafficking</i>). "
    '<b>"A phrase"</b> in quotation marks. <b>AND</b>, <b>OR</b>, <b>NOT</b> and '
    "parentheses combine words; <b>prefix*</b> matches beginnings. Filters: "
    "<b>doc:VD</b> (or POA, DPOA, a document key), <b>kind:paragraph</b>, "
    "<b>scope:national</b>."
)


class _SnippetDelegate(QStyledItemDelegate):
    """Draws a result as its citation in bold over the HTML snippet.

    Every row has the same height (the citation and ``SNIPPET_LINES`` lines of
    snippet), so the view never lays out rows it does not show; the laid-out
    documents of rows shown are cached by content (citation, snippet, width).
    """

    SNIPPET_LINES = 3

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._cache: dict[tuple[str, str, int, str], QTextDocument] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    def _document(self, option: QStyleOptionViewItem, index) -> QTextDocument:  # type: ignore[no-untyped-def]
        citation = index.data(Role.CITATION) or ""
        snippet = index.data(Role.SNIPPET) or ""
        # keyed by content: the next keystroke often brings the same hits back
        key = (citation, snippet, option.rect.width(), index.data(OWN_BADGE) or "")
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
        )
        badge = index.data(OWN_BADGE)
        mark = f'<span class="own">&nbsp;{_esc(badge)}&nbsp;</span>&nbsp; ' if badge else ""
        doc.setHtml(
            f'<div>{mark}<span class="cite">{_esc(citation)}</span></div><div>{snippet}</div>'
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


_MD_MARKS = re.compile(r"(\*\*|__|\*|`)|^\s*[-+] |\n\s*[-+] |\n+")


def _plain(markdown: str) -> str:
    """A note's Markdown as it reads: emphasis marks dropped, list items and line
    breaks run together ("**bold**\n- item" → "bold · item")."""
    return _MD_MARKS.sub(lambda m: "" if m.group(1) else " · ", markdown).strip(" ·")


def _mark(snippet: str, words: list[str]) -> str:
    """``snippet`` as HTML with every occurrence of ``words`` (any case) in ``<b>``."""
    parts = [re.escape(w) for w in words if w]
    if not parts:
        return _esc(snippet)
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    out, at = [], 0
    for m in pattern.finditer(snippet):
        out.append(_esc(snippet[at : m.start()]))
        out.append(f"<b>{_esc(m.group())}</b>")
        at = m.end()
    out.append(_esc(snippet[at:]))
    return "".join(out)


class _QueryEdit(QLineEdit):
    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


@dataclass(frozen=True, slots=True)
class ShownSearch:
    """The search whose results the panel lists: what an export of them repeats."""

    query: str
    doc: str | None = None
    scope: str | None = None
    within: str | None = None


class SearchPanel(QWidget):
    hit_activated = Signal(str, tuple)
    own_hit_activated = Signal(str, str)
    results_shown = Signal(int)

    def __init__(self, searcher: Searcher, repo: CorpusRepo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self._searcher = searcher
        self._repo = repo
        self._terms: tuple[str, ...] = ()
        self._notes: NotesStore | None = None
        self.model = SearchResultListModel(self)

        self.query_edit = _QueryEdit(self)
        self.query_edit.setObjectName("searchQuery")
        self.query_edit.setPlaceholderText(
            'Search the documents…  e.g. "trafficking in persons" doc:POA'
        )
        self.query_edit.setAccessibleName("Search query")
        self.query_edit.setClearButtonEnabled(True)
        self.help_button = QToolButton(self)
        self.help_button.setText("?")
        self.help_button.setCheckable(True)
        self.help_button.setToolTip("Query syntax")
        self.help_button.setAccessibleName("Query syntax help")

        self.doc_combo = QComboBox(self)
        self.doc_combo.setAccessibleName("Document")
        self.doc_combo.addItem("All documents", None)
        for d in repo.documents():
            self.doc_combo.addItem(d.short, d.key)
        self.scope_combo = QComboBox(self)
        self.scope_combo.setAccessibleName("National or international actions")
        self.scope_combo.addItem("National and international", None)
        self.scope_combo.addItem("National actions", "national")
        self.scope_combo.addItem("International actions", "international")
        self.chapter_combo = QComboBox(self)
        self.chapter_combo.setAccessibleName("Chapter")
        self.chapter_combo.addItem("Any chapter", None)
        self.chapter_combo.setEnabled(False)
        for combo in (self.doc_combo, self.scope_combo, self.chapter_combo):
            # narrow panes must not be widened by long document or chapter names
            combo.setMinimumContentsLength(6)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )

        self.own_check = QCheckBox("Include my notes", self)
        self.own_check.setObjectName("includeMyNotes")
        self.own_check.setToolTip(
            "Also search your annotations and national notes; their matches come first"
        )
        self.own_check.setEnabled(False)

        self.help_label = QLabel(SYNTAX_HELP, self)
        self.help_label.setWordWrap(True)
        self.help_label.setVisible(False)
        self.help_label.setObjectName("searchHelp")
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("searchStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.results = QListView(self)
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self._delegate = _SnippetDelegate(self.results)
        self.results.setItemDelegate(self._delegate)
        self.results.setUniformItemSizes(True)
        self.results.setWordWrap(True)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setAlternatingRowColors(True)

        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.query_edit, 1)
        top.addWidget(self.help_button)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(self.doc_combo, 1)
        filters.addWidget(self.scope_combo, 1)
        filters.addWidget(self.chapter_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.own_check)
        layout.addWidget(self.help_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.results, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.query_edit.textChanged.connect(lambda _t: self._timer.start())
        self.query_edit.returnPressed.connect(self._on_query_return)
        self.query_edit.down_pressed.connect(self._focus_results)
        self.help_button.toggled.connect(self.help_label.setVisible)
        self.doc_combo.currentIndexChanged.connect(self._on_doc_changed)
        self.scope_combo.currentIndexChanged.connect(lambda _i: self.run_search())
        self.chapter_combo.currentIndexChanged.connect(lambda _i: self.run_search())
        self.own_check.toggled.connect(lambda _on: self.run_search())
        self.results.activated.connect(self._on_result_activated)
        self.results.clicked.connect(self._on_result_activated)
        self.results.installEventFilter(self)
        self.setFocusProxy(self.query_edit)

    def current_search(self) -> ShownSearch | None:
        """The query and filters whose results are listed; None when nothing is."""
        query = self.query_edit.text().strip()
        if not query or self.model.rowCount() == 0:
            return None
        return ShownSearch(
            query,
            self.doc_combo.currentData(),
            self.scope_combo.currentData(),
            self.chapter_combo.currentData(),
        )

    @property
    def terms(self) -> tuple[str, ...]:
        return self._terms

    def set_notes(self, notes: NotesStore | None) -> None:
        """The user's notes store, for "Include my notes" (None: the toggle is off)."""
        self._notes = notes
        self.own_check.setEnabled(notes is not None)
        if notes is None:
            self.own_check.setChecked(False)

    def _on_doc_changed(self, _i: int) -> None:
        doc = self.doc_combo.currentData()
        self.chapter_combo.blockSignals(True)
        self.chapter_combo.clear()
        self.chapter_combo.addItem("Any chapter", None)
        if doc:
            for row in self._repo.document_nodes(doc):
                if row.kind == "chapter":
                    self.chapter_combo.addItem(row.display, row.id)
        self.chapter_combo.setEnabled(self.chapter_combo.count() > 1)
        self.chapter_combo.blockSignals(False)
        self.run_search()

    def run_search(self) -> None:
        """Search now with the current query and filters; errors are shown inline."""
        self._timer.stop()
        text = self.query_edit.text()
        if not text.strip():
            self.model.clear()
            self._terms = ()
            self.status_label.setText("")
            self._set_error(False)
            self.results_shown.emit(0)
            return
        from ...search.searcher import QueryError

        try:
            res = self._searcher.search(
                text,
                doc=self.doc_combo.currentData(),
                scope=self.scope_combo.currentData(),
                within=self.chapter_combo.currentData(),
                limit=RESULT_LIMIT,
            )
        except QueryError as exc:
            self.model.clear()
            self._terms = ()
            self.status_label.setText(str(exc))
            self._set_error(True)
            self.results_shown.emit(-1)
            return
        self._terms = res.terms
        own = self._own_results(text) if self.own_check.isChecked() else ()
        self.model.set_hits(res.hits, own)
        # fewer hits than asked for means these are all (a filtered total can be overstated)
        total = res.total if len(res.hits) >= RESULT_LIMIT else len(res.hits)
        if total == 0:
            msg = "No provision matches."
        elif total > len(res.hits):
            msg = f"{total} matches; the best {len(res.hits)} are shown."
        else:
            msg = "1 match." if total == 1 else f"{total} matches."
        if self.own_check.isChecked():
            mine = {0: "Nothing in your notes", 1: "1 match in your notes"}.get(
                len(own), f"{len(own)} matches in your notes"
            )
            msg = f"{mine}; in the documents: {msg[0].lower()}{msg[1:]}"
        self.status_label.setText(msg)
        self._set_error(False)
        self.results_shown.emit(len(res.hits) + len(own))

    def _own_results(self, text: str) -> tuple[OwnResult, ...]:
        """Matches in the user's own work, under the same document, chapter and
        scope filters as the documents' hits."""
        if self._notes is None:
            return ()
        from ...notes.dashboard import scope_of_section
        from ...notes.own_search import needles, search_own_words

        doc = self.doc_combo.currentData()
        within = self.chapter_combo.currentData()
        scope = self.scope_combo.currentData()
        hits = search_own_words(self._notes, text, limit=OWN_LIMIT * 5)
        if doc:
            hits = [h for h in hits if h.doc == doc]
        if within:
            hits = [h for h in hits if h.node_id == within or h.node_id.startswith(within + "/")]
        if scope:
            hits = [
                h
                for h in hits
                if any(
                    scope_of_section(a.heading) == scope
                    for a in self._repo.ancestors(h.node_id)
                    if a.kind == "section"
                )
            ]
        hits = hits[:OWN_LIMIT]
        rows = self._repo.nodes(list({h.node_id for h in hits}))
        words = needles(text)
        out = []
        for h in hits:
            row = rows.get(h.node_id)
            if h.entity == "national_note":
                note = self._notes.national_note(h.id)
                badge = f"My national note · {note.country}" if note else "My national note"
            else:
                badge = "My annotation"
            citation = row.citation if row is not None and row.citation else h.node_id
            out.append(OwnResult(h, citation, badge, _mark(_plain(h.snippet), words)))
        return tuple(out)

    def _set_error(self, error: bool) -> None:
        self.status_label.setProperty("error", error)
        self.status_label.setStyleSheet("color: #b3261e;" if error else "")

    def _on_query_return(self) -> None:
        self.run_search()
        if self.model.rowCount():
            self.open_row(0)

    def _focus_results(self) -> None:
        if self.model.rowCount():
            self.results.setFocus()
            if not self.results.currentIndex().isValid():
                self.results.setCurrentIndex(self.model.index(0, 0))

    def _on_result_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> None:
        own = self.model.own(row)
        if own is not None:
            self.results.setCurrentIndex(self.model.index(row, 0))
            self.hit_activated.emit(own.hit.node_id, ())
            self.own_hit_activated.emit(own.hit.entity, own.hit.id)
            return
        hit = self.model.hit(row)
        if hit is not None:
            self.results.setCurrentIndex(self.model.index(row, 0))
            self.hit_activated.emit(hit.id, self._terms)

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        if (
            watched is self.results
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Up
            and self.results.currentIndex().row() <= 0
        ):
            self.query_edit.setFocus()
            return True
        return super().eventFilter(watched, event)

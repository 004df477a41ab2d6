"""Full-text search as you type, with filters and results that open in the reader.

"Include my notes" adds matches in the user's annotations and national notes,
first and marked with a badge; with it off the search does no extra work.

Every hit is reachable: the list fetches the next page as it scrolls to the end,
and "Show more" does the same from the keyboard. Hits are sorted by relevance or
in document order; a row of per-document counts (as BibleTime's search analysis)
filters to one document when clicked; when no provision has all the words, an
info bar says so above the closest matches, each with the words it has.

Signals:
    hit_activated(str, tuple): a result was opened: node id and the terms to highlight.
    own_hit_activated(str, str): a match in the user's own work was opened: entity, id.
    results_shown(int): results (or an error) are on screen; the hit count (-1 for an error).
    sort_changed(str): the user chose another order (``RELEVANCE`` or ``DOCUMENT``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...documents import by_key

if TYPE_CHECKING:
    from vdesk.store.notes.contract import NotesStore

    from ...search.results import SearchHit, SearchResults
    from ...search.searcher import Searcher
    from ...store.corpus_db import CorpusRepo
from ..models.search_results import PAGE, OwnResult, SearchResultListModel
from .flow_layout import FlowLayout
from .search_delegate import SnippetDelegate

DEBOUNCE_MS = 150
RESULT_LIMIT = 20  # the first page: snippets cost ~0.2 ms a hit; the rest come on demand
#: The orders of vdesk.search.results (RELEVANCE, DOCUMENT; not imported: it loads Whoosh)
RELEVANCE, DOCUMENT = "relevance", "document"
SORT_LABELS = {RELEVANCE: "Best matches first", DOCUMENT: "In document order"}
OWN_LIMIT = 10  # matches in the user's own work shown above the documents' hits

SYNTAX_HELP = (
    "<b>Words</b> are matched in all their forms (<i>traffic</i> finds <i>trafficking</i>). "
    '<b>"A phrase"</b> in quotation marks. <b>AND</b>, <b>OR</b>, <b>NOT</b> and '
    "parentheses combine words; <b>prefix*</b> matches beginnings. Filters: "
    "<b>doc:VD</b> (or POA, DPOA, a document key), <b>kind:paragraph</b>, "
    "<b>scope:national</b>."
)


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


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


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
    sort_changed = Signal(str)

    def __init__(self, searcher: Searcher, repo: CorpusRepo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self._searcher = searcher
        self._repo = repo
        self._terms: tuple[str, ...] = ()
        self._results: SearchResults | None = None
        self._own_count = 0
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
        self.sort_combo = QComboBox(self)
        self.sort_combo.setObjectName("searchSort")
        self.sort_combo.setAccessibleName("Order of the results")
        self.sort_combo.setToolTip("Best matches first, or in the order of the documents")
        for key, label in SORT_LABELS.items():
            self.sort_combo.addItem(label, key)

        # per-document counts, as BibleTime's search analysis: click one to see only it
        self.counts_bar = QWidget(self)
        self.counts_bar.setObjectName("searchCounts")
        self.counts_bar.setAccessibleName("Matches per document")
        counts = FlowLayout(self.counts_bar)  # wraps in a narrow panel, never elides
        profiles = by_key()
        self.count_buttons: dict[str, QToolButton] = {}
        self._doc_labels: dict[str, tuple[str, str]] = {}
        for d in repo.documents():
            profile = profiles.get(d.key)
            self._doc_labels[d.key] = (profile.abbreviation if profile else d.short, d.short)
            button = QToolButton(self.counts_bar)
            button.setObjectName(f"searchCount-{d.key}")
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _on=False, key=d.key: self._on_count_clicked(key))
            counts.addWidget(button)
            self.count_buttons[d.key] = button
        self.counts_bar.setVisible(False)
        # many matches ("CCPCJ 2014 220") must not widen the panel: the row wraps
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.counts_bar.setSizePolicy(policy)
        self.partial_label = QLabel("", self)
        self.partial_label.setObjectName("searchPartial")
        self.partial_label.setAccessibleName("Partial matches")
        self.partial_label.setWordWrap(True)
        self.partial_label.setStyleSheet(
            "QLabel#searchPartial { background-color: #fff4d6; color: #4a3500;"
            " border: 1px solid #e0c36a; border-radius: 3px; padding: 4px 6px; }"
        )
        self.partial_label.setVisible(False)
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("searchMore")
        self.more_button.setToolTip("List the next results (scrolling to the end does too)")
        self.more_button.setAccessibleName("Show more results")
        self.more_button.setVisible(False)

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
        self._delegate = SnippetDelegate(self.results)
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
        options = QHBoxLayout()
        options.setSpacing(4)
        options.addWidget(self.own_check, 1)
        options.addWidget(self.sort_combo)
        layout.addLayout(options)
        layout.addWidget(self.help_label)
        status = QHBoxLayout()
        status.setSpacing(4)
        status.addWidget(self.status_label, 1)
        status.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(status)
        layout.addWidget(self.counts_bar)
        layout.addWidget(self.partial_label)
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
        self.sort_combo.currentIndexChanged.connect(self._on_sort_changed)
        self.more_button.clicked.connect(lambda: self.show_more())
        self.model.rowsInserted.connect(lambda *_a: self._show_status())
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

    @property
    def search_results(self) -> SearchResults | None:
        """The search listed (its first page), for the reader's highlights; None if none."""
        return self._results

    @property
    def sort(self) -> str:
        return str(self.sort_combo.currentData())

    def set_sort(self, sort: str) -> None:
        """Order the results by ``sort`` (``RELEVANCE`` or ``DOCUMENT``; others are ignored)."""
        i = self.sort_combo.findData(sort)
        if i >= 0:
            self.sort_combo.setCurrentIndex(i)

    def show_more(self, limit: int | None = PAGE) -> int:
        """List the next ``limit`` results (``None``: all); how many were added."""
        return self.model.fetch_more(limit)

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
            self._show_nothing("")
            self.results_shown.emit(0)
            return
        from ...search.searcher import QueryError

        doc = self.doc_combo.currentData()
        scope = self.scope_combo.currentData()
        within = self.chapter_combo.currentData()
        sort = self.sort
        searcher = self._searcher
        try:
            res = searcher.search(
                text, doc=doc, scope=scope, within=within, limit=RESULT_LIMIT, sort=sort
            )
        except QueryError as exc:
            self._show_nothing(str(exc))
            self._set_error(True)
            self.results_shown.emit(-1)
            return

        def fetch(offset: int, limit: int | None) -> tuple[SearchHit, ...]:
            # the same search as listed, even if the query box has changed since
            more = searcher.search(
                text, doc=doc, scope=scope, within=within, offset=offset, limit=limit, sort=sort
            )
            return more.hits

        self._results = res
        self._terms = res.terms
        own = self._own_results(text) if self.own_check.isChecked() else ()
        self._own_count = len(own)
        self.model.set_hits(res.hits, own, total=res.total, fetch=fetch)
        self._show_counts(res, doc)
        self.partial_label.setText(res.label if res.partial else "")
        self.partial_label.setVisible(res.partial)
        self._show_status()
        self._set_error(False)
        self.results_shown.emit(len(res.hits) + len(own))

    def _show_nothing(self, message: str) -> None:
        self.model.clear()
        self._results = None
        self._terms = ()
        self._own_count = 0
        self.status_label.setText(message)
        self._set_error(False)
        self.counts_bar.setVisible(False)
        # many matches ("CCPCJ 2014 220") must not widen the panel: the row wraps
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.counts_bar.setSizePolicy(policy)
        self.partial_label.setVisible(False)
        self.more_button.setVisible(False)

    def _show_status(self) -> None:
        """The count line: how many match, how many are listed, what "Show more" adds."""
        if self._results is None:
            return
        total, shown = self.model.total, self.model.hit_count
        if total == 0:
            msg = "No provision matches."
        elif shown < total:
            which = "best" if self.sort == RELEVANCE else "first"
            msg = f"{total} matches; the {which} {shown} are shown."
        else:
            msg = "1 match." if total == 1 else f"{total} matches."
        if self.own_check.isChecked():
            mine = {0: "Nothing in your notes", 1: "1 match in your notes"}.get(
                self._own_count, f"{self._own_count} matches in your notes"
            )
            msg = f"{mine}; in the documents: {msg[0].lower()}{msg[1:]}"
        self.status_label.setText(msg)
        more = min(PAGE, total - shown)
        self.more_button.setText(f"Show {more} more")
        self.more_button.setVisible(more > 0)

    def _show_counts(self, res: SearchResults, doc: str | None) -> None:
        """One button per document with matches ("VD 3"), checked for the one filtered to."""
        found = dict(res.counts)
        for key, button in self.count_buttons.items():
            n = found.get(key, 0)
            abbreviation, name = self._doc_labels[key]
            button.setText(f"{abbreviation} {n}")
            button.setChecked(key == doc)
            if key == doc:
                button.setToolTip(f"{name}: {n} matches. Click to search all documents again")
            else:
                button.setToolTip(f"{name}: {n} matches. Click to see only these")
            button.setAccessibleName(f"{name}: {n} matches")
            button.setVisible(n > 0)
        self.counts_bar.setVisible(bool(found))

    def _on_count_clicked(self, key: str) -> None:
        """Filter to the document clicked, or back to all when it is the one shown."""
        target = None if self.doc_combo.currentData() == key else key
        self.doc_combo.setCurrentIndex(max(0, self.doc_combo.findData(target)))

    def _on_sort_changed(self, _i: int) -> None:
        self.sort_changed.emit(self.sort)
        self.run_search()

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

"""Which page the reader shows for a node, and the search hits marked on it.

:class:`PageNavigator` keeps the last pages (:class:`~vdesk.qt.page.PageCache`)
and decides between moving the reader's mark within the page it shows and
loading the node's page, with the hits of search ``terms`` highlighted. The
window asks it to show a node, then syncs the tree, breadcrumb and title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .page import Highlight, PageCache, merge_hit_spans
from .widgets.reader import ReaderView

if TYPE_CHECKING:  # the corpus and the index pull in SQLAlchemy and Whoosh
    from ..search.results import SearchResults
    from ..search.searcher import Searcher
    from ..store.corpus_db import CorpusRepo, NodeRow


class PageNavigator:
    """Shows nodes in ``reader``, from the corpus ``repo``, with hits of ``searcher``."""

    def __init__(self, reader: ReaderView, repo: CorpusRepo, searcher: Searcher) -> None:
        self._reader = reader
        self._pages = PageCache(repo)
        self._searcher = searcher
        self._terms: tuple[str, ...] = ()

    def show(
        self, node_id: str, terms: tuple[str, ...] = (), results: SearchResults | None = None
    ) -> bool:
        """Put ``node_id`` in the reader: within the page shown when it is there (and
        no hits are marked or asked for), else its page is loaded, with the hits of
        ``results`` (or of the words ``terms``) marked. False if it has no page."""
        reader = self._reader
        page = reader.page
        same_page = (
            page is not None
            and not terms
            and not self._terms
            and node_id in page.ids
            and page.root.id != node_id
        )
        if same_page and reader.set_focus_node(node_id):
            return True
        found = self._pages.page(node_id)
        if found is None:
            return False
        self._terms = terms
        highlights = self.hit_highlights(found.rows, terms, results) if terms else {}
        reader.show_page(found, focus=node_id, highlights=highlights)
        return True

    def hit_highlights(
        self,
        rows: tuple[NodeRow, ...],
        terms: tuple[str, ...],
        results: SearchResults | None = None,
    ) -> dict[str, list[Highlight]]:
        """The spans of the search ``results`` in each row's text (its words and
        synonyms, a phrase only where whole), else of the words ``terms``; short words
        dropped when longer ones are searched for too."""
        out: dict[str, list[Highlight]] = {}
        drop_short = any(len(t) > 2 for t in terms)
        for r in rows:
            if r.text:
                if results is not None:
                    found = self._searcher.highlight(r.text, results)
                else:
                    found = self._searcher.match_spans(r.text, terms)
                spans = merge_hit_spans(r.text, found, drop_short)
                if spans:
                    out[r.id] = [Highlight(a, b, "match") for a, b in spans]
        return out

    def forget_pages(self) -> None:
        """Drop the pages kept for going back and forth (they are loaded again)."""
        self._pages.clear()

"""What a search returns: frozen values, text with match spans (HTML only as an adapter)."""

from __future__ import annotations

from dataclasses import dataclass

from .snippets import Snippet, Span, to_html, to_markdown

RELEVANCE = "relevance"
DOCUMENT = "document"
SORTS = (RELEVANCE, DOCUMENT)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching node.

    ``text`` is the snippet as plain text and ``spans`` the matches in it, (start, end)
    over ``text``; ``in_footnote`` is the printed mark of the footnote the snippet
    comes from when the node's own words do not match (else None). ``matched`` are the
    query's words this node has; ``partial`` when it lacks some of them."""

    id: str
    doc: str
    kind: str
    citation: str
    text: str
    spans: tuple[Span, ...]
    score: float
    in_footnote: str | None = None
    partial: bool = False
    matched: tuple[str, ...] = ()

    @property
    def snippet(self) -> str:
        """The snippet as HTML, matches in ``<b class="match">`` (for the window)."""
        return to_html(Snippet(self.text, self.spans))

    @property
    def snippet_markdown(self) -> str:
        """The snippet as plain text, matched words in ``**…**`` (for the command line)."""
        return to_markdown(Snippet(self.text, self.spans))


@dataclass(frozen=True, slots=True)
class SearchResults:
    """One page of hits. ``total`` counts every match (all pages); ``counts`` is
    (document key, matches) for each document with a match, in corpus order.

    ``partial`` when no node has all the words: the hits are then the nodes with the
    most of them, and ``label`` says so for the user (empty otherwise); ``words`` are
    the query's words as the user typed them (the parts of an AND)."""

    query: str
    hits: tuple[SearchHit, ...]
    total: int  # matches in all, may exceed len(hits)
    terms: tuple[str, ...]  # the user's words (indexed forms, prefixes expanded), for the reader
    phrases: tuple[tuple[str, ...], ...] = ()  # phrases to mark as one, synonyms included
    offset: int = 0
    sort: str = RELEVANCE
    counts: tuple[tuple[str, int], ...] = ()
    partial: bool = False
    label: str = ""
    words: tuple[str, ...] = ()
    mark_words: tuple[str, ...] = ()  # words to mark alone, synonyms included

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.hits) < self.total

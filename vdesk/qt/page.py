"""What the reader shows: a page of provisions around a node, and its HTML.

This module has no Qt in it on purpose: :func:`load_page` gathers rows from the
:class:`CorpusRepo` and :func:`render_page` turns them into the HTML subset that
``QTextBrowser`` understands, so tests can check the output directly.

A page is the smallest structural node that contains the node asked for (its
section, chapter, annex or resolution). Spans can be highlighted per node id
(search hits now, annotations later) without the renderer knowing why.
"""

from __future__ import annotations

import html
import itertools
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..documents import implementing, xref_target
from ..domain.kinds import TEXT_KINDS

if TYPE_CHECKING:  # the store pulls in SQLAlchemy; the reader only needs its rows
    from ..store.corpus_db import CorpusRepo, DocumentRow, FootnoteRow, NodeRow, XrefRow

#: A page with more nodes than this shows its sub-divisions as links only.
MAX_PAGE_NODES = 150
#: Documents whose references to the Declaration mean "implements it".
IMPLEMENTING_DOCS = implementing()
#: The document they implement (its ids start with ``<key>/``).
DECLARATION = getattr(xref_target("declaration"), "key", "")


#: ``Highlight(NUMBER, NUMBER, css)`` marks a provision's number in the margin.
NUMBER = -1


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span of a node's text to mark; ``css_class`` says how (``match``, ``note`` …).
    With ``start == end == NUMBER`` it marks the provision's number instead."""

    start: int
    end: int
    css_class: str = "match"


@dataclass(frozen=True, slots=True)
class Page:
    """Everything needed to draw one page, loaded in a handful of queries."""

    root: NodeRow
    document: DocumentRow
    ancestors: tuple[NodeRow, ...]  # document node .. parent of root
    rows: tuple[NodeRow, ...]  # root first, document order
    collapsed: frozenset[str]  # structural rows shown as a link only
    footnotes: Mapping[str, tuple[FootnoteRow, ...]]
    refs_out: tuple[XrefRow, ...]
    refs_in: tuple[XrefRow, ...]
    labels: Mapping[str, str] = field(default_factory=dict)  # node id -> link label

    def row(self, node_id: str) -> NodeRow | None:
        for r in self.rows:
            if r.id == node_id:
                return r
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rows)


@dataclass(frozen=True, slots=True)
class ReaderStyle:
    """Colours and sizes taken from the palette and preferences."""

    font_family: str = "DejaVu Serif"
    font_px: int = 17
    text: str = "#1d1d1f"
    background: str = "#ffffff"
    muted: str = "#6b6b70"
    link: str = "#1a5fb4"
    focus: str = "#fff4cc"
    match: str = "#ffd966"
    rule: str = "#d0d0d5"


def page_root(node: NodeRow, ancestors: Sequence[NodeRow]) -> NodeRow:
    """The node whose subtree forms the page that shows ``node``."""
    if node.kind not in TEXT_KINDS and (node.child_count or node.kind == "document"):
        return node
    for a in reversed(ancestors):
        if a.kind not in TEXT_KINDS:
            return a
    return node


def load_page(repo: CorpusRepo, node_id: str) -> Page | None:
    """The page showing ``node_id``, or None if there is no such node."""
    node = repo.node(node_id)
    if node is None:
        return None
    chain = repo.ancestors(node_id)
    root = page_root(node, chain)
    if root.id != node.id:
        chain = chain[: [a.id for a in chain].index(root.id)]
    subtree = repo.subtree(root.id)
    rows, collapsed = _trim(root, subtree)
    ids = [r.id for r in rows]
    notes = {k: tuple(v) for k, v in repo.footnotes(ids).items()}
    text_ids = [r.id for r in rows if r.id not in collapsed]
    refs_out = tuple(repo.refs_out(text_ids))
    refs_in = tuple(x for x in repo.refs_in(text_ids) if not _inside(x.source_id, root.id))
    docs = {d.key: d for d in repo.documents()}
    labels = _link_labels(repo, refs_in, docs)
    return Page(
        root=root,
        document=docs[root.doc],
        ancestors=tuple(chain),
        rows=tuple(rows),
        collapsed=frozenset(collapsed),
        footnotes=notes,
        refs_out=refs_out,
        refs_in=refs_in,
        labels=labels,
    )


class PageCache:
    """The last ``size`` pages loaded, by page root: going back to a section does
    not query the corpus again (it is read-only, so a kept page never goes stale)."""

    def __init__(self, repo: CorpusRepo, size: int = 16) -> None:
        self._repo = repo
        self._size = size
        self._pages: OrderedDict[str, Page] = OrderedDict()

    def page(self, node_id: str) -> Page | None:
        """The page showing ``node_id`` (as :func:`load_page`), or None if there is no such node."""
        node = self._repo.node(node_id)
        if node is None:
            return None
        root = page_root(node, self._repo.ancestors(node_id))
        found = self._pages.get(root.id)
        if found is not None:
            self._pages.move_to_end(root.id)
            return found
        page = load_page(self._repo, node_id)
        if page is not None:
            self._pages[page.root.id] = page
            if len(self._pages) > self._size:
                self._pages.popitem(last=False)
        return page

    def clear(self) -> None:
        self._pages.clear()


def _inside(node_id: str, root_id: str) -> bool:
    return node_id == root_id or node_id.startswith(root_id + "/")


def _trim(root: NodeRow, subtree: list[NodeRow]) -> tuple[list[NodeRow], set[str]]:
    if len(subtree) <= MAX_PAGE_NODES and root.kind != "document":
        return subtree, set()
    # Too big (or a whole document): the root's own text, sub-divisions as links.
    shown = {root.id}
    expandable = {root.id}
    rows: list[NodeRow] = []
    collapsed: set[str] = set()
    for r in subtree:
        if r.id != root.id and r.parent_id not in expandable:
            continue
        shown.add(r.id)
        rows.append(r)
        if r.id == root.id or r.kind in TEXT_KINDS:
            expandable.add(r.id)
        else:
            collapsed.add(r.id)
    return rows, collapsed


def _link_labels(
    repo: CorpusRepo, refs_in: Sequence[XrefRow], docs: Mapping[str, DocumentRow]
) -> dict[str, str]:
    """Readable names for the provisions that cite this page.

    A chapter's opening paragraph names its chapter ("Plans of action, III. Action
    against trafficking in persons"); any other provision its paragraph number.
    """
    sources = sorted({x.source_id for x in refs_in})
    if not sources:
        return {}
    rows = repo.nodes(sources)
    parents = repo.nodes(sorted({r.parent_id for r in rows.values() if r.parent_id}))
    out: dict[str, str] = {}
    for sid in sources:
        row = rows.get(sid)
        if row is None:
            continue
        doc = docs[row.doc].short if row.doc in docs else row.doc
        parent = parents.get(row.parent_id or "")
        if parent is not None and parent.kind in ("chapter", "section") and row.kind == "paragraph":
            out[sid] = f"{doc}, {elide(parent.display, 70)}"
        elif row.ref:
            out[sid] = f"{doc}, para. {row.ref}"
        else:
            out[sid] = row.citation
    return out


def merge_hit_spans(
    text: str, spans: Sequence[tuple[int, int]], drop_short: bool = True
) -> list[tuple[int, int]]:
    """Join hits separated only by spaces ("trafficking in persons" is one hit); with
    ``drop_short``, drop lone one- or two-letter words ("in")."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and not text[merged[-1][1] : a].strip():
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    if drop_short:
        merged = [m for m in merged if m[1] - m[0] > 2]
    return [(a, b) for a, b in merged]


def elide(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


@dataclass(frozen=True, slots=True)
class CellText:
    """A provision's text cell as the reader prints it: the corpus text with
    footnote markers inserted. Whatever the page prints after it in the same cell
    ("Implemented by: …", "Cited by: …") lies past :attr:`printed_len` and maps
    to no text."""

    text: str
    markers: tuple[tuple[int, int], ...] = ()  # (text offset, marker length), in order

    @property
    def printed_len(self) -> int:
        return len(self.text) + sum(n for _, n in self.markers)

    def offset(self, printed: int) -> int:
        """The text offset at ``printed`` characters into the cell, clipped to the
        text (a position inside a marker counts as the marker's place)."""
        shift = 0
        for off, n in self.markers:
            if printed < off + shift:
                break
            if printed < off + shift + n:
                return off
            shift += n
        return max(0, min(len(self.text), printed - shift))

    def piece(self, start: int, end: int) -> tuple[int, int]:
        """The text offsets ``(a, b)`` of printed characters ``start``..``end`` of the cell."""
        return self.offset(start), self.offset(end)


def cell_text(row: NodeRow, notes: Sequence[FootnoteRow] = ()) -> CellText:
    """The :class:`CellText` of ``row`` printed with its footnotes ``notes``."""
    n = len(row.text)
    markers = sorted((max(0, min(n, fn.offset)), len(fn.num)) for fn in notes if not fn.in_heading)
    return CellText(row.text, tuple(markers))


# --------------------------------------------------------------------------- rendering


def node_number(row: NodeRow) -> str:
    """The number as printed in the margin: "7.", "(d)", "(ii)"."""
    if not row.num:
        return ""
    if row.kind == "paragraph":
        return row.num if row.num.endswith(".") else f"{row.num}."
    return f"({row.num})"


def node_anchor(index: int) -> str:
    return f"n{index}"


def hit_anchor(index: int) -> str:
    return f"hit{index}"


@dataclass(slots=True)
class _Spans:
    """Mark-up of one string: italics, links, highlights and footnote markers."""

    italics: list[tuple[int, int]] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    markers: list[tuple[int, str]] = field(default_factory=list)  # (offset, html)


class _HitCounter:
    def __init__(self) -> None:
        self.lengths: list[int] = []

    @property
    def count(self) -> int:
        return len(self.lengths)


def _markup(text: str, spans: _Spans, hits: _HitCounter | None) -> str:
    n = len(text)
    cuts = {0, n}
    for a, b in spans.italics:
        cuts.update((max(0, a), min(n, b)))
    for a, b, _ in spans.links:
        cuts.update((max(0, a), min(n, b)))
    for h in spans.highlights:
        cuts.update((max(0, h.start), min(n, h.end)))
    for off, _ in spans.markers:
        cuts.add(max(0, min(n, off)))
    points = sorted(cuts)
    markers: dict[int, list[str]] = {}
    for off, mk in spans.markers:
        markers.setdefault(max(0, min(n, off)), []).append(mk)
    out: list[str] = []
    opened: set[int] = set()  # highlights already given an anchor
    for a, b in itertools.pairwise(points):
        seg = html.escape(text[a:b], quote=False)
        italic = any(s <= a and b <= e for s, e in spans.italics)
        href = next((h for s, e, h in spans.links if s <= a and b <= e), None)
        marks = [(i, h) for i, h in enumerate(spans.highlights) if h.start <= a and b <= h.end]
        if italic:
            seg = f"<i>{seg}</i>"
        for _i, h in marks:
            seg = f'<span class="{h.css_class}">{seg}</span>'
        name = None
        for i, h in marks:
            if h.css_class == "match" and hits is not None and i not in opened:
                opened.add(i)
                name = hit_anchor(hits.count)
                hits.lengths.append(h.end - h.start)
                break
        if href or name:
            attrs = (f' href="{html.escape(href)}"' if href else "") + (
                f' name="{name}"' if name else ""
            )
            seg = f"<a{attrs}>{seg}</a>"
        out.append(seg)
        out.extend(markers.get(b, []))
    head = "".join(markers.get(0, [])) if n == 0 else ""
    return head + "".join(out)


def _marker(num: str, note: str) -> str:
    tip = html.escape(f"{num} {note}")
    mark = html.escape(num)
    return f'<sup><a class="fn" href="fn:{mark}" title="{tip}">{mark}</a></sup>'


def render_page(
    page: Page,
    *,
    focus: str | None = None,
    highlights: Mapping[str, Sequence[Highlight]] | None = None,
    font_px: int = 17,
) -> tuple[str, tuple[int, ...]]:
    """HTML for ``page`` with ``focus`` marked; returns (html, length of each search hit).

    Node ``i`` of ``page.rows`` carries the anchor ``n{i}``; the k-th search hit
    the anchor ``hit{k}``. Links: ``node:ID`` (a provision) and ``fn:NUM`` (a footnote).
    """
    highlights = highlights or {}
    hits = _HitCounter()
    out: list[str] = []
    notes_seen: dict[tuple[str, str], None] = {}
    out_by_source: dict[str, list[XrefRow]] = {}
    for x in page.refs_out:
        out_by_source.setdefault(x.source_id, []).append(x)
    in_by_target: dict[str, list[XrefRow]] = {}
    for x in page.refs_in:
        in_by_target.setdefault(x.target_id, []).append(x)
    base_depth = page.root.depth

    if page.root.kind == "document":
        out.append(_title_block(page.document))
        parts = [r for r in page.rows if r.id in page.collapsed]
        if parts:
            links = "".join(
                f'<li><a href="node:{html.escape(r.id)}">{html.escape(r.display)}</a></li>'
                for r in parts
            )
            out.append(f'<h2 class="contents">Contents</h2><ul class="contents">{links}</ul>')
            out.append('<hr class="contents"/>')

    for i, row in enumerate(page.rows):
        notes = page.footnotes.get(row.id, ())
        for fn in notes:
            notes_seen.setdefault((fn.num, fn.text), None)
        focus_cls = " focus" if row.id == focus else ""
        anchor = f'<a name="{node_anchor(i)}"></a>'
        if row.kind == "document":
            continue
        if row.kind not in TEXT_KINDS:
            level = min(4, 1 + max(0, row.depth - base_depth))
            if row.id in page.collapsed:
                out.append(
                    f'<p class="toc{focus_cls}">{anchor}<a href="node:{html.escape(row.id)}">'
                    f"{html.escape(row.display)}</a></p>"
                )
                continue
            spans = _Spans(
                markers=[(fn.offset, _marker(fn.num, fn.text)) for fn in notes if fn.in_heading]
            )
            label = html.escape(row.label)
            heading = _markup(row.heading or "", spans, None)
            title = (
                f"{label} {heading}".strip() if row.heading else label or html.escape(row.display)
            )
            out.append(f'<h{level} class="{row.kind}{focus_cls}">{anchor}{title}</h{level}>')
            out.extend(_implements(row, page, out_by_source))
            continue
        marks = highlights.get(row.id, ())
        number = html.escape(node_number(row))
        for h in marks:
            if h.start == NUMBER and number:
                number = f'<span class="{h.css_class}">{number}</span>'
        spans = _Spans(
            italics=list(row.italics),
            links=[
                (x.start, x.end, f"node:{x.target_id}")
                for x in out_by_source.get(row.id, [])
                if not x.in_footnote
            ],
            highlights=[h for h in marks if h.start >= 0],
            markers=[(fn.offset, _marker(fn.num, fn.text)) for fn in notes if not fn.in_heading],
        )
        body = _markup(row.text, spans, hits)
        indent = {"paragraph": 0, "subparagraph": 1, "item": 2}[row.kind]
        out.append(
            f'<table class="prov {row.kind}{focus_cls}" width="100%" '
            'cellspacing="0" cellpadding="0">'
            f'<tr><td class="gut" width="{round(indent * 2.4 * font_px)}"></td>'
            f'<td class="num" width="{round(2.6 * font_px)}">'
            f"{anchor}{number}</td>"
            f'<td class="text">{body}{_cited_by(row, page, in_by_target)}</td></tr></table>'
        )

    if notes_seen:
        out.append('<hr class="notes"/>')
        fn_links: dict[tuple[str, str], list[XrefRow]] = {}
        for x in page.refs_out:
            if x.in_footnote:
                for num, text in notes_seen:
                    if num == x.in_footnote:
                        fn_links.setdefault((num, text), []).append(x)
        for num, text in notes_seen:
            spans = _Spans(
                links=[
                    (x.start, x.end, f"node:{x.target_id}") for x in fn_links.get((num, text), [])
                ]
            )
            out.append(
                f'<p class="footnote"><a name="fn-{html.escape(num)}"></a>'
                f"<sup>{html.escape(num)}</sup> "
                f"{_markup(text, spans, None)}</p>"
            )
    return "\n".join(out), tuple(hits.lengths)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(iso: str | None) -> str | None:
    """ "2000-12-04" -> "4 December 2000" (as UN documents print dates)."""
    if not iso:
        return None
    parts = iso.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return iso
    year, month, day = (int(p) for p in parts)
    if not 1 <= month <= 12:
        return iso
    return f"{day} {_MONTHS[month - 1]} {year}"


def _title_block(doc: DocumentRow) -> str:
    meta = " · ".join(p for p in (doc.symbol, doc.body, long_date(doc.date)) if p)
    return (
        f'<p class="symbol">{html.escape(meta)}</p>'
        f'<h1 class="doctitle">{html.escape(doc.title)}</h1>'
        f'<p class="description">{html.escape(doc.description)}</p>'
    )


def _implements(row: NodeRow, page: Page, out_by_source: Mapping[str, list[XrefRow]]) -> list[str]:
    """Under a plan chapter's heading: the Declaration paragraphs its text implements."""
    if row.doc not in IMPLEMENTING_DOCS or row.kind not in ("chapter", "section"):
        return []
    targets: dict[str, str] = {}
    for r in page.rows:
        if r.parent_id != row.id or r.kind not in TEXT_KINDS:
            continue
        for x in out_by_source.get(r.id, []):
            if x.target_id.startswith(f"{DECLARATION}/"):
                targets.setdefault(x.target_id, x.target_citation)
    if not targets:
        return []
    links = ", ".join(
        f'<a href="node:{html.escape(t)}">{html.escape(_short_para(c))}</a>'
        for t, c in targets.items()
    )
    return [
        '<p class="xref"><span class="xlabel">Implements the Vienna Declaration:</span> '
        f"{links}</p>"
    ]


def _short_para(citation: str) -> str:
    """ "A/RES/55/59, annex, para. 7 (d)" -> "para. 7 (d)"."""
    tail = citation.rsplit(", ", 1)[-1]
    return tail if tail.startswith("para") else citation


def _cited_by(row: NodeRow, page: Page, in_by_target: Mapping[str, list[XrefRow]]) -> str:
    refs = in_by_target.get(row.id, [])
    if not refs:
        return ""
    impl: dict[str, str] = {}
    cited: dict[str, str] = {}
    for x in refs:
        label = page.labels.get(x.source_id) or x.source_citation
        bucket = impl if x.source_id.split("/", 1)[0] in IMPLEMENTING_DOCS else cited
        bucket.setdefault(x.source_id, label)
    parts = []
    for title, bucket in (("Implemented by", impl), ("Cited by", cited)):
        if bucket:
            links = "; ".join(
                f'<a href="node:{html.escape(s)}">{html.escape(lbl)}</a>'
                for s, lbl in bucket.items()
            )
            parts.append(
                f'<br/><span class="xref"><span class="xlabel">{title}:</span> {links}</span>'
            )
    return "".join(parts)


def stylesheet(template: str, style: ReaderStyle) -> str:
    """The reader CSS: ``template`` with ``$name`` placeholders filled from ``style``."""
    from string import Template

    values = {k: getattr(style, k) for k in style.__slots__}  # type: ignore[attr-defined]
    values["small_px"] = max(10, round(style.font_px * 0.82))
    values["h1_px"] = round(style.font_px * 1.35)
    values["h2_px"] = round(style.font_px * 1.18)
    values["h3_px"] = round(style.font_px * 1.06)
    values["gap_px"] = round(style.font_px * 0.55)
    return Template(template).safe_substitute(values)

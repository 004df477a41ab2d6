"""Export provisions with the user's annotations and national notes as Markdown.

The output renders the same in Python-Markdown (with the ``footnotes`` and
``tables`` extensions, as :mod:`vdesk.export.render` uses) and in CommonMark/GFM
viewers:

* YAML front matter: ``key: JSON value`` lines (JSON is valid YAML flow style),
  lists as ``key:`` followed by ``    - JSON`` lines. Python-Markdown's ``meta``
  extension and every front-matter-aware viewer read it.
* The export title is a level-1 heading, each document level 2, and the
  structural nodes above the provisions (annex, chapters, sections…) follow the
  corpus hierarchy down to level 6 (deeper levels become bold lines).
* Each provision is a block quote that starts with a stable anchor
  (:func:`anchor_id`) and its reference in bold, followed by a line with its
  citation. A subparagraph whose paragraph is not exported is preceded by that
  paragraph's opening words (the chapeau), so "(a)" is never read without "States
  will:" or "The Centre … will:".
* Highlighted passages are wrapped in ``<mark>…</mark>``. ``==…==`` is not
  CommonMark, and ``**…**`` is unreliable here: CommonMark's flanking rules do not
  open or close emphasis between a letter and punctuation (``word**“quote”**``),
  and bold would be confused with emphasis in the text. ``<mark>`` is inline HTML
  that Python-Markdown passes through, CommonMark keeps with its content parsed
  as Markdown, and HTML means exactly "highlighted". The mark's class names the
  highlight colour (``<mark class="green">``) for viewers that style it; others
  show their usual highlight, and the colour's meaning is written out in the
  comment list below the provision. Source italics use ``*…*``
  when the span is a clean run of words and ``<em>`` otherwise.
* Comments and tags follow the provision as a list, one item per annotation,
  naming the passage; national notes form a table (country, status, position,
  date, note, legal references). What the user typed stays in its list item or
  cell whatever it holds (:mod:`vdesk.export.usertext`): raw HTML is shown as text,
  and only ``http``, ``https`` and ``mailto`` link targets survive.
* Source footnotes become Markdown footnotes (``[^label]``) at their offsets.
* Text is escaped so that the rendered text equals the source text exactly.

Only the export date moves between two runs; tests pass ``now`` and
``app_version``.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from vdesk import __version__
from vdesk.domain.countries import country as lookup_country
from vdesk.domain.kinds import TEXT_KINDS
from vdesk.domain.notes import (
    ANCHOR_REVIEW,
    POSITION_LABELS,
    STATUS_LABELS,
    Annotation,
    Colour,
    NationalNote,
)
from vdesk.store.corpus_db import CorpusRepo, DocumentRow, FootnoteRow, NodeRow
from vdesk.store.notes.contract import AnnotationFilter, NotesStore

from .usertext import comment_block, defuse_autolinks, normalise_newlines, table_cell

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

#: What a scope's ids mean. "annotated": every provision with an annotation or
#: national note left after the filters (ids, if given, limit it to those
#: subtrees); "search": exactly these provisions (search hits, in document order);
#: otherwise ("provision", "provisions", "chapter", "document"): these nodes and
#: every provision below them.
SCOPE_KINDS = ("provision", "provisions", "chapter", "document", "annotated", "search")


class ExportCancelled(Exception):
    """The user cancelled the export; nothing was produced."""


@dataclass(frozen=True, slots=True)
class Scope:
    kind: str = "annotated"
    ids: tuple[str, ...] = ()
    label: str = ""  # what the user chose, for the front matter ("VD 7 (d)", the query)

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise ValueError(f"unknown scope {self.kind!r}: use one of {', '.join(SCOPE_KINDS)}")


@dataclass(frozen=True, slots=True)
class Filters:
    """Tag and colour filter annotations; country and status filter national notes.

    In the "annotated" scope a provision is exported only if, for each group of
    filters that is set, it keeps at least one matching item.
    """

    tag: str | None = None
    colour: str | None = None
    country: str | None = None
    status: str | None = None

    @property
    def on_annotations(self) -> bool:
        return bool(self.tag or self.colour)

    @property
    def on_notes(self) -> bool:
        return bool(self.country or self.status)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What goes into the export. Personal items are in by default (it is the
    user's own export); confidential ones only when asked for, and then marked."""

    title: str = "Annotated excerpts"
    preset: str = ""
    text: str = "full"  # "full" provision text, or only the "highlights"
    citations: bool = True
    footnotes: bool = True
    annotations: bool = True  # comments, tags, colour meanings
    national_notes: bool = True
    personal: bool = True
    confidential: bool = False
    overview: bool = False  # a status table by action and country at the top

    def __post_init__(self) -> None:
        if self.text not in ("full", "highlights"):
            raise ValueError(f"text must be 'full' or 'highlights', not {self.text!r}")


@dataclass(frozen=True, slots=True)
class ExportResult:
    markdown: str
    provisions: int
    annotations: int
    national_notes: int
    confidential: int  # confidential items included (0 unless asked for)
    missing: tuple[str, ...] = field(default=())  # node ids of notes not in the corpus


# --- escaping and anchors -----------------------------------------------------------

_INLINE = re.compile(r"([\\`*_\[\]])")
_SPECIAL = re.compile(r"[\\`*_\[\]&<]")
_CLASS = re.compile(r"[a-z][a-z0-9-]*")
_LEADS = frozenset("#>+-=0123456789 \t")  # first characters that may need a line-start escape
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))")


def escape_inline(text: str) -> str:
    """Escape text that never starts a line (after a label, inside ``**…**``); a line
    break in it (a tag, a colour's meaning) becomes a space."""
    if _LINE_BREAK.search(text):
        text = " ".join(normalise_newlines(text).split("\n"))
    if not _SPECIAL.search(text):
        return defuse_autolinks(text)
    return defuse_autolinks(_INLINE.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;")))


def escape_md(text: str) -> str:
    """Escape ``text`` so that Markdown renders it as exactly this text.

    Backslash escapes for ``\\ ` * _ [ ]`` (valid in CommonMark and Python-Markdown);
    ``&`` and ``<`` as entities (Python-Markdown has no ``\\<``); a ``#``, ``>``,
    ``+``, ``-``, ``=`` or ``1.`` at the start of a line is neutralised so it cannot
    start a heading, quote or list; ``|`` is left alone (see :func:`escape_cell`); a
    bare ``ftp:`` or ``xmpp:`` address is not linked (GFM would).
    """
    if "\n" not in text and not _SPECIAL.search(text) and text[:1] not in _LEADS:
        return defuse_autolinks(text)
    out = _INLINE.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    lines = out.split("\n")
    for i, line in enumerate(lines):
        m = _LINE_START.match(line)
        if m:
            lead, tok = m.group(1), m.group(2)
            if tok.isdigit():  # "1." would start an ordered list: escape the dot
                rest = line[len(lead) + len(tok) :]
                lines[i] = f"{lead}{tok}\\{rest}"
            elif tok == "=":
                lines[i] = f"{lead}&#61;{line[len(lead) + 1 :]}"
            else:
                lines[i] = f"{lead}\\{line[len(lead) :]}"
    return defuse_autolinks("\n".join(lines))


def escape_cell(text: str) -> str:
    """Escaped text for a table cell: one line, ``|`` escaped."""
    return escape_md(" ".join(text.split())).replace("|", "\\|")


def anchor_id(node_id: str) -> str:
    """The HTML id of a provision: its node id in lower case, ``/`` and ``_`` as ``-``.

    ``vienna-declaration/annex/para_7/subpara_d`` → ``vienna-declaration-annex-para-7-subpara-d``.
    """
    return re.sub(r"[^a-z0-9.]+", "-", node_id.lower()).strip("-")


def _fn_label(doc: str, num: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9]+", "", num) or "star"
    return f"{doc}-{safe}"


# --- inline rendering of a provision's text --------------------------------------------


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if s >= e:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _clean_word_run(text: str, s: int, e: int) -> bool:
    """May ``text[s:e]`` be wrapped in ``*…*`` in every Markdown dialect?"""
    seg = text[s:e]
    return (
        bool(seg)
        and seg[0].isalnum()
        and seg[-1].isalnum()
        and (s == 0 or not text[s - 1].isalnum())
        and (e == len(text) or not text[e].isalnum())
    )


def render_inline(
    text: str,
    start: int,
    end: int,
    *,
    italics: Iterable[tuple[int, int]] = (),
    marks: Iterable[tuple[int, int] | tuple[int, int, str]] = (),
    notes: Iterable[tuple[int, str]] = (),
) -> str:
    """``text[start:end]`` as Markdown with italics, ``<mark>`` highlights and
    footnote references (``(offset, label)``: the marker follows ``text[offset-1]``).

    A mark may name a class, the highlight colour (``<mark class="green">``): viewers
    that do not know it show their usual highlight. Where marks overlap, the first
    one given decides. Spans are cut into segments at every boundary so that tags
    always nest.
    """
    raw = [
        (m[0], m[1], m[2] if len(m) > 2 else "")  # type: ignore[misc]
        for m in marks
        if m[0] < end and m[1] > start
    ]
    ital = [(max(s, start), min(e, end)) for s, e in _merge(italics) if s < end and e > start]
    refs: dict[int, list[str]] = {}
    for off, label in notes:
        if start < off <= end or (off == start == 0):
            refs.setdefault(off, []).append(label)
    cuts = {start, end, *refs}
    for s, e in ital:
        cuts.update((s, e))
    for s, e, _ in raw:
        cuts.update((max(s, start), min(e, end)))
    out: list[str] = []
    for a, b in itertools.pairwise(sorted(cuts)):
        seg = escape_md(text[a:b])
        if ital and seg.strip():
            for s, e in ital:
                if s <= a and b <= e:
                    if s == a and e == b and _clean_word_run(text, a, b):
                        seg = f"*{seg}*"
                    else:
                        seg = f"<em>{seg}</em>"
                    break
        if seg:
            for s, e, cls in raw:  # the first mark covering the segment decides its class
                if s <= a and b <= e:
                    attr = f' class="{cls}"' if cls and _CLASS.fullmatch(cls) else ""
                    seg = f"<mark{attr}>{seg}</mark>"
                    break
        out.append(seg)
        if b in refs:
            out.extend(f"[^{label}]" for label in refs[b])
    if start in refs and start == 0 and start != end:
        out.insert(0, "".join(f"[^{label}]" for label in refs[start]))
    return "".join(out)


# --- the export ---------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What the writer needs, loaded in a few queries (no query per annotation)."""

    docs: dict[str, DocumentRow]
    doc_order: dict[str, int]
    rows: dict[str, NodeRow]
    footnotes: dict[str, list[FootnoteRow]]
    colours: dict[str, Colour]
    annotations: dict[str, list[Annotation]]
    notes: dict[str, list[NationalNote]]
    fn_labels: dict[tuple[str, str, str], str] = field(default_factory=dict)
    fn_defs: list[tuple[str, str]] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    colour_labels: dict[str, str] = field(default_factory=dict)

    def colour_label(self, name: str) -> str:
        """ "**Agreed language** (yellow)", or "" for a colour this store does not know."""
        if name not in self.colour_labels:
            colour = self.colours.get(name)
            self.colour_labels[name] = (
                f"**{escape_inline(colour.meaning)}** ({escape_inline(name)})" if colour else ""
            )
        return self.colour_labels[name]

    def footnote_label(self, doc: str, fn: FootnoteRow) -> str:
        key = (doc, fn.num, fn.text)
        if key not in self.fn_labels:
            base = label = _fn_label(doc, fn.num)
            n = 2
            used = set(self.fn_labels.values())
            while label in used:
                label, n = f"{base}-{n}", n + 1
            self.fn_labels[key] = label
            self.fn_defs.append((label, fn.text))
        return self.fn_labels[key]


def _kept(sensitivity: str, options: ExportOptions) -> bool:
    if sensitivity == "confidential":
        return options.confidential
    if sensitivity == "personal":
        return options.personal
    return True


def _load_items(
    notes: NotesStore, options: ExportOptions, filters: Filters
) -> tuple[list[Annotation], list[NationalNote]]:
    annotations: list[Annotation] = []
    if options.annotations or options.text == "highlights":
        annotations = [
            a
            for a in notes.filter_annotations(
                AnnotationFilter(tag=filters.tag, colour=filters.colour), limit=None
            )
            if _kept(a.sensitivity, options)
        ]
    national: list[NationalNote] = []
    if options.national_notes:
        code = lookup_country(filters.country).code if filters.country else None
        national = [
            n
            for n in notes.national_notes(country=code)
            if _kept(n.sensitivity, options) and (not filters.status or n.status == filters.status)
        ]
    return annotations, national


def _provision_ids(
    corpus: CorpusRepo,
    scope: Scope,
    filters: Filters,
    options: ExportOptions,
    by_node_a: dict[str, list[Annotation]],
    by_node_n: dict[str, list[NationalNote]],
) -> list[str]:
    if scope.kind == "search":
        return list(dict.fromkeys(scope.ids))
    within: set[str] | None = None
    if scope.ids:
        within = set()
        for nid in scope.ids:
            within.update(
                r.id
                for r in corpus.subtree(nid)
                if r.kind in TEXT_KINDS or scope.kind == "annotated"
            )
    if scope.kind != "annotated":
        return sorted(within or ())
    groups: list[set[str]] = []
    if filters.on_annotations:
        groups.append(set(by_node_a))
    if filters.on_notes:
        groups.append(set(by_node_n))
    if groups:
        chosen = set.intersection(*groups)
    else:
        chosen = set(by_node_n) | (
            set(by_node_a) if (options.annotations or options.text == "highlights") else set()
        )
    if within is not None:
        chosen &= within
    return sorted(chosen)


def export_markdown(
    corpus: CorpusRepo,
    notes: NotesStore,
    scope: Scope = Scope(),
    options: ExportOptions = ExportOptions(),
    filters: Filters = Filters(),
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    now: datetime | None = None,
    app_version: str | None = None,
) -> ExportResult:
    """The export as Markdown text (see the module docstring for its shape).

    ``progress(done, total, what)`` is called as provisions are written;
    ``cancelled()`` is polled and, when true, :class:`ExportCancelled` is raised.
    """
    annotations, national = _load_items(notes, options, filters)
    by_node_a: dict[str, list[Annotation]] = {}
    for a in annotations:
        by_node_a.setdefault(a.node_id, []).append(a)
    by_node_n: dict[str, list[NationalNote]] = {}
    for n in national:
        by_node_n.setdefault(n.node_id, []).append(n)
    ids = _provision_ids(corpus, scope, filters, options, by_node_a, by_node_n)

    docs = {d.key: d for d in corpus.documents()}
    doc_order = {k: i for i, k in enumerate(docs)}
    rows: dict[str, NodeRow] = {}
    for doc in sorted({i.split("/", 1)[0] for i in ids} & set(docs)):
        rows.update((r.id, r) for r in corpus.document_nodes(doc))
    missing = tuple(sorted(i for i in ids if i not in rows))
    ids = [i for i in ids if i in rows]
    ids.sort(key=lambda i: (doc_order[rows[i].doc], rows[i].ordinal))
    if options.text == "highlights":  # only provisions with something to quote
        ids = [i for i in ids if i in by_node_a or i in by_node_n]

    wanted = set(ids)
    for i in ids:
        parent = rows[i].parent_id
        while parent is not None and parent in rows:
            wanted.add(parent)
            parent = rows[parent].parent_id
    ctx = _Context(
        docs=docs,
        doc_order=doc_order,
        rows=rows,
        footnotes=corpus.footnotes(sorted(wanted)) if options.footnotes else {},
        colours={c.name: c for c in notes.colours()},
        annotations={k: v for k, v in by_node_a.items() if k in rows},
        notes={k: v for k, v in by_node_n.items() if k in rows},
    )
    body, counts = _write_body(ctx, ids, options, progress, cancelled)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    front = _front_matter(
        ctx, ids, scope, options, filters, stamp, app_version or __version__, counts
    )
    title = f"# {escape_md(' '.join(options.title.split()))}\n"  # one line: one heading
    banner = ""
    if options.confidential:
        banner = (
            "\n**CONFIDENTIAL — this export includes items marked confidential "
            f"({counts[2]}). Do not forward.**\n"
        )
    footer = ""
    if ctx.fn_defs:
        footer = "\n" + "".join(
            f"[^{label}]: {escape_md(' '.join(text.split()))}\n" for label, text in ctx.fn_defs
        )
    text = front + title + banner + body + footer
    return ExportResult(text, len(ids), counts[0], counts[1], counts[2], missing)


def _front_matter(
    ctx: _Context,
    ids: list[str],
    scope: Scope,
    options: ExportOptions,
    filters: Filters,
    stamp: str,
    version: str,
    counts: tuple[int, int, int],
) -> str:
    def j(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    used = sorted({ctx.rows[i].doc for i in ids}, key=ctx.doc_order.__getitem__)
    content = {
        k: v for k, v in asdict(options).items() if k not in ("title", "preset", "confidential")
    }
    lines = [
        "---",
        f"title: {j(options.title)}",
        f"preset: {j(options.preset or None)}",
        f"exported: {j(stamp)}",
        f"app_version: {j(version)}",
        "documents:",
        *(
            "    - "
            + j(
                {
                    "key": d,
                    "symbol": ctx.docs[d].symbol,
                    "cited_as": ctx.docs[d].cite_as,
                    "title": ctx.docs[d].title,
                }
            )
            for d in used
        ),
        f"scope: {j({'kind': scope.kind, 'ids': list(scope.ids), 'label': scope.label})}",
        f"filters: {j(asdict(filters))}",
        f"content: {j(content)}",
        f"confidential: {j(options.confidential)}",
        f"provisions: {len(ids)}",
        f"annotations: {counts[0]}",
        f"national_notes: {counts[1]}",
        "---",
        "",
    ]
    return "\n".join(lines) + "\n"


def _heading(ctx: _Context, row: NodeRow, level: int, options: ExportOptions) -> str:
    notes = [f for f in ctx.footnotes.get(row.id, []) if f.in_heading]
    title = heading_text(row)
    if row.label and row.heading == ctx.docs[row.doc].title:  # "Annex", not the title again
        title = row.label
    text = escape_md(title)
    if notes:
        text += "".join(f"[^{ctx.footnote_label(row.doc, f)}]" for f in notes)
    anchor = f'<a id="{_unique_anchor(ctx, row.id)}"></a>'
    if level <= 6:
        return f"{'#' * level} {anchor}{text}\n"
    return f"{anchor}**{text}**\n"


def heading_text(row: NodeRow) -> str:
    """A structural node's title as printed: "I. Action against …", "Annex — Vienna …"."""
    label, heading = row.label.strip(), (row.heading or "").strip()
    if label and heading:
        return f"{label} {heading}" if not label[-1].isalnum() else f"{label} — {heading}"
    return label or heading or row.kind.capitalize()


def provision_label(row: NodeRow) -> str:
    """How a provision is labelled before its text: "7.", "2 (a)", "Guideline 12."."""
    if row.kind == "paragraph" and row.label:
        return row.label
    return row.ref


def _unique_anchor(ctx: _Context, node_id: str) -> str:
    base = anchor = anchor_id(node_id)
    n = 2
    while anchor in ctx.anchors:
        anchor, n = f"{base}-{n}", n + 1
    ctx.anchors.add(anchor)
    return anchor


def _structural_chain(ctx: _Context, row: NodeRow) -> tuple[list[NodeRow], list[NodeRow]]:
    """(structural ancestors below the document, text ancestors), top down."""
    chain: list[NodeRow] = []
    parent = row.parent_id
    while parent is not None and parent in ctx.rows:
        chain.append(ctx.rows[parent])
        parent = ctx.rows[parent].parent_id
    chain.reverse()
    structural = [r for r in chain if r.kind not in TEXT_KINDS and r.kind != "document"]
    texts = [r for r in chain if r.kind in TEXT_KINDS]
    return structural, texts


def _write_body(
    ctx: _Context,
    ids: list[str],
    options: ExportOptions,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[str, tuple[int, int, int]]:
    out: list[str] = []
    if options.overview and ctx.notes:
        out.append(_overview(ctx, ids))
    current_doc: str | None = None
    open_heads: list[str] = []
    shown: set[str] = set(ids)
    counts = [0, 0, 0]
    total = len(ids)
    for n, nid in enumerate(ids):
        if n % 100 == 0:
            if cancelled is not None and cancelled():
                raise ExportCancelled
            if progress is not None:
                progress(n, total, nid)
        row = ctx.rows[nid]
        if row.doc != current_doc:
            current_doc, open_heads = row.doc, []
            doc = ctx.docs[row.doc]
            sym = f" ({escape_md(doc.symbol)})" if doc.symbol else ""
            out.append(f"\n## {escape_md(doc.title)}{sym}\n")
        structural, texts = _structural_chain(ctx, row)
        if row.kind not in TEXT_KINDS and row.kind != "document":  # a note on a heading
            structural.append(row)
        for depth, head in enumerate(structural):
            if depth < len(open_heads) and open_heads[depth] == head.id:
                continue
            del open_heads[depth:]
            open_heads.append(head.id)
            out.append("\n" + _heading(ctx, head, depth + 3, options))
        for t in texts:  # the chapeau of a subparagraph exported without its paragraph
            if t.id not in shown:
                shown.add(t.id)
                # ">" keeps it in the provision's block quote, in every Markdown dialect
                out.append("\n" + _quote(ctx, t, 0, len(t.text), [], options, context=True) + ">")
        out.append(_provision(ctx, row, options, counts))
    if progress is not None:
        progress(total, total, "")
    return "".join(out), (counts[0], counts[1], counts[2])


def _footnote_refs(ctx: _Context, row: NodeRow) -> list[tuple[int, str]]:
    return [
        (f.offset, ctx.footnote_label(row.doc, f))
        for f in ctx.footnotes.get(row.id, [])
        if not f.in_heading
    ]


def _intact(a: Annotation, row: NodeRow) -> bool:
    return a.anchor_state != ANCHOR_REVIEW and (
        a.anchor.whole_node or row.text[a.anchor.start : a.anchor.end] == a.anchor.quote
    )


def _quote(
    ctx: _Context,
    row: NodeRow,
    start: int,
    end: int,
    marks: list[tuple[int, int, str]],
    options: ExportOptions,
    *,
    context: bool = False,
    anchor: bool = True,
) -> str:
    body = render_inline(
        row.text,
        start,
        end,
        italics=row.italics,
        marks=marks,
        notes=_footnote_refs(ctx, row),
    )
    if start > 0:
        body = "… " + body
    if end < len(row.text):
        body += " …"
    label = provision_label(row)
    lead = f"**{escape_inline(label)}** " if label else ""
    if context:
        lead = f"*{escape_inline(label)}* " if label else ""
    tag = f'<a id="{_unique_anchor(ctx, row.id)}"></a>' if anchor else ""
    lines = (tag + lead + body).split("\n")
    return "\n".join("> " + ln if ln.strip() else ">" for ln in lines) + "\n"


def _citation(row: NodeRow, options: ExportOptions) -> str:
    return f"\n— {escape_md(row.citation)}\n" if options.citations and row.citation else ""


def _sensitivity_mark(sensitivity: str, counts: list[int]) -> str:
    if sensitivity == "confidential":
        counts[2] += 1
        return "**[CONFIDENTIAL]** "
    return ""


def _passage(a: Annotation) -> str:
    if a.anchor.whole_node:
        return "The whole provision"
    quote = a.anchor.quote
    if "\n" in quote or "  " in quote or quote != quote.strip():
        quote = " ".join(quote.split())
    if len(quote) > 160:
        quote = quote[:150].rsplit(" ", 1)[0] + " …"
    return f"“{escape_inline(quote)}”"


def _annotation_item(ctx: _Context, a: Annotation, row: NodeRow, counts: list[int]) -> str:
    item = "- " + _sensitivity_mark(a.sensitivity, counts) + _passage(a)
    meaning = ctx.colour_label(a.colour)
    if meaning:
        item += " · " + meaning
    if a.tags:
        item += " · Tags: " + ", ".join(map(escape_inline, a.tags))
    if not _intact(a, row):
        item += " · *passage not found in the current text: needs review*"
    counts[0] += 1
    if a.comment and not a.comment.isspace():
        return item + "\n\n" + comment_block(a.comment) + "\n"
    return item + "\n"


def _country_name(code: str) -> str:
    try:
        return f"{lookup_country(code).name} ({code})"
    except (KeyError, ValueError):
        return code


def _notes_table(ctx: _Context, notes: list[NationalNote], counts: list[int]) -> str:
    rows = [
        "\n| Country | Status | Position | As of | Note | Legal references |",
        "|---|---|---|---|---|---|",
    ]
    for n in sorted(notes, key=lambda n: (_country_name(n.country), n.modified)):
        mark = _sensitivity_mark(n.sensitivity, counts)
        text = table_cell(n.text)
        cells = [
            mark + escape_cell(_country_name(n.country)),
            escape_cell(STATUS_LABELS.get(n.status, n.status)),
            escape_cell(POSITION_LABELS.get(n.position, n.position)),
            escape_cell(n.date),
            text,
            escape_cell("; ".join(n.legal_refs)),
        ]
        rows.append("| " + " | ".join(cells) + " |")
        counts[1] += 1
    return "\n".join(rows) + "\n"


def _provision(ctx: _Context, row: NodeRow, options: ExportOptions, counts: list[int]) -> str:
    anns = sorted(ctx.annotations.get(row.id, []), key=lambda a: (a.anchor.start, a.created))
    out: list[str] = []
    if options.text == "full":
        marks = [
            (a.anchor.start, a.anchor.end, a.colour)
            for a in anns
            if not a.anchor.whole_node and _intact(a, row)
        ]
        if row.text:
            out.append("\n" + _quote(ctx, row, 0, len(row.text), marks, options))
        if row.text or row.kind not in TEXT_KINDS:  # a heading's citation, under it
            out.append(_citation(row, options))
        if options.annotations and anns:
            out.append("\n" + "".join(_annotation_item(ctx, a, row, counts) for a in anns))
    else:
        first = True
        for a in anns:
            if a.anchor.whole_node or not _intact(a, row):
                start, end = 0, len(row.text)
            else:
                start, end = a.anchor.start, a.anchor.end
            if row.text:
                out.append("\n" + _quote(ctx, row, start, end, [], options, anchor=first))
                first = False
            out.append(_citation(row, options))
            if options.annotations:
                out.append("\n" + _annotation_item(ctx, a, row, counts))
            else:
                counts[0] += 1
                if a.sensitivity == "confidential":
                    counts[2] += 1
        if first and row.id in ctx.notes and row.text:  # notes but no passage: the text
            out.append("\n" + _quote(ctx, row, 0, len(row.text), [], options))
            out.append(_citation(row, options))
    notes = ctx.notes.get(row.id, [])
    if options.national_notes and notes:
        out.append(_notes_table(ctx, notes, counts))
    return "".join(out)


def _short_citation(ctx: _Context, row: NodeRow, several_docs: bool) -> str:
    """The citation without the document part: "sect. I.A, para. 2 (a)"."""
    doc = ctx.docs[row.doc]
    short = row.citation.removeprefix(doc.cite_as + ", ").removeprefix("annex, ")
    return f"{doc.short}, {short}" if several_docs else short


def _overview(ctx: _Context, ids: list[str]) -> str:
    """One row per action, one column per country: status and position at a glance."""
    noted = [i for i in ids if ctx.notes.get(i)]
    codes = sorted({n.country for i in noted for n in ctx.notes[i]}, key=_country_name)
    several = len({ctx.rows[i].doc for i in noted}) > 1
    lines = [
        "\n## Status at a glance\n",
        "| Provision | " + " | ".join(escape_cell(c) for c in codes) + " |",
        "|---|" + "---|" * len(codes),
    ]
    for nid in noted:
        row = ctx.rows[nid]
        cells = []
        for code in codes:
            mine = [n for n in ctx.notes[nid] if n.country == code]
            cells.append(
                "<br />".join(
                    ("**[CONFIDENTIAL]** " if n.sensitivity == "confidential" else "")
                    + escape_cell(STATUS_LABELS.get(n.status, n.status))
                    + (
                        f" · {escape_cell(POSITION_LABELS[n.position])}"
                        if n.position in POSITION_LABELS and n.position != "no_position"
                        else ""
                    )
                    for n in mine
                )
                or "—"
            )
        ref = escape_cell(_short_citation(ctx, row, several))
        lines.append(f"| [{ref}](#{anchor_id(nid)}) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"

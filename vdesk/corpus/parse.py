"""Cleaned source text -> the provision tree of one document.

Pipeline: raw text -> :func:`vdesk.corpus.errata.apply` -> format cleaning
(:mod:`vdesk.corpus._formats`, using the rules of :mod:`vdesk.corpus.clean`)
-> classification of each block -> page-break joins -> tree building.

Level inference
---------------
Heading markup (``#``, ``**``) says nothing about the level; the label does.
Every structural block has a *series*: roman chapters (``I.``), ``Chapter I``,
lettered sections (``A.``), numbered sections (``1. National actions``),
objectives, parts, draft resolutions, draft decisions, resolutions, decisions,
annexes and unnumbered headings.

1. A label that continues an open sibling series (``B.`` after ``A.``, ``II.``
   after ``I.``, ``Draft resolution III`` after ``II``) closes that sibling and
   everything opened under it, and becomes its sibling. The open nodes are
   searched innermost first, so ``B.`` inside an annex continues the annex's
   ``A.`` and a report-level ``B.`` continues the report-level ``A.`` once the
   annex has no ``A.`` open.
2. Any other structural label (a first-of-series ``I``, ``A``, ``1``, ``one``,
   an ``Annex``) opens a child of the innermost open structural node.
3. An unnumbered heading closes a previous unnumbered heading at the top of the
   stack (they are siblings) and opens a child of the innermost structural node;
   a numbered structural label also closes open unnumbered headings (chapter I
   after "Summary"). Resolutions and decisions never nest: a new one closes the
   open one (Decision 23/1 after Resolution 23/3).
4. Text nodes attach to the innermost open structural node: numbered and
   unnumbered paragraphs directly; lettered subparagraphs to the last paragraph;
   roman items to the last subparagraph.

``(i)`` is a roman item when the current subparagraph ends with ``:`` and the
next label is ``(ii)`` (or items are already open), else the letter after
``(h)``; ``(1)`` printed for ``(l)`` is the letter after ``(k)``.

A title on the line after a bare label (``Annex``, ``Draft resolution I``,
``Chapter I``) becomes the heading of that node.

Modelling decisions
-------------------
* A draft resolution quoted in a resolution (ECOSOC res. 2001/47 "Recommends to
  the General Assembly the adoption of the following draft resolution: “The General
  Assembly, …"): an unnumbered resolution node from the formula to the next
  structural label; its preamble and paragraphs are the draft's, not the Council's.
  The annex the draft quotes stays the document's annex (``ECOSOC res. 2001/47,
  annex``), as both resolutions annex the plans.
* Objectives are sections labelled ``Objective 1.`` (``Objective.`` unnumbered).
  Objectives printed in a row share the sub-sections that follow: a group section
  (num ``1-2``, no label, no heading) holds each objective as its own leaf
  section, then the shared sub-sections.
* ``Guideline 12.`` is a paragraph (num "12", label "Guideline 12.").
* Provisional agendas: an unnumbered heading; agenda items are paragraphs, their
  lettered sub-items subparagraphs; ``Documentation`` lines, report titles and
  ``(Legislative authority: …)`` are part of the text of the item they follow.
* Front matter (distribution header, session line, the repeated title) is
  dropped; a note cited only from it (the draft plans' ``*``) is kept on the
  document node, in its heading.
* Footnote markers bind to the first definition with their mark at or after the
  marker's line, else to the last one before it (repeat citations, notes that
  restart per annex).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from ..documents import PROFILES, DocumentProfile, Profiles
from . import _formats, _repair, clean, errata
from ._repair import ROMAN, Item
from .clean import FN_CLOSE, FN_OPEN, IT_CLOSE, IT_OPEN, Cleaned, NoteDef
from .model import FootnoteRef, Meta, Node

WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

# -------------------------------------------------------------------------- items


def _label(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str], str] | None:
    """Match a label at the start, looking through an opening italic token.

    Returns the match and the rest of the text (with the italic token kept).
    """
    opener = IT_OPEN if text.startswith(IT_OPEN) else ""
    body = text[len(opener) :]
    m = pattern.match(body)
    if not m:
        return None
    rest = body[m.end() :]
    if opener and rest.startswith(IT_CLOSE):
        rest, opener = rest[1:], ""
    rest = rest.lstrip()
    if opener and rest.startswith(IT_CLOSE):
        rest, opener = rest[1:].lstrip(), ""
    return m, opener + rest


RE_ANNEX = re.compile(r"Annex(?: ([IVX]+))?$")
RE_CHAPTER_WORD = re.compile(r"Chapter ([IVX]+)$")
RE_PART = re.compile(r"Part (one|two|three|four|five|six)$", re.I)
RE_RESOLUTION = re.compile(
    r"(Draft resolution|Draft decision|Resolution|Decision) ([IVX]+|\d+/\d+)$"
)
RE_ROMAN_HEAD = re.compile(r"([IVXL]+)\.\s+(?=\S)")
RE_LETTER_HEAD = re.compile(r"([A-Z])\.\s+(?=\S)")
RE_OBJECTIVE = re.compile(r"Objective(?: (\d+))?\.(?:" + IT_CLOSE + r")?\s*")
RE_GUIDELINE = re.compile(r"Guideline (\d+)\.\s*")
RE_NUMBER = re.compile(r"(\d+)\.\s+(?=\S)")
RE_SUB = re.compile(r"\(([a-z]{1,5}|1)\)\s+(?=\S)")


def classify(block: clean.Block, numbered_sections: frozenset[str] = frozenset()) -> Item:
    """The kind, label and series of one block. ``numbered_sections`` are the titles a
    number introduces as a section, not a paragraph, though unmarked ("1. National
    actions"): the document profile's ``numbered_sections``."""
    text, line, marked = block.text, block.line, block.marked
    bare = clean.plain(text).strip()
    if m := RE_ANNEX.match(bare):
        return Item("annex", line, num=m.group(1), label=bare, series="annex", wants_title=True)
    if m := RE_CHAPTER_WORD.match(bare):
        return Item("chapter", line, num=m.group(1), label=bare, series="chapter-word",
                    wants_title=True)  # fmt: skip
    if m := RE_PART.match(bare):
        return Item("part", line, num=m.group(1).lower(), label=bare, series="part",
                    wants_title=True)  # fmt: skip
    if m := RE_RESOLUTION.match(bare):
        kind = "decision" if "ecision" in m.group(1) else "resolution"
        return Item(kind, line, num=m.group(2), label=bare, series=m.group(1).lower(),
                    wants_title=True)  # fmt: skip
    if hit := _label(RE_OBJECTIVE, text):
        m, rest = hit
        label = f"Objective {m.group(1)}." if m.group(1) else "Objective."
        return Item("section", line, text=rest, num=m.group(1), label=label, series="objective")
    if hit := _label(RE_GUIDELINE, text):
        m, rest = hit
        return Item("paragraph", line, text=rest, num=m.group(1), label=f"Guideline {m.group(1)}.")
    if (hit := _label(RE_ROMAN_HEAD, text)) and _heading_like(hit[1], marked):
        m, rest = hit
        return Item("chapter", line, text=rest, num=m.group(1), label=f"{m.group(1)}.",
                    series="roman")  # fmt: skip
    if (hit := _label(RE_LETTER_HEAD, text)) and _heading_like(hit[1], marked):
        m, rest = hit
        return Item("section", line, text=rest, num=m.group(1), label=f"{m.group(1)}.",
                    series="letter")  # fmt: skip
    if hit := _label(RE_NUMBER, text):
        m, rest = hit
        if clean.plain(rest).strip() in numbered_sections or (
            marked and _heading_like(rest, marked)
        ):
            return Item("section", line, text=rest, num=m.group(1), label=f"{m.group(1)}.",
                        series="number")  # fmt: skip
        return Item("paragraph", line, text=rest, num=m.group(1), label=f"{m.group(1)}.")
    if hit := _label(RE_SUB, text):
        m, rest = hit
        return Item("sub", line, text=rest, num=m.group(1), label=f"({m.group(1)})")
    if marked:
        return Item("heading", line, text=text, series="heading", marked=True)
    return Item("paragraph", line, text=text)


def _heading_like(rest: str, marked: bool) -> bool:
    """A label followed by a title, not by a sentence: marked, or no final full stop."""
    if marked:
        return True
    s = clean.plain(rest).strip()
    return bool(s) and not clean.ends_sentence(s) and len(s.split()) <= 30


# -------------------------------------------------------------------------- joins


def join_page_breaks(items: list[Item]) -> list[Item]:
    """Rejoin text split by page breaks.

    An unlabelled text block continues the previous text block when that one does
    not end a sentence (or the next one starts in lower case), or when it sits
    between numbered paragraphs n and n+1 right after paragraph n: numbered
    paragraphs are never separated by an unnumbered one, so it is the rest of
    paragraph n cut at a sentence boundary by a page break (001 ¶32, 002 B.I ¶8).
    """
    out: list[Item] = []
    for i, it in enumerate(items):
        prev = out[-1] if out else None
        if (
            prev is not None
            and it.kind == "paragraph"
            and it.num is None
            and not it.marked
            and prev.kind in ("paragraph", "sub")
            and not prev.marked
            and prev.text
            and not _wholly_italic(prev.text)
            and (clean.continues(prev.text, it.text) or _between_numbered(prev, items, i))
        ):
            prev.text = clean.join_across_break(prev.text, it.text)
            continue
        out.append(it)
    return out


def _between_numbered(prev: Item, items: list[Item], i: int) -> bool:
    nxt = items[i + 1] if i + 1 < len(items) else None
    return (
        prev.kind == "paragraph"
        and bool(prev.num and prev.num.isdigit())
        and not prev.label.startswith("Guideline")
        and nxt is not None
        and nxt.kind == "paragraph"
        and nxt.num == str(int(prev.num or 0) + 1)
    )


def _wholly_italic(text: str) -> bool:
    """A line printed wholly in italics (``*The Economic and Social Council*``) is a
    caption, never a sentence cut by a page break."""
    return text.startswith(IT_OPEN) and text.endswith(IT_CLOSE) and text.count(IT_OPEN) == 1


def attach_titles(items: list[Item]) -> list[Item]:
    """A bare label (``Annex``, ``Draft resolution I``) takes the next unlabelled
    block as its title when that block reads like a title."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        out.append(it)
        nxt = items[i + 1] if i + 1 < len(items) else None
        if (
            it.wants_title
            and nxt is not None
            and nxt.kind in ("paragraph", "heading")
            and nxt.num is None
            and not clean.plain(nxt.text).rstrip().endswith((",", ":", ";"))
        ):
            it.text = nxt.text
            i += 2
            # a title continued on the next line (003 annex title is on one block already)
            continue
        i += 1
    return out


# -------------------------------------------------------------------------- rendering


_RENDER_TOKEN = re.compile(f"{FN_OPEN}([^{FN_CLOSE}]*){FN_CLOSE}|{IT_OPEN}|{IT_CLOSE}")


def render(text: str) -> tuple[str, list[tuple[int, int]], list[tuple[str, int]]]:
    """Token text -> (clean text, italic spans, [(footnote mark, offset)]).

    Runs of white space become one space; a marker's offset is the length of the
    text printed before it, without trailing space.
    """
    parts: list[str] = []
    size = 0
    italics: list[tuple[int, int]] = []
    marks: list[tuple[str, int]] = []
    start: int | None = None
    last_space = True  # nothing printed yet: drop leading space

    def emit(chunk: str) -> None:
        nonlocal size, last_space
        if "  " in chunk or "\t" in chunk or "\n" in chunk:
            chunk = re.sub(r"\s+", " ", chunk)
        if last_space:
            chunk = chunk.lstrip(" ")
        if chunk:
            parts.append(chunk)
            size += len(chunk)
            last_space = chunk.endswith(" ")

    pos = 0
    for m in _RENDER_TOKEN.finditer(text):
        emit(text[pos : m.start()])
        pos = m.end()
        tok = m.group(0)
        here = size - 1 if last_space and size else size
        if tok[0] == FN_OPEN:
            marks.append((m.group(1), here))
        elif tok == IT_OPEN:
            start = size
        elif start is not None:
            if here > start:
                italics.append((start, here))
            start = None
    emit(text[pos:])
    s = "".join(parts).rstrip(" ")
    italics = [(a, min(b, len(s))) for a, b in italics if a < len(s)]
    marks = [(mk, min(o, len(s))) for mk, o in marks]
    return s, _fix_italics(s, italics), marks


def _fix_italics(s: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for a, b in spans:
        while a < b and s[a] == " ":
            a += 1
        while b > a and s[b - 1] == " ":
            b -= 1
        if b > a:
            out.append((a, b))
    return out


# -------------------------------------------------------------------------- tree


class _Notes:
    """Footnote definitions; a marker binds to the first definition with its mark
    at or after the marker's line, else to the last one before (repeat citations)."""

    def __init__(self, notes: list[NoteDef]) -> None:
        self.notes = notes

    def find(self, num: str, line: int) -> NoteDef | None:
        same = [d for d in self.notes if d.num == num]
        after = [d for d in same if d.line >= line]
        if after:
            return after[0]
        return same[-1] if same else None


def _make(kind: str, it: Item, notes: _Notes, as_heading: bool) -> Node:
    node = Node(kind=kind, num=it.num, label=it.label, line=it.line)
    text, italics, marks = render(it.text)
    if as_heading:
        node.heading = text or None
    else:
        node.text = text
        node.italics = italics
    for mark, offset in marks:
        d = notes.find(mark, it.line)
        if d is None:
            raise ValueError(f"line {it.line}: footnote {mark!r} has no definition")
        node.footnotes.append(FootnoteRef(mark, d.text, offset, in_heading=as_heading))
    return node


def _predecessor(series: str, num: str | None) -> str | None:
    if num is None:
        return None
    if series in ("roman", "chapter-word", "annex") or (series.endswith(("resolution", "decision"))
                                               and num.isalpha()):  # fmt: skip
        k = ROMAN.index(num.lower()) if num.lower() in ROMAN else -1
        return ROMAN[k - 1].upper() if k > 0 else None
    if series == "letter":
        return chr(ord(num) - 1) if num > "A" else None
    if series == "part":
        k = WORDS.index(num)
        return WORDS[k - 1] if k > 0 else None
    if num.isdigit():
        return str(int(num) - 1) if int(num) > 1 else None
    if "/" in num:
        a, b = num.split("/")
        return f"{a}/{int(b) - 1}" if int(b) > 1 else None
    return None


def build(doc: DocumentProfile, items: list[Item], notes: _Notes) -> Node:
    root = Node(kind="document", heading=doc.title, line=1)
    stack: list[tuple[Node, str]] = [(root, "")]
    para: Node | None = None
    sub: Node | None = None
    for i, it in enumerate(items):
        if it.kind in ("paragraph",):
            node = _make("paragraph", it, notes, as_heading=False)
            if _opens_quoted_resolution(node, para):
                # "Recommends … the adoption of the following draft resolution:" then
                # "The General Assembly,": the draft's preamble and paragraphs are its own
                quoted = Node(kind="resolution", line=it.line)
                stack[-1][0].add(quoted)
                stack.append((quoted, QUOTED))
            stack[-1][0].add(node)
            para, sub = node, None
            continue
        if it.kind == "sub":
            nxt = next((x for x in items[i + 1 :] if x.kind == "sub"), None)
            kind = _sub_kind(it, para, sub, nxt)
            if kind == "item" and sub is not None:
                sub.add(_make("item", it, notes, as_heading=False))
                continue
            if it.num == "1":
                it.num, it.label = "l", "(l)"
            node = _make("subparagraph", it, notes, as_heading=False)
            (para or stack[-1][0]).add(node)
            sub = node
            continue
        # structural
        if stack[-1][1] == QUOTED:
            stack.pop()  # the quoted draft's annex is the document's annex (see above)
        _letter_not_roman(it, stack)
        node = _make(it.kind, it, notes, as_heading=True)
        _place(stack, node, it)
        para, sub = None, None
    return root


#: The series of a draft resolution quoted in the text of another resolution.
QUOTED = "quoted resolution"
_INTRODUCES_DRAFT = re.compile(r"\bthe following draft resolution:$")
_GA_FORMULA = re.compile(r"^The General Assembly,$")


def _opens_quoted_resolution(node: Node, previous: Node | None) -> bool:
    """An opening formula right after a paragraph that introduces "the following
    draft resolution:" starts the quoted draft (ECOSOC res. 2001/47)."""
    return (
        previous is not None
        and not previous.num
        and bool(_INTRODUCES_DRAFT.search(previous.text.strip()))
        and bool(_GA_FORMULA.match(node.text.strip()))
    )


def _letter_not_roman(it: Item, stack: list[tuple[Node, str]]) -> None:
    """``I.`` (or ``V.``, ``X.``…) after an open lettered section ``H.`` is the next
    letter, not a roman chapter."""
    if it.series != "roman" or len(it.num or "") != 1:
        return
    previous = chr(ord(it.num or "A") - 1)
    if any(series == "letter" and n.num == previous for n, series in stack):
        it.kind, it.series = "section", "letter"


def _place(stack: list[tuple[Node, str]], node: Node, it: Item) -> None:
    pred = _predecessor(it.series, it.num)
    if it.kind == "heading" or it.num is not None:
        while len(stack) > 1 and stack[-1][1] == "heading":
            stack.pop()
    if it.kind in ("resolution", "decision"):
        # resolutions and decisions never nest: a new one closes an open one
        for k in range(len(stack) - 1, 0, -1):
            if stack[k][0].kind in ("resolution", "decision"):
                del stack[k:]
                break
    if pred is not None:
        for k in range(len(stack) - 1, 0, -1):
            n, series = stack[k]
            # a group of objectives ("1-2") is continued by the one after its last
            if series == it.series and (n.num == pred or (n.num or "").rsplit("-")[-1] == pred):
                del stack[k:]
                break
    stack[-1][0].add(node)
    if _repair.LEAF not in it.extra:
        stack.append((node, it.series))


def _sub_kind(it: Item, para: Node | None, sub: Node | None, nxt: Item | None) -> str:
    num = it.num or ""
    if sub is None or num not in ROMAN:
        return "subparagraph"
    items = [c for c in sub.children if c.kind == "item"]
    if items:
        last = items[-1].num or ""
        if last in ROMAN and ROMAN.index(num) == ROMAN.index(last) + 1:
            return "item"
    if num == "i" and sub.text.rstrip().endswith(":") and nxt is not None and nxt.num == "ii":
        return "item"
    return "subparagraph"


# -------------------------------------------------------------------------- entry points


def clean_document(
    doc: DocumentProfile, text: str | None = None, profiles: Profiles = PROFILES
) -> Cleaned:
    """Errata applied, then the format cleaner of the document's source format.

    ``profiles`` are the documents of the corpus: a document that lost its hyphens
    gets them back from the others' texts.
    """
    raw = doc.read() if text is None else text
    fixed = errata.apply(doc.key, raw)
    if doc.source_format == "tabbed":
        cleaned = _formats.tabbed(fixed, doc.title)
    elif doc.source_format == "markdown":
        cleaned = _formats.markdown(fixed, doc.title, quoted=doc.quoted)
    else:
        repair = _hyphen_repair(doc.key, tuple(profiles)) if doc.lost_hyphens else None
        cleaned = _formats.plain(fixed, doc.title, repair)
    _adoption_record(cleaned)
    return cleaned


@cache
def _hyphen_repair(
    key: str, profiles: tuple[DocumentProfile, ...] = PROFILES
) -> Callable[[str], str]:
    """Hyphen restoration for ``key``: a word printed unhyphenated in this document
    whose hyphenated form is printed somewhere in the corpus, and which no other
    document prints unhyphenated (``interregional`` is a real word in the Vienna
    Declaration), gets its hyphens back."""
    texts = [d.read() for d in profiles]
    compounds = clean.hyphenated_compounds(texts)
    known = set(clean.word_counts(d.read() for d in profiles if d.key != key))
    return clean.HyphenRepair(compounds, known)


def parse_document(
    doc: DocumentProfile, text: str | None = None, profiles: Profiles = PROFILES
) -> Node:
    """The document node with its full provision tree."""
    cleaned = clean_document(doc, text, profiles)
    items = [classify(b, doc.numbered_sections) for b in cleaned.blocks]
    items = attach_titles(items)
    items = _repair.shared_objectives(items)
    items = _repair.agendas(items)
    if doc.page_breaks:
        items = join_page_breaks(items)
    items = _repair.split_inline_labels(items)
    items = _repair.displaced_letters(items)
    items = _repair.paragraph_numbers(items)
    notes = _Notes(cleaned.notes)
    root = build(doc, items, notes)
    root.meta = [*cleaned.meta, *_agenda_header(cleaned, doc.read() if text is None else text)]
    _keep_uncited_notes(root, cleaned.notes)
    _metadata_as_text(root)
    return root


def _metadata_as_text(root: Node) -> None:
    """The document node's text is its metadata lines, one a line, and the notes they
    cite are the document node's, at their place in that text (never on the title)."""
    lines: list[str] = []
    size = 0
    for m in root.meta:
        for f in m.footnotes:
            root.footnotes.append(FootnoteRef(f.num, f.text, size + f.offset))
        lines.append(m.text)
        size += len(m.text) + 1
    root.text = "\n".join(lines)


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
RE_MEETING = re.compile(r"^\d+(?:st|nd|rd|th) plenary meeting$")
RE_DATE = re.compile(rf"^\d{{1,2}} (?:{_MONTHS}) \d{{4}}$")
#: The agenda line of a report's header: "Item 5 of the provisional agenda* Follow-up …"
RE_AGENDA = re.compile(r"\b(Item \d+ of the provisional agenda)(\*|[a-z])?\s+(\S.*)$")


def _adoption_record(cleaned: Cleaned) -> None:
    """The record of adoption under a resolution ("81st plenary meeting" and the date
    on the next line) is document metadata (``cleaned.meta``), not two unnumbered
    paragraphs."""
    blocks = []
    for block in cleaned.blocks:
        bare = clean.plain(block.text).strip()
        last = cleaned.meta[-1].name if cleaned.meta else ""
        if not block.marked and RE_MEETING.match(bare):
            cleaned.meta.append(Meta("meeting", bare, block.line))
        elif not block.marked and RE_DATE.match(bare) and last == "meeting":
            cleaned.meta.append(Meta("date", bare, block.line))
        else:
            blocks.append(block)
            continue
        cleaned.drop("adoption record", bare)
    cleaned.blocks = blocks


def _agenda_header(cleaned: Cleaned, raw: str) -> list[Meta]:
    """The agenda item of a report's dropped header, as document metadata: the item
    line (which cites the note on the agenda's symbol) and the item's title."""
    for text in cleaned.debris.get("front matter", []):
        if m := RE_AGENDA.search(clean.plain(text)):
            line = next(
                (no for no, s in enumerate(raw.split("\n"), start=1) if m.group(1) in s), None
            )
            item = Meta("agenda", m.group(1), line)
            if m.group(2):
                item.footnotes.append(FootnoteRef(m.group(2), "", len(m.group(1))))
            return [item, Meta("agenda item", m.group(3).strip(), line)]
    return []


def _keep_uncited_notes(root: Node, notes: list[NoteDef]) -> None:
    """A note whose only marker was in dropped front matter (001 ``^{*}``, on the
    "provisional agenda*" of the session header) is kept on the document node,
    as a note of its title, so that no note text is lost."""
    cited = {(f.num, f.text) for n in root.walk() for f in n.footnotes}
    for d in notes:
        cited_by_meta = [f for m in root.meta for f in m.footnotes if f.num == d.num and not f.text]
        if cited_by_meta:
            # the note of the agenda line (001 "provisional agenda*": E/CN.7/2001/1)
            cited_by_meta[0].text = d.text
            continue
        if (d.num, d.text) not in cited:
            heading = root.heading or ""
            root.footnotes.append(FootnoteRef(d.num, d.text, len(heading), in_heading=True))


def parse_all(profiles: Profiles = PROFILES) -> dict[str, Node]:
    """Every document of ``profiles``, keyed by document key."""
    return {d.key: parse_document(d, profiles=profiles) for d in profiles}

"""The profile of one document: everything the pipeline, the resolver, the search
and the dashboard need to know that is particular to it.

A profile is data: generic code reads its fields and never tests a document key.
Adding a document means adding its source text and one profile.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..data_files import corpus_dir

#: Where the verbatim source texts live (``corpus/`` at the top of the repo).
CORPUS_DIR = corpus_dir()

#: How a source text was converted, which decides its format cleaner:
#: ``tabbed`` (a paragraph starts with a TAB, ``N text`` footnotes, ODS trailer),
#: ``markdown`` (one block per line, ``---`` page breaks, ``<sup>`` notes) or
#: ``plain`` (PDF-to-text: one block per line, plain headings, superscript notes).
SourceFormat = Literal["tabbed", "markdown", "plain"]

#: What a document is to the cross-reference rules of the others: the Declaration whose
#: paragraphs they cite ("paragraph 7 of the Vienna Declaration"), or the plans of
#: action whose chapters they cite ("sections I-III of the plans of action").
XrefTarget = Literal["declaration", "plans"]

#: Where a citing pattern applies: in every document, in the documents that implement
#: the Declaration ("the Declaration", bare "paragraph N"), or in those whose
#: parenthetical "(para. N)" cites it.
XrefContext = Literal["everywhere", "implements", "parenthetical"]


@dataclass(frozen=True, slots=True)
class XrefPattern:
    """How the other documents cite this one.

    ``pattern`` is a regular expression in which ``{refs}`` stands for the cited
    numbers: a list of paragraphs ("7, 8 (a) and 10") when the document is the
    declaration, of roman chapters and ranges ("I-III and V") when it is the plans.
    A reference to a whole part of the document ("resolution 55/59, annex") has no
    ``{refs}``: ``lands_on`` names the component it links to ("annex"), and the
    span linked is the pattern's group ``ref``.
    """

    name: str
    pattern: str
    context: XrefContext = "everywhere"
    lands_on: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentProfile:
    """One document: identity, names, citation style, parser hints and rules.

    Identity (stored in the corpus database and shown to users)
        ``key`` is a public contract: other tools address documents by it.
        ``symbol`` is the UN document symbol, else None; a symbol the text does not
        print is supplied only with ``symbol_basis``, which says where it comes from;
        ``cite_as`` is how a citation to it starts, in UN practice; ``short`` is the
        name in lists; ``abbreviation`` is the short form of typed references and
        completions ("VD 7 (d)").
    Names
        ``aliases`` are extra names the resolver accepts (lower case); those without a
        space are also accepted by the search filter ``doc:``. They name the main text
        (for the resolver, "POA 5" is paragraph 5 of the ``main_scope``).
        ``instrument_names`` name the resolution itself, like ``cite_as`` and ``symbol``:
        after one the resolver reads a locator literally, the annex only when typed
        ("E/RES/2001/47, para. 5" is not annex paragraph 5). ``adopted_names`` are the
        names of the quoted draft as adopted (``adopted_as``: "A/RES/56/261"): a locator
        after one is read inside that draft (and its annex when typed).
    Source
        ``filename`` in ``source_dir`` (None: the shipped ``corpus/`` directory).
    Parser hints
        ``source_format`` picks the format cleaner; ``quoted``: a Markdown text that is
        a quotation, every block opened by “; ``page_breaks``: the conversion left page
        breaks that cut sentences (rejoined by the parser); ``lost_hyphens``: the
        conversion merged hyphenated compounds ("moneylaundering"), restored from the
        rest of the corpus; ``numbered_sections``: titles that a number introduces as
        a section, not a paragraph, though printed unmarked ("1. National actions").
    Citations
        ``continuous_numbering``: paragraphs are numbered through the whole text and
        cited by number alone, after ``cite_as``, without the chapters around them.
        ``main_scope``: the component ("annex") a bare number prefers when it is
        ambiguous inside the document (the annex of a resolution that carries one).
        ``adopted_as``: the number under which the draft resolution the document quotes
        was adopted ("56/261" for the draft in ECOSOC res. 2001/47); the resolver
        accepts "res. 56/261, para. 5" for the draft's paragraph 5.
    Cross-references
        ``xref_target``: what the other documents' references to this one land on, and
        ``xref_patterns`` how they cite it.
        ``implements_declaration``: the document implements the Declaration, so "the
        Declaration" and "paragraph N" in it mean the Declaration's, and the reader
        shows its references as "Implements"; ``parenthetical_refs``: "(para. N)" in it
        cites the Declaration too.
    National and international actions
        ``actions``: the document's "National actions" / "International actions"
        sections hold actions: the search index gives them a scope and the dashboard
        counts them, chapter by chapter.
    """

    key: str
    filename: str
    title: str
    body: str
    description: str
    cite_as: str
    short: str
    abbreviation: str
    symbol: str | None = None
    symbol_basis: str | None = None
    date: str | None = None
    aliases: tuple[str, ...] = ()
    instrument_names: tuple[str, ...] = ()
    adopted_names: tuple[str, ...] = ()
    source_dir: Path | None = None
    source_format: SourceFormat = "plain"
    quoted: bool = False
    page_breaks: bool = True
    lost_hyphens: bool = False
    numbered_sections: frozenset[str] = frozenset()
    continuous_numbering: bool = False
    main_scope: str | None = None
    adopted_as: str | None = None
    xref_target: XrefTarget | None = None
    xref_patterns: tuple[XrefPattern, ...] = ()
    implements_declaration: bool = False
    parenthetical_refs: bool = False
    actions: bool = False

    @property
    def path(self) -> Path:
        return (self.source_dir or CORPUS_DIR) / self.filename

    def read(self) -> str:
        """The raw source text, exactly as shipped."""
        return self.path.read_text(encoding="utf-8")

    @property
    def names(self) -> frozenset[str]:
        """Every name the resolver accepts for the document (before normalising)."""
        names = {self.key, self.short, self.cite_as, self.abbreviation, *self.aliases}
        names.update(self.instrument_names, self.adopted_names)
        if self.symbol:
            names.add(self.symbol)
        return frozenset(names)

    @property
    def search_names(self) -> tuple[str, ...]:
        """Names the search filter ``doc:`` accepts: the key and the one-word aliases."""
        return (self.key, *(a for a in self.aliases if " " not in a))

    def description_for_fingerprint(self) -> dict[str, object]:
        """Every field that decides what the build writes (not where the file lies)."""
        out = dataclasses.asdict(self)
        del out["source_dir"]
        out["numbered_sections"] = sorted(self.numbered_sections)
        return out

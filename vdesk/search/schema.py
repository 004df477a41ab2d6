"""The Whoosh schema of the corpus index. Bump SCHEMA_VERSION on any change."""

from __future__ import annotations

from whoosh.analysis import Analyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from ..documents import PROFILES

SCHEMA_VERSION = 2

#: The field searched by words the user types without a field name: heading, text and
#: footnotes of a node in one field (one posting list per word: half the work of three).
DEFAULT_FIELD = "content"
#: Fields the user may name in a query (``doc:vienna-declaration``), with what they hold.
FILTER_FIELDS = {
    "doc": f"a document key ({', '.join(p.key for p in PROFILES)}) or a short name "
    f"({', '.join(p.abbreviation for p in PROFILES if p.abbreviation.lower() in p.aliases)})",
    "kind": "a node kind (paragraph, subparagraph, item, chapter, section, heading, ...)",
    "scope": "national or international (actions in the plans of action)",
}


def analyzer() -> Analyzer:
    """Stemming without a stop list, so that "trafficking in persons" is an exact phrase."""
    return StemmingAnalyzer(stoplist=None, minsize=1)


def make_schema() -> Schema:
    ana = analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        doc=ID(stored=True),
        kind=ID(stored=True),
        scope=ID,
        within=KEYWORD,  # ids of all ancestors, for "only inside this chapter"
        ordinal=STORED,
        citation=STORED,
        heading=STORED,  # for snippets; searched through content
        text=STORED,
        content=TEXT(analyzer=ana),
    )

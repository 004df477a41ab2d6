"""The Whoosh schema of the corpus index. Bump SCHEMA_VERSION on any change."""

from __future__ import annotations

import hashlib
from importlib import resources

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from ..documents import PROFILES
from .analysis import analyzer

#: The schema's version and the word rules it was indexed with (``words.toml``): the
#: corpus fingerprint holds it, so that changing either rebuilds the index.
SCHEMA_VERSION = (
    "3+"
    + hashlib.sha256(resources.files(__package__).joinpath("words.toml").read_bytes()).hexdigest()[
        :12
    ]
)

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


def make_schema() -> Schema:
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
        footnotes=STORED,  # ((printed mark, text), ...) for snippets of footnote matches
        content=TEXT(analyzer=analyzer()),
    )

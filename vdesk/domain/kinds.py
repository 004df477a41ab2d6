"""Node kinds, as they appear in the JSON output, the database and the search index."""

from __future__ import annotations

#: Every node kind, from the document down to a roman item.
KINDS = (
    "document",
    "part",
    "chapter",
    "section",
    "resolution",
    "decision",
    "annex",
    "heading",
    "paragraph",
    "subparagraph",
    "item",
)

#: Kinds that carry provision text rather than structure.
TEXT_KINDS = frozenset({"paragraph", "subparagraph", "item"})

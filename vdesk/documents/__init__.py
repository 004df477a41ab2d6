"""One profile per document, and the registry of the documents in the corpus.

Adding a document: its source text under ``corpus/`` and a module here with its
:class:`DocumentProfile`, listed in :data:`registry.PROFILES`.
"""

from __future__ import annotations

from .profile import (
    CORPUS_DIR,
    DocumentProfile,
    SourceFormat,
    XrefContext,
    XrefPattern,
    XrefTarget,
)
from .registry import (
    BY_KEY,
    PROFILES,
    Profiles,
    action_documents,
    by_key,
    get,
    implementing,
    search_names,
    xref_target,
)

__all__ = [
    "BY_KEY",
    "CORPUS_DIR",
    "PROFILES",
    "DocumentProfile",
    "Profiles",
    "SourceFormat",
    "XrefContext",
    "XrefPattern",
    "XrefTarget",
    "action_documents",
    "by_key",
    "get",
    "implementing",
    "search_names",
    "xref_target",
]

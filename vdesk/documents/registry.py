"""The registered documents, in corpus order, and what is derived from a list of them.

Every function that reads a list of profiles takes it as an argument (the registry's
:data:`PROFILES` by default), so that a corpus can be built, resolved and searched
with another list (a test adds a made-up document this way).
"""

from __future__ import annotations

from collections.abc import Sequence

from . import ccpcj_2002, ccpcj_2014, draft_plans_of_action, plans_of_action, vienna_declaration
from .profile import DocumentProfile, XrefTarget

Profiles = Sequence[DocumentProfile]

PROFILES: tuple[DocumentProfile, ...] = (
    vienna_declaration.PROFILE,
    plans_of_action.PROFILE,
    draft_plans_of_action.PROFILE,
    ccpcj_2002.PROFILE,
    ccpcj_2014.PROFILE,
)


def by_key(profiles: Profiles = PROFILES) -> dict[str, DocumentProfile]:
    """The profiles by document key; a key registered twice is an error."""
    out: dict[str, DocumentProfile] = {}
    for p in profiles:
        if p.key in out:
            raise ValueError(f"document {p.key!r} is registered twice")
        out[p.key] = p
    return out


BY_KEY: dict[str, DocumentProfile] = by_key(PROFILES)


def get(key: str, profiles: Profiles = PROFILES) -> DocumentProfile:
    """The document with this key; KeyError names the valid keys."""
    table = BY_KEY if profiles is PROFILES else by_key(profiles)
    try:
        return table[key]
    except KeyError:
        raise KeyError(f"unknown document {key!r}; known: {', '.join(table)}") from None


def xref_target(role: XrefTarget, profiles: Profiles = PROFILES) -> DocumentProfile | None:
    """The document the other documents' references of this ``role`` land on."""
    return next((p for p in profiles if p.xref_target == role), None)


def implementing(profiles: Profiles = PROFILES) -> frozenset[str]:
    """Keys of the documents that implement the Declaration."""
    return frozenset(p.key for p in profiles if p.implements_declaration)


def action_documents(profiles: Profiles = PROFILES) -> tuple[str, ...]:
    """Keys of the documents with national and international actions, in order."""
    return tuple(p.key for p in profiles if p.actions)


def search_names(profiles: Profiles = PROFILES) -> dict[str, str]:
    """What the search filter ``doc:`` accepts (lower case) -> document key."""
    return {name: p.key for p in profiles for name in p.search_names}

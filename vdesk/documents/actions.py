"""The national / international rule: which actions of a plan a provision belongs to."""

from __future__ import annotations

from collections.abc import Iterable


def scope_of_section(heading: str | None) -> str:
    """ "national" / "international" for "A. National actions" / "B. International
    actions", else ""."""
    h = (heading or "").lower()
    if "national actions" not in h:
        return ""
    return "international" if "international" in h else "national"


def scope_of_sections(headings: Iterable[str | None]) -> str:
    """The scope of a provision from the headings of its sections, nearest first:
    the first "National actions" or "International actions" section decides."""
    for heading in headings:
        if scope := scope_of_section(heading):
            return scope
    return ""

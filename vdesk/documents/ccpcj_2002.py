"""Report of the Commission on Crime Prevention and Criminal Justice, eleventh session
(2002), chapter I."""

from __future__ import annotations

from .profile import DocumentProfile

PROFILE = DocumentProfile(
    key="ccpcj-2002",
    filename="ccpcj-2002.txt",
    symbol="E/2002/30/Rev.1",
    title="Report of the Commission on Crime Prevention and Criminal Justice on its "
    "eleventh session, chapter I: Matters calling for action by the Economic and "
    "Social Council or brought to its attention",
    body="Commission on Crime Prevention and Criminal Justice",
    date=None,
    description="Draft resolutions and decisions of the eleventh session (2002), "
    "including the basic principles on restorative justice and the Guidelines for "
    "the Prevention of Crime.",
    cite_as="E/2002/30/Rev.1",
    short="CCPCJ report 2002",
    abbreviation="CCPCJ 2002",
    aliases=(
        "ccpcj 2002",
        "ccpcj2002",
        "2002 report",
        "eleventh session",
        "e/2002/30",
        "e/2002/30/rev.1",
    ),
    source_format="plain",
)

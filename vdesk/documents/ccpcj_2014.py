"""Report of the Commission on Crime Prevention and Criminal Justice, twenty-third
session (2014), chapter I."""

from __future__ import annotations

from .profile import DocumentProfile

PROFILE = DocumentProfile(
    key="ccpcj-2014",
    filename="ccpcj-2014.txt",
    symbol=None,
    title="Report of the Commission on Crime Prevention and Criminal Justice on its "
    "twenty-third session, chapter I: Matters calling for action by the Economic "
    "and Social Council or brought to its attention",
    body="Commission on Crime Prevention and Criminal Justice",
    date=None,
    description="Draft resolutions, decisions and resolutions 23/1-23/3 of the "
    "twenty-third session (2014), including the Model Strategies on violence "
    "against children and the guidelines on trafficking in cultural property.",
    cite_as="CCPCJ report, 23rd session",
    short="CCPCJ report 2014",
    abbreviation="CCPCJ 2014",
    aliases=("ccpcj 2014", "ccpcj2014", "2014 report", "twenty-third session"),
    source_format="plain",
)

"""GA resolution 55/59 and the Vienna Declaration on Crime and Justice (its annex)."""

from __future__ import annotations

from .profile import DocumentProfile

PROFILE = DocumentProfile(
    key="vienna-declaration",
    filename="vienna-declaration.txt",
    symbol="A/RES/55/59",
    title="Vienna Declaration on Crime and Justice: Meeting the Challenges of the "
    "Twenty-first Century",
    body="General Assembly",
    date="2000-12-04",
    description="General Assembly resolution 55/59 endorsing the Declaration of the "
    "Tenth United Nations Congress on the Prevention of Crime and the Treatment of "
    "Offenders.",
    cite_as="A/RES/55/59",
    short="Vienna Declaration",
    abbreviation="VD",
    aliases=(
        "vd",
        "vienna",
        "vienna declaration",
        "the vienna declaration",
        "55/59",
        "res. 55/59",
        "resolution 55/59",
        "a/res/55/59",
    ),
    source_format="tabbed",
    page_breaks=False,  # the TAB format has no page breaks
    main_scope="annex",
    xref_target="declaration",
)

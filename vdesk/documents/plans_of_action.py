"""The plans of action recommended by ECOSOC resolution 2001/47.

The Council's text and the quoted General Assembly draft are the document's own
paragraphs, then the annex with the plans, fifteen chapters of national and
international actions.
"""

from __future__ import annotations

from .profile import DocumentProfile, XrefPattern

PROFILE = DocumentProfile(
    key="plans-of-action",
    filename="plans-of-action.txt",
    symbol=None,
    title="Plans of action for the implementation of the Vienna Declaration on Crime "
    "and Justice: Meeting the Challenges of the Twenty-first Century",
    body="Economic and Social Council",
    date=None,
    description="The plans of action recommended by ECOSOC resolution 2001/47 to the "
    "General Assembly: national and international actions in fifteen chapters.",
    cite_as="ECOSOC res. 2001/47",
    short="Plans of action",
    abbreviation="POA",
    aliases=(
        "poa",
        "plans of action",
        "the plans of action",
        "2001/47",
        "res. 2001/47",
        "resolution 2001/47",
        "ecosoc res. 2001/47",
        "ecosoc resolution 2001/47",
        "56/261",
        "resolution 56/261",
    ),
    # the Council's resolution itself: "ECOSOC res. 2001/47, para. 5" is not annex para. 5
    instrument_names=(
        "ECOSOC res. 2001/47",
        "E/RES/2001/47",
        "ECOSOC 2001/47",
        "res. 2001/47",
        "2001/47",
    ),
    # the draft as the General Assembly adopted it (adopted_as)
    adopted_names=("A/RES/56/261", "GA res. 56/261", "GA 56/261", "res. 56/261", "56/261"),
    source_format="markdown",
    quoted=True,  # the quoted General Assembly draft opens every block with “
    main_scope="annex",
    # the draft resolution the Council recommends (lines 11-39) was adopted by the
    # General Assembly as resolution 56/261 of 31 January 2002 (cited so in the 2002
    # report: "Recalling further its resolution 56/261 of 31 January 2002")
    adopted_as="56/261",
    xref_target="plans",
    xref_patterns=(
        XrefPattern(
            "resolution-56/261-annex-sects", r"(?<![\d/])56/261,\s+annex,\s+sects?\.\s+{refs}"
        ),
        XrefPattern(
            "sections-of-the-plans-of-action",
            r"\bsections?\s+{refs}\s+of\s+the\s+plans\s+of\s+action\b",
        ),
    ),
    implements_declaration=True,
    actions=True,
)

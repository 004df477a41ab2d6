"""Report of the Commission on Crime Prevention and Criminal Justice, twenty-third
session (2014), chapter I."""

from __future__ import annotations

from .profile import DocumentProfile

PROFILE = DocumentProfile(
    key="ccpcj-2014",
    filename="ccpcj-2014.txt",
    # The text does not print its symbol. The Commission's reports to the Council are
    # issued as Supplement No. 10 of the Council's Official Records in the series
    # E/YYYY/30: the text itself cites the report on the twenty-first session as
    # "Supplement No. 10 (E/2012/30 and Corr.1 and 2)" (note 3, line 45), and the 2002
    # report prints "Supplement No. 10 (E/2002/30/Rev.1)" (its note 7, line 169).
    symbol="E/2014/30",
    symbol_basis="Not printed in the source: the series of the Commission's reports, "
    "Official Records of the Economic and Social Council, Supplement No. 10 (E/YYYY/30), "
    "as the source cites the 2012 report (E/2012/30, note 3); the report on the "
    "twenty-third session (2014) is E/2014/30.",
    title="Report of the Commission on Crime Prevention and Criminal Justice on its "
    "twenty-third session, chapter I: Matters calling for action by the Economic "
    "and Social Council or brought to its attention",
    body="Commission on Crime Prevention and Criminal Justice",
    date=None,
    description="Draft resolutions, decisions and resolutions 23/1-23/3 of the "
    "twenty-third session (2014), including the Model Strategies on violence "
    "against children and the guidelines on trafficking in cultural property.",
    cite_as="E/2014/30",
    short="CCPCJ report 2014",
    abbreviation="CCPCJ 2014",
    aliases=(
        "ccpcj 2014",
        "ccpcj2014",
        "2014 report",
        "twenty-third session",
        "e/2014/30",
        "ccpcj report, 23rd session",  # how it was cited before its symbol was supplied
    ),
    source_format="plain",
)

"""GA resolution 55/59 and the Vienna Declaration on Crime and Justice (its annex)."""

from __future__ import annotations

from .profile import DocumentProfile, XrefPattern

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
    # the resolution itself: "A/RES/55/59, para. 1" is not the Declaration's paragraph 1
    instrument_names=("A/RES/55/59", "GA res. 55/59", "GA 55/59", "res. 55/59", "55/59"),
    source_format="tabbed",
    page_breaks=False,  # the TAB format has no page breaks
    main_scope="annex",
    xref_target="declaration",
    xref_patterns=(
        XrefPattern(
            "paragraphs-of-the-vienna-declaration",
            # "Paragraph 14 of the Vienna Declaration" opens a sentence (draft note 21)
            r"\b[Pp]aragraphs?\s+{refs}\s+of\s+the\s+Vienna\s+Declaration\b",
        ),
        XrefPattern(
            "paragraphs-of-the-declaration",
            r"\b[Pp]aragraphs?\s+{refs}\s+of\s+the\s+Declaration\b",
            "implements",
        ),
        XrefPattern(
            "commitments-undertaken-in-paragraphs",
            r"\bcommitments?,?\s+undertaken,?\s+(?:pursuant\s+to|in)\s+paragraphs?\s+{refs}"
            r"(?!\s+of\s+the\s+(?!Vienna|Declaration))",
            "implements",
        ),
        XrefPattern("parenthetical-para", r"\(paras?\.\s+{refs}", "parenthetical"),
        XrefPattern(
            "resolution-55/59-annex-para", r"(?<![\d/])55/59,\s+annex,\s+paras?\.\s+{refs}"
        ),
        XrefPattern(
            # "(General Assembly resolution 55/59, annex)", note 1 "Resolution 55/59, annex."
            "resolution-55/59-annex",
            r"(?P<ref>\b(?:[Rr]esolution\s+)?(?<![\d/])55/59,\s+annex)(?![\w,])",
            lands_on="annex",
        ),
        XrefPattern(
            "vienna-declaration-in-paragraph",
            r"Vienna\s+Declaration\b[^.;()]*?,\s+in\s+paragraph\s+{refs}\s*,",
            "implements",
        ),
    ),
)

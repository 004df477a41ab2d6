"""The Secretary-General's draft plans of action of 27 March 2001."""

from __future__ import annotations

from .profile import DocumentProfile

PROFILE = DocumentProfile(
    key="draft-plans-of-action",
    filename="draft-plans-of-action.txt",
    symbol=None,
    title="Draft Plans of Action for the implementation during the period 2001-2005 "
    "of the Vienna Declaration on Crime and Justice: Meeting the Challenges of the "
    "Twenty-first Century",
    body="Secretary-General",
    date="2001-03-27",
    description="Report of the Secretary-General to the Commission's tenth session: "
    "the draft plans of action with commitments, objectives and expected impact.",
    cite_as="Draft plans of action (27 March 2001)",
    short="Draft plans of action",
    abbreviation="DPOA",
    aliases=("dpoa", "draft plans", "draft plans of action", "the draft plans of action"),
    source_format="plain",
    lost_hyphens=True,  # the conversion merged "money-laundering" into "moneylaundering"
    # each objective's actions and impact are numbered sections, printed as plain lines
    numbered_sections=frozenset({"National actions", "International actions", "Expected impact"}),
    continuous_numbering=True,  # paragraphs 1-102 run through the whole report
    implements_declaration=True,
    parenthetical_refs=True,  # "(paras. 7 and 8)" cites the Declaration
    actions=True,
)

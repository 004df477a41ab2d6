"""One citation for a passage that runs from one provision to another.

Built from the two end provisions' own citations (as the corpus prints them),
by one rule for every document:

* the same provision: its citation;
* the same citation up to the locator ("para.", "item", "guideline" or a quoted
  chapeau) and locators with a common start: that start once, then both tails —
  ``A/RES/55/59, annex, para. 7 (c)`` .. ``para. 7 (d)`` -> ``…, para. 7 (c)–(d)``;
  from a paragraph's chapeau into its subparagraphs: ``para. 7, chapeau–(c)``;
* locators with nothing in common (different paragraphs): the plural word —
  ``paras. 7 (d)–8``;
* anything else in one document (another section or chapter, an unnumbered
  paragraph): no range is made up; both ends are cited, the second without the
  parts it shares with the first — ``ECOSOC res. 2001/47, annex, sect. I.A,
  para. 2 (e) to sect. I.B, para. 3``;
* different documents (the first part of the citations differs): both full
  citations, separated by a semicolon.

Nothing here knows a document: the rule reads only the citation strings.
"""

from __future__ import annotations

import re

#: Locator words that take a plural for a range of whole numbers.
PLURALS = {"para.": "paras.", "item": "items", "guideline": "guidelines"}
DASH = "\u2013"
_PART = ", "
_NUMBER = re.compile(r"\d+")
_LETTER = re.compile(r"\([a-z]+\)")


def _locator(last: str) -> tuple[str, list[str]]:
    """ "para. 7 (d) (i)" -> ("para.", ["7", "(d)", "(i)"]); the head is what
    precedes the trailing number and letters ("" tokens when there are none)."""
    words = last.split(" ")
    tokens: list[str] = []
    while words and _LETTER.fullmatch(words[-1]):
        tokens.insert(0, words.pop())
    if words and _NUMBER.fullmatch(words[-1]) and len(words) > 1:
        tokens.insert(0, words.pop())
    return " ".join(words), tokens


def _balanced(text: str) -> bool:
    return text.count("\u201c") == text.count("\u201d")


def _split(citation: str) -> tuple[str, str]:
    """(everything before the last part, the last part), never cutting a quotation."""
    cut = len(citation)
    while True:
        cut = citation.rfind(_PART, 0, cut)
        if cut < 0:
            return "", citation
        if _balanced(citation[:cut]):
            return citation[:cut], citation[cut + len(_PART) :]


def _parts(citation: str) -> list[str]:
    """The comma-separated parts of ``citation``, a quotation kept whole."""
    out: list[str] = []
    for piece in citation.split(_PART):
        if out and not _balanced(out[-1]):
            out[-1] += _PART + piece
        else:
            out.append(piece)
    return out


def range_citation(first: str, last: str) -> str:
    """The citation of a passage from provision ``first`` to ``last`` (their
    citations, in document order)."""
    if first == last:
        return first
    a_parts, b_parts = _parts(first), _parts(last)
    if a_parts[0] != b_parts[0]:
        return f"{first}; {last}"
    a_base, a_last = _split(first)
    b_base, b_last = _split(last)
    if a_base == b_base:
        a_head, a_loc = _locator(a_last)
        b_head, b_loc = _locator(b_last)
        if a_head == b_head and a_loc and b_loc:
            joined = _join(a_head, a_loc, b_loc)
            if joined is not None:
                return f"{a_base}{_PART}{joined}" if a_base else joined
    common = 0
    while common < min(len(a_parts), len(b_parts)) - 1 and a_parts[common] == b_parts[common]:
        common += 1
    return f"{first} to {_PART.join(b_parts[common:])}"


def _join(head: str, a: list[str], b: list[str]) -> str | None:
    """``head`` and the range of locators ``a``–``b``, None when there is none."""
    same = 0
    while same < min(len(a), len(b)) and a[same] == b[same]:
        same += 1
    a_tail, b_tail = " ".join(a[same:]), " ".join(b[same:])
    if not b_tail:  # the second end is not after the first
        return None
    lead = " ".join(a[:same])
    if same == 0:
        if _LETTER.fullmatch(a[0]) and _LETTER.fullmatch(b[0]):  # letters of one chapeau
            return f"{head} {a_tail}{DASH}{b_tail}"
        plural = PLURALS.get(head)
        return f"{plural} {a_tail}{DASH}{b_tail}" if plural else None
    start = f"{head} {lead}".strip()
    if not a_tail:
        return f"{start}, chapeau{DASH}{b_tail}"
    return f"{start} {a_tail}{DASH}{b_tail}"

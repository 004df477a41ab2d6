"""Every word of each source ends up exactly once in its tree, apart from named debris.

Words are compared as multisets after normalising what the pipeline changes on
purpose: markup (``*``, ``#``, ``<sup>``, ``$^{\\rm …}$``, ``\\_``), quotes,
hyphens (restored or rejoined hyphens do not change the letters), superscript
markers (they become ``FootnoteRef.num``), the printed ``(1)`` for ``(l)``. The
debris the cleaner removes is recorded by category in ``Cleaned.debris``; only
those categories may be subtracted. A dropped or duplicated paragraph changes
the multiset and fails the test.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from vdesk import documents
from vdesk.corpus import clean, errata, parse
from vdesk.corpus.model import Node

SUPERSCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def words(text: str) -> Counter[str]:
    """Lower-case letter runs and digit runs, hyphens and markup ignored."""
    text = text.replace("\\rm", " ").replace("<sup>", " ").replace("</sup>", " ")
    text = SUPERSCRIPT.sub(lambda m: " " + m.group(0).translate(clean.SUPERSCRIPTS) + " ", text)
    text = re.sub(r"-\s+", "", text)  # hyphen at a break or a suspended hyphen
    text = text.replace("-", "").lower()
    return Counter(re.findall(r"[a-z]+|[0-9]+", text))


def source_words(doc: documents.DocumentProfile) -> Counter[str]:
    text = errata.apply(doc.key, doc.read())
    text = re.sub(r"^(\s*-?\s*)\(1\)", r"\1(l)", text, flags=re.MULTILINE)
    return words(text)


def tree_words(root: Node) -> Counter[str]:
    out: Counter[str] = Counter()
    notes: set[tuple[str, str]] = set()
    for n in root.walk():
        if n is not root:
            out += words(n.text) + words(n.heading or "") + words(n.label)
        for f in n.footnotes:
            out += words(f.num)
            notes.add((f.num, f.text))
    for m in root.meta:  # the text of a metadata line is debris; its notes are kept
        for f in m.footnotes:
            out += words(f.num)
            notes.add((f.num, f.text))
    for _, text in notes:
        out += words(text)
    return out


def debris_words(cleaned: clean.Cleaned) -> Counter[str]:
    assert set(cleaned.debris) <= set(clean.DEBRIS_CATEGORIES)
    out: Counter[str] = Counter()
    for texts in cleaned.debris.values():
        for t in texts:
            out += words(t)
    return out


@pytest.mark.parametrize("key", [d.key for d in documents.PROFILES])
def test_every_source_word_once_in_the_tree(key: str) -> None:
    doc = documents.get(key)
    cleaned = parse.clean_document(doc)
    expected = source_words(doc) - debris_words(cleaned)
    got = tree_words(parse.parse_document(doc))
    assert {w: n for w, n in (expected - got).items()} == {}, "lost"
    assert {w: n for w, n in (got - expected).items()} == {}, "duplicated or invented"


def test_a_dropped_paragraph_is_noticed() -> None:
    doc = documents.get("vienna-declaration")
    root = parse.parse_document(doc)
    annex = next(n for n in root.walk() if n.kind == "annex")
    annex.children = [c for c in annex.children if c.num != "12"]
    cleaned = parse.clean_document(doc)
    assert source_words(doc) - debris_words(cleaned) != tree_words(root)


def test_debris_is_only_named_categories() -> None:
    for doc in documents.PROFILES:
        cleaned = parse.clean_document(doc)
        assert set(cleaned.debris) <= set(clean.DEBRIS_CATEGORIES), doc.key

"""Parser spot checks on the Vienna Declaration (TAB format): the traps of the export."""

from __future__ import annotations

from vdesk import documents
from vdesk.corpus import parse
from vdesk.corpus.model import Node

DOC = documents.get("vienna-declaration")


def tree() -> Node:
    return parse.parse_document(DOC)


def test_title_split_over_two_lines_with_a_trailing_space() -> None:
    annex = next(n for n in tree().walk() if n.kind == "annex")
    assert annex.heading == (
        "Vienna Declaration on Crime and Justice: Meeting the Challenges of the Twenty-first Century"
    )


def test_adoption_lines_are_not_footnote_definitions() -> None:
    # Line 13 "4 December 2000" looks like definition "4 …"; definitions run 1..6 from line 60.
    # they are the record of adoption, kept as document metadata, not paragraphs
    texts = [(c.line, c.text) for c in tree().children if c.kind == "paragraph"]
    assert (12, "81st plenary meeting") not in texts
    assert (13, "4 December 2000") not in texts
    assert [(m.line, m.text) for m in tree().meta] == [
        (12, "81st plenary meeting"),
        (13, "4 December 2000"),
    ]
    p16 = next(n for n in tree().walk() if n.num == "16")
    assert [f.text for f in p16.footnotes] == [
        "Resolution 51/191, annex.",
        "Resolution 51/59, annex.",
    ]


def test_marker_after_a_year_is_taken_off_the_year() -> None:
    p17 = next(n for n in tree().walk() if n.num == "17")
    [ref] = p17.footnotes
    assert p17.text[: ref.offset].endswith("from 21 to 23 November 1994.")
    assert "1994.5" not in p17.text


def test_front_matter_and_ods_trailer_are_not_nodes() -> None:
    root = tree()
    assert max(n.line or 0 for n in root.walk()) == 59
    assert [c.text for c in root.children[:1]] == ["The General Assembly,"]


def test_deterministic() -> None:
    assert tree() == tree()


def test_explicit_text_is_parsed_instead_of_the_file() -> None:
    root = parse.parse_document(DOC, "\tThe General Assembly,\n\t1.\tDecides.\n")
    assert [(c.kind, c.num, c.text, c.line) for c in root.children] == [
        ("paragraph", None, "The General Assembly,", 1),
        ("paragraph", "1", "Decides.", 2),
    ]

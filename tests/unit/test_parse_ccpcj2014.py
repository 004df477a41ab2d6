"""Parser spot checks on the 2014 Commission report (parts, guidelines, lettered notes)."""

from __future__ import annotations

from vdesk import documents
from vdesk.corpus import parse
from vdesk.corpus.model import Node

DOC = documents.get("ccpcj-2014")


def tree() -> Node:
    return parse.parse_document(DOC)


def test_section_b_after_guideline_48_closes_the_annex() -> None:
    ch1 = tree().children[0]
    assert [(c.kind, c.num, c.line) for c in ch1.children] == [
        ("section", "A", 7),
        ("section", "B", 1390),
        ("section", "C", 1574),
        ("section", "D", 1617),
    ]
    a = ch1.children[0]
    dr6 = next(c for c in a.children if c.kind == "resolution" and c.num == "VI")
    annex = next(c for c in dr6.children if c.kind == "annex")
    last = [n for n in annex.walk() if n.kind == "paragraph"][-1]
    assert (last.num, last.label) == ("48", "Guideline 48.")


def test_guidelines_are_paragraphs_labelled_guideline() -> None:
    g = next(n for n in tree().walk() if n.label == "Guideline 12.")
    assert (g.kind, g.num, g.line) == ("paragraph", "12", 1277)
    assert g.text.startswith("States should consider supporting and promoting public awareness")


def test_roman_items_then_letter_i_in_paragraph_28() -> None:
    p28 = next(
        n for n in tree().walk() if n.kind == "paragraph" and n.num == "28" and n.line == 803
    )
    assert [(c.num, [i.num for i in c.children]) for c in p28.children] == [
        ("a", []),
        ("b", []),
        ("c", []),
        ("d", []),
        ("e", []),
        ("f", []),
        ("g", []),
        ("h", ["i", "ii", "iii", "iv", "v", "vi", "vii"]),
        ("i", []),
    ]
    assert p28.children[-1].line == 835


def test_parts_of_the_model_strategies() -> None:
    annex = next(n for n in tree().walk() if n.kind == "annex")
    parts = [(c.num, c.label, c.line) for c in annex.children if c.kind == "part"]
    assert parts == [
        ("one", "Part one", 475),
        ("two", "Part two", 629),
        ("three", "Part three", 837),
    ]
    assert [c.heading for c in annex.children if c.kind == "heading"] == [
        "Introduction",
        "Definitions",
        "Guiding principles",
    ]


def test_lettered_annex_notes_restart_per_annex() -> None:
    refs = [(n.line, f.num, f.text) for n in tree().walk() for f in n.footnotes if f.num == "a"]
    assert refs == [
        (553, "a", "Economic and Social Council resolution 2002/13, annex."),
        (
            1285,
            "a",
            "Eighth United Nations Congress on the Prevention of Crime and the Treatment of "
            "Offenders, Havana, 27 August-7 September 1990: report prepared by the Secretariat "
            "(United Nations publication, Sales No. E.91.IV.2), chap. I, sect. B.1, annex.",
        ),
    ]


def test_decision_is_a_sibling_of_the_resolutions() -> None:
    d = tree().children[0].children[3]
    assert [(c.kind, c.num, c.line) for c in d.children] == [
        ("paragraph", "4", 1619),
        ("resolution", "23/1", 1621),
        ("resolution", "23/2", 1703),
        ("resolution", "23/3", 1757),
        ("decision", "23/1", 1799),
    ]

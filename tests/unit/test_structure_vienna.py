"""Structure of the Vienna Declaration (A/RES/55/59): resolution, annex ¶¶1–29, footnotes 1–6.

Expected values are read off ``corpus/vienna-declaration.txt`` (TAB format, footnote
digits glued to the text, ODS debris after line 65).
"""

from __future__ import annotations

import pytest

from tests.unit.structure_helpers import (
    all_strings,
    before_marker,
    below,
    child,
    citations,
    find_text,
    footnote_texts,
    outline,
    para_nums,
    parsed,
    tree_order_problems,
)
from vdesk.corpus.model import Node
from vdesk.documents import get

KEY = "vienna-declaration"
TITLE = (
    "Vienna Declaration on Crime and Justice: Meeting the Challenges of the Twenty-first Century"
)


@pytest.fixture(scope="module")
def doc() -> Node:
    return parsed(KEY)


@pytest.fixture(scope="module")
def annex(doc: Node) -> Node:
    annexes = [n for n in doc.walk() if n.kind == "annex"]
    assert len(annexes) == 1
    return annexes[0]


def test_document_node(doc: Node) -> None:
    assert doc.kind == "document"
    assert doc.heading == get(KEY).title


def test_annex_heading(annex: Node) -> None:
    # Lines 15-17: "\t\tAnnex", then the title split over two lines (16 ends in a space).
    assert annex.label == "Annex"
    assert annex.num is None
    assert annex.heading == TITLE
    assert annex.line == 15


def test_annex_paragraphs_1_to_29_directly_under_the_annex(annex: Node) -> None:
    assert para_nums(annex) == [str(n) for n in range(1, 30)]
    numbered = [c for c in annex.children if c.kind == "paragraph" and c.num is not None]
    assert [c.num for c in numbered] == [str(n) for n in range(1, 30)]


def test_paragraph_lines(annex: Node) -> None:
    # ¶N is on line 26 + N up to ¶7; ¶7 (a)-(d) take lines 34-37, so ¶N is on 30 + N after.
    lines = {p.num: p.line for p in below(annex, "paragraph") if p.num is not None}
    assert lines == {str(n): (26 + n if n <= 7 else 30 + n) for n in range(1, 30)}


def test_annex_preamble(annex: Node) -> None:
    before_first = []
    for c in annex.children:
        if c.kind == "paragraph" and c.num == "1":
            break
        before_first.append(c)
    assert [c.kind for c in before_first] == ["paragraph"] * 8
    assert [c.num for c in before_first] == [None] * 8
    assert [c.text for c in before_first] == [
        "We the States Members of the United Nations,",
        "Concerned about the impact on our societies of the commission of serious crimes of "
        "a global nature, and convinced of the need for bilateral, regional and international "
        "cooperation in crime prevention and criminal justice,",
        "Concerned in particular about transnational organized crime and the relationships "
        "between its various forms,",
        "Convinced that adequate prevention and rehabilitation programmes are fundamental to "
        "an effective crime control strategy and that such programmes should take into "
        "account social and economic factors that may make people more vulnerable to and "
        "likely to engage in criminal behaviour,",
        "Stressing that a fair, responsible, ethical and efficient criminal justice system is "
        "an important factor in the promotion of economic and social development and of "
        "human security,",
        "Aware of the promise of restorative approaches to justice that aim to reduce crime "
        "and promote the healing of victims, offenders and communities,",
        "Having assembled at the Tenth United Nations Congress on the Prevention of Crime and "
        "the Treatment of Offenders in Vienna from 10 to 17 April 2000 to decide to take more "
        "effective concerted action, in a spirit of cooperation, to combat the world crime "
        "problem,",
        "Declare as follows:",
    ]


def test_resolution_part_outside_the_annex(doc: Node, annex: Node) -> None:
    inside = {id(n) for n in annex.walk()}
    outside = [n for n in doc.walk() if n.kind == "paragraph" and id(n) not in inside]
    texts = [n.text for n in outside]
    # The resolution has no numbered paragraphs (line 10 is unnumbered).
    assert [n.num for n in outside if n.num is not None] == []
    assert "The General Assembly," in texts
    assert texts.index("The General Assembly,") < [t[:9] for t in texts].index("Recalling")
    recalling = find_text(doc, "Recalling that, in its resolution 54/125", "paragraph")
    assert recalling.text == (
        "Recalling that, in its resolution 54/125 of 17 December 1999, it requested the "
        "Tenth United Nations Congress on the Prevention of Crime and the Treatment of "
        "Offenders to submit, through the Commission on Crime Prevention and Criminal "
        "Justice and the Economic and Social Council, its declaration to the Millennium "
        "Assembly for consideration and action and requested the Commission to give "
        "priority attention at its ninth session to the conclusions and recommendations "
        "of the Tenth Congress, with a view to recommending, through the Economic and "
        "Social Council, appropriate follow-up by the General Assembly at its "
        "fifty-fifth session,"
    )
    assert recalling.line == 9


def test_operative_paragraph_and_footnote_1(doc: Node) -> None:
    endorses = find_text(doc, "Endorses the Vienna Declaration", "paragraph")
    assert endorses.num is None
    assert endorses.line == 10
    assert endorses.text == (
        "Endorses the Vienna Declaration on Crime and Justice: Meeting the Challenges "
        "of the Twenty-first Century, adopted by the States Members of the United "
        "Nations and the other States participating in the high-level segment of the "
        "Tenth United Nations Congress on the Prevention of Crime and the Treatment of "
        "Offenders, as contained in the annex to the present resolution."
    )
    assert [f.num for f in endorses.footnotes] == ["1"]
    assert before_marker(endorses, "1").endswith("the Treatment of Offenders,")
    assert endorses.footnotes[0].text == (
        "See Tenth United Nations Congress on the Prevention of Crime and the Treatment of "
        "Offenders, Vienna, 10-17 April 2000: report prepared by the Secretariat (United "
        "Nations publication, Sales No. E.00.IV.8)."
    )
    assert endorses.footnotes[0].in_heading is False


def test_paragraph_1_text_without_glued_marker(annex: Node) -> None:
    p1 = child(annex, "paragraph", "1")
    assert p1.text == (
        "We note with appreciation the results of the regional preparatory meetings for "
        "the Tenth United Nations Congress on the Prevention of Crime and the Treatment "
        "of Offenders."
    )
    assert [(f.num, f.offset) for f in p1.footnotes] == [("2", len(p1.text))]


def test_paragraph_7_subparagraphs(annex: Node) -> None:
    p7 = child(annex, "paragraph", "7")
    assert p7.text == (
        "Consistent with the goals of the Convention and the protocols thereto, we shall endeavour:"
    )
    assert [(s.kind, s.num) for s in p7.children] == [
        ("subparagraph", "a"),
        ("subparagraph", "b"),
        ("subparagraph", "c"),
        ("subparagraph", "d"),
    ]
    assert [s.line for s in p7.children] == [34, 35, 36, 37]
    assert [s.text for s in p7.children] == [
        "To incorporate a crime prevention component into national and international "
        "development strategies;",
        "To intensify bilateral and multilateral cooperation, including technical "
        "cooperation, in the areas to be covered by the Convention and the protocols "
        "thereto;",
        "To enhance donor cooperation in areas with crime prevention aspects;",
        "To strengthen the capability of the United Nations Centre for International "
        "Crime Prevention, as well as the United Nations Crime Prevention and Criminal "
        "Justice Programme network, to assist States, at their request, in building "
        "capacity in areas to be covered by the Convention and the protocols thereto.",
    ]


def test_only_paragraph_7_has_subparagraphs_and_no_items(doc: Node) -> None:
    subs = [n for n in doc.walk() if n.kind == "subparagraph"]
    assert len(subs) == 4
    assert [n for n in doc.walk() if n.kind == "item"] == []


def test_paragraph_16_two_footnotes(annex: Node) -> None:
    p16 = child(annex, "paragraph", "16")
    assert p16.text.startswith(
        "We further commit ourselves to taking enhanced international action against "
        "corruption, building on the United Nations Declaration against Corruption and "
        "Bribery in International Commercial Transactions, the International Code of "
        "Conduct for Public Officials, relevant regional conventions and regional and "
        "global forums. We stress the urgent need"
    )
    assert p16.text.endswith("review by the Commission on Crime Prevention and Criminal Justice.")
    assert [f.num for f in p16.footnotes] == ["3", "4"]
    assert before_marker(p16, "3").endswith("International Commercial Transactions,")
    assert before_marker(p16, "4").endswith(" Code of Conduct for Public Officials,")


def test_paragraph_17_marker_after_a_year(annex: Node) -> None:
    p17 = child(annex, "paragraph", "17")
    assert p17.text == (
        "We reaffirm that combating money-laundering and the criminal economy "
        "constitutes a major element of the strategies against organized crime, "
        "established as a principle in the Naples Political Declaration and Global "
        "Action Plan against Organized Transnational Crime, adopted by the World "
        "Ministerial Conference on Organized Transnational Crime, held at Naples, "
        "Italy, from 21 to 23 November 1994. We are convinced that the success of this "
        "action rests upon setting up broad regimes and coordinating appropriate "
        "mechanisms to combat the laundering of the proceeds of crime, including the "
        "provision of support to initiatives focusing on States and territories "
        "offering offshore financial services that allow the laundering of the proceeds "
        "of crime."
    )
    assert [f.num for f in p17.footnotes] == ["5"]
    assert before_marker(p17, "5").endswith("from 21 to 23 November 1994.")


def test_paragraph_23_marker_glued_to_a_word(annex: Node) -> None:
    p23 = child(annex, "paragraph", "23")
    assert p23.text == (
        "We also recognize the value of the model treaties on international cooperation "
        "in criminal matters as important tools for the development of international "
        "cooperation, and we invite the Commission on Crime Prevention and Criminal "
        "Justice to call upon the United Nations Centre for International Crime "
        "Prevention to update the Compendium of United Nations Standards and Norms in "
        "Crime Prevention and Criminal Justice in order to provide the most up-to-date "
        "versions of the model treaties to States seeking to utilize them."
    )
    assert [f.num for f in p23.footnotes] == ["6"]
    assert before_marker(p23, "6").endswith("Norms in Crime Prevention and Criminal Justice")


def test_paragraph_29(annex: Node) -> None:
    assert child(annex, "paragraph", "29").text == (
        "We invite the Commission on Crime Prevention and Criminal Justice to design "
        "specific measures for the implementation of and follow-up to the commitments "
        "that we have undertaken in the present Declaration."
    )


def test_footnote_attachment(doc: Node) -> None:
    assert citations(doc) == [
        ("1", ("paragraph", None), False),
        ("2", ("paragraph", "1"), False),
        ("3", ("paragraph", "16"), False),
        ("4", ("paragraph", "16"), False),
        ("5", ("paragraph", "17"), False),
        ("6", ("paragraph", "23"), False),
    ]
    assert footnote_texts(doc) == {
        "1": "See Tenth United Nations Congress on the Prevention of Crime and the Treatment "
        "of Offenders, Vienna, 10-17 April 2000: report prepared by the Secretariat (United "
        "Nations publication, Sales No. E.00.IV.8).",
        "2": "See A/CONF.187/RPM.1/1 and Corr.1, A/CONF.187/RPM.2/1, A/CONF.187/RPM.3/1 and "
        "A/CONF.187/RPM.4/1.",
        "3": "Resolution 51/191, annex.",
        "4": "Resolution 51/59, annex.",
        "5": "A/49/748, annex, sect. I.A.",
        "6": "United Nations publication, Sales No. E.92.IV.1 and corrigendum.",
    }


def test_no_footnote_definition_left_in_the_body(doc: Node) -> None:
    # Lines 60-65 are the definitions: none may survive as a paragraph.
    assert not [n for n in doc.walk() if n.text.startswith(("1 See", "3 Resolution", "6 United"))]
    assert not [n for n in doc.walk() if n.line is not None and n.line >= 60]


@pytest.mark.parametrize(
    "debris",
    ["[DU1]", "<<ODS", "N0056293E", "-----", "00 56293", "Agenda item 105", "\t", "Distr."],
)
def test_debris_removed(doc: Node, debris: str) -> None:
    assert [s for s in all_strings(doc) if debris in s] == []


def test_no_trailing_or_doubled_spaces(doc: Node) -> None:
    bad = [s for s in all_strings(doc) if s != s.strip() or "  " in s]
    assert bad == []


def test_tree_follows_the_source_order_and_labels(doc: Node) -> None:
    assert tree_order_problems(doc, frozenset()) == []


def test_document_outline(doc: Node) -> None:
    # The resolution (lines 8-10: "The General Assembly,", one preambular and one operative
    # paragraph) then the annex; the adoption record (lines 12-13) is document metadata.
    assert outline(doc) == [
        None,
        None,
        None,
        ("annex", None, [None] * 8 + [str(n) for n in range(1, 30)]),
    ]
    assert [(m.name, m.text, m.line) for m in doc.meta] == [
        ("meeting", "81st plenary meeting", 12),
        ("date", "4 December 2000", 13),
    ]
    assert doc.text == "81st plenary meeting\n4 December 2000"

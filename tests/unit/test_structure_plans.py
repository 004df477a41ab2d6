"""Structure of the plans of action (ECOSOC res. 2001/47): resolution ¶¶1–8, annex I–XV, ¶¶1–48.

Expected values are read off ``corpus/plans-of-action.txt`` (Markdown; every quoted
heading and annex paragraph starts with “; page breaks marked ``---``).
"""

from __future__ import annotations

import pytest

from tests.unit.structure_helpers import (
    all_strings,
    ancestry,
    before_marker,
    below,
    child,
    citations,
    find_text,
    footnote_texts,
    item_nums,
    labelled,
    node_at,
    nums,
    outline,
    para_nums,
    parsed,
    path,
    sub_nums,
    subparagraph_map,
    titles,
    tree_order_problems,
)
from vdesk.corpus.model import Node
from vdesk.documents import get

KEY = "plans-of-action"
TITLE = (
    "Plans of action for the implementation of the Vienna Declaration on Crime and "
    "Justice: Meeting the Challenges of the Twenty-first Century"
)
CHAPTERS = [
    ("I", "Action against transnational organized crime"),
    ("II", "Action against corruption"),
    ("III", "Action against trafficking in persons"),
    ("IV", "Action against smuggling of migrants"),
    (
        "V",
        "Action against the illicit manufacturing of and trafficking in firearms, their "
        "parts and components and ammunition",
    ),
    ("VI", "Action against money-laundering"),
    ("VII", "Action against terrorism"),
    ("VIII", "Action on crime prevention"),
    ("IX", "Action on witnesses and victims of crime"),
    ("X", "Action on prison overcrowding and alternatives to incarceration"),
    ("XI", "Action against high-technology and computer-related crime"),
    ("XII", "Action on juvenile justice"),
    ("XIII", "Action on the special needs of women in the criminal justice system"),
    ("XIV", "Action on standards and norms"),
    ("XV", "Action on restorative justice"),
]
CHAPTER_LINES = [45, 97, 165, 207, 241, 271, 299, 333, 379, 409, 435, 470, 502, 536, 562]
# chapter: (intro ¶¶ directly under the chapter, A. National actions ¶¶, B. International ¶¶)
PARAGRAPHS = {
    "I": (["1"], ["2", "3"], ["4"]),
    "II": (["5"], ["6", "7", "8"], ["9"]),
    "III": (["10"], ["11"], ["12"]),
    "IV": (["13"], ["14"], ["15"]),
    "V": (["16"], ["17"], ["18"]),
    "VI": (["19"], ["20"], ["21"]),
    "VII": (["22"], ["23"], ["24"]),
    "VIII": (["25"], ["26"], ["27"]),
    "IX": (["28"], ["29"], ["30"]),
    "X": (["31"], ["32"], ["33"]),
    "XI": (["34"], ["35"], ["36"]),
    "XII": (["37"], ["38"], ["39"]),
    "XIII": (["40"], ["41"], ["42"]),
    "XIV": (["43"], ["44"], ["45"]),
    "XV": (["46"], ["47"], ["48"]),
}
SECTION_LINES = {
    "I": (49, 77),
    "II": (101, 145),
    "III": (169, 195),
    "IV": (211, 237),
    "V": (245, 263),
    "VI": (275, 295),
    "VII": (303, 319),
    "VIII": (337, 357),
    "IX": (383, 391),
    "X": (413, 425),
    "XI": (439, 458),
    "XII": (474, 490),
    "XIII": (506, 516),
    "XIV": (540, 544),
    "XV": (566, 586),
}
BOILERPLATE = (
    "Individually and collectively, States will endeavour, as appropriate, to support the "
    "following actions:"
)


@pytest.fixture(scope="module")
def doc() -> Node:
    return parsed(KEY)


@pytest.fixture(scope="module")
def annex(doc: Node) -> Node:
    annexes = [n for n in doc.walk() if n.kind == "annex"]
    assert len(annexes) == 1
    return annexes[0]


def find_annex(doc: Node) -> Node:
    return next(n for n in doc.walk() if n.kind == "annex")


def chapter(annex: Node, num: str) -> Node:
    return child(annex, "chapter", num)


def annex_para(annex: Node, num: str) -> Node:
    hits = [p for p in below(annex, "paragraph") if p.num == num]
    assert len(hits) == 1, f"annex ¶{num} occurs {len(hits)} times"
    return hits[0]


def test_document_node(doc: Node) -> None:
    assert doc.kind == "document"
    assert doc.heading == get(KEY).title


def test_numbered_paragraphs_resolution_then_annex(doc: Node, annex: Node) -> None:
    # Resolution operative ¶¶1-8, then the annex restarts at 1 and runs to 48.
    assert para_nums(doc) == [str(n) for n in range(1, 9)] + [str(n) for n in range(1, 49)]
    assert para_nums(annex) == [str(n) for n in range(1, 49)]


def test_annex_heading(annex: Node) -> None:
    assert annex.label == "Annex"
    assert annex.num is None
    assert annex.heading == TITLE
    assert annex.line == 41


def test_chapters(annex: Node) -> None:
    assert titles(annex, "chapter") == CHAPTERS
    assert [label for label, _ in labelled(annex, "chapter")] == [f"{n}." for n, _ in CHAPTERS]
    assert [c.line for c in annex.children if c.kind == "chapter"] == CHAPTER_LINES
    # Nothing but the chapters hangs under the annex.
    assert [c.kind for c in annex.children] == ["chapter"] * 15


@pytest.mark.parametrize("num", list(PARAGRAPHS))
def test_chapter_outline(annex: Node, num: str) -> None:
    ch = chapter(annex, num)
    intro, national, international = PARAGRAPHS[num]
    assert [(c.kind, c.num) for c in ch.children] == [
        *[("paragraph", n) for n in intro],
        ("section", "A"),
        ("section", "B"),
    ]
    assert labelled(ch, "section") == [("A.", "National actions"), ("B.", "International actions")]
    a, b = child(ch, "section", "A"), child(ch, "section", "B")
    assert [(a.line, b.line)] == [SECTION_LINES[num]]
    assert [(c.kind, c.num) for c in a.children] == [("paragraph", n) for n in national]
    assert [(c.kind, c.num) for c in b.children] == [("paragraph", n) for n in international]


def test_subparagraph_letters(annex: Node) -> None:
    assert subparagraph_map(annex) == {
        "2": list("abcde"),
        "3": list("abc"),
        "4": list("abcdefgh"),
        "6": list("abcd"),
        "7": list("abcdef"),
        "8": list("abcdef"),
        "9": list("abcdefgh"),
        "11": list("abcdefghi"),
        "12": list("abc"),
        "14": list("abcdefg"),
        "17": list("abcde"),
        "18": list("ab"),
        "20": list("abcdefgh"),
        "23": list("abcde"),
        "24": list("abcde"),
        "26": list("abcdefgh"),
        "27": list("abcdefgh"),
        "29": list("ab"),
        "30": list("abcdef"),
        "32": list("abcd"),
        "33": list("abc"),
        "35": list("abcde"),
        "36": list("abc"),
        "38": list("abcdef"),
        "39": list("ab"),
        "41": list("abc"),
        "42": list("abcdef"),
        "45": list("abc"),
        "47": list("abcdefgh"),
        "48": list("abc"),
    }
    assert sum(1 for n in annex.walk() if n.kind == "subparagraph") == 154


def test_resolution_has_no_subparagraphs(doc: Node, annex: Node) -> None:
    inside = {id(n) for n in annex.walk()}
    assert [n for n in doc.walk() if n.kind == "subparagraph" and id(n) not in inside] == []


def test_letter_i_of_paragraph_11_is_a_letter(annex: Node) -> None:
    p11 = annex_para(annex, "11")
    i = child(p11, "subparagraph", "i")
    assert i.text == (
        "Providing increased resources to support the development and implementation of "
        "national and regional strategies against trafficking in persons."
    )
    assert i.children == []
    assert i.line == 193
    assert item_nums(child(p11, "subparagraph", "h")) == []


def test_roman_items_under_35_d(annex: Node) -> None:
    d = child(annex_para(annex, "35"), "subparagraph", "d")
    assert d.text.endswith("These discussions could include such key areas as:")
    assert [(c.kind, c.num) for c in d.children] == [("item", "i"), ("item", "ii")]
    assert [c.text for c in d.children] == [
        "Issues relating to domestic and international regulation of the technologies and "
        "networks;",
        "Issues relating to the incorporation of elements into new technologies, which are "
        "intended to prevent crime or facilitate the detection, investigation or "
        "prosecution of crime;",
    ]
    assert [c.line for c in d.children] == [453, 454]
    assert [n for n in annex.walk() if n.kind == "item"] == d.children
    e = child(annex_para(annex, "35"), "subparagraph", "e")
    assert e.text.endswith(
        "including the measures referred to in subparagraphs 35 (c) and (d) above."
    )


def test_paragraph_21_content_inline_after_the_colon(annex: Node) -> None:
    p21 = annex_para(annex, "21")
    assert p21.text == (
        "The Office for Drug Control and Crime Prevention, in cooperation with other "
        "relevant international and regional organizations, as appropriate, and in "
        "accordance with General Assembly resolution 56/____, will: develop technical "
        "cooperation activities to prevent and combat money-laundering in order to assist "
        "requesting States in implementing those activities."
    )
    assert p21.children == []


@pytest.mark.parametrize(
    ("num", "placeholder"),
    [
        ("4", "56/____, will:"),
        ("9", "56/___ will:"),
        ("15", "56/___, will"),
        ("45", "56/_____ will:"),
    ],
)
def test_escaped_underscores(annex: Node, num: str, placeholder: str) -> None:
    assert f"General Assembly resolution {placeholder}" in annex_para(annex, num).text


def test_boilerplate_paragraphs_stay_distinct(annex: Node) -> None:
    same = [p.num for p in below(annex, "paragraph") if p.text == BOILERPLATE]
    assert same == ["6", "11", "14", "17", "20", "23", "26", "29", "32", "35", "38", "41", "47"]


def test_annex_paragraph_1_and_its_two_footnotes(annex: Node) -> None:
    p1 = child(chapter(annex, "I"), "paragraph", "1")
    assert p1.line == 47
    assert p1.text == (
        "In order to implement and follow up the commitments undertaken pursuant to "
        "paragraphs 5, 6, 7 and 10 of the Vienna Declaration on Crime and Justice: Meeting "
        "the Challenges of the Twenty-first Century and to facilitate the signature, "
        "ratification, entry into force and progressive implementation of the United Nations "
        "Convention against Transnational Organized Crime and the protocols thereto, the "
        "specific measures set out below are recommended."
    )
    assert [f.num for f in p1.footnotes] == ["2", "3"]
    assert before_marker(p1, "2").endswith("Challenges of the Twenty-first Century")
    assert before_marker(p1, "3").endswith("Convention against Transnational Organized Crime")


def test_resolution_paragraphs(doc: Node, annex: Node) -> None:
    inside = {id(n) for n in annex.walk()}
    ops = [n for n in below(doc, "paragraph") if id(n) not in inside and n.num is not None]
    assert [(p.num, p.line) for p in ops] == [
        ("1", 19),
        ("2", 21),
        ("3", 23),
        ("4", 25),
        ("5", 27),
        ("6", 35),
        ("7", 37),
        ("8", 39),
    ]
    first, fifth, sixth, eighth = ops[0], ops[4], ops[5], ops[7]
    assert first.text == (
        "Takes note with appreciation of the plans of action for the implementation of the "
        "Vienna Declaration on Crime and Justice: Meeting the Challenges of the Twenty-first "
        "Century, which are contained in the annex to the present resolution;"
    )
    assert first.italics == [(0, len("Takes note with appreciation"))]
    # ¶5 is split by the page break at line 29 and footnote 1's definition.
    assert fifth.text == (
        "Invites the Secretary-General, in close cooperation with relevant intergovernmental "
        "organizations and non-governmental organizations, to consider carefully and "
        "implement, as appropriate, the plans of action as guidance in developing policies "
        "and programmes in the field of crime prevention and criminal justice, in accordance "
        "with the medium-term plans and the programme budgets and subject to available "
        "resources;"
    )
    assert fifth.footnotes == []
    assert sixth.text.startswith("Invites the Secretariat to discuss with the institutes")
    assert sixth.italics == [(0, len("Invites"))]
    assert eighth.text == (
        "Invites the Commission to follow up the implementation of the plans of action and "
        "to make any recommendations, as appropriate."
    )


def test_resolution_preamble(doc: Node) -> None:
    ga = find_text(doc, "The General Assembly,", "paragraph")
    assert ga.text == "The General Assembly,"
    assert ga.line == 11
    recalling = find_text(doc, "Recalling its resolution 55/59", "paragraph")
    assert recalling.num is None
    assert recalling.text == (
        "Recalling its resolution 55/59 of 4 December 2000, in which it endorsed the Vienna "
        "Declaration on Crime and Justice: Meeting the Challenges of the Twenty-first "
        "Century, adopted by the Tenth United Nations Congress on the Prevention of Crime "
        "and the Treatment of Offenders,"
    )
    assert recalling.italics == [(0, len("Recalling"))]
    assert [f.num for f in recalling.footnotes] == ["1"]
    assert before_marker(recalling, "1").endswith(
        "Meeting the Challenges of the Twenty-first Century,"
    )
    noting = find_text(doc, "Noting that, in paragraph 29", "paragraph")
    assert noting.line == 15
    assert find_text(doc, "Recalling that, in its resolution 55/60", "paragraph").line == 17
    recommends = find_text(doc, "Recommends to the General Assembly", "paragraph")
    assert recommends.text == (
        "Recommends to the General Assembly the adoption of the following draft resolution:"
    )


def test_page_break_joins(annex: Node) -> None:
    # 225 -> 233 across ---, footnote 5 and blank lines.
    f = child(annex_para(annex, "14"), "subparagraph", "f")
    assert f.text == (
        "Developing and disseminating public information about smuggling of migrants to "
        "educate officials, the general public and potential migrants about the true nature "
        "of such smuggling, including the involvement of organized criminal groups and the "
        "risks posed to smuggled migrants;"
    )
    # 552 -> 560 across ---, footnotes 9 and 10 (which belong to 42 (f) and 44).
    c = child(annex_para(annex, "45"), "subparagraph", "c")
    assert c.text == (
        "Coordinate activities relating to the use and application of United Nations "
        "standards and norms in crime prevention and criminal justice between the Centre for "
        "International Crime Prevention and other relevant United Nations entities, taking "
        "into account bilateral and regional assistance programmes."
    )
    assert c.footnotes == []
    # Unmarked page breaks: 111 -> 113 and 393 -> 395.
    d = child(annex_para(annex, "6"), "subparagraph", "d")
    assert d.text == (
        "Commencing, when appropriate, the development of domestic legislative, "
        "administrative and other measures to facilitate the ratification and effective "
        "implementation of the future United Nations convention against corruption, "
        "including both domestic measures against corruption and measures to support "
        "effective cooperation with other States."
    )
    assert annex_para(annex, "30").text == (
        "The Centre for International Crime Prevention, in cooperation with other relevant "
        "international and regional organizations, as appropriate, and in accordance with "
        "General Assembly resolution 56/____, will:"
    )
    b = child(annex_para(annex, "12"), "subparagraph", "b")
    assert b.text == (
        "Maintain a global database containing information about the nature and extent of "
        "trafficking in persons and best practices for preventing and controlling it, in "
        "cooperation with the United Nations Interregional Crime and Justice Research "
        "Institute;"
    )


def test_paragraph_44_italic_title_with_footnote_10(annex: Node) -> None:
    p44 = annex_para(annex, "44")
    title = (
        "Compendium of United Nations Standards and Norms in Crime Prevention and Criminal Justice"
    )
    assert p44.text == (
        "Individually and collectively, States will endeavour, as appropriate, to use and "
        "apply in national law and practice the United Nations standards and norms in crime "
        f"prevention and criminal justice and to publish the {title} in the languages of "
        "their countries."
    )
    start = p44.text.index(title)
    assert p44.italics == [(start, start + len(title))]
    assert [(f.num, f.offset) for f in p44.footnotes] == [("10", start + len(title))]
    assert p44.children == []


def test_inner_quotation_kept_and_closing_quote_removed(annex: Node) -> None:
    a = child(annex_para(annex, "47"), "subparagraph", "a")
    assert a.text == (
        "Taking into account Economic and Social Council resolution 2000/14 of 27 July 2000, "
        "entitled “Basic principles on the use of restorative justice programmes in criminal "
        "matters”, when considering the desirability and the means of establishing common "
        "principles;"
    )
    last = child(annex_para(annex, "48"), "subparagraph", "c")
    assert last.text == (
        "Convene a meeting of experts to examine proposals for further action in relation to "
        "restorative justice, including mediation."
    )


def test_no_quote_prefixes_left(doc: Node) -> None:
    assert [s for s in all_strings(doc) if s.startswith("“")] == []
    # The only closing quote left is the inner quotation of 47 (a) (line 570).
    closing = [s for s in all_strings(doc) if "”" in s]
    assert closing == [child(annex_para(find_annex(doc), "47"), "subparagraph", "a").text]
    assert closing[0].count("”") == 1


def test_footnote_attachment(doc: Node, annex: Node) -> None:
    assert citations(doc) == [
        ("1", ("paragraph", None), False),
        ("2", ("paragraph", "1"), False),
        ("3", ("paragraph", "1"), False),
        ("4", ("subparagraph", "g"), False),
        ("5", ("subparagraph", "b"), False),
        ("6", ("paragraph", "16"), False),
        ("7", ("subparagraph", "b"), False),
        ("8", ("subparagraph", "a"), False),
        ("9", ("subparagraph", "f"), False),
        ("10", ("paragraph", "44"), False),
    ]
    where = {f.num: ancestry(annex, n)[-2:] for n in annex.walk() for f in n.footnotes}
    assert where == {
        "2": (("chapter", "I"), ("paragraph", "1")),
        "3": (("chapter", "I"), ("paragraph", "1")),
        "4": (("paragraph", "9"), ("subparagraph", "g")),
        "5": (("paragraph", "14"), ("subparagraph", "b")),
        "6": (("chapter", "V"), ("paragraph", "16")),
        "7": (("paragraph", "39"), ("subparagraph", "b")),
        "8": (("paragraph", "42"), ("subparagraph", "a")),
        "9": (("paragraph", "42"), ("subparagraph", "f")),
        "10": (("section", "A"), ("paragraph", "44")),
    }
    assert footnote_texts(doc) == {
        "1": "Resolution 55/59, annex.",
        "2": "Resolution 55/59, annex.",
        "3": "Resolution 55/25, annex I.",
        "4": "See Economic and Social Council resolution 1995/14, para. 6.",
        "5": "Resolution 55/25, annex III.",
        "6": "Resolution 55/255, annex.",
        "7": "Economic and Social Council resolution 1997/30, annex.",
        "8": "Resolution 48/104.",
        "9": "Resolution 52/86, annex.",
        "10": "United Nations publication, Sales No. E.92.IV.1 and corrigendum.",
    }


def test_footnote_markers_at_end_of_subparagraphs(annex: Node) -> None:
    g = child(annex_para(annex, "9"), "subparagraph", "g")
    assert g.text == "Revise and update the manual on practical measures against corruption;"
    assert [(f.num, f.offset) for f in g.footnotes] == [("4", len(g.text))]
    f42 = child(annex_para(annex, "42"), "subparagraph", "f")
    assert [(f.num, f.offset) for f in f42.footnotes] == [("9", len(f42.text))]
    assert f42.text.endswith("in the Field of Crime Prevention and Criminal Justice.")


def test_no_markup_or_page_break_debris(doc: Node) -> None:
    for bad in ("<sup>", "</sup>", "**", "#", "\\_", "---", "  "):
        assert [s for s in all_strings(doc) if bad in s] == [], bad
    assert [s for s in all_strings(doc) if s != s.strip()] == []


def test_path_helper_reads_like_the_outline(annex: Node) -> None:
    p = path(annex, ("chapter", "XI"), ("section", "A"), ("paragraph", "35"))
    assert sub_nums(p) == list("abcde")
    assert item_nums(child(p, "subparagraph", "d")) == ["i", "ii"]
    assert nums(path(annex, ("chapter", "II"), ("section", "A")), "paragraph") == ["6", "7", "8"]


# Page breaks, marked by --- (27, 225, 552) or not: (last line before the break, first
# line after it, the words around the break as they read once joined).
PAGE_BREAKS = [
    (27, 33, "organizations and non-governmental organizations, to consider"),
    (111, 113, "implementation of the future United Nations"),
    (141, 143, "origin; actions may include ensuring the"),
    (201, 203, "persons and best practices for preventing"),
    (225, 233, "of such smuggling, including the involvement"),
    (309, 311, "specific individuals or groups involved in"),
    (363, 365, "and education campaigns about effective crime"),
    (393, 395, "international and regional organizations, as appropriate,"),
    (464, 466, "against high-technology and computer-related crime and"),
    (552, 560, "for International Crime Prevention and other"),
]


@pytest.mark.parametrize(("before", "after", "joined"), PAGE_BREAKS, ids=str)
def test_page_break_joined(doc: Node, before: int, after: int, joined: str) -> None:
    node = node_at(doc, before)
    assert joined in node.text
    assert node_at(doc, after) is node


def test_tree_follows_the_source_order_and_labels(doc: Node) -> None:
    # line 11: the quoted draft resolution starts with its formula
    assert tree_order_problems(doc, frozenset({11})) == []


def test_document_outline(doc: Node) -> None:
    # Lines 7-17: the Council's resolution (7, 9), then the draft resolution it quotes:
    # "The General Assembly," and three preambular paragraphs, operative ¶¶1-8 (19-39);
    # then the annex (41).
    shape = outline(doc)
    assert shape[:3] == [
        None,
        None,
        ("resolution", None, [None] * 4 + [str(n) for n in range(1, 9)]),
    ]
    assert [k[:2] for k in shape[3:]] == [("annex", None)]
    draft = doc.children[2]
    assert [c.line for c in doc.children[:3]] == [7, 9, 11]
    assert [c.line for c in draft.children[:4]] == [11, 13, 15, 17]
    assert doc.children[0].text == "The Economic and Social Council"
    assert doc.children[0].italics == [(0, len("The Economic and Social Council"))]

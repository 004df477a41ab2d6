"""The reader's pages and their HTML, checked against the real corpus (no widgets)."""

from __future__ import annotations

import re

import pytest

from vdesk.qt.page import (
    Highlight,
    PageCache,
    elide,
    load_page,
    long_date,
    merge_hit_spans,
    node_number,
    page_root,
    render_page,
)

POA_2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
POA_CHP_I = "plans-of-action/annex/chp_I"
VD_7 = "vienna-declaration/annex/para_7"


def test_a_subparagraph_is_shown_in_its_section(corpus_repo):
    page = load_page(corpus_repo, POA_2A)
    assert page.root.id == "plans-of-action/annex/chp_I/sec_A"
    assert page.root.display == "A. National actions"
    tail = [r.id.removeprefix("plans-of-action/annex/chp_I/sec_A/") for r in page.rows[1:]]
    assert tail == [
        "para_2",
        "para_2/subpara_a",
        "para_2/subpara_b",
        "para_2/subpara_c",
        "para_2/subpara_d",
        "para_2/subpara_e",
        "para_3",
        "para_3/subpara_a",
        "para_3/subpara_b",
        "para_3/subpara_c",
    ]
    assert [a.id for a in page.ancestors] == [
        "plans-of-action",
        "plans-of-action/annex",
        "plans-of-action/annex/chp_I",
    ]


def test_hanging_numbers_and_the_focus_mark(corpus_repo):
    page = load_page(corpus_repo, POA_2A)
    html, hits = render_page(page, focus=POA_2A, font_px=20)
    assert hits == ()
    assert html.startswith('<h1 class="section"><a name="n0"></a>A. National actions</h1>')
    # paragraph 2: number in the margin, no indent; (a) indented one step and marked
    assert (
        '<td class="gut" width="0"></td><td class="num" width="52"><a name="n1"></a>2.</td>' in html
    )
    focus = re.search(r'<table class="prov subparagraph focus"[^>]*>(.*?)</table>', html)
    assert focus is not None
    assert '<td class="gut" width="48"></td>' in focus.group(1)
    assert (
        '<a name="n2"></a>(a)</td><td class="text">The development of legislation creating or '
        "strengthening sanctions, investigative powers, criminal procedures and other matters;"
    ) in focus.group(1)
    assert html.count(" focus") == 1


def test_footnote_markers_are_links_with_the_note_as_tooltip(corpus_repo):
    page = load_page(corpus_repo, POA_CHP_I)
    html, _ = render_page(page)
    assert (
        "Meeting the Challenges of the Twenty-first Century"
        '<sup><a class="fn" href="fn:2" title="2 Resolution 55/59, annex.">2</a></sup>'
        " and to facilitate"
    ) in html
    assert '<sup><a class="fn" href="fn:3" title="3 Resolution 55/25, annex I.">3</a></sup>' in html
    # the note's "Resolution 55/59, annex" is a link to the Declaration's annex
    assert (
        '<p class="footnote"><a name="fn-2"></a><sup>2</sup> '
        '<a href="node:vienna-declaration/annex">Resolution 55/59, annex</a>.</p>'
    ) in html


def test_a_plan_chapter_links_the_declaration_paragraphs_it_implements(corpus_repo):
    page = load_page(corpus_repo, POA_CHP_I)
    html, _ = render_page(page)
    assert (
        '<p class="xref"><span class="xlabel">Implements the Vienna Declaration:</span> '
        '<a href="node:vienna-declaration/annex/para_5">para. 5</a>, '
        '<a href="node:vienna-declaration/annex/para_6">para. 6</a>, '
        '<a href="node:vienna-declaration/annex/para_7">para. 7</a>, '
        '<a href="node:vienna-declaration/annex/para_10">para. 10</a>, '
        # note 2 of paragraph 1, "Resolution 55/59, annex."
        '<a href="node:vienna-declaration/annex">A/RES/55/59, annex</a></p>'
    ) in html
    # and the numbers inside "paragraphs 5, 6, 7 and 10 of the Vienna Declaration" are links
    assert 'paragraphs <a href="node:vienna-declaration/annex/para_5">5</a>, ' in html
    assert ' and <a href="node:vienna-declaration/annex/para_10">10</a> of the Vienna' in html


def test_a_declaration_paragraph_shows_what_implements_it(corpus_repo):
    page = load_page(corpus_repo, VD_7)
    assert page.root.id == "vienna-declaration/annex"
    html, _ = render_page(page, focus=VD_7)
    para7 = re.search(r'<table class="prov paragraph focus"[^>]*>(.*?)</table>', html)
    assert para7 is not None
    assert (
        '<span class="xlabel">Implemented by:</span> '
        '<a href="node:plans-of-action/annex/chp_I/para_1">'
        "Plans of action, I. Action against transnational organized crime</a>"
    ) in para7.group(1)
    assert (
        '<a href="node:draft-plans-of-action/chp_III/sec_A/para_7/subpara_d/item_iii">'
        "Draft plans of action, para. 7 (d) (iii)</a>"
    ) in para7.group(1)


def test_italic_operative_verbs(corpus_repo):
    page = load_page(corpus_repo, "ccpcj-2002/chp_I/sec_A/dres_I/para_1")
    html, _ = render_page(page)
    assert "<i>Takes note with appreciation</i> of the report of the Secretary-" in html


def test_highlights_get_hit_anchors_in_order(corpus_repo):
    page = load_page(corpus_repo, VD_7)
    row = corpus_repo.node("vienna-declaration/annex/para_7/subpara_c")
    assert row.text == "To enhance donor cooperation in areas with crime prevention aspects;"
    marks = {row.id: [Highlight(11, 16), Highlight(17, 28)]}
    html, hits = render_page(page, highlights=marks)
    assert hits == (5, 11)
    assert (
        'To enhance <a name="hit0"><span class="match">donor</span></a> '
        '<a name="hit1"><span class="match">cooperation</span></a> in areas'
    ) in html


def test_a_document_page_has_a_title_block_and_links_to_its_divisions(corpus_repo):
    vd, _ = render_page(load_page(corpus_repo, "vienna-declaration"))
    assert vd.startswith('<p class="symbol">A/RES/55/59 · General Assembly · 4 December 2000</p>')
    page = load_page(corpus_repo, "plans-of-action")
    html, _ = render_page(page)
    assert '<h1 class="doctitle">Plans of action for the implementation of the Vienna' in html
    # the draft resolution the Council quotes is a division of its own, like the annex
    assert page.collapsed == {"plans-of-action/dres", "plans-of-action/annex"}
    assert (
        '<a href="node:plans-of-action/annex">Annex Plans of action for the implementation'
    ) in html


def test_page_root_of_structural_and_text_nodes(corpus_repo):
    chapter = corpus_repo.node(POA_CHP_I)
    assert page_root(chapter, corpus_repo.ancestors(POA_CHP_I)).id == POA_CHP_I
    item = "draft-plans-of-action/chp_III/sec_A/para_7/subpara_d/item_iii"
    root = page_root(corpus_repo.node(item), corpus_repo.ancestors(item))
    assert root.id == "draft-plans-of-action/chp_III/sec_A"


def test_page_cache_keeps_pages_by_root(corpus_repo, monkeypatch):
    import vdesk.qt.page as page_module

    loaded: list[str] = []
    real = page_module.load_page

    def counting(repo, node_id):
        loaded.append(node_id)
        return real(repo, node_id)

    monkeypatch.setattr(page_module, "load_page", counting)
    cache = PageCache(corpus_repo, size=2)
    first = cache.page(POA_2A)
    assert first is not None and first.root.id == "plans-of-action/annex/chp_I/sec_A"
    # another provision of the same section: the same page, not loaded again
    assert cache.page("plans-of-action/annex/chp_I/sec_A/para_3") is first
    assert cache.page(VD_7).root.id == "vienna-declaration/annex"
    assert loaded == [POA_2A, VD_7]
    # a third page pushes out the least recently used one (section I.A)
    assert cache.page(POA_CHP_I).root.id == POA_CHP_I
    assert cache.page(VD_7).root.id == "vienna-declaration/annex"
    again = cache.page(POA_2A)
    assert again is not first and again.ids == first.ids
    assert loaded == [POA_2A, VD_7, POA_CHP_I, POA_2A]
    assert cache.page("plans-of-action/annex/nope") is None


@pytest.mark.parametrize(
    ("node_id", "number"),
    [
        (VD_7, "7."),
        ("vienna-declaration/annex/para_7/subpara_d", "(d)"),
        ("draft-plans-of-action/chp_III/sec_A/para_7/subpara_d/item_iii", "(iii)"),
        ("vienna-declaration/annex/p_1", ""),
    ],
)
def test_node_number(corpus_repo, node_id, number):
    assert node_number(corpus_repo.node(node_id)) == number


def test_merge_hit_spans_joins_phrases_and_drops_lone_short_words():
    text = "measures against trafficking in persons, both in the course"
    spans = [(17, 28), (29, 31), (32, 39), (46, 48)]
    assert merge_hit_spans(text, spans) == [(17, 39)]
    assert merge_hit_spans(text, spans, drop_short=False) == [(17, 39), (46, 48)]


def test_elide_and_long_date():
    assert elide("The development of legislation creating sanctions", 32) == (
        "The development of legislation…"
    )
    assert elide("The development of legislation creating sanctions", 30) == "The development of…"
    assert elide("short", 30) == "short"
    assert long_date("2000-12-04") == "4 December 2000"
    assert long_date("27 March 2001") == "27 March 2001"
    assert long_date(None) is None


def test_cell_text_maps_printed_positions_past_footnote_markers(corpus_repo):
    """Para. 1 of the plans' chapter I prints markers 2 and 3 in its text; what the
    cell prints after the text (its cross-references) maps to no text."""
    from vdesk.qt.page import CellText, cell_text

    page = load_page(corpus_repo, "plans-of-action/annex/chp_I")
    row = page.row("plans-of-action/annex/chp_I/para_1")
    cell = cell_text(row, page.footnotes[row.id])
    century = row.text.index("Century") + len("Century")
    convention = row.text.index("Crime and the protocols") + len("Crime")
    assert cell.markers == ((century, 1), (convention, 1))
    assert cell.printed_len == len(row.text) + 2
    assert cell.offset(century) == century  # just before marker 2
    assert cell.offset(century + 1) == century  # marker 2 itself
    assert cell.offset(century + 2) == century + 1  # the space after it
    assert cell.offset(cell.printed_len + 40) == len(row.text)  # "Cited by" etc.
    a, b = cell.piece(0, cell.printed_len)
    assert row.text[a:b] == row.text
    assert CellText("abc").piece(1, 9) == (1, 3)

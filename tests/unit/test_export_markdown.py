"""Markdown export on the real corpus: structure, escaping, footnotes, scopes, filters,
confidential items, progress and cancel, and golden files for each preset."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import markdown
import pytest

from vdesk.export import presets
from vdesk.export.markdown import (
    ExportCancelled,
    ExportOptions,
    Filters,
    Scope,
    anchor_id,
    escape_md,
    export_markdown,
    provision_label,
    render_inline,
)
from vdesk.export.render import split_front_matter
from vdesk.notes.anchoring import anchor_quote, make_anchor
from vdesk.paths import AppPaths
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.sqlite import SqliteNotesStore

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)

VD7 = "vienna-declaration/annex/para_7"
VD16 = "vienna-declaration/annex/para_16"
P2 = "plans-of-action/annex/chp_I/sec_A/para_2"
P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P4 = "plans-of-action/annex/chp_I/sec_B/para_4"
C2 = "ccpcj-2002/chp_I/sec_A/dres_I/para_2"
BRACKETS = "[E/CN.15/2002/L.9]"  # in the documentation list of the 2002 draft decision I


def bracket_node(corpus: CorpusRepo) -> str:
    """The provision that cites the document symbol in square brackets."""
    return next(r.id for r in corpus.document_nodes("ccpcj-2002") if BRACKETS in r.text)


def populate(notes: SqliteNotesStore, corpus: CorpusRepo) -> None:
    """A small, realistic store: every kind of item the export must handle."""

    def text(nid: str) -> str:
        row = corpus.node(nid)
        assert row is not None, nid
        return row.text

    notes.add_annotation(
        anchor_quote(VD7, text(VD7), "the goals of the Convention"),
        colour="yellow",
        comment="Use this *exact* wording in the draft.\n\n<script>alert(1)</script> stays text.",
        tags=["Priority", "organized crime"],
    )
    notes.add_annotation(
        anchor_quote(VD16, text(VD16), "International Code of Conduct for Public Officials"),
        colour="blue",
        comment="Which instruments exactly?",
        sensitivity="shareable",
    )
    notes.add_annotation(
        anchor_quote(P4, text(P4), "56/____"), colour="red", comment="Placeholder never filled in."
    )
    notes.add_annotation(
        anchor_quote(
            C2, text(C2), "United Nations Convention against Transnational Organized Crime"
        ),
        colour="green",
        tags=["priority"],
    )
    notes.add_annotation(
        make_anchor(C2, text(C2)),
        colour="purple",
        comment="Capital's instructions pending.",
        tags=["priority"],
        sensitivity="confidential",
    )
    notes.add_national_note(
        P2A,
        country="AT",
        status="in_progress",
        position="supports",
        text="Draft law | in parliament\nSecond reading in December.",
        legal_refs=["StGB § 278", "Draft amendment 2026"],
        date="2026-11-01",
    )
    notes.add_national_note(P2A, country="DE", status="implemented", sensitivity="shareable")
    notes.add_national_note(
        P2A,
        country="FR",
        status="not_started",
        position="reservations",
        text="Position under review",
        sensitivity="confidential",
    )
    notes.add_national_note(P4, country="AT", status="not_applicable", date="2026-10-15")


@pytest.fixture
def notes(paths: AppPaths, corpus_repo: CorpusRepo) -> Iterator[SqliteNotesStore]:
    repo = SqliteNotesStore.open(paths)
    populate(repo, corpus_repo)
    yield repo
    repo.close()


def _export(corpus: CorpusRepo, notes: SqliteNotesStore, **kw: object) -> str:
    return export_markdown(corpus, notes, now=NOW, app_version="9.9.9", **kw).markdown  # type: ignore[arg-type]


def _html(md_text: str) -> ET.Element:
    """Render as the preview does and parse the result as XML for structural checks."""
    _, body = split_front_matter(md_text)
    out = markdown.markdown(body, extensions=["footnotes", "tables"], output_format="xhtml")
    return ET.fromstring(f"<root>{out.replace('&nbsp;', '&#160;')}</root>")


def _text(el: ET.Element) -> str:
    return "".join(el.itertext())


# --- escaping -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "General Assembly resolution 56/____, will:",
        "a *star* and _under_ and [brackets] and `tick` and back\\slash",
        "# not a heading",
        "> not a quote",
        "- not a list",
        "+ not a list",
        "1. not a list",
        "12) not a list",
        "=== not a setext underline",
        "<b>not bold</b> & &amp; stays",
        "2 < 3 > 1",
    ],
)
def test_escape_md_renders_back_to_the_same_text(raw: str) -> None:
    html = markdown.markdown(escape_md(raw), output_format="xhtml")
    el = ET.fromstring(f"<root>{html}</root>")
    assert [c.tag for c in el] == ["p"]
    assert _text(el) == raw


def test_real_paragraphs_render_exactly_their_source_text(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    """Every plans-of-action paragraph with a 56/____ placeholder, and a paragraph with
    [brackets], come out of Python-Markdown as exactly the source text."""
    ids = [r.id for r in corpus_repo.document_nodes("plans-of-action") if "56/__" in r.text]
    assert len(ids) == 15  # the 15 placeholders catalogued in the corpus notes
    ids.append(bracket_node(corpus_repo))
    md_text = _export(
        corpus_repo,
        notes,
        scope=Scope("search", tuple(ids)),
        options=ExportOptions(annotations=False, national_notes=False, footnotes=False),
    )
    root = _html(md_text)
    quotes = {
        a.get("id"): _text(q)
        for q in root.iter("blockquote")
        for p in q.iter("p")
        for a in p.iter("a")
        if a.get("id")
    }
    for nid in ids:
        row = corpus_repo.node(nid)
        assert row is not None
        label = f"{provision_label(row)} " if provision_label(row) else ""
        quoted = next(
            _text(p)
            for q in root.iter("blockquote")
            for p in q.iter("p")
            if any(a.get("id") == anchor_id(nid) for a in p.iter("a"))
        )
        assert quoted == label + row.text, nid
    assert "56/____, will:" in quotes[anchor_id(P4)]
    assert "56/\\_\\_\\_\\_" in md_text  # escaped in the Markdown, exact when rendered


def test_render_inline_nests_marks_italics_and_footnotes() -> None:
    text = "Welcomes the fact that States ratified the Convention and more"
    out = render_inline(
        text,
        0,
        len(text),
        italics=[(0, 8)],
        marks=[(4, 20)],
        notes=[(len("Welcomes the fact that States ratified the Convention"), "x-2")],
    )
    assert out == (
        "<em>Welc</em><mark><em>omes</em></mark><mark> the fact th</mark>"
        "at States ratified the Convention[^x-2] and more"
    )
    assert render_inline("Takes note", 0, 10, italics=[(0, 10)]) == "*Takes note*"
    coloured = render_inline("one two three", 0, 13, marks=[(0, 7, "green"), (4, 13, "red")])
    assert coloured == (
        '<mark class="green">one </mark><mark class="green">two</mark><mark class="red"> three</mark>'
    )


def test_anchor_ids_derive_from_node_ids() -> None:
    assert anchor_id("vienna-declaration/annex/para_7/subpara_d") == (
        "vienna-declaration-annex-para-7-subpara-d"
    )
    assert anchor_id("ccpcj-2014/chp_I/sec_D/res_23-1") == "ccpcj-2014-chp-i-sec-d-res-23-1"


# --- structure ------------------------------------------------------------------------


def test_front_matter_names_sources_scope_filters_and_version(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    md_text = _export(corpus_repo, notes, filters=Filters(tag="priority"))
    meta, body = split_front_matter(md_text)
    assert meta["title"] == "Annotated excerpts"
    assert meta["exported"] == "2026-11-23T09:30:00Z"
    assert meta["app_version"] == "9.9.9"
    assert meta["scope"] == {"kind": "annotated", "ids": [], "label": ""}
    assert meta["filters"] == {"tag": "priority", "colour": None, "country": None, "status": None}
    assert meta["confidential"] is False
    assert [(d["key"], d["symbol"]) for d in meta["documents"]] == [
        ("vienna-declaration", "A/RES/55/59"),
        ("ccpcj-2002", "E/2002/30/Rev.1"),
    ]
    assert meta["provisions"] == 2  # VD 7 and the 2002 draft res. I para. 2
    assert body.lstrip("\n").startswith("# Annotated excerpts\n")
    # Python-Markdown's meta extension reads the same block as metadata
    md = markdown.Markdown(extensions=["meta"])
    html = md.convert(md_text)
    assert md.Meta["title"] == ['"Annotated excerpts"']  # type: ignore[attr-defined]
    assert not html.startswith("<hr")


def test_headings_follow_the_corpus_hierarchy(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    root = _html(_export(corpus_repo, notes))
    heads = [(h.tag, _text(h)) for h in root if re.fullmatch(r"h[1-6]", h.tag)]
    assert heads == [
        ("h1", "Annotated excerpts"),
        (
            "h2",
            "Vienna Declaration on Crime and Justice: Meeting the Challenges of the "
            "Twenty-first Century (A/RES/55/59)",
        ),
        ("h3", "Annex"),
        (
            "h2",
            "Plans of action for the implementation of the Vienna Declaration on Crime and "
            "Justice: Meeting the Challenges of the Twenty-first Century",
        ),
        ("h3", "Annex"),
        ("h4", "I. Action against transnational organized crime"),
        ("h5", "A. National actions"),
        ("h5", "B. International actions"),
        (
            "h2",
            "Report of the Commission on Crime Prevention and Criminal Justice on its "
            "eleventh session, chapter I: Matters calling for action by the Economic and "
            "Social Council or brought to its attention (E/2002/30/Rev.1)",
        ),
        (
            "h3",
            "Chapter I — Matters calling for action by the Economic and Social Council or "
            "brought to its attention",
        ),
        (
            "h4",
            "A. Draft resolutions to be recommended by the Economic and Social Council for "
            "adoption by the General Assembly",
        ),
        (
            "h5",
            "Draft resolution I — International cooperation in the fight against "
            "transnational organized crime: assistance to States in capacity-building with a "
            "view to facilitating the implementation of the United Nations Convention "
            "against Transnational Organized Crime and the Protocols thereto",
        ),
    ]


def test_provision_is_a_quote_with_anchor_highlight_and_citation(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    md_text = _export(corpus_repo, notes)
    assert (
        '> <a id="vienna-declaration-annex-para-7"></a>**7.** Consistent with '
        '<mark class="yellow">the goals of the Convention</mark> and the protocols thereto, we shall '
        "endeavour:\n\n— A/RES/55/59, annex, para. 7\n"
    ) in md_text
    root = _html(md_text)
    q = next(
        q
        for q in root.iter("blockquote")
        if q.find(".//a[@id='vienna-declaration-annex-para-7']") is not None
    )
    assert [_text(m) for m in q.iter("mark")] == ["the goals of the Convention"]
    assert [_text(s) for s in q.iter("strong")] == ["7."]


def test_chapeau_precedes_a_subparagraph_exported_alone(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    md_text = _export(corpus_repo, notes, scope=Scope("provision", (P2A,)))
    p2 = corpus_repo.node(P2)
    assert p2 is not None
    chapeau = f'> <a id="{anchor_id(P2)}"></a>*2.* {p2.text}\n'
    assert chapeau in md_text
    assert md_text.index(chapeau) < md_text.index(f'<a id="{anchor_id(P2A)}"></a>**2 (a)**')


def test_comments_and_tags_follow_the_passage_and_raw_html_is_text(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    md_text = _export(corpus_repo, notes, scope=Scope("provision", (VD7,)))
    assert (
        "- “the goals of the Convention” · **Agreed language** (yellow) · "
        "Tags: organized crime, priority\n\n"
        "    Use this *exact* wording in the draft.\n\n"
        "    &lt;script>alert(1)&lt;/script> stays text.\n"
    ) in md_text
    root = _html(md_text)
    assert root.find(".//script") is None
    assert "<script>alert(1)</script> stays text." in _text(root)


def test_source_footnotes_become_markdown_footnotes(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    md_text = _export(corpus_repo, notes, scope=Scope("provision", (VD16, C2)))
    assert (
        "International Code of Conduct for Public Officials</mark>,[^vienna-declaration-4]"
        in md_text
    )
    assert "[^vienna-declaration-3]: Resolution 51/191, annex.\n" in md_text
    assert "[^vienna-declaration-4]: Resolution 51/59, annex.\n" in md_text
    assert "[^ccpcj-2002-2]: General Assembly resolution 55/25, annex I.\n" in md_text
    assert (
        '<mark class="green">United Nations Convention against Transnational Organized Crime</mark>'
        "[^ccpcj-2002-2] and the Protocols thereto,[^ccpcj-2002-3] and reiterates"
    ) in md_text
    root = _html(md_text)
    foot = root.find(".//div[@class='footnote']")
    assert foot is not None
    assert [_text(li).strip().rstrip("\u21a9").strip() for li in foot.iter("li")] == [
        "Resolution 51/191, annex.",
        "Resolution 51/59, annex.",
        "General Assembly resolution 55/25, annex I.",
        "General Assembly resolutions 55/25, annexes II and III, and 55/255, annex.",
    ]
    plain = _export(
        corpus_repo,
        notes,
        scope=Scope("provision", (VD16,)),
        options=ExportOptions(footnotes=False),
    )
    assert "[^" not in plain


def test_national_notes_table_grouped_by_country(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    md_text = _export(corpus_repo, notes, scope=Scope("provision", (P2A,)))
    assert (
        "| Country | Status | Position | As of | Note | Legal references |\n"
        "|---|---|---|---|---|---|\n"
        "| Austria (AT) | In progress | Supports | 2026-11-01 | Draft law \\| in parliament"
        "<br />Second reading in December. | StGB § 278; Draft amendment 2026 |\n"
        "| Germany (DE) | Implemented | No position |  |  |  |\n"
    ) in md_text
    root = _html(md_text)
    table = root.find(".//table")
    assert table is not None
    cells = [[_text(c) for c in tr] for tr in table.iter("tr")]
    assert cells[1][:5] == [
        "Austria (AT)",
        "In progress",
        "Supports",
        "2026-11-01",
        "Draft law | in parliamentSecond reading in December.",
    ]


def test_confidential_items_absent_unless_asked_then_marked(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    default = export_markdown(corpus_repo, notes, now=NOW)
    assert "Capital's instructions" not in default.markdown
    assert "France" not in default.markdown and "Position under review" not in default.markdown
    assert "CONFIDENTIAL" not in default.markdown
    assert default.confidential == 0
    with_conf = export_markdown(
        corpus_repo, notes, options=ExportOptions(confidential=True), now=NOW
    )
    md_text = with_conf.markdown
    assert with_conf.confidential == 2
    meta, body = split_front_matter(md_text)
    assert meta["confidential"] is True
    assert (
        "**CONFIDENTIAL — this export includes items marked confidential (2). Do not forward.**"
        in body
    )
    assert (
        "- **[CONFIDENTIAL]** The whole provision · **Follow-up** (purple) · Tags: priority" in body
    )
    assert "| **[CONFIDENTIAL]** France (FR) | Not started | Reservations |" in body


def test_personal_items_included_by_default_and_can_be_left_out(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    r = export_markdown(corpus_repo, notes, now=NOW)
    assert (r.annotations, r.national_notes) == (4, 3)
    shareable = export_markdown(corpus_repo, notes, options=ExportOptions(personal=False), now=NOW)
    assert (shareable.annotations, shareable.national_notes) == (1, 1)
    assert "Which instruments exactly?" in shareable.markdown
    assert "Germany (DE)" in shareable.markdown and "Austria" not in shareable.markdown


def test_filters(corpus_repo: CorpusRepo, notes: SqliteNotesStore) -> None:
    by_colour = export_markdown(corpus_repo, notes, filters=Filters(colour="red"), now=NOW)
    assert (by_colour.provisions, by_colour.annotations) == (1, 1)
    assert "Placeholder never filled in." in by_colour.markdown
    by_country = export_markdown(corpus_repo, notes, filters=Filters(country="AT"), now=NOW)
    assert (by_country.provisions, by_country.national_notes) == (2, 2)
    by_status = export_markdown(
        corpus_repo, notes, filters=Filters(country="AT", status="in_progress"), now=NOW
    )
    assert by_status.provisions == 1 and "Austria (AT) | In progress" in by_status.markdown
    nothing = export_markdown(corpus_repo, notes, filters=Filters(tag="no-such-tag"), now=NOW)
    assert nothing.provisions == 0


def test_chapter_and_document_scopes_take_every_provision(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    chapter = "plans-of-action/annex/chp_I"
    expected = [
        r.id
        for r in corpus_repo.subtree(chapter)
        if r.kind in ("paragraph", "subparagraph", "item")
    ]
    r = export_markdown(corpus_repo, notes, scope=Scope("chapter", (chapter,)), now=NOW)
    assert r.provisions == len(expected)
    anchors = re.findall(r'^> <a id="([^"]+)"></a>\*\*', r.markdown, re.M)
    assert anchors == [anchor_id(i) for i in expected]
    whole = export_markdown(
        corpus_repo, notes, scope=Scope("document", ("vienna-declaration",)), now=NOW
    )
    assert whole.provisions == sum(
        1
        for row in corpus_repo.document_nodes("vienna-declaration")
        if row.kind in ("paragraph", "subparagraph", "item")
    )


def test_highlights_only_quotes_the_passages(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    md_text = _export(
        corpus_repo,
        notes,
        scope=Scope("provision", (P4,)),
        options=ExportOptions(text="highlights", national_notes=False),
    )
    assert (
        f'> <a id="{anchor_id(P4)}"></a>**4.** … 56/\\_\\_\\_\\_ …\n\n'
        "— ECOSOC res. 2001/47, annex, sect. I.B, para. 4\n\n"
        "- “56/\\_\\_\\_\\_” · **Concern** (red)\n\n    Placeholder never filled in.\n"
    ) in md_text


def test_progress_and_cancel(corpus_repo: CorpusRepo, notes: SqliteNotesStore) -> None:
    seen: list[tuple[int, int]] = []
    export_markdown(
        corpus_repo, notes, Scope("document", ("plans-of-action",)),
        progress=lambda done, total, _: seen.append((done, total)), now=NOW,
    )  # fmt: skip
    total = seen[-1][1]
    assert total > 200 and seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    calls = iter([False, False, True])
    with pytest.raises(ExportCancelled):
        export_markdown(
            corpus_repo, notes, Scope("document", ("plans-of-action",)),
            cancelled=lambda: next(calls), now=NOW,
        )  # fmt: skip


def test_only_the_date_moves(corpus_repo: CorpusRepo, notes: SqliteNotesStore) -> None:
    a = export_markdown(corpus_repo, notes, now=NOW, app_version="1").markdown
    b = export_markdown(
        corpus_repo, notes, now=datetime(2027, 1, 1, tzinfo=UTC), app_version="1"
    ).markdown
    diff = [(x, y) for x, y in zip(a.splitlines(), b.splitlines(), strict=True) if x != y]
    assert diff == [('exported: "2026-11-23T09:30:00Z"', 'exported: "2027-01-01T00:00:00Z"')]


# --- golden files -------------------------------------------------------------------


@pytest.mark.parametrize("preset", [p.key for p in presets.PRESETS])
def test_golden_markdown_per_preset(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore, preset: str
) -> None:
    """Set VDESK_UPDATE_GOLDEN=1 to rewrite the files after an intended change."""
    p = presets.get(preset)
    md_text = _export(corpus_repo, notes, options=p.options)
    path = GOLDEN / f"{preset}.md"
    if os.environ.get("VDESK_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(md_text, encoding="utf-8")
    assert md_text == path.read_text(encoding="utf-8")
    _html(md_text)  # well-formed once rendered


def test_presets() -> None:
    assert [p.name for p in presets.PRESETS] == [
        "Annotated excerpts", "Delegation brief", "Quotes with citations",
    ]  # fmt: skip
    assert presets.get("Delegation Brief").key == "delegation-brief"
    brief = presets.get("delegation-brief").options
    assert (brief.overview, brief.national_notes, brief.annotations) == (True, True, False)
    quotes = presets.get("quotes").options
    assert (quotes.text, quotes.citations, quotes.national_notes) == ("highlights", True, False)
    with pytest.raises(KeyError, match="unknown preset 'x'; known: annotated-excerpts"):
        presets.get("x")


def test_a_note_on_a_heading_sits_under_that_heading(
    corpus_repo: CorpusRepo, notes: SqliteNotesStore
) -> None:
    chapter = corpus_repo.node("plans-of-action/annex/chp_II")
    assert chapter is not None and chapter.heading == "Action against corruption"
    notes.add_annotation(
        make_anchor(chapter.id, chapter.heading),
        colour="purple",
        comment="Whole chapter: ask capital",
    )
    md_text = _export(corpus_repo, notes, scope=Scope("annotated", ("plans-of-action",)))
    assert (
        '#### <a id="plans-of-action-annex-chp-ii"></a>II. Action against corruption\n\n'
        "— ECOSOC res. 2001/47, annex, sect. II\n\n"
        "- The whole provision · **Follow-up** (purple)\n\n"
        "    Whole chapter: ask capital\n"
    ) in md_text
    quotes = _export(
        corpus_repo,
        notes,
        scope=Scope("annotated", ("plans-of-action/annex/chp_II",)),
        options=presets.get("quotes").options,
    )
    assert quotes.endswith(
        '#### <a id="plans-of-action-annex-chp-ii"></a>II. Action against corruption\n\n'
        "— ECOSOC res. 2001/47, annex, sect. II\n"
    )


@pytest.mark.parametrize("preset", [p.key for p in presets.PRESETS])
def test_commonmark_renders_the_same_structure(preset: str) -> None:
    """GitHub's CommonMark (cmark-gfm, with raw HTML and footnotes on, as GitHub shows
    Markdown files) sees the same quotes, highlights, tables and footnotes as
    Python-Markdown (``cmarkgfm`` is a test dependency)."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    _, body = split_front_matter((GOLDEN / f"{preset}.md").read_text(encoding="utf-8"))
    gfm = cmarkgfm.github_flavored_markdown_to_html(
        body, options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    )
    gfm = re.sub(r'\sdata-[\w-]+(="[^"]*")?', "", gfm)  # valueless attributes: not XML
    gfm_root = ET.fromstring(f"<root>{gfm}</root>")
    pm_root = _html((GOLDEN / f"{preset}.md").read_text(encoding="utf-8"))

    def count(root: ET.Element, tag: str) -> int:
        return sum(1 for _ in root.iter(tag))

    for tag in ("blockquote", "mark", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "li"):
        assert count(gfm_root, tag) == count(pm_root, tag), tag
    assert [_text(m) for m in gfm_root.iter("mark")] == [_text(m) for m in pm_root.iter("mark")]
    assert [_text(q) for q in gfm_root.iter("blockquote")] == [
        _text(q) for q in pm_root.iter("blockquote")
    ]

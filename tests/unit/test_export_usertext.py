"""What a user typed, in an export: it stays in its list item or table cell, and only
``http``, ``https`` and ``mailto`` link targets survive, in CommonMark/GFM viewers
(``cmarkgfm``, a test dependency) and in Python-Markdown as the export's HTML uses it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import cmarkgfm
import markdown
import pytest
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vdesk.domain.notes import DEFAULT_COLOURS, Annotation, NationalNote
from vdesk.export.markdown import ExportOptions, Scope, export_markdown
from vdesk.export.render import EXTENSIONS, split_front_matter
from vdesk.export.usertext import (
    comment_block,
    defuse_autolinks,
    neutralise_links,
    normalise_newlines,
    safe_markdown,
    table_cell,
)
from vdesk.notes.anchoring import make_anchor
from vdesk.store.corpus_db import CorpusRepo

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
GFM_EXTENSIONS = ["table", "autolink", "strikethrough", "tagfilter", "tasklist"]
ALLOWED = ("http://", "https://", "mailto:")


# --- the pieces, with exact expected values ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\rb", "a\nb"),
        ("a\r\nb", "a\nb"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("a\x85b\x0bc\x0cd\x1ce", "a\nb\nc\nd\ne"),
        ("a\n\nb", "a\n\nb"),
        ("no break", "no break"),
    ],
)
def test_every_line_break_becomes_lf(text: str, expected: str) -> None:
    assert normalise_newlines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x](https://undocs.org/a)", "[x](https://undocs.org/a)"),
        ("[x]( <HTTP://a.org> )", "[x]( <HTTP://a.org> )"),
        ("[mail](mailto:a@b.org)", "[mail](mailto:a@b.org)"),
        ("[x](javascript:alert(1))", "[x\\](javascript:alert(1))"),
        ("[x]( javascript:alert(1))", "[x\\]( javascript:alert(1))"),
        ("[x](\njavascript:alert(1))", "[x\\](\njavascript:alert(1))"),
        ("[x](java\tscript:alert(1))", "[x\\](java\tscript:alert(1))"),
        ("[x](&#106;avascript:1)", "[x\\](&#106;avascript:1)"),
        ("[x](ht&#116;ps://a.org)", "[x\\](ht&#116;ps://a.org)"),  # only literal schemes
        ("[x](file:///etc/passwd)", "[x\\](file:///etc/passwd)"),
        ("[x](data:text/html,hi)", "[x\\](data:text/html,hi)"),
        ("[x](vbscript:msgbox)", "[x\\](vbscript:msgbox)"),
        ("[x](//evil.example)", "[x\\](//evil.example)"),
        ("[x](notes.md)", "[x\\](notes.md)"),
        ("![chart](file:///c.png)", "![chart\\](file:///c.png)"),
        ("[a [b] c](javascript:1)", "[a [b] c\\](javascript:1)"),
        ("[a](javascript:1)](https://ok.org)", "[a\\](javascript:1)](https://ok.org)"),
        ("\\[x\\](javascript:1)", "\\[x\\](javascript:1)"),  # escaped: no link already
        ("\\\\[x\\\\](javascript:1)", "\\\\[x\\\\\\](javascript:1)"),  # escaped backslash
        ("[r]: javascript:alert(1)", "[r]&#58; javascript:alert(1)"),
        ("[r]:\n   <file:///etc/passwd>", "[r]&#58;\n   <file:///etc/passwd>"),
        ("[r\\]: javascript:1", "[r\\]&#58; javascript:1"),  # a label in Python-Markdown
        ("[r]: https://undocs.org", "[r]: https://undocs.org"),
        ("Note: [sic]: see below", "Note: [sic]&#58; see below"),
        ("[^1]: not a source footnote", "\\[^1]&#58; not a source footnote"),
        ("cite [^vienna-declaration-3]", "cite \\[^vienna-declaration-3]"),
        ("\\[^1]", "\\[^1]"),
        ("no link at all (really)", "no link at all (really)"),
    ],
)
def test_link_targets_other_than_web_and_mail_lose_their_link_syntax(
    text: str, expected: str
) -> None:
    assert neutralise_links(text) == expected


def test_bare_addresses_that_gfm_would_link_are_defused() -> None:
    assert defuse_autolinks("ftp://x.org and XMPP:a@b.org") == (
        "ftp<!-- -->://x.org and XMPP<!-- -->:a@b.org"
    )
    assert defuse_autolinks("https://x.org: fine") == "https://x.org: fine"


def test_a_comment_block_is_indented_on_every_line_and_html_is_text() -> None:
    assert safe_markdown("  <b>x</b> <https://a.org>\r\n") == "&lt;b>x&lt;/b> &lt;https://a.org>"
    assert comment_block("one\r# two\u2028---\n\n| a | b |\r\n|---|---|") == (
        "    one\n    # two\n    ---\n\n    | a | b |\n    |---|---|"
    )


def test_a_table_cell_is_one_line_and_its_pipes_stay_escaped() -> None:
    assert table_cell("Draft law | in parliament\nSecond reading.") == (
        "Draft law \\| in parliament<br />Second reading."
    )
    assert table_cell("a \\| b\\\\|c\r| FR | Done |") == (
        "a &#92;\\| b&#92;&#92;\\|c<br />\\| FR \\| Done \\|"
    )


# --- the defects, reproduced on a real export ----------------------------------------------


class FakeNotes:
    """One annotation (a comment and a tag) and one national note on ``P2A``."""

    def __init__(self, corpus: CorpusRepo, comment: str, note: str = "", tag: str = "t") -> None:
        row = corpus.node(P2A)
        assert row is not None
        stamp = "2026-11-01T10:00:00Z"
        self.annotation = Annotation(
            "a1", row.doc, make_anchor(P2A, row.text), "yellow", comment, (tag,),
            "personal", "", stamp, stamp,
        )  # fmt: skip
        self.note = NationalNote(
            "n1", row.doc, P2A, "AT", "in_progress", "supports", note, ("StGB § 278",),
            "2026-11-01", "personal", "", stamp, stamp,
        )  # fmt: skip

    def colours(self) -> list[object]:
        return list(DEFAULT_COLOURS)

    def filter_annotations(self, flt: object, limit: int | None = None) -> list[Annotation]:
        return [self.annotation]

    def national_notes(self, country: str | None = None) -> list[NationalNote]:
        return [self.note]


def _export(corpus: CorpusRepo, comment: str, note: str = "", tag: str = "t") -> str:
    notes = FakeNotes(corpus, comment, note, tag)
    return export_markdown(
        corpus,
        notes,  # type: ignore[arg-type]
        Scope("provision", (P2A,)),
        ExportOptions(footnotes=True),
        now=NOW,
        app_version="9.9.9",
    ).markdown


def _gfm(md_text: str) -> str:
    _, body = split_front_matter(md_text)
    return cmarkgfm.markdown_to_html_with_extensions(
        body,
        options=Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES,
        extensions=GFM_EXTENSIONS,
    )


def _python_markdown(md_text: str) -> str:
    _, body = split_front_matter(md_text)
    return markdown.markdown(body, extensions=list(EXTENSIONS))


_VOID = {"br", "hr", "img", "input", "wbr", "meta", "link", "source", "col", "area"}
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "p", "blockquote", "ul", "ol", "li",
           "table", "thead", "tbody", "tr", "th", "td", "pre", "section", "div", "dl"}  # fmt: skip


class Outline(HTMLParser):
    """The block structure and text outside list items and table cells (what no comment
    or note may change), and every link target."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.text: list[str] = []
        self.targets: list[str] = []
        self._stack: list[str] = []

    def _inside(self) -> bool:
        return any(t in ("li", "td", "th") for t in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.targets += [v or "" for k, v in attrs if k in ("href", "src")]
        if tag in _BLOCKS and not self._inside():
            self.blocks.append(tag)
        if tag not in _VOID:
            self._stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.targets += [v or "" for k, v in attrs if k in ("href", "src")]
        if tag in _BLOCKS and not self._inside():
            self.blocks.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self._inside() and data.strip():
            self.text.append(" ".join(data.split()))


def outline(html_text: str) -> Outline:
    o = Outline()
    o.feed(html_text)
    o.close()
    return o


@pytest.fixture(scope="module")
def baseline(corpus_repo: CorpusRepo) -> dict[str, Outline]:
    md_text = _export(corpus_repo, "A plain comment.", "A plain note.")
    return {"gfm": outline(_gfm(md_text)), "python-markdown": outline(_python_markdown(md_text))}


def _check(md_text: str, baseline: dict[str, Outline]) -> None:
    for name, html_text in (("gfm", _gfm(md_text)), ("python-markdown", _python_markdown(md_text))):
        got, base = outline(html_text), baseline[name]
        assert got.blocks == base.blocks, (name, md_text)
        assert got.text == base.text, (name, md_text)
        own = set(base.targets)  # the export's own anchors and footnote links
        for target in got.targets:
            assert target in own or target.lower().startswith(ALLOWED), (name, target, md_text)


@pytest.mark.parametrize(
    "comment",
    [
        "Keep.\r# Injected heading",
        "Keep.\r\n## Injected heading\r\n",
        "Keep.\r---\rtitle: front matter",
        "Keep.\r| Country | Status |\r|---|---|\r| FR | Done |",
        "Keep.\u2028# heading\x85***",
        "Keep.\r\r- a new item\r",
        "Keep.\r<script>alert(1)</script>",
        "[click](javascript:alert(1)) [f](file:///etc/passwd) ![i](data:image/png,x)",
        "[x]: javascript:alert(1)\n\nand [x]",
        "<javascript:alert(1)> <file:///etc/passwd> ftp://x.org xmpp:a@b.org",
        '<a href="javascript:alert(1)">x</a> <img src="file:///x">',
        "[^plans-of-action-1]: a fake source footnote",
        "[a [b] c](java\tscript:1) [d](<vbscript:x>) [e](  //evil.example)",
    ],
)
def test_a_comment_cannot_leave_its_item_nor_keep_other_link_targets(
    corpus_repo: CorpusRepo, baseline: dict[str, Outline], comment: str
) -> None:
    _check(_export(corpus_repo, comment, comment, tag=comment), baseline)


def test_a_carriage_return_in_a_comment_stays_in_the_item(corpus_repo: CorpusRepo) -> None:
    md_text = _export(corpus_repo, "Keep.\r# Injected heading")
    assert "\n    Keep.\n    # Injected heading\n" in md_text
    assert "\r" not in md_text
    assert "<h1>Injected heading</h1>" not in _gfm(md_text).split("<li>", 1)[0]


_PIECES = st.sampled_from(
    [
        "[", "]", "(", ")", "<", ">", "!", ":", "\\", "&", "#", ";", "`", '"', "'", " ", "  ",
        "\n", "\r", "\r\n", "\t", "\x85", "\u2028", "\u2029", "\x0b", "|", "-", "=", "*", "_",
        "^", "~", "+", "1.", ">", "---", "***", "===", "# ", "```", "    ",
        "javascript", "JavaScript", "java\tscript", "vbscript", "data", "file", "ftp", "xmpp",
        "http", "https", "mailto", "//", "&#58;", "&colon;", "&#x6a;", "x.org", "a@b.org",
        "www.", "<a href=", "<img src=", "<script>", "[^1]", "[^plans-of-action-1]", "]: ",
        "](", "title",
    ]
)  # fmt: skip
TRICKY = st.one_of(st.lists(_PIECES, max_size=40).map("".join), st.text(max_size=80))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(comment=TRICKY, note=TRICKY)
def test_no_comment_or_note_breaks_out_or_keeps_another_link_target(
    corpus_repo: CorpusRepo, baseline: dict[str, Outline], comment: str, note: str
) -> None:
    _check(_export(corpus_repo, comment, note, tag=note[:20]), baseline)


def test_the_check_itself_sees_a_heading_injected_at_the_margin(
    corpus_repo: CorpusRepo, baseline: dict[str, Outline]
) -> None:
    md_text = _export(corpus_repo, "Keep.")
    broken = md_text.replace("    Keep.\n", "    Keep.\n# Injected\n")
    with pytest.raises(AssertionError):
        _check(broken, baseline)
    linked = md_text.replace("    Keep.\n", "    [x](javascript:alert(1))\n")
    with pytest.raises(AssertionError):
        _check(linked, baseline)


def test_benign_markdown_in_a_comment_is_kept(corpus_repo: CorpusRepo) -> None:
    comment = "Use *this* wording; see [the report](https://undocs.org/E/2002/30).\n\n- one"
    md_text = _export(corpus_repo, comment)
    assert (
        "    Use *this* wording; see [the report](https://undocs.org/E/2002/30).\n\n    - one\n"
        in md_text
    )
    assert re.search(r'<a href="https://undocs.org/E/2002/30">the report</a>', _gfm(md_text))


def test_a_tag_or_a_title_with_a_line_break_stays_on_its_line(corpus_repo: CorpusRepo) -> None:
    md_text = _export(corpus_repo, "", tag="urgent\r# Injected\u2028heading")
    assert "· Tags: urgent # Injected heading\n" in md_text
    notes = FakeNotes(corpus_repo, "")
    titled = export_markdown(
        corpus_repo,
        notes,  # type: ignore[arg-type]
        Scope("provision", (P2A,)),
        ExportOptions(title="Brief\r# Injected\n## heading"),
        now=NOW,
    ).markdown
    assert "\n# Brief # Injected ## heading\n" in titled
    assert _gfm(titled).count("<h1>") == 1

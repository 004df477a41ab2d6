"""Markdown → safe HTML: no raw HTML from users, nothing remote, the export's own markup kept."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vdesk.export.render import html_page, render_export, render_note, sanitise, split_front_matter


def test_note_markdown_is_rendered() -> None:
    assert render_note("Use *this* **wording**\n\n- one\n- two") == (
        "<p>Use <em>this</em> <strong>wording</strong></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )


def test_raw_html_in_a_note_is_shown_as_text() -> None:
    out = render_note('<b>bold</b> <script>alert("x")</script>\n\n<div onclick="x()">block</div>')
    assert out == (
        '<p>&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert("x")&lt;/script&gt;</p>\n'
        '<p>&lt;div onclick="x()"&gt;block&lt;/div&gt;</p>'
    )


def test_images_and_external_links_load_nothing() -> None:
    out = render_note(
        "![chart](https://example.org/c.png) see [the report](https://undocs.org/E/2002/30) "
        "or <https://evil.example/x>"
    )
    assert out == (
        "<p>[image: chart] see the report (https://undocs.org/E/2002/30) or "
        "https://evil.example/x (https://evil.example/x)</p>"
    )
    assert "<img" not in out and "href" not in out


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p onclick="x()">a</p>', "<p>a</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),  # the target is dropped
        (
            '<a href="#fn:1" class="footnote-ref">1</a>',
            '<a href="#fn:1" class="footnote-ref">1</a>',
        ),
        ("<iframe src='https://x'></iframe>after", "after"),
        ("<style>body{}</style><script>1</script>ok", "ok"),
        ('<img src="x.png">', "[image]"),
        ('<svg><script>1</script><a href="#x">y</a></svg>z', "z"),
        (  # a cell only in a table: an HTML parser drops a stray <td>
            '<table><tr><td style="text-align: left;">c</td></tr></table>',
            '<table><tbody><tr><td style="text-align: left;">c</td></tr></tbody></table>',
        ),
        (
            '<table><tr><td style="background:url(https://x)">c</td></tr></table>',
            "<table><tbody><tr><td>c</td></tr></tbody></table>",
        ),
        ("<mark>hi</mark><em>x</em>", "<mark>hi</mark><em>x</em>"),
        ('<mark class="red" style="x">hi</mark>', '<mark class="red">hi</mark>'),
        ('<mark class="a&quot;b">hi</mark>', "<mark>hi</mark>"),
        ('<a id="a b"></a>', "<a></a>"),
        ("<blockquote><p>open", "<blockquote><p>open</p></blockquote>"),
        ("<object data='x'>fallback</object>t", "t"),
        ("1 &lt; 2 &amp; 3", "1 &lt; 2 &amp; 3"),
    ],
)
def test_sanitiser_whitelist(html: str, expected: str) -> None:
    assert sanitise(html) == expected


EXPORT = """---
title: "Brief"
exported: "2026-11-23T09:30:00Z"
app_version: "1.0"
documents:
    - {"key": "vienna-declaration", "symbol": "A/RES/55/59", "title": "Vienna Declaration"}
confidential: false
---

# Brief

> <a id="vd-7"></a>**7.** Consistent with <mark>the goals</mark> of it.[^vd-3]

— A/RES/55/59, annex, para. 7

[^vd-3]: Resolution 51/191, annex.
"""


def test_front_matter_is_split_off() -> None:
    meta, body = split_front_matter(EXPORT)
    assert meta == {
        "title": "Brief",
        "exported": "2026-11-23T09:30:00Z",
        "app_version": "1.0",
        "documents": [
            {"key": "vienna-declaration", "symbol": "A/RES/55/59", "title": "Vienna Declaration"}
        ],
        "confidential": False,
    }
    assert body.startswith("\n# Brief\n")
    assert split_front_matter("# no front matter") == ({}, "# no front matter")


def test_export_keeps_its_own_anchors_marks_and_footnotes() -> None:
    meta, html = render_export(EXPORT)
    assert meta["title"] == "Brief"
    assert (
        '<blockquote>\n<p><a id="vd-7"></a><strong>7.</strong> Consistent with '
        '<mark>the goals</mark> of it.<sup id="fnref:vd-3"><a class="footnote-ref" '
        'href="#fn:vd-3">1</a></sup></p>\n</blockquote>'
    ) in html
    assert '<li id="fn:vd-3">' in html and "Resolution 51/191, annex." in html


def test_page_is_standalone_and_offline() -> None:
    page = html_page(EXPORT)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Brief</title>" in page
    assert "default-src 'none'" in page  # nothing may load, even if something slipped through
    assert "Sources: Vienna Declaration (A/RES/55/59)" in page
    assert "Exported 23 November 2026, 09:30 UTC by vdesk 1.0" in page
    assert "http" not in page.replace("http-equiv", "")


# --- link targets: only http, https and mailto survive ---------------------------------


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java&#x09;script:alert(1)",
        "java&#10;script:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "\x01javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "FILE://server/share",
        "//evil.example/x",
        "evil.html",
        "/etc/passwd",
        "ftp://example.org/x",
        "#a b",
    ],
)
def test_other_link_targets_are_dropped_and_the_text_kept(href: str) -> None:
    assert sanitise(f'<a href="{href}" title="t">click</a>') == '<a title="t">click</a>'
    assert sanitise(f'<p><a href="{href}">click</a></p>') == "<p><a>click</a></p>"


@pytest.mark.parametrize(
    ("href", "shown"),
    [
        ("https://undocs.org/E/2002/30", "https://undocs.org/E/2002/30"),
        ("http://example.org/?a=1&amp;b=2", "http://example.org/?a=1&amp;b=2"),
        ("mailto:mission@example.org", "mailto:mission@example.org"),
        ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
    ],
)
def test_web_and_mail_targets_survive_as_readable_text(href: str, shown: str) -> None:
    assert sanitise(f'<a href="{href}">the report</a>') == f"the report ({shown})"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>"),
        ("![x](file:///etc/passwd)", "<p>![x](file:///etc/passwd)</p>"),
        ("[a [nested] one](data:text/html,x)", "<p>[a [nested] one](data:text/html,x)</p>"),
        ("[x](<javascript:alert(1)>)", "<p>[x](&lt;javascript:alert(1)&gt;)</p>"),
        ("[x]\n\n[x]: javascript:alert(1)", "<p>[x]</p>\n<p>[x]: javascript:alert(1)</p>"),
        ("[x]\n\n[x\\]: javascript:alert(1)", "<p>[x]</p>\n<p>[x]: javascript:alert(1)</p>"),
        ("[x](https://undocs.org) ok", "<p>x (https://undocs.org) ok</p>"),
        ("[x][r]\n\n[r]: mailto:a@example.org", "<p>x (mailto:a@example.org)</p>"),
        (
            '<a href="javascript:alert(1)">x</a>',
            '<p>&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;</p>',
        ),
        ("one\rtwo\r\n# three", "<p>one\ntwo</p>\n<h1>three</h1>"),
    ],
)
def test_links_in_a_note_keep_their_text_and_lose_other_targets(text: str, expected: str) -> None:
    assert render_note(text) == expected


_PIECES = st.sampled_from(
    [
        "[", "]", "(", ")", "<", ">", "!", ":", "\\", "&", "#", ";", "`", '"', "'", " ",
        "\n", "\r", "\t", "\x85", "\u2028", "|", "-", "=", "*", "^",
        "javascript", "JavaScript", "java\tscript", "vbscript", "data", "file", "ftp",
        "http", "https", "mailto", "//", "&#58;", "&colon;", "&#x6a;", "x.org", "a@b.org",
        "www.", "<a href=", "<img src=", "onclick=", "<script>", "[^1]", "]: ",
    ]
)  # fmt: skip
TRICKY = st.one_of(st.lists(_PIECES, max_size=30).map("".join), st.text(max_size=60))


@settings(max_examples=300, deadline=None)
@given(TRICKY)
@example("|\n|:")  # a one-column table aligned centre: the only style a note may carry
def test_no_rendered_note_has_a_target_or_active_content(text: str) -> None:
    out = render_note(text)
    for tag, attrs in _tags(out):
        assert tag in _NOTE_TAGS, out
        for name, value in attrs:
            assert name in {"href", "id", "class", "title", "start", "style"}, out
            if name == "href":  # a footnote's own anchors; web links are shown as text
                assert value is not None and value.startswith("#"), out
            if name == "style":  # a Markdown table's column alignment, and nothing else
                assert tag in {"th", "td"}, out
                assert value in {f"text-align: {a};" for a in ("left", "center", "right")}, out


_NOTE_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol",
              "li", "strong", "em", "code", "pre", "sup", "a", "div", "table", "thead",
              "tbody", "tr", "th", "td"}  # fmt: skip


def _tags(fragment: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collect().feed(fragment)
    return found

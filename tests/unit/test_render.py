"""Markdown → safe HTML: no raw HTML from users, nothing remote, the export's own markup kept."""

from __future__ import annotations

import pytest

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
        ('<a href="javascript:alert(1)">x</a>', "x (javascript:alert(1))"),
        (
            '<a href="#fn:1" class="footnote-ref">1</a>',
            '<a href="#fn:1" class="footnote-ref">1</a>',
        ),
        ("<iframe src='https://x'></iframe>after", "after"),
        ("<style>body{}</style><script>1</script>ok", "ok"),
        ('<img src="x.png">', "[image]"),
        ('<svg><script>1</script><a href="#x">y</a></svg>z', "z"),
        ('<td style="text-align: left;">c</td>', '<td style="text-align: left;">c</td>'),
        ('<td style="background:url(https://x)">c</td>', "<td>c</td>"),
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

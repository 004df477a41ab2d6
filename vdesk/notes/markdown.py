"""Markdown comments and national-note texts to safe HTML.

Rendered with Python-Markdown with raw HTML switched off (it shows as text), then
filtered through an allow-list: only plain formatting tags survive, links keep
only ``http``, ``https`` and ``mailto`` targets (shown, never fetched), and images
become their alt text, so nothing remote ever loads in the reader.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

import markdown

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
        "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
        "del", "sup", "sub",
    }
)  # fmt: skip
VOID_TAGS = frozenset({"br", "hr"})
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skip = 0  # inside <script>/<style>: drop the content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
            return
        if tag == "img":
            alt = dict(attrs).get("alt") or ""
            self.out.append(escape(alt))
            return
        if tag not in ALLOWED_TAGS:
            return
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if href.lower().startswith(SAFE_SCHEMES):
                self.out.append(f'<a href="{escape(href, quote=True)}">')
            else:
                self.out.append("<a>")
            return
        self.out.append(f"<{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
            return
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(escape(data, quote=False))


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def render(text: str) -> str:
    """Safe HTML for a Markdown comment (empty string for an empty comment)."""
    if not text.strip():
        return ""
    html = _markdown().convert(text)
    s = _Sanitiser()
    s.feed(html)
    s.close()
    return "".join(s.out)

"""Markdown → safe HTML, for the export preview and for note comments.

Two entry points, one sanitiser:

* :func:`render_note` renders what a user typed (an annotation comment, the text
  of a national note). Raw HTML is not passed through: ``<b>`` shows as the text
  ``<b>``.
* :func:`render_export` renders an export produced by :mod:`vdesk.export.markdown`,
  whose own inline HTML (``<a id>`` anchors, ``<mark>``, ``<em>``, ``<br>``) must
  survive; the YAML front matter is removed and returned separately.

Both then pass the HTML through a whitelist sanitiser (nh3, the Ammonia sanitiser,
which parses HTML as a browser does): only known tags and attributes remain;
``<script>``, ``<style>``, ``<iframe>``, ``<object>``… are dropped with their
content; a link keeps its target only if it is an ``http``, ``https`` or
``mailto`` address or an anchor in the same page (``javascript:``, ``file:``,
``data:``, ``vbscript:``, relative addresses are dropped, the link's text kept).
Then ``<img>`` becomes the text ``[image: alt]`` (nothing is ever loaded) and a
link to a web or mail address becomes its text followed by the address in
parentheses, so the address can be read and copied but a click loads nothing.
The app is offline: no rendered page may fetch a remote resource.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3

from vdesk.domain.notes import DEFAULT_COLOURS

from .usertext import URL_SCHEMES, neutralise_links, normalise_newlines

#: Python-Markdown extensions used for exports and notes.
EXTENSIONS = ("tables", "footnotes", "sane_lists")

#: Tags kept, each with the attributes it may keep (values checked by _attribute_ok).
_ALLOWED: dict[str, frozenset[str]] = {
    tag: frozenset(attrs)
    for tag, attrs in {
        "p": (),
        "br": (),
        "hr": (),
        "h1": ("id",),
        "h2": ("id",),
        "h3": ("id",),
        "h4": ("id",),
        "h5": ("id",),
        "h6": ("id",),
        "blockquote": (),
        "ul": (),
        "ol": ("start",),
        "li": ("id",),
        "strong": (),
        "em": (),
        "b": (),
        "i": (),
        "code": (),
        "pre": (),
        "mark": ("class",),
        "sup": ("id",),
        "sub": (),
        "del": (),
        "table": (),
        "thead": (),
        "tbody": (),
        "tr": (),
        "th": ("style",),
        "td": ("style",),
        "a": ("href", "id", "class", "title"),
        "img": ("alt",),  # shown as its text afterwards, never loaded
        "div": ("class",),
        "span": ("class",),
        "dl": (),
        "dt": (),
        "dd": (),
    }.items()
}
#: Dropped together with everything inside them.
_DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "template",
        "noscript",
        "textarea",
        "select",
        "audio",
        "video",
        "canvas",
        "head",
        "title",
    }
)
_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center);?\s*$")
_SAFE_ID = re.compile(r"^[A-Za-z0-9:_.-]+$")
_CLASS = re.compile(r"^[A-Za-z][A-Za-z0-9 _-]*$")
#: How a link target that is not an anchor in the page must start (after what
#: browsers ignore: leading spaces and controls, tabs and newlines anywhere).
_WEB_TARGET = re.compile(r"(?i)(?:https?|mailto):")
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def _attribute_ok(tag: str, name: str, value: str) -> bool:
    if name == "style":
        return bool(_ALIGN.match(value))
    if name == "id":
        return bool(_SAFE_ID.match(value))
    if name == "href":
        if value.startswith("#"):
            return bool(_SAFE_ID.match(value[1:]))
        target = _IGNORED_IN_URL.sub("", value).lstrip(_C0_AND_SPACE)
        return bool(_WEB_TARGET.match(target))
    if name == "class":
        return bool(_CLASS.match(value))
    if name == "start":
        return value.isdigit()
    return True


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    return value if _attribute_ok(tag, name, value) else None


class _Inert(HTMLParser):
    """Over nh3's clean output: an image becomes ``[image: alt]`` and a link to a web
    address its text followed by the address, so nothing is loaded or followed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._links: list[str | None] = []  # external href per open <a>, None if internal

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "img":
            alt = values.get("alt", "").strip()
            self.out.append(html.escape(f"[image: {alt}]" if alt else "[image]"))
            return
        if tag == "a":
            href = values.get("href", "")
            if href and not href.startswith("#"):
                self._links.append(href)
                return
            self._links.append(None)
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._links:
            href = self._links.pop()
            if href is not None:
                self.out.append(f" ({html.escape(href)})")
                return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out)


def sanitise(fragment: str) -> str:
    """``fragment`` with only whitelisted tags and attributes (see module docstring).

    nh3 (the Ammonia sanitiser) parses it as a browser would and keeps only the
    whitelist: link targets with the ``http``, ``https`` or ``mailto`` scheme or an
    anchor in the page (``javascript:``, ``data:``, ``file:``, ``vbscript:``,
    relative addresses and tricks such as ``java\\tscript:`` are dropped); then
    images and web links are made inert (:class:`_Inert`).
    """
    clean = nh3.clean(
        fragment,
        tags=set(_ALLOWED),
        clean_content_tags=set(_DROP_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in _ALLOWED.items() if attrs},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    inert = _Inert()
    inert.feed(clean)
    return inert.result()


def _markdown(raw_html: bool) -> markdown.Markdown:
    md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    if not raw_html:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
    return md


def render_note(text: str) -> str:
    """A user's Markdown (comment, national note) as a safe HTML fragment: line breaks
    as LF and links to anything but web and mail addresses left as text, as in an
    export (:mod:`vdesk.export.usertext`), then sanitised."""
    text = neutralise_links(normalise_newlines(text))
    return sanitise(_markdown(raw_html=False).convert(text))


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(metadata, body) of an export. The front matter is the YAML block between
    ``---`` lines that :mod:`vdesk.export.markdown` writes: ``key: JSON value`` lines,
    and lists as ``key:`` followed by ``    - JSON value`` lines."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    meta: dict[str, Any] = {}
    key = ""
    for line in m.group(1).splitlines():
        if line.startswith("    - ") and key:
            meta[key].append(json.loads(line[6:]))
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        meta[key] = json.loads(value) if value else []
    return meta, text[m.end() :]


def render_export(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, safe HTML fragment) of an exported Markdown text."""
    meta, body = split_front_matter(text)
    return meta, sanitise(_markdown(raw_html=True).convert(body))


PAGE_CSS = (
    """
body { font: 15px/1.5 Georgia, "Times New Roman", serif; color: #1b1b1b; max-width: 46em;
  margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.55em; margin: 1.2em 0 0.3em; border-bottom: 2px solid #1f4e79; }
h2 { font-size: 1.3em; margin: 1.1em 0 0.3em; color: #1f4e79; }
h3, h4, h5, h6 { font-size: 1.08em; margin: 1em 0 0.3em; color: #1f4e79; }
blockquote { margin: 0.8em 0 0.2em; padding: 0.1em 0 0.1em 1em; border-left: 4px solid #9fb6cd;
  background: #f6f8fa; }
blockquote p { margin: 0.4em 0; }
p.citation, p:has(> .citation) { margin: 0.1em 0 0.8em; }
mark { background: #fff59d; padding: 0 1px; }
"""
    + "".join(f"mark.{c.name} {{ background: {c.hex}; }}\n" for c in DEFAULT_COLOURS)
    + """
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.92em; }
th, td { border: 1px solid #c8d1db; padding: 0.25em 0.5em; vertical-align: top; }
th { background: #eef2f6; text-align: left; }
td:first-child, td:nth-child(4) { white-space: nowrap; }
code { font-size: 0.9em; background: #eef2f6; padding: 0 0.2em; }
.footnote { font-size: 0.88em; color: #333; }
.meta { font: 0.85em/1.4 sans-serif; color: #555; border: 1px solid #d0d7de; padding: 0.5em 0.8em;
  margin-bottom: 1.5em; }
.confidential { color: #a00; font-weight: bold; }
"""
)


def _human_time(stamp: str) -> str:
    """``2026-11-23T09:30:00Z`` → ``23 November 2026, 09:30 UTC`` (as given if not ISO)."""
    try:
        t = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if t.tzinfo is not None:
        t = t.astimezone(UTC)
    return f"{t.day} {t:%B %Y, %H:%M} UTC"


def html_page(text: str) -> str:
    """An exported Markdown text as a standalone HTML page (no external resources)."""
    meta, body = render_export(text)
    title = html.escape(str(meta.get("title", "vdesk export")))
    rows = []
    docs = [d for d in meta.get("documents") or [] if isinstance(d, dict)]
    if docs:
        rows.append(
            "Sources: "
            + "; ".join(
                html.escape(
                    f"{d.get('title', '')} ({d.get('symbol') or d.get('cited_as')})"
                    if d.get("symbol") or d.get("cited_as")
                    else str(d.get("title", ""))
                )
                for d in docs
            )
        )
    if meta.get("exported"):
        rows.append(
            f"Exported {html.escape(_human_time(str(meta['exported'])))} by vdesk "
            f"{html.escape(str(meta.get('app_version', '')))}"
        )
    if meta.get("confidential"):
        rows.append('<span class="confidential">Includes confidential items.</span>')
    head = f'<div class="meta">{"<br>".join(rows)}</div>' if rows else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>{PAGE_CSS}</style></head>\n<body>\n{head}\n{body}\n"
        "</body></html>\n"
    )

"""What a user typed (a comment, a national note's text), made safe to put in an export.

The user's Markdown is kept (emphasis, lists, links to web pages) with four limits,
each checked in CommonMark/GFM viewers and in Python-Markdown:

* **Line breaks.** CR, CRLF and every other line separator a reader may honour
  (NEL, U+2028, U+2029, VT, FF, FS, GS, RS) become LF before the text is indented
  or put in a table cell, so no line of it can start at the left margin, leave its
  list item and open a heading, a rule, a table row or front matter.
* **Raw HTML** is shown as text (:func:`neutralise_html`).
* **Link targets.** Only ``http``, ``https`` and ``mailto`` targets survive
  (:func:`neutralise_links`): an inline link or image, or a reference definition,
  whose target starts with anything else (``javascript:``, ``file:``, ``data:``,
  a relative address, an entity or escape in the scheme, ``java\\tscript:``) loses
  its link syntax: its text, target included, reads as the user typed it, but
  nothing is a link. Autolinks (``<…:…>``) are raw HTML to this module and shown
  as text; the bare ``ftp://`` and ``xmpp:`` addresses that GFM turns into links
  are defused (:func:`defuse_autolinks`); bare web and mail addresses stay (GFM
  links them with ``http``, ``https`` or ``mailto``).
* **Footnotes.** A comment cannot define or cite a footnote: ``[^`` is escaped,
  so no comment can replace the text of a source footnote of the export.

The rendered text equals what the user typed (escapes and entities render as
the characters they stand for; inside a code span they show as typed).
"""

from __future__ import annotations

import re

#: Link targets that survive in an export.
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
#: The ``]`` that ends a link's text or a reference label, right before its target.
_TARGET_OPENER = re.compile(r"\](?=[(:])")
_ALLOWED_TARGET = re.compile(r"(?i)(?:https?://|mailto:)")
_FOOTNOTE = re.compile(r"\[(?=\^)")
#: Schemes that GFM links when written bare and that are not allowed.
_BARE_SCHEME = re.compile(r"(?i)(ftp|xmpp):")
#: Line breaks other than LF (str.splitlines knows these and CRLF).
_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def normalise_newlines(text: str) -> str:
    """``text`` with every kind of line break as LF."""
    if _BREAKS.isdisjoint(text):
        return text
    return "\n".join(text.splitlines())


def neutralise_html(markdown_text: str) -> str:
    """A user's Markdown with raw HTML (and autolinks) shown as text, not interpreted."""
    return _TAG_START.sub("&lt;", markdown_text)


def _escaped(text: str, i: int) -> bool:
    """Is ``text[i]`` backslash-escaped (an odd run of backslashes before it)?"""
    n = 0
    while i - n > 0 and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def neutralise_links(markdown_text: str) -> str:
    """``markdown_text`` where no link, image or reference definition has a target
    other than ``http://``, ``https://`` or ``mailto:``.

    Every such target follows an unescaped ``](`` (inline link or image) or a ``]:``
    (reference definition), after optional white space and ``<``. Where it does not
    start literally with an allowed scheme, the ``]`` of ``](`` is escaped and the
    colon of ``]:`` written as an entity: the text reads as typed, and no dialect
    sees a link or a definition. Footnote markers ``[^`` are escaped too.
    """
    if "]" not in markdown_text:
        return markdown_text
    out: list[str] = []
    last = 0
    for m in _TARGET_OPENER.finditer(markdown_text):
        i = m.start()
        definition = markdown_text[i + 1] == ":"
        if not definition and _escaped(markdown_text, i):
            continue  # "\](" ends no link text ("\]:" may end a label in Python-Markdown)
        j = i + 2
        while j < len(markdown_text) and markdown_text[j].isspace():
            j += 1
        if markdown_text.startswith("<", j):
            j += 1
        if _ALLOWED_TARGET.match(markdown_text, j):
            continue
        if definition:  # "]:" is no definition in any dialect: the colon as an entity
            out += [markdown_text[last : i + 1], "&#58;"]
            last = i + 2
        else:  # "\](" ends no link text
            out += [markdown_text[last:i], "\\"]
            last = i
    out.append(markdown_text[last:])
    text = "".join(out)
    if "[^" not in text:
        return text
    out, last = [], 0
    for m in _FOOTNOTE.finditer(text):
        if not _escaped(text, m.start()):
            out += [text[last : m.start()], "\\"]
            last = m.start()
    out.append(text[last:])
    return "".join(out)


def defuse_autolinks(text: str) -> str:
    """Bare ``ftp:``/``xmpp:`` addresses, which GFM would link, with an empty HTML
    comment before the colon: it renders as nothing (the sanitiser drops it), and
    GFM, which links only a scheme and its colon in one run of text, links nothing."""
    if ":" not in text:
        return text
    return _BARE_SCHEME.sub(r"\1<!-- -->:", text)


def safe_markdown(markdown_text: str) -> str:
    """A user's Markdown made safe for an export (see the module docstring); trimmed."""
    text = normalise_newlines(markdown_text).strip()
    if "<" in text:
        text = neutralise_html(text)
    return defuse_autolinks(neutralise_links(text))


def comment_block(markdown_text: str, indent: str = "    ") -> str:
    """A comment as the continuation of a list item: every line indented (blank lines
    left empty), so nothing in it starts at the margin."""
    lines = safe_markdown(markdown_text).split("\n")
    return "\n".join((indent + ln) if ln.strip() else "" for ln in lines)


_PIPE_BACKSLASHES = re.compile(r"\\+(?=\|)")


def table_cell(markdown_text: str) -> str:
    """A user's Markdown as one table cell: its lines joined with ``<br />``, white
    space collapsed, ``|`` escaped (a backslash before it as an entity, so it cannot
    un-escape the pipe and split the cell)."""
    text = safe_markdown(markdown_text)
    if "|" in text:
        text = _PIPE_BACKSLASHES.sub(lambda m: "&#92;" * len(m.group()), text)
        text = text.replace("|", "\\|")
    return "<br />".join(" ".join(p.split()) for p in text.split("\n") if p.strip())

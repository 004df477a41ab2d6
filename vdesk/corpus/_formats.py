"""Source formats -> :class:`~vdesk.corpus.clean.Cleaned` blocks, using the rules of ``clean``.

* TAB format (Vienna Declaration): a paragraph starts with a TAB; a line without
  one continues the previous line; footnote definitions are ``N text`` lines;
  ODS metadata follows the body.
* Markdown (plans of action): one block per line; ``---`` page-break rules
  followed by ``<sup>n</sup> text`` definitions; headings marked by ``#``/bold;
  the quoted General Assembly draft opens every block with ``“``.
* Plain (draft plans, Commission reports): one block per line; headings are
  plain lines; definitions start with a superscript (``¹ text``, ``^{*} text``,
  ``$^{\\rm 25}$ text``, ``^a text``) or are ``- ¹ text`` endnote bullets.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import clean
from .clean import Block, Cleaned, NoteDef

_TAB_NOTE = re.compile(r"^(\d{1,2}) (\S.*)$")


def tabbed(text: str, title: str) -> Cleaned:
    out = Cleaned()
    lines = text.split("\n")
    raw_blocks: list[tuple[int, str]] = []
    notes: list[tuple[int, str, str]] = []
    in_trailer = False
    prev_tabbed_open = False  # a TAB line that does not end a sentence
    for no, raw in enumerate(lines, start=1):
        line = clean.strip_trailing_space(raw)
        if "<<ODS" in line:
            in_trailer = True
        if in_trailer or clean.is_metadata(line) or clean.is_running_footer(line):
            out.drop("metadata", line)
            prev_tabbed_open = False
            continue
        if not line.strip():
            prev_tabbed_open = False
            continue
        m = _TAB_NOTE.match(line)
        if m and not line.startswith("\t") and raw_blocks and raw_blocks[-1][0] < no:
            num, body = m.groups()
            if int(num) == (int(notes[-1][1]) + 1 if notes else 1):
                notes.append((no, num, body))
                out.drop("footnote number", num)
                continue
        if not line.startswith("\t") and prev_tabbed_open and raw_blocks:
            n, t = raw_blocks[-1]
            raw_blocks[-1] = (n, t + " " + line)
        else:
            raw_blocks.append((no, line.strip("\t ")))
        prev_tabbed_open = line.startswith("\t") and not clean.ends_sentence(line)
    texts = [re.sub(r"\t+", " ", t) for _, t in raw_blocks]
    texts = clean.glue_markers(texts, [n for _, n, _ in notes])
    out.notes = [NoteDef(no, num, _note_text(body)) for no, num, body in notes]
    for (no, _), t in zip(raw_blocks, texts, strict=True):
        t = clean.normalise_space(t)
        if _front_matter(t, title, out):
            continue
        out.blocks.append(Block(no, t))
    return out


def _front_matter(text: str, title: str, out: Cleaned) -> bool:
    """Drop front-matter fields and the first repetition of the document title."""
    if clean.FRONT_MATTER.match(clean.plain(text)):
        out.drop("front matter", text)
        return True
    bare = clean.TITLE_SYMBOL.sub("", clean.plain(text)).strip()
    seen = any(title.casefold() in d.casefold() for d in out.debris.get("front matter", []))
    if not seen and bare.casefold() == title.casefold():
        out.drop("front matter", text)
        return True
    return False


_MD_NOTE = re.compile(r"^<sup>\s*([0-9a-z*]+)\s*</sup>\s*(.*)$")


def markdown(text: str, title: str, quoted: bool) -> Cleaned:
    out = Cleaned()
    lines = text.split("\n")
    last_content = max(i for i, raw in enumerate(lines) if raw.strip())
    for no, raw in enumerate(lines, start=1):
        line = clean.strip_trailing_space(raw)
        if not line.strip():
            continue
        if clean.PAGE_BREAK.match(line.strip()):
            out.drop("page break", line)
            continue
        m = _MD_NOTE.match(line.strip())
        if m:
            num, body = m.groups()
            out.drop("footnote number", num)
            out.notes.append(NoteDef(no, num, _note_text(body)))
            continue
        t, marked = clean.strip_heading_markup(line)
        t = _inline(t)
        if quoted:
            t = clean.strip_quote_prefix(t)
            if no - 1 == last_content:
                t = clean.strip_closing_quote(t)
        t = clean.strip_stray_punctuation(t, out)
        if _front_matter(t, title, out):
            continue
        out.blocks.append(Block(no, t, marked))
    return out


def _inline(text: str) -> str:
    text = clean.unescape_markdown(text)
    text = clean.strip_bullet(text)
    text = clean.footnote_markers_to_tokens(text)
    text = clean.italics_to_tokens(text)
    return clean.normalise_space(text)


_NOTE_START = re.compile(
    r"^(?:[-•]\s+)?(?P<mark>[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^\{[0-9a-z*]+\}|\^[a-z](?=\s)"
    r"|\$\^\{\\rm\s*[0-9a-z*]+\}\$|<sup>[0-9a-z*]+</sup>)\s*(?P<body>\S.*)$"
)
_NOTES_HEADING = clean.NOTES_HEADING
_TABLE_ROW = clean.CONTENTS_ROW


def plain(text: str, title: str, repair_hyphens: Callable[[str], str] | None = None) -> Cleaned:
    """Plain PDF-to-text with a little Markdown (draft plans, Commission reports).

    Footnote definitions start with their printed mark; endnotes are the ``- ``
    bullets after a ``Notes`` line (the first, unnumbered one is note 1; a line
    that is not a bullet continues the previous endnote). ``Contents`` and its
    table are dropped. ``repair_hyphens`` is applied to body and note text when
    the document's conversion lost hyphens.
    """
    out = Cleaned()
    lines = text.split("\n")
    in_notes = False
    notes: list[list] = []  # [line, num, text]
    for no, raw in enumerate(lines, start=1):
        line = clean.strip_trailing_space(raw)
        s = line.strip()
        if not s:
            continue
        if clean.is_running_footer(s):
            out.drop("running footer", s)
            continue
        if _TABLE_ROW.match(s):
            out.drop("contents", s)
            continue
        if s == "Contents" and no < len(lines) and _next_is_table(lines, no):
            out.drop("contents", s)
            continue
        if _NOTES_HEADING.match(s) and _next_is_bullet(lines, no):
            in_notes = True
            out.drop("notes heading", s)
            continue
        m = _NOTE_START.match(s)
        if m:
            mark = clean.footnote_markers_to_tokens(m.group("mark"))[1:-1]
            out.drop("footnote number", m.group("mark"))
            notes.append([no, mark, m.group("body")])
            continue
        if in_notes:
            if s.startswith("- "):
                num = str(int(notes[-1][1]) + 1) if notes and notes[-1][1].isdigit() else "1"
                notes.append([no, num, s[2:]])
            elif notes:
                notes[-1][2] += " " + s
            continue
        t, marked = clean.strip_heading_markup(line)
        t = _inline(t)
        t = clean.strip_stray_punctuation(t, out)
        if _front_matter(t, title, out):
            continue
        out.blocks.append(clean.Block(no, t, marked or _heading_like_line(t)))
    if not any(n[1] == "*" for n in notes):
        out.blocks = [clean.Block(b.line, clean.strip_orphan_asterisk(b.text, out), b.marked)
                      for b in out.blocks]  # fmt: skip
    fix = repair_hyphens or (lambda t: t)
    out.notes = [NoteDef(no, num, fix(_note_text(body))) for no, num, body in notes]
    texts = clean.glue_missing_markers([fix(b.text) for b in out.blocks], [n[1] for n in notes])
    out.blocks = [clean.Block(b.line, t, b.marked) for b, t in zip(out.blocks, texts, strict=True)]
    return out


def _next_is_table(lines: list[str], no: int) -> bool:
    rest = [x.strip() for x in lines[no:] if x.strip()]
    return bool(rest) and bool(_TABLE_ROW.match(rest[0]))


def _next_is_bullet(lines: list[str], no: int) -> bool:
    rest = [x.strip() for x in lines[no:] if x.strip()]
    return bool(rest) and rest[0].startswith("- ")


def _heading_like_line(text: str) -> bool:
    """A plain line that reads as an unnumbered heading: short, capitalised, no
    sentence or clause punctuation at its end, no label."""
    s = clean.plain(text).strip()
    if not s or not s[0].isupper() or len(s.split()) > 12:
        return False
    if s.endswith((".", ",", ";", ":", "!", "?", ")")) or s.startswith("("):
        return False
    return not re.match(r"^([IVXL]+|[A-Z]|\d+)\.\s", s) and not s.startswith("Objective")


def _note_text(body: str) -> str:
    """Footnote text is kept plain: markup and markers removed."""
    return clean.normalise_space(clean.plain(_inline(body)))

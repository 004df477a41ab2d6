"""Where a query matches a text, and the snippet around it: plain text and spans.

A match is a word of the query (its indexed form) or a whole phrase of the query (the
words in a row, marked as one span): ``"trafficking in persons"`` marks the three words
together and never a lone "in". Snippets are text with (start, end) spans;
:func:`to_html` and :func:`to_markdown` are the adapters for the window and the command
line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .analysis import WORD_PATTERN, word_spans

SNIPPET_CHARS = 240
SNIPPET_LEAD = 70  # characters shown before the first match
ELLIPSIS = "…"

Span = tuple[int, int]
_WORD = re.compile(WORD_PATTERN)


@dataclass(frozen=True, slots=True)
class Marks:
    """What to mark: single words (indexed forms) and phrases (sequences of forms)."""

    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def match_spans(text: str, marks: Marks) -> list[Span]:
    """The spans of ``text`` that ``marks`` match, in order, overlaps merged."""
    if not marks:
        return []
    found: list[Span] = []
    words = marks.words
    if not marks.phrases:
        found = [(s, e) for _p, forms, s, e in word_spans(text) if not words.isdisjoint(forms)]
    else:
        tokens = word_spans(text)
        for _p, forms, s, e in tokens:
            if not words.isdisjoint(forms):
                found.append((s, e))
        for phrase in marks.phrases:
            n = len(phrase)
            head, rest = phrase[0], phrase[1:]
            for i in range(len(tokens) - n + 1):
                if head in tokens[i][1] and all(
                    w in tokens[i + k][1] for k, w in enumerate(rest, start=1)
                ):
                    found.append((tokens[i][2], tokens[i + n - 1][3]))
        found.sort()
    return _merge(found)


def _merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


@dataclass(frozen=True, slots=True)
class Snippet:
    """A window of a text with the matches in it (spans over ``text``)."""

    text: str
    spans: tuple[Span, ...]


def snippet(text: str, spans: list[Span], width: int = SNIPPET_CHARS) -> Snippet:
    """The window of ``text`` with the most matches, cut at spaces, "…" where cut."""
    start, end = 0, len(text)
    lead = min(SNIPPET_LEAD, width // 3)
    if len(text) > width:
        if spans:
            best = max(
                range(len(spans)),
                key=lambda i: sum(
                    1
                    for s, e in spans
                    if s >= spans[i][0] - lead and e <= spans[i][0] - lead + width
                ),
            )
            first = spans[best]
            start = max(0, first[0] - lead)
            if start:
                space = text.find(" ", start)
                start = space + 1 if 0 <= space < first[0] else start
        else:
            first = (0, 0)
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > first[1] else end
    before = ELLIPSIS if start else ""
    shift = len(before) - start
    kept = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Snippet(before + text[start:end] + (ELLIPSIS if end < len(text) else ""), kept)


def to_html(s: Snippet) -> str:
    """The snippet as HTML, each matched word in ``<b class="match">`` (a phrase word by
    word, as the window has always shown matches)."""
    out, pos = [], 0
    for a, b in s.spans:
        out.append(html.escape(s.text[pos:a], quote=False))
        out.append(_mark_words(s.text[a:b], '<b class="match">', "</b>", escape=True))
        pos = b
    out.append(html.escape(s.text[pos:], quote=False))
    return "".join(out)


def _mark_words(span: str, before: str, after: str, *, escape: bool = False) -> str:
    out, pos = [], 0
    for m in _WORD.finditer(span):
        gap, word = span[pos : m.start()], m.group()
        if escape:
            gap, word = html.escape(gap, quote=False), html.escape(word, quote=False)
        out += [gap, before, word, after]
        pos = m.end()
    tail = span[pos:]
    out.append(html.escape(tail, quote=False) if escape else tail)
    return "".join(out)


def to_markdown(s: Snippet) -> str:
    """The snippet as plain text, each matched word in ``**…**`` (a phrase word by word:
    "**restorative** **justice**", punctuation outside)."""
    out, pos = [], 0
    for a, b in s.spans:
        out.append(s.text[pos:a])
        out.append(_mark_words(s.text[a:b], "**", "**"))
        pos = b
    out.append(s.text[pos:])
    return "".join(out)

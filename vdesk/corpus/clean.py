"""Repair of conversion artifacts by general rules, one small function per artifact class.

The cleaner turns a raw source text (after :mod:`errata`) into :class:`Cleaned`:
logical blocks (one per printed paragraph, with the 1-based source line where it
starts), the footnote definitions taken out of the body, and the debris removed
on purpose, by named category (:data:`DEBRIS_CATEGORIES`), so that a test can
check that no other text was lost.

Inline markup survives cleaning as private-use tokens, which the parser turns
into ``Node.italics`` spans and ``FootnoteRef`` offsets:

* ``FN_OPEN num FN_CLOSE`` is a footnote marker, whatever its printed form
  (``<sup>3</sup>``, ``³``, ``$^{\\rm 3}$``, ``^{*}``, ``^a``, a glued digit);
* ``IT_OPEN … IT_CLOSE`` is an italic span (``*…*`` in the sources).

Three source formats exist: TAB-structured word-processor export (the Vienna
Declaration), Markdown (the plans of action) and plain PDF-to-text with a little
Markdown (the draft plans and the two Commission reports).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Meta

FN_OPEN, FN_CLOSE = "\ue000", "\ue001"
IT_OPEN, IT_CLOSE = "\ue002", "\ue003"
TOKENS = FN_OPEN + FN_CLOSE + IT_OPEN + IT_CLOSE

#: Debris removed on purpose; every removal is recorded under one of these.
DEBRIS_CATEGORIES = (
    "metadata",  # ODS fields, comment anchors, header/footer fields, page numbers, dash rules
    "front matter",  # distribution header, session/agenda line, repeated document title
    "adoption record",  # "81st plenary meeting" and its date, kept as document metadata
    "running footer",  # job-number footers such as "V.01-82215 (E) 200401 230401"
    "page break",  # Markdown "---" page-break rules
    "contents",  # the table of contents (the tree replaces it)
    "footnote number",  # printed numbers/marks of footnote definitions ("¹", "<sup>1</sup>")
    "notes heading",  # the "Notes" line over endnotes (the notes attach to their citations)
    "stray punctuation",  # a full stop repeated after a footnote marker ("will:²⁴.")
)


@dataclass(frozen=True, slots=True)
class Block:
    """One logical block of body text: a printed paragraph, heading or list line.

    ``marked`` says the source marked it as a heading (``#`` or a wholly bold line).
    """

    line: int
    text: str
    marked: bool = False


@dataclass(frozen=True, slots=True)
class NoteDef:
    """A footnote definition: printed mark, clean text, source line."""

    line: int
    num: str
    text: str


@dataclass(slots=True)
class Cleaned:
    blocks: list[Block] = field(default_factory=list)
    notes: list[NoteDef] = field(default_factory=list)
    debris: dict[str, list[str]] = field(default_factory=dict)
    meta: list[Meta] = field(default_factory=list)  # lines kept as document metadata

    def drop(self, category: str, text: str) -> None:
        """Record ``text`` as removed on purpose under ``category``."""
        assert category in DEBRIS_CATEGORIES, category
        if text.strip():
            self.debris.setdefault(category, []).append(text)


def fn_token(num: str) -> str:
    return f"{FN_OPEN}{num}{FN_CLOSE}"


# --------------------------------------------------------------------------- lines


def strip_trailing_space(line: str) -> str:
    """Trailing spaces and TABs carry nothing (003 lines 16, 20, 22-24)."""
    return line.rstrip(" \t")


#: ODS metadata fields and comment anchors of the word-processor export.
ODS_FIELD = re.compile(r"<<ODS [A-Z0-9 ]+>>|^\[DU\d+\]")
#: Horizontal rules of dashes used as header/footer separators (not "---" page breaks).
DASH_RULE = re.compile(r"^-{4,}$")
#: A bare page number on a line of its own.
PAGE_NUMBER = re.compile(r"^\d{1,3}$")
#: UN job-number running footers: "V.01-82215 (E) 200401 230401", "00 56293".
RUNNING_FOOTER = re.compile(r"^(?:[A-Z]\.\d{2}-\d{5} \(E\)(?: \d{6}){0,2}|\d{2} \d{5})$")
#: The Markdown page-break rule of the plans of action.
PAGE_BREAK = re.compile(r"^---$")
#: Front-matter fields of UN documents (distribution header, session line).
FRONT_MATTER = re.compile(
    r"^(?:Resolution adopted by the General Assembly"
    r"|\[on the report of the [A-Z][a-z]+ Committee \([A-Z0-9/]+\)\]"
    r"|Economic and Social Council"
    r"|Distr\.: .*"
    r"|Original: [A-Z][a-z]+"
    r"|Commission on Crime Prevention and Criminal Justice [A-Z][a-z]+ session .*"
    r"|Report of the Secretary-General"
    r"|ECOSOC Resolution \d{4}/\d+)$"
)
#: A row of the Markdown contents table (draft plans, lines 31-44).
CONTENTS_ROW = re.compile(r"^\|.*\|$")
#: The line over the endnotes of the draft plans (line 950).
NOTES_HEADING = re.compile(r"^Notes$")
#: A resolution symbol printed before the title of the resolution itself ("55/59.").
TITLE_SYMBOL = re.compile(r"^\d{2}/\d{2,3}\.\s+")


def is_running_footer(line: str) -> bool:
    """``V.01-82215 (E) 200401 230401`` (001 l. 21), ``00 56293`` (003 l. 93)."""
    return bool(RUNNING_FOOTER.match(line.strip()))


def is_metadata(line: str) -> bool:
    """ODS fields, ``[DU1]`` anchors, dash rules and bare page numbers."""
    s = line.strip()
    return bool(ODS_FIELD.search(s) or DASH_RULE.match(s) or PAGE_NUMBER.match(s))


# --------------------------------------------------------------------------- inline markup

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUP_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SUP_HTML = re.compile(r"<sup>\s*([0-9a-z*]+)\s*</sup>")
_SUP_LATEX = re.compile(r"\$\^\{\\rm\s*([0-9a-z*]+)\}\$")
_SUP_CARET = re.compile(r"\^\{([0-9a-z*]+)\}|\^([a-z])\b")


def footnote_markers_to_tokens(text: str) -> str:
    """Every printed form of a footnote marker becomes one token.

    ``<sup>10</sup>`` (000), Unicode superscript runs ``²⁴`` (001/002/004),
    ``$^{\\rm 25}$`` (004), ``^{*}`` (001) and ``^a`` (004 annex notes).
    """
    text = _SUP_HTML.sub(lambda m: fn_token(m.group(1)), text)
    text = _SUP_LATEX.sub(lambda m: fn_token(m.group(1)), text)
    text = _SUP_CARET.sub(lambda m: fn_token(m.group(1) or m.group(2)), text)
    return _SUP_RUN.sub(lambda m: fn_token(m.group(0).translate(SUPERSCRIPTS)), text)


def unescape_markdown(text: str) -> str:
    r"""Markdown escapes are not text: ``56/\_\_\_\_`` is ``56/____``."""
    return re.sub(r"\\([_*\[\]()#\\.-])", r"\1", text)


_HEADING_HASHES = re.compile(r"^#{1,6}\s+")


def strip_heading_markup(text: str) -> tuple[str, bool]:
    """Remove ``#`` heading marks and ``**bold**``; say whether the line was a heading.

    The markup says nothing about the level (000 uses ``##`` to ``#####`` and bare
    bold for the same kind of heading), only that the line is a heading.
    """
    marked = bool(_HEADING_HASHES.match(text))
    text = _HEADING_HASHES.sub("", text)
    s = text.strip()
    if s.startswith("**") and s.endswith("**") and len(s) > 4:
        marked = True
    return text.replace("**", ""), marked


_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?!\*)")


def italics_to_tokens(text: str) -> str:
    """``*Takes note*`` -> an italic span; a lone ``*`` is left as printed."""
    return _ITALIC.sub(lambda m: f"{IT_OPEN}{m.group(1)}{IT_CLOSE}", text)


_BULLET = re.compile(r"^\s*[-•]\s+")


def strip_bullet(text: str) -> str:
    """Markdown bullets on list lines: ``- (a)``, `` - (b)``, ``- Objective 1.``."""
    return _BULLET.sub("", text)


_OPENING_QUOTE = re.compile(r"^([" + IT_OPEN + r"]?)“")


def strip_quote_prefix(text: str) -> str:
    """The UN convention for quoting a multi-paragraph text opens every paragraph
    with ``“`` (``“1.``, ``“II.``, ``*“Recalling*``): it is not part of the text."""
    return _OPENING_QUOTE.sub(r"\1", text, count=1)


def strip_closing_quote(text: str) -> str:
    """The ``”`` that closes a quoted multi-paragraph text at its very end."""
    stripped = text.rstrip()
    return stripped[:-1] if stripped.endswith("”") else text


_STRAY_AFTER_MARKER = re.compile(
    r"([.:;])((?:" + FN_OPEN + r"[^" + FN_CLOSE + r"]+" + FN_CLOSE + r")+)\."
)


def strip_stray_punctuation(text: str, cleaned: Cleaned | None = None) -> str:
    """A full stop printed again after a marker that follows punctuation:
    ``will:²⁴.`` -> ``will:²⁴``, ``(para. 17);³⁵.`` -> ``(para. 17);³⁵``."""

    def fix(m: re.Match[str]) -> str:
        if cleaned is not None:
            cleaned.drop("stray punctuation", ".")
        return m.group(1) + m.group(2)

    return _STRAY_AFTER_MARKER.sub(fix, text)


def strip_orphan_asterisk(text: str, cleaned: Cleaned | None = None) -> str:
    """A trailing ``*`` mark whose note the document does not contain
    (002 ``- Documentation*``) is dropped."""
    if text.endswith("*") and not text.endswith("**"):
        if cleaned is not None:
            cleaned.drop("stray punctuation", "*")
        return text[:-1].rstrip()
    return text


def normalise_space(text: str) -> str:
    """Runs of white space (TABs included) become one space; no outer space."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- glued markers


def glue_markers(texts: list[str], nums: Iterable[str]) -> list[str]:
    """Footnote digits glued to the text (003: ``Offenders,1``, ``Justice6``, ``1994.5``).

    Only numbers that have a definition are looked for, in order: marker n is the
    first bare ``n`` after marker n-1 that follows a non-space, non-digit character
    and is followed by a space or the end of the block.
    """
    out = list(texts)
    pos_block, pos_char = 0, 0
    for num in nums:
        pat = re.compile(rf"(?<=[^\s\d/]){re.escape(num)}(?=\s|$)")
        for b in range(pos_block, len(out)):
            m = pat.search(out[b], pos_char if b == pos_block else 0)
            if m:
                out[b] = out[b][: m.start()] + fn_token(num) + out[b][m.end() :]
                pos_block, pos_char = b, m.start() + len(fn_token(num))
                break
        else:
            raise ValueError(f"no glued marker for footnote {num}")
    return out


# --------------------------------------------------------------------------- page breaks

_SENTENCE_END = re.compile(r"[.:;!?]$")


_MARKER = re.compile(FN_OPEN + r"[^" + FN_CLOSE + r"]*" + FN_CLOSE)


def plain(text: str) -> str:
    """Text without markup tokens and footnote markers (for tests of shape)."""
    if FN_OPEN in text:
        text = _MARKER.sub("", text)
    if IT_OPEN in text or IT_CLOSE in text:
        text = text.replace(IT_OPEN, "").replace(IT_CLOSE, "")
    return text


def ends_sentence(text: str) -> bool:
    """Whether a block ends a sentence (ignoring markers and closing quotes/brackets)."""
    s = plain(text).rstrip().rstrip('”’")')
    return bool(_SENTENCE_END.search(s))


def continues(previous: str, following: str) -> bool:
    """Whether ``following`` continues ``previous`` across a page break.

    True when the previous block does not end a sentence or a clause (``,``), or
    when the following block starts in lower case.
    """
    nxt = plain(following).lstrip()
    ended = ends_sentence(previous) or plain(previous).rstrip().endswith(",")
    return not ended or (bool(nxt) and nxt[0].islower())


def join_across_break(previous: str, following: str) -> str:
    """Rejoin a sentence split by a page break; a word hyphenated at the break
    (``money-`` / ``laundering``) keeps its hyphen and gets no space."""
    prev = previous.rstrip()
    if re.search(r"\w-$", plain(prev)) and following[:1].islower():
        return prev + following.lstrip()
    return prev + " " + following.lstrip()


# --------------------------------------------------------------------------- lost hyphens


_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def hyphenated_compounds(texts: Iterable[str]) -> dict[str, str]:
    """Compounds printed with hyphens anywhere in the corpus, by their joined form.

    ``{"moneylaundering": "money-laundering", "antimoneylaundering": "anti-money-laundering"}``.
    Keys are lower case; prefixes of a compound ("anti-" of "anti-money-laundering")
    are also registered so ``antimoney-laundering`` can be repaired.
    """
    out: dict[str, str] = {}
    for t in texts:
        for w in _TOKEN.findall(t):
            if "-" not in w:
                continue
            _register(out, w.replace("-", "").lower(), w.lower())
            parts = w.split("-")
            for i in range(1, len(parts) - 1):
                joined = "".join(parts[: i + 1]) + "-" + "-".join(parts[i + 1 :])
                _register(out, joined.lower(), w.lower())
    return out


def _register(out: dict[str, str], key: str, value: str) -> None:
    """Keep the most hyphenated printed form of each compound."""
    if value.count("-") > out.get(key, "").count("-"):
        out[key] = value


def hyphen_prefixes(compounds: dict[str, str], known: set[str]) -> set[str]:
    """First elements of printed compounds that work as prefixes (``anti``, ``non``,
    ``counter``, ``cross``): printed before a hyphen, and starting at most two longer
    words printed unhyphenated (``pre`` starts ``preamble``, ``prejudice``... and
    is left alone)."""
    firsts = {v.split("-")[0] for v in compounds.values()}
    firsts = {p for p in firsts if len(p) >= 3}
    starts: Counter[str] = Counter()
    for w in known:
        for n in range(3, len(w) - 4):
            if w[:n] in firsts:
                starts[w[:n]] += 1
    return {p for p in firsts if starts[p] <= 2}


_SUSPENDED = re.compile(r"(\b[A-Za-z]+- (?:and|or) )([A-Za-z]{7,})\b")


class HyphenRepair:
    """Restore hyphens lost by de-hyphenation.

    A word that is not printed unhyphenated in ``known`` (the other documents)
    gets its hyphens back when (1) its letters spell a compound printed hyphenated
    in the corpus (``moneylaundering``, ``antimoney-laundering``), or (2) it is a
    hyphen prefix of the corpus (:func:`hyphen_prefixes`) plus a word of at least
    five letters printed in the corpus (``antiterrorist``: ``anti-`` as in
    ``anti-corruption``, and ``terrorist``), or (3) it follows a suspended hyphen
    and splits into two printed words. Capitalisation is kept
    (``Pretrial`` -> ``Pre-trial``).
    """

    def __init__(self, compounds: dict[str, str], known: set[str]) -> None:
        self.compounds = compounds
        self.known = known
        self.words = known | {part for v in compounds.values() for part in v.split("-")}
        self.prefixes = sorted(hyphen_prefixes(compounds, known), key=len, reverse=True)
        self._memo: dict[str, str | None] = {}

    def target(self, word: str) -> str | None:
        if word not in self._memo:
            self._memo[word] = self._target(word)
        return self._memo[word]

    def _target(self, word: str) -> str | None:
        lw = word.lower()
        joined = lw.replace("-", "")
        if lw in self.known or joined in self.known:
            return None
        if joined in self.compounds:
            return self.compounds[joined] if self.compounds[joined] != lw else None
        first, _, rest = lw.partition("-")
        for p in self.prefixes:
            tail = first[len(p) :]
            if first.startswith(p) and len(tail) >= 5 and tail in self.words:
                return p + "-" + tail + ("-" + rest if rest else "")
        return None

    def __call__(self, text: str) -> str:
        text = _SUSPENDED.sub(self._suspended, text)
        return re.sub(r"[A-Za-z]+(?:-[A-Za-z]+)*", self._fix, text)

    def _suspended(self, m: re.Match[str]) -> str:
        """(3) After a suspended hyphen (``public- and privatesector``) the second
        compound is two printed words run together: ``private-sector``."""
        w = m.group(2)
        if w.lower() in self.known:
            return m.group(0)
        for i in range(3, len(w) - 2):
            if w[:i].lower() in self.words and w[i:].lower() in self.words:
                return f"{m.group(1)}{w[:i]}-{w[i:]}"
        return m.group(0)

    def _fix(self, m: re.Match[str]) -> str:
        w = m.group(0)
        target = self.target(w)
        if target is None:
            return w
        out, i = [], 0
        for ch in target:
            if ch == "-":
                out.append("-")
                if i < len(w) and w[i] == "-":
                    i += 1
            else:
                out.append(w[i])
                i += 1
        return "".join(out)


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """Lower-case counts of the words printed without a hyphen (the ``known`` words)."""
    c: Counter[str] = Counter()
    for t in texts:
        c.update(w.lower() for w in _TOKEN.findall(t) if "-" not in w)
    return c


def glue_missing_markers(texts: list[str], nums: list[str]) -> list[str]:
    """Plain digits used as markers where the rest of the text has superscripts
    (001 ``occasions.11``): a defined number with no marker token anywhere is looked
    for, glued, between the markers of its neighbours n-1 and n+1."""
    out = list(texts)
    present = {m for t in out for m in re.findall(FN_OPEN + "([^" + FN_CLOSE + "]+)" + FN_CLOSE, t)}
    for num in nums:
        if num in present or not num.isdigit():
            continue
        lo = max((i for i, t in enumerate(out) if fn_token(str(int(num) - 1)) in t), default=0)
        hi = min(
            (i for i, t in enumerate(out) if fn_token(str(int(num) + 1)) in t), default=len(out) - 1
        )
        pat = re.compile(rf"(?<=[^\s\d/]){re.escape(num)}(?=\s|$)")
        for b in range(lo, hi + 1):
            m = pat.search(out[b])
            if m:
                out[b] = out[b][: m.start()] + fn_token(num) + out[b][m.end() :]
                break
    return out

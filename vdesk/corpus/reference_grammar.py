"""What a typed reference says: normalising it and reading its locator.

The grammar is described in ``docs/reference-grammar.md``. A locator becomes a list
of components, the same ones the resolver derives from the corpus for every node
(``annex``, ``div:i``, ``res:iv``, ``para:7``, ``sub:d``, ``pre:2`` ...), so matching
is a comparison of two lists and never depends on a document.
"""

from __future__ import annotations

import re
from itertools import product

from .citations import ordinal_word

#: ordinal words and numerals -> numbers ("second" -> 2, "2nd" -> 2, "twenty-first" -> 21)
ORDINALS: dict[str, int] = {ordinal_word(n): n for n in range(1, 200)}
_ORDINAL_WORD = "|".join(sorted((re.escape(w) for w in ORDINALS), key=len, reverse=True))

_QUOTES = str.maketrans({c: " " for c in '“”„‟"«»‘‚‛`'})
_BODIES = (
    (re.compile(r"\bgeneral\s+assembly\b"), "ga"),
    (re.compile(r"\beconomic\s+and\s+social\s+council\b"), "ecosoc"),
    (re.compile(r"\bres(?:olution)?s?\b\.?"), "res"),
    (re.compile(r"\bdec(?:ision)?s?\b\.?"), "dec"),
)


def normalise(text: str) -> str:
    """Lower case, quotes dropped, "resolution"/"res." and the bodies' names in one
    spelling, commas and sentence periods as spaces, spaces collapsed. Applied alike
    to what is typed, to document names and to stored citations."""
    t = text.lower().replace("’", "'").translate(_QUOTES)
    t = re.sub(r"(?<=[\w)])'(?=\s|$)|(?:^|(?<=\s))'", " ", t)  # single quotes around a reference
    for pattern, repl in _BODIES:
        t = pattern.sub(repl, t)
    t = re.sub(r"[,;]|\.(?=\s|$)", " ", t)
    return re.sub(r"\s+", " ", t).strip()


_TOKEN = re.compile(
    rf"""
    (?P<annex>\bannex\b)
  | (?P<pre>(?:\b(?P<pre_w>{_ORDINAL_WORD}|\d+(?:st|nd|rd|th))\s+preambular\s+para(?:graph)?\b)
        |(?:\b(?:preambular\s+para(?:graph)?|pp)\s*(?P<pre_n>\d+)\b))
  | (?P<unn>\b(?P<unn_w>{_ORDINAL_WORD})\s+unnumbered\s+para(?:graph)?\b)
  | (?P<drl>\b(?:draft\s+res|dr)\s*(?P<drl_l>[a-z])\s*[./]\s*(?P<drl_n>[ivx]+)\b)
  | (?P<ddl>\b(?:draft\s+dec|dd)\s*(?P<ddl_l>[a-z])\s*[./]\s*(?P<ddl_n>[ivx]+)\b)
  | (?P<dres>\b(?:draft\s+res|dr)\s*(?P<dres_n>[ivx]+|\d+/\d+)?(?![\w/]))
  | (?P<ddec>\b(?:draft\s+dec|dd)\s*(?P<ddec_n>[ivx]+|\d+/\d+)(?![\w/]))
  | (?P<res>\bres\s*(?P<res_n>\d+/\d+|[ivx]+)(?![\w/]))
  | (?P<dec>\bdec\s*(?P<dec_n>\d+/\d+|[ivx]+)(?![\w/]))
  | (?P<div>\b(?:chap(?:ter)?s?|sect(?:ion)?s?|sec|ch)\.?\s*
        (?P<div_n>(?:[ivxlc]+|[a-z]|\d+)(?:\.(?:[a-z]|\d+))?)\b)
  | (?P<bdiv>\b(?P<bdiv_n>[ivxl]+\.[a-z])\b)
  | (?P<part>\bpart\s+(?P<part_n>one|two|three|four|five|\d+)\b)
  | (?P<objs>\bobjectives\s*(?P<objs_a>\d+)\s*(?:and|-|to)\s*(?P<objs_b>\d+)\b)
  | (?P<obj>\bobjective\s*(?P<obj_n>\d+)?\b)
  | (?P<guide>\bguidelines?\s*(?P<guide_n>\d+)\b)
  | (?P<item>\b(?:provisional\s+)?(?:agenda\s+)?item\s*(?P<item_n>\d+)\b)
  | (?P<para>(?:\bpara(?:graph)?s?\.?|¶|§)?\s*(?P<para_n>\d+)(?P<glued>[a-z])?\b
        (?P<subs>(?:\s*\(\s*[a-z]{{1,5}}\s*\))*)(?:\s+(?P<spaced>[a-z])\b(?![./]))?)
  | (?P<subonly>(?:\s*\(\s*[a-z]{{1,5}}\s*\))+)
  | (?P<skip>[\s.:]+|\bof\b|\bthe\b|\bin\b|\band\b|\bopp\b|\boperative\b)
    """,
    re.VERBOSE,
)


def parse_locator(text: str) -> list[str] | None:
    """Components of a typed locator, or None if some part is not understood."""
    comps: list[str] = []
    pos = 0
    text = normalise(text)
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            return None
        pos = m.end()
        comps.extend(_components(m))
    return comps


def _components(m: re.Match[str]) -> list[str]:
    g = m.group
    if g("annex"):
        return ["annex"]
    if g("pre"):
        word = g("pre_w") or g("pre_n")
        n = ORDINALS[word] if word in ORDINALS else int(re.sub(r"\D", "", word))
        return [f"pre:{n}"]
    if g("unn"):
        return [f"unn:{ORDINALS[g('unn_w')]}"]
    if g("drl"):
        return [f"div:{g('drl_l')}", f"res:{g('drl_n')}"]
    if g("ddl"):
        return [f"div:{g('ddl_l')}", f"dec:{g('ddl_n')}"]
    if g("dres") is not None:
        return [f"res:{g('dres_n')}"] if g("dres_n") else ["dres"]
    if g("ddec"):
        return [f"dec:{g('ddec_n')}"]
    if g("res"):
        return [f"res:{g('res_n')}"]
    if g("dec"):
        return [f"dec:{g('dec_n')}"]
    if g("div"):
        return [f"div:{part}" for part in g("div_n").split(".")]
    if g("bdiv"):
        return [f"div:{part}" for part in g("bdiv_n").split(".")]
    if g("part"):
        return [f"part:{g('part_n')}"]
    if g("objs"):
        return [f"objective:{g('objs_a')}-{g('objs_b')}"]
    if g("obj"):
        return [f"objective:{g('obj_n') or ''}"]
    if g("guide"):
        return [f"guideline:{g('guide_n')}"]
    if g("item"):
        return [f"item:{g('item_n')}"]
    if g("para_n"):
        out = [f"para:{g('para_n')}"]
        if g("glued"):
            out.append(f"sub:{g('glued')}")
        out.extend(f"sub:{s}" for s in re.findall(r"[a-z]+", g("subs") or ""))
        if g("spaced"):
            out.append(f"sub:{g('spaced')}")
        return out
    if g("subonly"):
        return [f"sub:{s}" for s in re.findall(r"[a-z]+", g("subonly"))]
    return []


_ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90),
          ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))  # fmt: skip


def to_roman(n: int) -> str:
    out = []
    for sym, val in _ROMAN:
        while n >= val:
            out.append(sym)
            n -= val
    return "".join(out)


def from_roman(s: str) -> int | None:
    if not re.fullmatch(r"[ivxlc]+", s):
        return None
    total, prev = 0, 0
    values = dict(_ROMAN)
    for ch in reversed(s):
        v = values[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if to_roman(total) == s else None


def numeral_variants(comps: list[str]) -> list[list[str]]:
    """The locator with its divisions' numerals swapped between arabic and roman
    ("chap. 3" -> "chap. III", "sect. 1.A" -> "sect. I.A"), every combination except
    the one typed; a roman numeral that is also a letter ("sect. C") is kept as typed."""
    options: list[list[str]] = []
    for c in comps:
        kind, _, num = c.partition(":")
        alts = [c]
        if kind == "div" and num.isdigit() and 0 < int(num) < 100:
            alts.append(f"div:{to_roman(int(num))}")
        elif kind == "div" and len(num) > 1 and (n := from_roman(num)) is not None:
            alts.append(f"div:{n}")
        options.append(alts)
    return [list(v) for v in product(*options) if list(v) != comps][:16]

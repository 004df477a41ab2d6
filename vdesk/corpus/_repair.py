"""Repairs on the sequence of classified blocks, each a general rule.

* :func:`split_inline_labels` - a subparagraph or item that runs on into the next
  one after ``; `` (001 l. 62 ``…carried out; (b) Corruption.``, l. 910
  ``…proceedings; (ii) The adoption…``).
* :func:`displaced_letters` - a letter that slid into the text of its own
  subparagraph (001 l. 64 ``Trafficking in persons. The plan for action (c) against…``).
* :func:`paragraph_numbers` - a paragraph number displaced into the text
  (001 l. 48 ``the Tenth United Nations 1. Congress``) or a paragraph embedded
  in the previous one (001 l. 766 ``…offences. 81. Restorative justice…``).
* :func:`shared_objectives` - consecutive objectives with no content between
  them share one set of sub-sections: a group section holds the objectives (each
  its own node) and the shared sub-sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
         "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]  # fmt: skip
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(slots=True)
class Item:
    """A classified block."""

    kind: str  # a Node kind, or "sub" (subparagraph or item, decided in context)
    line: int
    text: str = ""  # body text (with tokens) for text kinds, title for structure
    num: str | None = None
    label: str = ""
    series: str = ""
    marked: bool = False
    wants_title: bool = False
    extra: list[str] = field(default_factory=list)


def successors(num: str) -> list[str]:
    """The labels that may follow ``num`` in a list: the next letter, the next roman."""
    out = []
    if len(num) == 1 and num in LETTERS[:-1]:
        out.append(LETTERS[LETTERS.index(num) + 1])
    if num in ROMAN[:-1]:
        out.append(ROMAN[ROMAN.index(num) + 1])
    return out


def split_inline_labels(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for it in items:
        while it.kind == "sub" and it.num:
            hit = None
            for nxt in successors(it.num):
                m = re.search(rf";\s+\({nxt}\)\s+(?=\S)", it.text)
                if m:
                    hit = (nxt, m)
                    break
            if hit is None:
                break
            nxt, m = hit
            out.append(Item("sub", it.line, it.text[: m.start() + 1], it.num, it.label))
            it = Item("sub", it.line, it.text[m.end() :], nxt, f"({nxt})")
        out.append(it)
    return out


def displaced_letters(items: list[Item]) -> list[Item]:
    for i in range(1, len(items)):
        prev, it = items[i - 1], items[i]
        if not (prev.kind == "sub" and prev.num and it.kind == "paragraph" and it.num is None):
            continue
        if it.marked:
            continue
        for nxt in successors(prev.num)[:1]:
            found = list(re.finditer(rf"\({nxt}\) ", it.text))
            if len(found) == 1:
                m = found[0]
                it.kind, it.num, it.label = "sub", nxt, f"({nxt})"
                it.text = it.text[: m.start()] + it.text[m.end() :]
    return items


def paragraph_numbers(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    last = 0
    for i, it in enumerate(items):
        if it.kind != "paragraph" or (it.label and not it.label[0].isdigit()):
            out.append(it)
            continue
        following = next(
            (
                int(x.num)
                for x in items[i + 1 :]
                if x.kind == "paragraph" and x.num and x.num.isdigit()
            ),
            None,
        )
        if it.num is None:
            n = last + 1
            m = re.search(rf"(?<=[a-z]) {n}\. (?=[A-Z])", it.text)
            if m and following == n + 1:
                it.text = it.text[: m.start()] + " " + it.text[m.end() :]
                it.num, it.label = str(n), f"{n}."
        elif it.num.isdigit():
            n = int(it.num) + 1
            m = re.search(rf"(?<=[.;:]) {n}\. (?=[A-Z])", it.text)
            if m and following == n + 1:
                out.append(Item("paragraph", it.line, it.text[: m.start()], it.num, it.label))
                it = Item("paragraph", it.line, it.text[m.end() :], str(n), f"{n}.")
        if it.num and it.num.isdigit():
            last = int(it.num)
        out.append(it)
    return out


def shared_objectives(items: list[Item]) -> list[Item]:
    """Objectives printed in a row share the sub-sections that follow: a group.

    Each objective stays its own node (its label, its text, its footnote markers),
    a leaf inside a group section that holds the shared sub-sections. The group
    prints nothing of its own: no label, no heading, num ``1-2`` (its first and last
    objective), on the first objective's line; it is cited "objectives 1 and 2".
    """
    out: list[Item] = []
    i = 0
    while i < len(items):
        run = [items[i]]
        while (
            run[-1].series == "objective"
            and run[-1].num
            and i + len(run) < len(items)
            and items[i + len(run)].series == "objective"
            and items[i + len(run)].num
        ):
            run.append(items[i + len(run)])
        if len(run) == 1:
            out.append(items[i])
            i += 1
            continue
        nums = [str(it.num) for it in run]
        out.append(Item("section", run[0].line, "", f"{nums[0]}-{nums[-1]}", series="objective"))
        for it in run:
            it.extra = [*it.extra, LEAF]
        out.extend(run)
        i += len(run)
    return out


#: An item that opens no level: the objectives of a group stand beside the
#: sub-sections they share.
LEAF = "leaf"


AGENDA_HEADING = re.compile(r"^Provisional agenda (?:and documentation )?for the [\w-]+ session\b")


def agendas(items: list[Item]) -> list[Item]:
    """Provisional agendas: each numbered agenda item is a paragraph and its
    lettered sub-items are subparagraphs; the lines that follow an item or
    sub-item (``Documentation``, the report titles, ``(Legislative authority: …)``,
    ``Sub-themes:``) are appended to the text of their owner (:func:`_agenda_owner`).

    The agenda title becomes an unnumbered heading; the agenda ends at the next
    structural block.
    """
    out: list[Item] = []
    inside = False
    for it in items:
        bare = plain_text(it.text)
        if it.kind in ("paragraph", "heading") and it.num is None and AGENDA_HEADING.match(bare):
            it.kind, it.series, it.marked = "heading", "heading", True
            inside = True
            out.append(it)
            continue
        if inside and it.kind not in ("paragraph", "sub", "heading"):
            inside = False
        if inside and it.kind == "section" and it.series == "number":
            it.kind, it.series = "paragraph", ""
        target = _agenda_owner(out) if inside and it.num is None else None
        if target is not None:
            target.text = target.text.rstrip() + " " + it.text.lstrip()
            continue
        if inside and it.kind == "sub" and plain_text(it.text).endswith((";", ".")):
            it.extra = [*it.extra, "agenda sub-item"]
        out.append(it)
    return out


def _agenda_owner(out: list[Item]) -> Item | None:
    """The agenda item or sub-item that owns a documentation line: the last
    sub-item when it is a full agenda sub-item (ends with ``;`` or ``.``), else
    the last numbered agenda item (a bare list of sub-themes owns nothing)."""
    for prev in reversed(out):
        if prev.kind == "sub" and prev.num is not None:
            if "agenda sub-item" in prev.extra:
                return prev
            continue
        if prev.kind == "paragraph" and prev.num is not None:
            return prev
        return None
    return None


def plain_text(text: str) -> str:
    from .clean import plain

    return plain(text).strip()

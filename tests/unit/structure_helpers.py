"""Helpers for the per-document structure tests: parse once, walk the tree.

The structure tests read like the outline of each document: find a node by a
path of ``(kind, num)`` steps, list the numbers or titles of its children, and
compare with ``==``. Lookups fail with an assertion that names what was there
instead, so a failing test says where the tree differs from the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from vdesk import documents
from vdesk.corpus.model import Node

Step = tuple[str, str | None]


@cache
def parsed(key: str) -> Node:
    """The parsed tree of one document (parsed once per test session).

    The import is deferred so that a missing or broken parser fails each test
    rather than the collection of the whole module.
    """
    from vdesk.corpus.parse import parse_document

    return parse_document(documents.get(key))


def describe(node: Node) -> str:
    """A short human description of a node for assertion messages."""
    bits = [node.kind]
    if node.num is not None:
        bits.append(repr(node.num))
    if node.heading:
        bits.append(repr(node.heading[:50]))
    elif node.text:
        bits.append(repr(node.text[:50]))
    return " ".join(bits)


def child(node: Node, kind: str, num: str | None, nth: int = 0) -> Node:
    """The ``nth`` direct child of ``node`` with this kind and num."""
    hits = [c for c in node.children if c.kind == kind and c.num == num]
    if len(hits) <= nth:
        present = [(c.kind, c.num) for c in node.children]
        raise AssertionError(
            f"no child ({kind}, {num!r}) #{nth} under {describe(node)}; children: {present}"
        )
    return hits[nth]


def path(node: Node, *steps: Step) -> Node:
    """Follow ``(kind, num)`` steps through direct children."""
    for kind, num in steps:
        node = child(node, kind, num)
    return node


def find(node: Node, kind: str, num: str | None = None, nth: int = 0) -> Node:
    """The ``nth`` descendant (document order, excluding ``node``) of this kind and num."""
    hits = [n for n in node.walk() if n is not node and n.kind == kind and n.num == num]
    if len(hits) <= nth:
        raise AssertionError(f"no descendant ({kind}, {num!r}) #{nth} under {describe(node)}")
    return hits[nth]


def find_text(node: Node, start: str, kind: str | None = None) -> Node:
    """The only descendant whose text starts with ``start`` (optionally of a kind)."""
    hits = [n for n in node.walk() if n.text.startswith(start) and (kind is None or n.kind == kind)]
    if len(hits) != 1:
        raise AssertionError(f"{len(hits)} nodes with text starting {start!r}")
    return hits[0]


def find_heading(node: Node, heading: str, kind: str | None = None) -> Node:
    """The only descendant with exactly this heading (optionally of a kind)."""
    hits = [n for n in node.walk() if n.heading == heading and (kind is None or n.kind == kind)]
    if len(hits) != 1:
        raise AssertionError(f"{len(hits)} nodes with heading {heading!r}")
    return hits[0]


def nums(node: Node, kind: str) -> list[str | None]:
    """Nums of the direct children of this kind, in order."""
    return [c.num for c in node.children if c.kind == kind]


def titles(node: Node, kind: str) -> list[tuple[str | None, str | None]]:
    """(num, heading) of the direct children of this kind, in order."""
    return [(c.num, c.heading) for c in node.children if c.kind == kind]


def labelled(node: Node, kind: str) -> list[tuple[str, str | None]]:
    """(label, heading) of the direct children of this kind, in order."""
    return [(c.label, c.heading) for c in node.children if c.kind == kind]


def below(node: Node, kind: str) -> Iterator[Node]:
    """Descendants of this kind, not descending into nodes of the same kind.

    ``below(chapter, "paragraph")`` gives the chapter's paragraphs wherever
    they hang (directly or under sections and headings) but not their
    subparagraphs.
    """
    for c in node.children:
        if c.kind == kind:
            yield c
        else:
            yield from below(c, kind)


def para_nums(node: Node) -> list[str | None]:
    """Nums of the numbered paragraphs under ``node`` at any depth, in order."""
    return [p.num for p in below(node, "paragraph") if p.num is not None]


def sub_nums(node: Node) -> list[str | None]:
    """Letters of the direct subparagraph children of a paragraph."""
    return nums(node, "subparagraph")


def item_nums(node: Node) -> list[str | None]:
    """Roman numerals of the direct item children of a subparagraph."""
    return nums(node, "item")


def subparagraph_map(root: Node) -> dict[str, list[str | None]]:
    """For each paragraph with subparagraphs under ``root``: num -> letters.

    Keys are the paragraph nums; use it on a container whose paragraph numbers
    are unique (one annex, one resolution).
    """
    out: dict[str, list[str | None]] = {}
    for p in below(root, "paragraph"):
        letters = sub_nums(p)
        if letters:
            key = p.num if p.num is not None else f"@{p.line}"
            assert key not in out, f"paragraph {key} occurs twice under {describe(root)}"
            out[key] = letters
    return out


def ancestry(root: Node, target: Node) -> tuple[Step, ...]:
    """The ``(kind, num)`` steps from ``root`` (excluded) down to ``target``."""

    def go(node: Node, trail: tuple[Step, ...]) -> tuple[Step, ...] | None:
        if node is target:
            return trail
        for c in node.children:
            found = go(c, (*trail, (c.kind, c.num)))
            if found is not None:
                return found
        return None

    found = go(root, ())
    if found is None:
        raise AssertionError(f"{describe(target)} is not under {describe(root)}")
    return found


def citations(root: Node) -> list[tuple[str, tuple[str, str | None], bool]]:
    """Every footnote citation in document order: (footnote num, citing node, in heading).

    The citing node is given as its (kind, num).
    """
    return [(f.num, (n.kind, n.num), f.in_heading) for n in root.walk() for f in n.footnotes]


def footnote_texts(root: Node) -> dict[str, str]:
    """Footnote num -> footnote text; a repeat citation must carry the same text."""
    out: dict[str, str] = {}
    for n in root.walk():
        for f in n.footnotes:
            if f.num in out:
                assert out[f.num] == f.text, f"footnote {f.num} cited with two texts"
            out[f.num] = f.text
    return out


def before_marker(node: Node, num: str) -> str:
    """The text (or heading) of ``node`` up to where footnote ``num`` is printed."""
    refs = [f for f in node.footnotes if f.num == num]
    assert len(refs) == 1, f"footnote {num} cited {len(refs)} times by {describe(node)}"
    ref = refs[0]
    source = (node.heading or "") if ref.in_heading else node.text
    return source[: ref.offset]


def all_strings(root: Node) -> Iterator[str]:
    """Every text, heading, label and footnote text in the tree."""
    for n in root.walk():
        yield n.text
        if n.heading:
            yield n.heading
        yield n.label
        for f in n.footnotes:
            yield f.text


def outline(node: Node) -> list[object]:
    """The structural skeleton under ``node``.

    A paragraph is given by its num; a structural node (chapter, section,
    heading, annex, ...) as ``(kind, num, outline of its children)``.
    Subparagraphs and items are left out.
    """
    out: list[object] = []
    for c in node.children:
        if c.kind == "paragraph":
            out.append(c.num)
        elif c.kind not in ("subparagraph", "item"):
            out.append((c.kind, c.num, outline(c)))
    return out


def reading_order(node: Node) -> str:
    """Headings and texts under ``node`` joined in tree order (what a reader sees in turn)."""
    return " ".join(s for n in node.walk() for s in (n.heading or "", n.text) if s)


def assert_in_order(text: str, fragments: list[str]) -> None:
    """Each fragment occurs in ``text``, each after the previous one."""
    at = 0
    for fragment in fragments:
        found = text.find(fragment, at)
        assert found >= 0, f"{fragment!r} missing or out of order (searched from {at})"
        at = found + len(fragment)


def node_at(root: Node, line: int) -> Node:
    """The text node (paragraph, subparagraph, item) whose text runs through source ``line``.

    That is the last one, in tree order, that starts on or before the line.
    """
    best: Node | None = None
    for n in root.walk():
        if n.kind not in ("paragraph", "subparagraph", "item") or n.line is None:
            continue
        if n.line <= line and (best is None or n.line >= (best.line or 0)):
            best = n
    assert best is not None, f"no text node starts on or before line {line}"
    return best


def tree_order_problems(root: Node, shared_lines: frozenset[int] = frozenset()) -> list[str]:
    """Places where the tree disagrees with the source order or with the node contract.

    Nodes must start on strictly increasing source lines in tree order (two nodes may share
    a line only where the source puts an inline paragraph or letter on it: ``shared_lines``);
    numbered paragraphs, subparagraphs and items carry their printed label and a non-empty
    text that no longer starts with that label.
    """
    problems: list[str] = []
    previous = 0
    for n in root.walk():
        if n is root:
            continue
        if n.line is None:
            problems.append(f"{describe(n)}: no line")
            continue
        if n.line < previous or (n.line == previous and n.line not in shared_lines):
            problems.append(f"{describe(n)}: line {n.line} after line {previous}")
        previous = max(previous, n.line)
        if n.kind in ("paragraph", "subparagraph", "item"):
            if not n.text:
                problems.append(f"{describe(n)} at line {n.line}: empty text")
            printed = (
                (f"{n.num}.", f"Guideline {n.num}.") if n.kind == "paragraph" else (f"({n.num})",)
            )
            if n.num is not None and n.label not in printed:
                problems.append(f"{describe(n)} at line {n.line}: label {n.label!r}")
            if n.label and n.text.startswith(n.label):
                problems.append(f"{describe(n)} at line {n.line}: text starts with its label")
    return problems

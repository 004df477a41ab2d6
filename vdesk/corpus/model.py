"""The in-memory provision tree the parser produces and the builder stores.

The tree is the contract between the parser (``parse.py``), the id and citation
scheme (``citations.py``), cross-reference extraction (``xrefs.py``) and the
builder (``build.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(slots=True)
class FootnoteRef:
    """A footnote cited by a node.

    ``num`` is the printed mark ("3", "a", "*"); ``offset`` is the character
    offset in ``Node.text`` (or ``Node.heading`` when ``in_heading``) right after
    which the marker is printed.
    """

    num: str
    text: str
    offset: int
    in_heading: bool = False


@dataclass(slots=True)
class Meta:
    """A line of the document that is not a provision: the record of adoption
    ("81st plenary meeting", "4 December 2000"), the agenda item of a report's header
    ("Item 5 of the provisional agenda"). Kept on the document node, never cited as a
    paragraph; ``footnotes`` are the notes the line cites (offsets in ``text``)."""

    name: str
    text: str
    line: int | None = None
    footnotes: list[FootnoteRef] = field(default_factory=list)


@dataclass(slots=True)
class Node:
    """One node of a document tree.

    ``num`` is the printed label without decoration: "7", "d", "ii", "I", "A",
    "one" (Part one), "23/1" (Resolution 23/1), "1" (Objective 1, Guideline 1).
    ``label`` is the label as printed, for headings: "Draft resolution II",
    "Objective 1.", "Guideline 12." (may be empty).
    ``heading`` is the title of a structural node ("Action against corruption").
    ``text`` is the clean text of a paragraph-like node with footnote markers
    removed; ``italics`` are (start, end) spans of ``text`` the source italicises.
    ``line`` is the 1-based line in the source file where the node starts.
    ``id`` and ``citation`` are filled by :func:`vdesk.corpus.citations.assign_ids`.
    ``meta`` (on the document node) are its lines that are not provisions.
    """

    kind: str
    num: str | None = None
    heading: str | None = None
    text: str = ""
    label: str = ""
    children: list[Node] = field(default_factory=list)
    footnotes: list[FootnoteRef] = field(default_factory=list)
    meta: list[Meta] = field(default_factory=list)
    italics: list[tuple[int, int]] = field(default_factory=list)
    line: int | None = None
    id: str = ""
    citation: str = ""

    def walk(self) -> Iterator[Node]:
        """This node and all its descendants in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def add(self, child: Node) -> Node:
        self.children.append(child)
        return child

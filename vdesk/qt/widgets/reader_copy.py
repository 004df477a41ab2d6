"""What "Copy with citation" takes from the reader: a passage of UN text and its citation.

The quote is cut from the corpus text of the provisions the selection covers,
never read back from the page: what the page prints around that text (numbers
in the margin aside) is the app's own — "Implemented by: …", "Cited by: …",
"Implements the Vienna Declaration: …", footnote markers — and is never
quoted. The citation of a passage over several provisions comes from
:func:`vdesk.domain.range_citation.range_citation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QTextCursor

from ...domain.kinds import TEXT_KINDS
from ...domain.range_citation import range_citation
from ..page import cell_text, node_number

if TYPE_CHECKING:
    from ...store.corpus_db import NodeRow
    from .reader import ReaderView


@dataclass(frozen=True, slots=True)
class Passage:
    """The words to quote, from provision ``first`` to ``last``, and their citation."""

    first: str  # node ids
    last: str
    quote: str
    citation: str


def whole_provision(row: NodeRow) -> Passage:
    """A provision as printed: its number and text (a heading: its title)."""
    quote = f"{node_number(row)} {row.text}".strip() if row.text else row.display
    return Passage(row.id, row.id, quote, row.citation)


def _cell_start(reader: ReaderView, node_id: str) -> int | None:
    """Document position of the first character of ``node_id``'s text cell."""
    pos = reader.node_position(node_id)
    if pos is None:
        return None
    cursor = QTextCursor(reader.document())
    cursor.setPosition(pos)
    table = cursor.currentTable()
    if table is None or table.columns() < 3:
        return None
    return table.cellAt(0, 2).firstCursorPosition().position()


def selected_passage(reader: ReaderView, start: int, end: int) -> Passage | None:
    """The provisions' text between document positions ``start`` < ``end``.

    Each provision contributes the part of its own text the span covers, with
    its number when the span takes it from its beginning; headings between
    two such parts are kept as printed. None when the span covers no text.
    """
    page = reader.page
    if page is None:
        return None
    pieces: list[tuple[NodeRow, str]] = []
    for row in page.rows:
        if row.id in page.collapsed or row.kind == "document":
            continue
        if row.kind not in TEXT_KINDS:
            pos = reader.node_position(row.id)
            if pos is not None and start <= pos < end and pieces:
                title = " ".join(p for p in (row.label, row.heading) if p) or row.display
                pieces.append((row, title))
            continue
        cell = _cell_start(reader, row.id)
        if cell is None:
            continue
        printed = cell_text(row, page.footnotes.get(row.id, ()))
        a = max(0, min(printed.printed_len, start - cell))
        b = max(0, min(printed.printed_len, end - cell))
        lo, hi = printed.piece(a, b)
        words = row.text[lo:hi].strip()
        if not words:
            continue
        if lo == 0 and start < cell and node_number(row):
            words = f"{node_number(row)} {words}"
        pieces.append((row, words))
    while pieces and pieces[-1][0].kind not in TEXT_KINDS:
        pieces.pop()  # a heading after the last text quoted
    if not pieces:
        return None
    first, last = pieces[0][0], pieces[-1][0]
    quote = "\n".join(words for _row, words in pieces)
    return Passage(first.id, last.id, quote, range_citation(first.citation, last.citation))

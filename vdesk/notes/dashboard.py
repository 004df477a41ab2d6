"""The implementation dashboard's numbers: actions per chapter and status, per country.

An *action* is a provision of a plan's "National actions" or "International
actions" section (the documents whose profile has ``actions``; the rule that
tells the two apart is :func:`vdesk.documents.actions.scope_of_section`, the one
the search index uses) that has no subparagraphs of its own: ¶2 (a)–(e) are five
actions, ¶4 without subparagraphs is one. An action's status for a country is
that of the latest national note on it or, failing one, on the nearest enclosing
paragraph (a note on ¶2 covers (a)–(e) until they get their own). Actions with
no note count as unrecorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from vdesk.documents import action_documents
from vdesk.documents.actions import scope_of_section
from vdesk.domain.kinds import TEXT_KINDS
from vdesk.domain.notes import STATUSES, StatusCounts
from vdesk.store.notes.contract import NotesStore

#: The document counted unless another is asked for: the first with actions.
PLANS = action_documents()[0]
UNRECORDED = "unrecorded"  # the key of actions with no status in :attr:`ChapterActions.actions`


@dataclass(frozen=True, slots=True)
class ChapterActions:
    """The counts of one chapter and scope, and which actions make them up:
    ``actions[status]`` (or ``actions[UNRECORDED]``) are action ids in document order."""

    counts: StatusCounts
    actions: dict[str, tuple[str, ...]]


class DocumentNodes(Protocol):
    def document_nodes(self, doc: str) -> Sequence[Any]: ...


def status_counts(
    notes: NotesStore, corpus: DocumentNodes, country: str, doc: str = PLANS
) -> list[StatusCounts]:
    """Per chapter of ``doc``, national then international: actions by status."""
    return [c.counts for c in chapter_actions(notes, corpus, country, doc)]


def chapter_actions(
    notes: NotesStore, corpus: DocumentNodes, country: str, doc: str = PLANS
) -> list[ChapterActions]:
    """:func:`status_counts` with the ids of the actions behind each number."""
    rows = list(corpus.document_nodes(doc))
    by_id = {r.id: r for r in rows}
    parents_of_text = {r.parent_id for r in rows if r.kind in TEXT_KINDS}
    groups: dict[tuple[str, str], list[str]] = {}  # (chapter id, scope) -> action ids
    chains: dict[str, list[str]] = {}  # action id -> [itself, enclosing text nodes...]
    order: list[tuple[str, str]] = []
    for r in rows:
        if r.kind not in TEXT_KINDS or r.id in parents_of_text:
            continue
        chain, chapter, scope = [r.id], None, ""
        p = by_id.get(r.parent_id)
        while p is not None:
            if p.kind in TEXT_KINDS:
                chain.append(p.id)
            elif p.kind == "section" and not scope:
                scope = scope_of_section(p.heading)
            elif p.kind == "chapter":
                chapter = p
                break
            p = by_id.get(p.parent_id)
        if chapter is None or not scope:
            continue
        key = (chapter.id, scope)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(r.id)
        chains[r.id] = chain
    noted = notes.statuses(country, {i for chain in chains.values() for i in chain})
    out = []
    for chapter_id, scope in order:
        by_status: dict[str, list[str]] = {s: [] for s in (*STATUSES, UNRECORDED)}
        actions = groups[(chapter_id, scope)]
        for action in actions:
            status = next((noted[i] for i in chains[action] if i in noted), UNRECORDED)
            by_status[status].append(action)
        counts = {s: len(by_status[s]) for s in STATUSES}
        total = StatusCounts(chapter_id, by_id[chapter_id].display, scope, len(actions), counts)
        out.append(ChapterActions(total, {s: tuple(ids) for s, ids in by_status.items()}))
    return out

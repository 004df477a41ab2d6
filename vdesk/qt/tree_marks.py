"""Marks in the contents tree: which provisions carry the user's annotations and
national notes, and which headings have some below them.

Counts come from one grouped query (:meth:`NotesStore.counts_by_node`) at the
start and, after each user action (one :class:`~vdesk.desk.changes.Changes`),
for the nodes it touched only; node ids are paths, so the headings above a node
are found without asking the corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .models.corpus_tree import CorpusTreeModel, NodeMarks

if TYPE_CHECKING:
    from vdesk.store.notes.contract import NotesStore

    from ..desk.changes import Changes


class TreeMarks:
    """Keeps :meth:`CorpusTreeModel.set_marks` up to date; ``model()`` gives the
    contents tree's model (None until the corpus is open)."""

    def __init__(self, model: Callable[[], CorpusTreeModel | None]) -> None:
        self._model = model
        self.annotations: Counter[str] = Counter()
        self.national_notes: Counter[str] = Counter()

    def refresh(self, repo: NotesStore) -> None:
        """Count everything again (at the start, after a bulk import)."""
        annotations, notes = repo.counts_by_node()
        self.annotations = Counter(annotations)
        self.national_notes = Counter(notes)
        self._publish(None)

    def update(self, repo: NotesStore, changes: Changes) -> None:
        """Recount the nodes ``changes`` touched (everything after a restore)."""
        if self._model() is None:
            return
        if changes.everything:
            self.refresh(repo)
            return
        nodes = tuple(sorted(changes.node_ids))
        if not nodes or not (changes.annotations or changes.national_notes):
            return
        annotations, notes = repo.counts_by_node(nodes)
        for counts, target in ((annotations, self.annotations), (notes, self.national_notes)):
            for node in nodes:
                if counts.get(node):
                    target[node] = counts[node]
                else:
                    target.pop(node, None)
        self._publish(nodes)

    def _publish(self, nodes: Sequence[str] | None) -> None:
        model = self._model()
        if model is None:
            return
        model.set_marks(
            node_marks(self.annotations, self.national_notes),
            None if nodes is None else with_ancestors(nodes),
        )


def with_ancestors(node_ids: Sequence[str]) -> list[str]:
    """The nodes and every node above them (ids are paths: "doc/annex/para_2")."""
    out: dict[str, None] = {}
    for node in node_ids:
        parts = node.split("/")
        for i in range(len(parts), 0, -1):
            out["/".join(parts[:i])] = None
    return list(out)


def node_marks(annotations: Counter[str], notes: Counter[str]) -> dict[str, NodeMarks]:
    """Marks for the contents tree: own counts, and counts below each heading."""
    below_a: Counter[str] = Counter()
    below_n: Counter[str] = Counter()
    for counts, below in ((annotations, below_a), (notes, below_n)):
        for node, n in counts.items():
            parts = node.split("/")
            for i in range(len(parts) - 1, 0, -1):
                below["/".join(parts[:i])] += n
    keys = set(annotations) | set(notes) | set(below_a) | set(below_n)
    return {
        k: NodeMarks(annotations.get(k, 0), notes.get(k, 0), below_a[k], below_n[k]) for k in keys
    }

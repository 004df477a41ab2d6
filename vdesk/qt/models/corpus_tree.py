"""The tree of documents, chapters, sections and provisions, loaded lazily.

The model holds node ids and a cache of frozen :class:`NodeRow` values; a
branch's children are read from the repository the first time a view asks for
them (views only ask when a branch is expanded), so nothing is inserted later
and no signal is needed for loading. A filter
narrows the tree to nodes whose label matches (and their ancestors); it works on
a one-time load of all rows, which is what it needs anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

if TYPE_CHECKING:
    from ...store.corpus_db import CorpusRepo, NodeRow
from ..page import TEXT_KINDS, elide
from .roles import Role

_Index = QModelIndex | QPersistentModelIndex
LABEL_CHARS = 90
_ROOT = ""
ANNOTATION_DOT = "#e0a100"
NATIONAL_NOTE_DOT = "#2b6cb0"


@dataclass(frozen=True, slots=True)
class NodeMarks:
    """The user's own work on one node: on it, and anywhere below it."""

    annotations: int = 0
    national_notes: int = 0
    annotations_below: int = 0
    national_notes_below: int = 0

    @property
    def summary(self) -> str:
        """ "2 annotations · 1 national note" (and what lies below, for a heading)."""
        own = _counted(self.annotations, self.national_notes)
        below = _counted(self.annotations_below, self.national_notes_below)
        parts = [own] if own else []
        if below:
            parts.append(f"below: {below}")
        return "; ".join(parts)


def _counted(annotations: int, notes: int) -> str:
    parts = []
    if annotations:
        parts.append(f"{annotations} annotation{'s' if annotations != 1 else ''}")
    if notes:
        parts.append(f"{notes} national note{'s' if notes != 1 else ''}")
    return " · ".join(parts)


def _dots(annotation: bool, note: bool, hollow: bool) -> QIcon:
    """A small icon: an amber dot for annotations, a blue one for national notes;
    rings (hollow) for notes only further down a heading."""
    pix = QPixmap(22, 12)
    pix.fill(QColor(0, 0, 0, 0))
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    for x, on, colour in ((1, annotation, ANNOTATION_DOT), (12, note, NATIONAL_NOTE_DOT)):
        if not on:
            continue
        c = QColor(colour)
        if hollow:
            p.setPen(c)
            p.setBrush(QColor(0, 0, 0, 0))
        else:
            p.setPen(c.darker(130))
            p.setBrush(c)
        p.drawEllipse(x, 2, 8, 8)
    p.end()
    return QIcon(pix)


class CorpusTreeModel(QAbstractItemModel):
    """Documents -> chapters -> sections -> paragraphs -> subparagraphs."""

    def __init__(self, repo: CorpusRepo, parent: Any = None) -> None:
        super().__init__(parent)
        self._repo = repo
        self._rows: dict[str, NodeRow] = {}
        self._children: dict[str, list[str]] = {}
        self._keys: list[str] = [_ROOT]  # internalId -> node id
        self._key_of: dict[str, int] = {_ROOT: 0}
        self._filter = ""
        self._all: dict[str, NodeRow] | None = None
        self._filtered: dict[str, list[str]] | None = None
        self._marks: dict[str, NodeMarks] = {}
        self._icons: dict[tuple[bool, bool, bool], QIcon] = {}
        docs = repo.documents()
        self._doc_names = {d.key: d.short for d in docs}
        roots = repo.nodes([d.key for d in docs])
        self._children[_ROOT] = [d.key for d in docs if d.key in roots]
        self._rows.update(roots)

    # identity ---------------------------------------------------------------
    def _key(self, node_id: str) -> int:
        k = self._key_of.get(node_id)
        if k is None:
            k = len(self._keys)
            self._keys.append(node_id)
            self._key_of[node_id] = k
        return k

    def node_id(self, index: _Index) -> str | None:
        if not index.isValid():
            return None
        return self._keys[index.internalId()]

    def row_for(self, node_id: str) -> NodeRow | None:
        return self._rows.get(node_id)

    def _id_of(self, index: _Index) -> str:
        return self._keys[index.internalId()] if index.isValid() else _ROOT

    def _kids(self, node_id: str) -> list[str]:
        """Children of ``node_id``, loaded from the repository on first use."""
        if self._filtered is not None:
            return self._filtered.get(node_id, [])
        kids = self._children.get(node_id)
        if kids is None:
            rows = self._repo.children(node_id)
            for k in rows:
                self._rows.setdefault(k.id, k)
            kids = self._children[node_id] = [k.id for k in rows]
        return kids

    def is_loaded(self, node_id: str) -> bool:
        """Whether the children of ``node_id`` have been read (for tests of laziness)."""
        return node_id in self._children

    # structure --------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        kids = self._kids(self._id_of(parent))
        if row >= len(kids):
            return QModelIndex()
        return self.createIndex(row, 0, self._key(kids[row]))

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        row = self._rows.get(self._id_of(index))
        if row is None or row.parent_id is None:
            return QModelIndex()
        return self._index_of(row.parent_id)

    def _index_of(self, node_id: str) -> QModelIndex:
        row = self._rows.get(node_id)
        if row is None:
            return QModelIndex()
        parent = _ROOT if row.parent_id is None else row.parent_id
        kids = self._kids(parent)
        try:
            pos = kids.index(node_id)
        except ValueError:
            return QModelIndex()
        return self.createIndex(pos, 0, self._key(node_id))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        return len(self._kids(self._id_of(parent)))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:
        node_id = self._id_of(parent)
        if node_id == _ROOT:
            return bool(self._children[_ROOT])
        if parent.column() > 0:
            return False
        if self._filtered is not None:
            return bool(self._filtered.get(node_id))
        row = self._rows.get(node_id)
        return bool(row and row.child_count)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows.get(self._id_of(index))
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if row.kind == "document":
                return self._doc_names.get(row.doc, row.doc)
            return tree_label(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            marks = self._marks.get(row.id)
            return f"{row.citation}\n{marks.summary}" if marks else row.citation
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(self._marks.get(row.id))
        if role == Role.MARKS:
            return self._marks.get(row.id)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.data(index)}. {row.citation}"
        if role == Role.NODE_ID:
            return row.id
        if role == Role.KIND:
            return row.kind
        if role == Role.CITATION:
            return row.citation
        if role == Role.DOC:
            return row.doc
        return None

    # marks ------------------------------------------------------------------
    def set_marks(
        self, marks: Mapping[str, NodeMarks], changed: Iterable[str] | None = None
    ) -> None:
        """Mark nodes with the user's annotations and national notes; ``changed``
        names the nodes whose marks changed (None: any), so only they repaint."""
        self._marks = dict(marks)
        roles = [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole, Role.MARKS]
        for node_id in list(self._rows) if changed is None else list(changed):
            if node_id != _ROOT and self._loaded(node_id):
                idx = self._index_of(node_id)
                if idx.isValid():
                    self.dataChanged.emit(idx, idx, roles)

    def marks(self, node_id: str) -> NodeMarks | None:
        return self._marks.get(node_id)

    def _loaded(self, node_id: str) -> bool:
        row = self._rows.get(node_id)
        if row is None:
            return False
        parent = _ROOT if row.parent_id is None else row.parent_id
        shown = self._filtered if self._filtered is not None else self._children
        return parent in shown

    def _icon(self, marks: NodeMarks | None) -> QIcon | None:
        if marks is None:
            return None
        own = (marks.annotations > 0, marks.national_notes > 0)
        hollow = not any(own)
        key = (
            (marks.annotations_below > 0, marks.national_notes_below > 0, True)
            if hollow
            else (*own, False)
        )
        if not (key[0] or key[1]):
            return None
        icon = self._icons.get(key)
        if icon is None:
            icon = self._icons[key] = _dots(*key)
        return icon

    # navigation -------------------------------------------------------------
    def index_for(self, node_id: str, ancestors: list[NodeRow] | None = None) -> QModelIndex:
        """The index of ``node_id``, fetching the branches above it if needed."""
        if node_id not in self._rows:
            chain = ancestors if ancestors is not None else self._repo.ancestors(node_id)
            for a in chain:
                self._rows.setdefault(a.id, a)
                self._kids(a.id)
        return self._index_of(node_id)

    # filtering --------------------------------------------------------------
    @property
    def filter_text(self) -> str:
        return self._filter

    def set_filter(self, text: str) -> None:
        """Show only nodes whose label contains every word of ``text`` (and their ancestors)."""
        text = " ".join(text.split())
        if text == self._filter:
            return
        self.beginResetModel()
        self._filter = text
        if not text:
            self._filtered = None
        else:
            if self._all is None:
                self._all = {r.id: r for r in self._repo.all_nodes()}
                self._rows.update(self._all)
            self._filtered = _filter_tree(self._all, self._children[_ROOT], text)
        self.endResetModel()

    def filtered_ids(self) -> list[str]:
        """Nodes that matched the filter (not their ancestors), in tree order."""
        if self._filtered is None:
            return []
        out: list[str] = []
        words = self._filter.lower().split()

        def walk(parent: str) -> None:
            for kid in self._filtered.get(parent, []):  # type: ignore[union-attr]
                label = self._rows[kid].display.lower()
                if all(w in label for w in words):
                    out.append(kid)
                walk(kid)

        walk(_ROOT)
        return out


def tree_label(row: NodeRow) -> str:
    """The label as people cite it, text elided: "2 (a) The development of legislation…"."""
    if row.kind in TEXT_KINDS:
        return elide(row.display, LABEL_CHARS)
    return elide(row.display, LABEL_CHARS + 30)


def _filter_tree(rows: dict[str, NodeRow], roots: list[str], text: str) -> dict[str, list[str]]:
    words = text.lower().split()
    keep: set[str] = set()
    for r in rows.values():
        label = r.display.lower()
        if all(w in label for w in words):
            node: NodeRow | None = r
            while node is not None and node.id not in keep:
                keep.add(node.id)
                node = rows.get(node.parent_id) if node.parent_id else None
    out: dict[str, list[str]] = {_ROOT: [d for d in roots if d in keep]}
    for r in sorted((rows[i] for i in keep), key=lambda r: (r.doc, r.ordinal)):
        if r.parent_id is not None:
            out.setdefault(r.parent_id, []).append(r.id)
    return out

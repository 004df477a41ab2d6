"""Recognising a provision after a rebuild by its content, not its id.

A rebuild can renumber provisions: insert a subparagraph (c) and the old (c) is
now (d), and the id ``…/subpara_c`` names another provision. Whole-provision
annotations, national notes and quotes therefore also store a *fingerprint* of
their provision's text and its *position* among its siblings, taken when the
note was made (``Anchor.fingerprint`` / ``Anchor.position``,
``NationalNote.fingerprint`` / ``NationalNote.position``).

A fingerprint is ``"<exact>:<sketch>"``: ``exact`` is a 64-bit BLAKE2b digest of
the text with whitespace collapsed; ``sketch`` is a bottom-k MinHash of its word
pairs (the :data:`SKETCH` smallest CRC-32 values), which estimates how many word
pairs two texts share (their Jaccard similarity) without storing the text.
:func:`locate` decides where a provision went; the thresholds are justified in
``docs/anchoring.md`` from the perturbation harness.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Number of MinHash values kept in a sketch.
SKETCH = 24
#: Number kept of each neighbour's sketch.
NEIGHBOUR_SKETCH = 8
#: Minimum estimated similarity of an edited provision to be recognised.
NODE_THRESHOLD = 0.5
#: An edited provision at its old id is kept on its likeness alone from this
#: similarity; below it, both its neighbours must be the ones it had (their
#: sketches at least this alike too).
EDITED_ALONE = 0.8
#: How far the best provision must be ahead of the runner-up.
NODE_MARGIN = 0.25

_TOKEN = re.compile(r"\w+")


def exact_digest(text: str) -> str:
    norm = " ".join(text.split())
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def _shingles(text: str) -> set[int]:
    words = _TOKEN.findall(text.lower())
    grams = [f"{a} {b}" for a, b in itertools.pairwise(words)] or words
    return {zlib.crc32(g.encode("utf-8")) for g in grams}


def sketch(text: str) -> tuple[int, ...]:
    return tuple(sorted(_shingles(text))[:SKETCH])


def _hex(values: Iterable[int]) -> str:
    return "".join(f"{v:08x}" for v in values)


def _unhex(text: str) -> tuple[int, ...]:
    return tuple(int(text[i : i + 8], 16) for i in range(0, len(text) - 7, 8))


def fingerprint(text: str, twins: int = 1, neighbours: tuple[str, str] = ("", "")) -> str:
    """The fingerprint of a provision's text (see the module docstring).

    ``twins`` is how many provisions of the document had this very text (``"!"``
    marks more than one: such a text does not tell which provision it was);
    ``neighbours`` are the texts before it (its previous sibling, or its parent
    when it is the first child) and after it (its next sibling, or its parent
    when it is the last child), kept as small
    sketches so that a text found elsewhere can be checked to be in the same place.
    """
    mark = "!" if twins > 1 else ""
    prev, nxt = (_hex(sketch(t)[:NEIGHBOUR_SKETCH]) if t else "" for t in neighbours)
    return f"{exact_digest(text)}{mark}:{_hex(sketch(text))}|{prev}|{nxt}"


def neighbour_sketches(fp: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    parts = fp.partition(":")[2].split("|")
    if len(parts) != 3:
        return (), ()
    return _unhex(parts[1]), _unhex(parts[2])


def split(fp: str) -> tuple[str, tuple[int, ...]]:
    """(exact digest, sketch) of a stored fingerprint; ("", ()) if there is none."""
    exact, _, rest = fp.partition(":")
    return exact.rstrip("!"), _unhex(rest.partition("|")[0])


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the word pairs behind two bottom-k sketches."""
    if not a or not b:
        return 0.0
    k = min(SKETCH, max(len(a), len(b)))
    union = sorted(set(a) | set(b))[:k]
    both = set(a) & set(b)
    return sum(1 for v in union if v in both) / len(union)


@dataclass(slots=True)
class DocIndex:
    """One document's provisions, for :func:`locate`: texts, digests, positions."""

    texts: dict[str, str]
    positions: dict[str, int]
    before: dict[str, str] = field(default_factory=dict)  # previous sibling, or parent
    after: dict[str, str] = field(default_factory=dict)  # next sibling, or parent
    digests: dict[str, str] = field(default_factory=dict)
    by_digest: dict[str, list[str]] = field(default_factory=dict)
    _sketches: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _located: dict[tuple[str, int, str], Location] = field(default_factory=dict)
    _postings: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for nid, text in self.texts.items():
            d = exact_digest(text)
            self.digests[nid] = d
            self.by_digest.setdefault(d, []).append(nid)

    @classmethod
    def of(cls, nodes: Iterable[object]) -> DocIndex:
        """From ``NodeRow``-like rows in document order (``id``, ``text``/``heading``,
        optionally ``parent_id``; the position is counted among the parent's children)."""
        texts: dict[str, str] = {}
        positions: dict[str, int] = {}
        before: dict[str, str] = {}
        after: dict[str, str] = {}
        last: dict[str, str] = {}
        for n in nodes:
            nid: str = n.id  # type: ignore[attr-defined]
            parent = getattr(n, "parent_id", None) or nid.rpartition("/")[0]
            texts[nid] = n.text or n.heading or ""  # type: ignore[attr-defined]
            previous = last.get(parent)
            positions[nid] = positions[previous] + 1 if previous else 0
            before[nid] = previous or parent
            after[nid] = parent  # until a next sibling comes
            if previous:
                after[previous] = nid
            last[parent] = nid
        return cls(texts, positions, before, after)

    @classmethod
    def of_texts(cls, texts: dict[str, str]) -> DocIndex:
        return cls.of(_Row(k, v) for k, v in texts.items())

    def sketch_of(self, nid: str) -> tuple[int, ...]:
        s = self._sketches.get(nid)
        if s is None:
            s = self._sketches[nid] = sketch(self.texts[nid])
        return s

    def sharing(self, sk: tuple[int, ...]) -> list[str]:
        """The provisions whose sketch shares a value with ``sk`` (the others are 0 %
        alike), in document order."""
        if not self._postings:
            for nid, text in self.texts.items():
                for v in self.sketch_of(nid) if text else ():
                    self._postings.setdefault(v, []).append(nid)
        found = {n for v in sk for n in self._postings.get(v, ())}
        return [n for n in self.texts if n in found]

    def stamp(self, nid: str) -> tuple[str, int]:
        """(fingerprint, position) of a provision of this document now."""
        twins = len(self.by_digest.get(self.digests[nid], ()))
        around = (
            self.texts.get(self.before.get(nid, ""), ""),
            self.texts.get(self.after.get(nid, ""), ""),
        )
        return fingerprint(self.texts[nid], twins, around), self.positions.get(nid, -1)

    def same_place(self, fp: str, nid: str, *, both: bool = False) -> bool:
        """Is ``nid`` among the neighbours the provision had when fingerprinted (one
        of them, before or after it, alike; with ``both``, both of them)?"""
        prev, nxt = neighbour_sketches(fp)
        here = [(prev, self.before.get(nid, "")), (nxt, self.after.get(nid, ""))]
        if not prev and not nxt:
            return not any(n in self.texts for _, n in here)
        agree, alike = (all, EDITED_ALONE) if both else (any, NODE_THRESHOLD)
        return agree(
            old and n in self.texts
            and similarity(old, sketch(self.texts[n])[:NEIGHBOUR_SKETCH]) >= alike
            for old, n in here
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    text: str
    heading: None = None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a provision is now. ``node_id`` is "" when it cannot be told;
    ``how`` is "same" (its text unchanged), "edited" (same id, similar text),
    "renumbered" (its text under another id), "renumbered-edited", "ambiguous"
    or "gone"; ``candidate``/``score`` name the nearest provision when not found."""

    node_id: str
    how: str
    score: float = 1.0
    candidate: str = ""
    detail: str = ""


def locate(node_id: str, fp: str, position: int, index: DocIndex) -> Location:
    """Where the provision fingerprinted ``fp`` (id ``node_id``, ``position``-th
    among its siblings when fingerprinted) is in ``index``."""
    key = (node_id, position, fp)
    hit = index._located.get(key)
    if hit is None:
        hit = index._located[key] = _locate(node_id, fp, position, index)
    return hit


def _locate(node_id: str, fp: str, position: int, index: DocIndex) -> Location:
    exact, sk = split(fp)
    same = index.by_digest.get(exact, [])
    twin = "!:" in fp  # the text was not unique when noted
    if node_id in same and (not twin or index.same_place(fp, node_id)):
        return Location(node_id, "same")
    if same:  # its text elsewhere: followed only if it is in the same place
        placed = [n for n in same if index.same_place(fp, n)]
        if not placed:
            return Location(
                "", "ambiguous", 1.0, same[0],
                f"the text of {node_id} is now at {same[0]}, but not between the same "
                "provisions: check that it is the same provision",
            )  # fmt: skip
        same = placed
    if same and twin:  # never followed elsewhere: its text does not tell which it was
        return Location(
            "", "ambiguous", 1.0, same[0],
            f"the provision {node_id} had the same text as another; it is now at "
            f"{', '.join(same[:3])}: which one is meant is not clear",
        )  # fmt: skip
    if len(same) == 1:
        return Location(
            same[0], "renumbered", 1.0, detail=f"the provision is now {same[0]} (was {node_id})"
        )
    if same:
        return Location(
            "", "ambiguous", 1.0, same[0],
            f"{len(same)} provisions have the text of {node_id}: which one is meant is not clear",
        )  # fmt: skip
    ranked = sorted(
        ((similarity(sk, index.sketch_of(n)), n) for n in index.sharing(sk)), reverse=True
    )[:2]
    best, nid = ranked[0] if ranked else (0.0, "")
    second = ranked[1][0] if len(ranked) > 1 else 0.0
    if best >= NODE_THRESHOLD and best - second >= NODE_MARGIN:
        if nid == node_id and (best >= EDITED_ALONE or index.same_place(fp, nid, both=True)):
            return Location(nid, "edited", best, detail=f"the text of {nid} changed")
        # a provision both renumbered and edited is not followed: similar texts recur
        # in the plans of action from chapter to chapter
        return Location(
            "", "renumbered-edited", best, nid,
            f"the provision {node_id} changed; the most similar is now {nid} "
            f"({best:.0%} alike): check that it is the same provision",
        )  # fmt: skip
    where = "changed beyond recognition" if node_id in index.texts else "no longer there"
    return Location(
        "", "gone", best, nid,
        f"the provision {node_id} is {where}; the nearest is {nid or 'none'} ({best:.0%} alike)",
    )  # fmt: skip

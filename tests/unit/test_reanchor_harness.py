"""Perturbation harness: re-anchoring never leaves a note silently on the wrong words.

Three real documents are parsed; 880 annotations (quotes of 1–10 words, and whole
provisions) and 160 national notes are made on them, each with its provision's
fingerprint. The documents are then altered, with a fixed seed, by the five kinds
of change a rebuild brings:

1. words inserted into provisions (before, inside and after quotes);
2. quoted phrases deleted;
3. quoted words changed;
4. provisions inserted, so the following ones are renumbered (a near-copy of a
   neighbour, or a copy of another provision: the hard case);
5. provisions removed, so the following ones are renumbered.

The harness keeps the truth as it alters the text: for every quote, the
provision (by its original identity) and span where it now is, or that it is
gone. Words inserted or deleted strictly inside a quote, or a word of it changed,
leave the quote (its span adjusted); a deletion or rewrite reaching its edge, or
the removal of its provision, makes it gone: it must then be in review. After ``reanchor_all``, an item in state ok or moved must sit exactly where
the truth says; anything else must be in review. The figures are pinned below
and quoted in docs/anchoring.md.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from vdesk import documents
from vdesk.corpus import parse
from vdesk.corpus.citations import assign_ids
from vdesk.notes.anchoring import make_anchor, reanchor_all
from vdesk.notes.fingerprints import DocIndex
from vdesk.paths import AppPaths
from vdesk.store.notes.sqlite import SqliteNotesStore

SEED = 20261204
DOCS = ("plans-of-action", "draft-plans-of-action", "vienna-declaration")
TEXT_KINDS = ("paragraph", "subparagraph", "item")
ANNOTATIONS = 880
NATIONAL_NOTES = 160
FILLER = ("relevant", "national", "appropriate", "effective", "all", "regional", "new")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii")


@dataclass(eq=False)
class Node:
    uid: str  # the original id: the provision's identity
    doc: str
    parent: Node | None
    seg: str
    kind: str
    text: str
    children: list[Node] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.seg if self.parent is None else f"{self.parent.id}/{self.seg}"


@dataclass
class Truth:
    """Where an item belongs now: its provision and span, or None when gone."""

    node: Node | None
    start: int = 0
    end: int = 0
    whole: bool = False


def _load(key: str) -> Node:
    profile = documents.BY_KEY[key]
    root = parse.parse_document(profile)
    assign_ids(root, profile)

    def build(n: object, parent: Node | None) -> Node:
        nid: str = n.id  # type: ignore[attr-defined]
        node = Node(
            nid, key, parent, nid.rpartition("/")[2] if parent else nid,
            n.kind, n.text or n.heading or "",  # type: ignore[attr-defined]
        )  # fmt: skip
        node.children = [build(c, node) for c in n.children]  # type: ignore[attr-defined]
        return node

    return build(root, None)


def _walk(n: Node) -> list[Node]:
    out = [n]
    for c in n.children:
        out.extend(_walk(c))
    return out


def _successor(seg: str) -> str:
    prefix, _, token = seg.rpartition("_")
    if token.isdigit():
        return f"{prefix}_{int(token) + 1}"
    if token in _ROMAN[:-1]:
        return f"{prefix}_{_ROMAN[_ROMAN.index(token) + 1]}"
    if len(token) == 1 and token.isalpha() and token != "z":
        return f"{prefix}_{chr(ord(token) + 1)}"
    return f"{seg}x"


class Harness:
    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.roots = {k: _load(k) for k in DOCS}
        self.truths: dict[str, Truth] = {}  # annotation id -> truth
        self.note_truths: dict[str, Truth] = {}
        self.kinds: Counter[str] = Counter()

    def text_nodes(self) -> list[Node]:
        return [
            n for r in self.roots.values() for n in _walk(r)
            if n.kind in TEXT_KINDS and len(n.text) > 30
        ]  # fmt: skip

    def position(self, n: Node) -> int:
        return 0 if n.parent is None else n.parent.children.index(n)

    # --- edits of one provision's text, keeping every truth on it -------------------

    def edit(self, node: Node, at: int, removed: int, inserted: str, *, within: bool) -> None:
        """Replace ``node.text[at:at+removed]`` by ``inserted``. ``within``: a
        change of words inside a quote keeps that quote (its span adjusts)."""
        node.text = node.text[:at] + inserted + node.text[at + removed :]
        delta = len(inserted) - removed
        stop = at + removed
        for t in self.truths.values():
            if t.node is not node or t.whole:
                continue
            if removed == 0:  # an insertion
                if at <= t.start:
                    t.start, t.end = t.start + delta, t.end + delta
                elif at < t.end:
                    t.end += delta
            elif stop <= t.start:
                t.start, t.end = t.start + delta, t.end + delta
            elif at >= t.end:
                pass
            elif within and t.start <= at and stop <= t.end and t.end - t.start > removed:
                t.end += delta  # a word of the quote changed: the quote is the new words
            elif t.start < at and stop < t.end:
                t.end += delta  # words inside the quote deleted: the rest is the quote
            else:
                t.node = None  # words at its edge deleted or rewritten: gone

    def insert_words(self) -> None:
        node = self.rnd.choice(self.annotated_nodes())
        bounds = [0] + [m.end() + 1 for m in re.finditer(r"\S+(?= )", node.text)]
        at = self.rnd.choice(bounds)
        words = " ".join(self.rnd.choice(FILLER) for _ in range(self.rnd.randint(1, 3)))
        self.edit(node, at, 0, words + " ", within=False)
        self.kinds["words inserted"] += 1

    def annotated_nodes(self) -> list[Node]:
        return list({id(t.node): t.node for t in self.truths.values() if t.node}.values())

    def live_quotes(self) -> list[Truth]:
        return [t for t in self.truths.values() if t.node and not t.whole]

    def delete_quote(self) -> None:
        t = self.rnd.choice(self.live_quotes())
        assert t.node is not None
        node, s, e = t.node, t.start, t.end
        if e < len(node.text) and node.text[e] == " ":
            e += 1
        self.edit(node, s, e - s, "", within=False)
        self.kinds["quoted phrase deleted"] += 1

    def change_quoted_word(self) -> None:
        candidates = [
            t for t in self.live_quotes() if len(t.node.text[t.start : t.end].split()) > 1
        ]  # type: ignore[union-attr]
        t = self.rnd.choice(candidates)
        assert t.node is not None
        words = list(re.finditer(r"\w+", t.node.text[t.start : t.end]))
        w = self.rnd.choice(words)
        new = self.rnd.choice([f for f in FILLER if f != w.group()])
        self.edit(t.node, t.start + w.start(), len(w.group()), new, within=True)
        self.kinds["quoted word changed"] += 1

    # --- renumbering ---------------------------------------------------------------

    def groups(self) -> list[Node]:
        """Parents of at least two numbered provisions of one kind."""
        out = []
        for r in self.roots.values():
            for n in _walk(r):
                kids = [c for c in n.children if c.kind in TEXT_KINDS]
                one_kind = len({c.seg.rpartition("_")[0] for c in kids}) == 1
                if len(kids) >= 2 and one_kind and len(kids) == len(n.children):
                    out.append(n)
        return out

    def _shift_paragraphs(self, parent: Node, first: int, step: int) -> None:
        """Paragraph numbers run on through the document part: every paragraph
        numbered ``first`` or more moves by ``step``."""
        top = parent.id.split("/")[:2]
        for n in _walk(self.roots[parent.doc]):
            p, _, tok = n.seg.rpartition("_")
            numbered = p == "para" and tok.isdigit() and n.parent is not None
            if numbered and n.id.split("/")[:2] == top and int(tok) >= first:
                n.seg = f"para_{int(tok) + step}"

    def insert_provision(self) -> None:
        parent = self.rnd.choice(self.groups())
        kids = parent.children
        i = self.rnd.randrange(len(kids) + 1)
        model = kids[min(i, len(kids) - 1)]
        if self.rnd.random() < 0.5:  # a near-copy of the neighbour
            words = model.text.split()
            for _ in range(max(1, len(words) // 8)):
                words[self.rnd.randrange(len(words))] = self.rnd.choice(FILLER)
            text = " ".join(words)
        else:
            text = self.rnd.choice(self.text_nodes()).text
        segs = [c.seg for c in kids]
        prefix, _, token = segs[0].rpartition("_")
        new = Node(
            f"new-{self.kinds['provision inserted']}", parent.doc, parent, "", model.kind, text
        )
        if prefix == "para" and token.isdigit():
            at = i if i < len(kids) else i - 1
            number = int(segs[at].rpartition("_")[2]) + (i - at)
            self._shift_paragraphs(parent, number, 1)
            new.seg = f"para_{number}"
            kids.insert(i, new)
        else:
            kids.insert(i, new)
            old = [*segs, _successor(segs[-1])]
            for j, c in enumerate(kids):
                c.seg = old[j]
        self.check_unique(parent.doc)
        self.kinds["provision inserted (renumbered)"] += 1
        self.kinds["provision inserted"] += 1

    def remove_provision(self) -> None:
        parent = self.rnd.choice([g for g in self.groups() if len(g.children) >= 3])
        kids = parent.children
        i = self.rnd.randrange(len(kids))
        gone = kids[i]
        segs = [c.seg for c in kids]
        prefix, _, token = segs[0].rpartition("_")
        if prefix == "para" and token.isdigit():
            kids.pop(i)
            self._shift_paragraphs(parent, int(gone.seg.rpartition("_")[2]) + 1, -1)
        else:
            kids.pop(i)
            for j, c in enumerate(kids):
                c.seg = segs[j]
        dead = {id(n) for n in _walk(gone)}
        for t in [*self.truths.values(), *self.note_truths.values()]:
            if t.node is not None and id(t.node) in dead:
                t.node = None
        self.check_unique(parent.doc)
        self.kinds["provision removed (renumbered)"] += 1

    def check_unique(self, doc: str) -> None:
        ids = [n.id for n in _walk(self.roots[doc])]
        assert len(ids) == len(set(ids)), "the renumbering made duplicate ids"

    # --- the corpus as re-anchoring reads it -----------------------------------------

    def corpus(self) -> SimpleNamespace:
        rows = {
            k: [
                SimpleNamespace(
                    id=n.id, text=n.text, heading=None, parent_id=n.parent.id if n.parent else None
                )
                for n in _walk(r)
            ]
            for k, r in self.roots.items()
        }
        return SimpleNamespace(document_nodes=lambda doc: rows.get(doc, []))


def _make_items(h: Harness, repo: SqliteNotesStore) -> None:
    rnd = h.rnd
    nodes = h.text_nodes()
    corpus = h.corpus()
    index = {k: DocIndex.of(corpus.document_nodes(k)) for k in DOCS}
    for i in range(ANNOTATIONS):
        node = rnd.choice(nodes)
        stamp = index[node.doc].stamp(node.id)
        if i % 10 == 0:
            anchor = make_anchor(node.id, node.text)
            truth = Truth(node, whole=True)
        else:
            words = list(re.finditer(r"\S+", node.text))
            n = min(len(words), rnd.choice((1, 2, 3, 3, 4, 4, 5, 6, 7, 8, 10)))
            k = rnd.randrange(len(words) - n + 1)
            s, e = words[k].start(), words[k + n - 1].end()
            anchor = make_anchor(node.id, node.text, s, e)
            truth = Truth(node, s, e)
        a = repo.add_annotation(
            replace(anchor, fingerprint=stamp[0], position=stamp[1]), doc=node.doc
        )
        h.truths[a.id] = truth
    notable = [n for n in nodes if n.kind in ("paragraph", "subparagraph")]
    for i in range(NATIONAL_NOTES):
        node = rnd.choice(notable)
        n = repo.add_national_note(
            node.id, country=("AT", "FR", "NG", "BR")[i % 4], status="in_progress",
            doc=node.doc, fingerprint=index[node.doc].stamp(node.id)[0],
            node_position=h.position(node),
        )  # fmt: skip
        h.note_truths[n.id] = Truth(node, whole=True)


def _perturb(h: Harness) -> None:
    steps = (
        [h.insert_words] * 60 + [h.delete_quote] * 45 + [h.change_quoted_word] * 60
        + [h.insert_provision] * 14 + [h.remove_provision] * 10
    )  # fmt: skip
    h.rnd.shuffle(steps)
    for step in steps:
        step()


def _judge(truth: Truth, state: str, node_id: str, start: int, end: int) -> str:
    if state == "review":
        return "review"
    if truth.node is None or truth.node.id != node_id:
        return "silently wrong"
    if not truth.whole and (truth.start, truth.end) != (start, end):
        return "silently wrong"
    return "exact" if state == "ok" else "moved-correct"


def run_harness(tmp: Path, seed: int = SEED) -> dict[str, Counter[str]]:
    h = Harness(random.Random(seed))
    repo = SqliteNotesStore.open(AppPaths.resolve(tmp / "home"), start_backup=False)
    try:
        _make_items(h, repo)
        before = {a.id: a for a in repo.filter_annotations(limit=None)}
        _perturb(h)
        report = reanchor_all(repo, h.corpus())
        assert report.checked == ANNOTATIONS and report.notes_checked == NATIONAL_NOTES
        out: dict[str, Counter[str]] = {"annotations": Counter(), "national notes": Counter()}
        wrong = []
        for a in repo.filter_annotations(limit=None):
            t = h.truths[a.id]
            verdict = _judge(t, a.anchor_state, a.node_id, a.anchor.start, a.anchor.end)
            out["annotations"][verdict] += 1
            out["annotations"]["truth gone" if t.node is None else "truth present"] += 1
            if verdict == "review":
                assert a.anchor == before[a.id].anchor  # kept exactly as it was
            if verdict == "silently wrong":
                truth = (
                    (t.node.id, t.start, t.end, t.node.text[t.start : t.end]) if t.node else None
                )
                wrong.append(
                    (a.anchor_detail, repr(before[a.id].anchor.quote), a.anchor.quote, truth)
                )
        for n in repo.national_notes():
            t = h.note_truths[n.id]
            verdict = _judge(t, n.anchor_state, n.node_id, 0, 0)
            out["national notes"][verdict] += 1
            out["national notes"]["truth gone" if t.node is None else "truth present"] += 1
            if n.anchor_state == "moved":
                assert "(was " in n.anchor_detail
            if verdict == "silently wrong":
                wrong.append((n.anchor_detail, n.node_id, t.node.id if t.node else None))
        out["changes"] = h.kinds
        for w in wrong[:30]:
            print("WRONG", *w, sep="\n  ")
        return out
    finally:
        repo.close()


@pytest.mark.slow
def test_no_item_is_silently_misplaced(tmp_path: Path) -> None:
    out = run_harness(tmp_path)
    print(out)
    assert out["changes"] == {
        "words inserted": 60, "quoted phrase deleted": 45, "quoted word changed": 60,
        "provision inserted": 14, "provision inserted (renumbered)": 14,
        "provision removed (renumbered)": 10,
    }  # fmt: skip
    assert out["annotations"]["silently wrong"] == 0
    assert out["national notes"]["silently wrong"] == 0
    # the rest is exact or in review (figures quoted in docs/anchoring.md)
    assert dict(out["annotations"]) == {
        "exact": 524, "moved-correct": 157, "review": 199,
        "truth present": 797, "truth gone": 83,
    }  # fmt: skip
    assert dict(out["national notes"]) == {
        "exact": 127, "moved-correct": 19, "review": 14, "truth present": 159, "truth gone": 1,
    }  # fmt: skip

"""Budget: re-anchoring 10,000 annotations (and 2,000 national notes) after a
rebuild takes <= 3 s.

Fills a fresh notes database with annotations and national notes spread over
every provision of the real corpus, each with its provision's fingerprint, then
times ``reanchor_all`` twice:

- against the unchanged corpus (what a rebuild that changed no text costs);
- after a simulated rebuild: words inserted into 5 % of the provisions and a
  subparagraph inserted at the head of two lists of each document, so every following
  subparagraph is renumbered (the budgeted run).
"""

from __future__ import annotations

import dataclasses
import random
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

from vdesk.corpus.build import ensure_corpus
from vdesk.domain.notes import Annotation, NationalNote
from vdesk.notes.anchoring import make_anchor, reanchor_all
from vdesk.notes.fingerprints import DocIndex
from vdesk.paths import AppPaths
from vdesk.store.corpus_db import CorpusRepo, NodeRow
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.store.user_db import utc_now

ANNOTATIONS = 10_000
NATIONAL_NOTES = 2_000
BUDGET_S = 3.0
TEXT_KINDS = ("paragraph", "subparagraph", "item")


def _fill(repo: SqliteNotesStore, rows: dict[str, list[NodeRow]], rnd: random.Random) -> None:
    index = {doc: DocIndex.of(r) for doc, r in rows.items()}
    texts = [n for r in rows.values() for n in r if n.kind in TEXT_KINDS and n.text]
    now = utc_now()
    annotations = []
    for i in range(ANNOTATIONS):
        node = rnd.choice(texts)
        words = list(re.finditer(r"\S+", node.text))
        if len(words) > 6 and i % 10:
            k = rnd.randrange(0, len(words) - 5)
            s, e = words[k].start(), words[k + rnd.randint(1, 5)].end()
            anchor = make_anchor(node.id, node.text, s, e)
        else:
            anchor = make_anchor(node.id, node.text)
        fp, pos = index[node.doc].stamp(node.id)
        annotations.append(
            Annotation(
                f"{i:08d}-0000-4000-8000-{rnd.getrandbits(48):012x}",
                node.doc,
                replace(anchor, fingerprint=fp, position=pos),
                "yellow",
                "",
                (),
                "personal",
                "bench",
                now,
                now,
            )
        )
    notes = []
    for i in range(NATIONAL_NOTES):
        node = rnd.choice(texts)
        fp, pos = index[node.doc].stamp(node.id)
        notes.append(
            NationalNote(
                f"{i:08d}-1111-4000-8000-{rnd.getrandbits(48):012x}",
                node.doc,
                node.id,
                "AT",
                "in_progress",
                "no_position",
                "",
                (),
                "",
                "personal",
                "bench",
                now,
                now,
                fingerprint=fp,
                node_position=pos,
            )
        )
    repo.restore_many(annotations, notes)


def _rebuilt(rows: dict[str, list[NodeRow]], rnd: random.Random) -> dict[str, list[NodeRow]]:
    out = {}
    for doc, nodes in rows.items():
        new = list(nodes)
        for i, n in enumerate(new):
            if n.kind in TEXT_KINDS and n.text and rnd.random() < 0.05:
                words = n.text.split(" ")
                words.insert(rnd.randrange(len(words)), "relevant")
                new[i] = dataclasses.replace(n, text=" ".join(words))
        out[doc] = new
    for nodes in out.values():
        parents = sorted({n.parent_id for n in nodes if n.kind == "subparagraph"}, key=str)
        groups = [
            [i for i, n in enumerate(nodes) if n.parent_id == p and n.kind == "subparagraph"]
            for p in parents
        ]
        for group in [g for g in groups if len(g) >= 3][:2]:
            if any(nodes[i].child_count for i in group):
                continue
            shifted = ["A new subparagraph inserted at the head of the list;"]
            shifted += [nodes[i].text for i in group]
            for i, text in zip(group, shifted, strict=False):
                nodes[i] = dataclasses.replace(nodes[i], text=text)
            last = nodes[group[-1]]
            nodes.insert(
                group[-1] + 1,
                dataclasses.replace(
                    last, id=f"{last.id}_next", position=last.position + 1, text=shifted[-1]
                ),
            )
    return out


def main() -> int:
    rnd = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.resolve(Path(tmp) / "home")
        paths.ensure()
        ensure_corpus(paths)
        corpus = CorpusRepo(paths.corpus_db)
        docs = sorted({n.doc for n in corpus.all_nodes()})
        rows = {doc: corpus.document_nodes(doc) for doc in docs}
        repo = SqliteNotesStore.open(paths)
        _fill(repo, rows, rnd)
        same = SimpleNamespace(document_nodes=lambda doc: rows[doc])
        t0 = time.perf_counter()
        report = reanchor_all(repo, same)
        unchanged_s = time.perf_counter() - t0
        print(
            f"{'unchanged corpus':<28} {unchanged_s:6.2f} s  ({report.checked} annotations, "
            f"{report.notes_checked} national notes, {report.unchanged} unchanged)"
        )
        rebuilt = _rebuilt(rows, rnd)
        after = SimpleNamespace(document_nodes=lambda doc: rebuilt[doc])
        t0 = time.perf_counter()
        report = reanchor_all(repo, after)
        rebuild_s = time.perf_counter() - t0
        print(
            f"{'after a rebuild':<28} {rebuild_s:6.2f} s  ({report.unchanged} unchanged, "
            f"{len(report.moved)} moved, {len(report.review)} review; national notes "
            f"{report.notes_unchanged} unchanged, {len(report.notes_moved)} moved, "
            f"{len(report.notes_review)} review)"
        )
        repo.close()
        corpus.close()
    print(f"budget {BUDGET_S:.0f} s: {'OVER' if rebuild_s > BUDGET_S else 'OK'}")
    return 1 if rebuild_s > BUDGET_S else 0


if __name__ == "__main__":
    sys.exit(main())

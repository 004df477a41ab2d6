"""Re-anchoring after a real re-parse of a deliberately altered source.

A copy of corpus/plans-of-action.txt is altered the way a corrected source would
change (words inserted, a subparagraph inserted so that the following ones are
renumbered, a quote deleted), parsed with the real parser, and the annotations
made on the original parse are re-anchored against the new tree.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from types import SimpleNamespace

from vdesk import documents
from vdesk.corpus import parse
from vdesk.corpus.citations import assign_ids
from vdesk.notes.anchoring import anchor_quote, reanchor_all
from vdesk.paths import AppPaths
from vdesk.store.notes.sqlite import SqliteNotesStore

DOC = "plans-of-action"
P2 = "plans-of-action/annex/chp_I/sec_A/para_2"
P3 = "plans-of-action/annex/chp_I/sec_A/para_3"


def _texts(corpus_dir: Path) -> dict[str, str]:
    doc = dataclasses.replace(documents.BY_KEY[DOC], source_dir=corpus_dir)
    root = parse.parse_document(doc)
    assign_ids(root, doc)
    return {n.id: n.text or n.heading or "" for n in root.walk()}


def _alter(text: str) -> str:
    lines = text.split("\n")

    def edit(number: int, old: str, new: str) -> None:
        assert old in lines[number - 1], (number, old)
        lines[number - 1] = lines[number - 1].replace(old, new)

    # ¶2 (a): words inserted before the annotated words
    edit(53, "creating or strengthening", "creating, reviewing or strengthening")
    # ¶2 (c)-(e) become (d)-(f) after a new (c)
    edit(63, "(c) The establishment", "(d) The establishment")
    edit(65, "(d) The development and sharing", "(e) The development and sharing")
    edit(67, "(e) The general promotion", "(f) The general promotion")
    # ¶3 (b): the annotated words are deleted
    edit(73, " and strengthen and broaden the donor base of the Centre", "")
    lines[62:62] = ["(c) The review of existing legislation;", ""]  # the new (c), last
    return "\n".join(lines)


def test_reanchoring_after_reparse_of_altered_source(tmp_path: Path) -> None:
    before = _texts(documents.CORPUS_DIR)
    altered_dir = tmp_path / "corpus"
    shutil.copytree(documents.CORPUS_DIR, altered_dir)
    path = altered_dir / "plans-of-action.txt"
    path.write_text(_alter(path.read_text(encoding="utf-8")), encoding="utf-8")
    after = _texts(altered_dir)

    # the alteration did what it says in the parsed tree
    assert after[f"{P2}/subpara_c"] == "The review of existing legislation;"
    assert after[f"{P2}/subpara_d"] == before[f"{P2}/subpara_c"]
    assert after[f"{P2}/subpara_f"] == before[f"{P2}/subpara_e"]

    paths = AppPaths.resolve(tmp_path / "home")
    repo = SqliteNotesStore.open(paths)
    try:
        shifted = repo.add_annotation(
            anchor_quote(f"{P2}/subpara_a", before[f"{P2}/subpara_a"], "investigative powers")
        )
        renumbered = repo.add_annotation(
            anchor_quote(
                f"{P2}/subpara_c", before[f"{P2}/subpara_c"], "training programmes for judges"
            ),
            comment="judicial training",
        )
        deleted = repo.add_annotation(
            anchor_quote(f"{P3}/subpara_b", before[f"{P3}/subpara_b"], "broaden the donor base"),
            comment="donors",
            tags=["funding"],
        )
        untouched = repo.add_annotation(
            anchor_quote(f"{P3}/subpara_c", before[f"{P3}/subpara_c"], "eradicating poverty")
        )
        rows = [SimpleNamespace(id=k, text=v, heading=None) for k, v in after.items()]
        report = reanchor_all(repo, SimpleNamespace(document_nodes=lambda doc: rows))

        assert report.unchanged == 1
        assert sorted(i for i, _ in report.moved) == sorted([shifted.id, renumbered.id])
        assert [i for i, _ in report.review] == [deleted.id]

        a = repo.annotation(shifted.id)
        assert a is not None
        assert (a.anchor_state, a.node_id, a.anchor.start, a.anchor.end) == (
            "moved", f"{P2}/subpara_a", 79, 99,
        )  # fmt: skip
        assert after[a.node_id][79:99] == "investigative powers"

        b = repo.annotation(renumbered.id)
        assert b is not None
        assert (b.anchor_state, b.node_id, b.comment) == (
            "moved", f"{P2}/subpara_d", "judicial training",
        )  # fmt: skip
        assert "now in plans-of-action/annex/chp_I/sec_A/para_2/subpara_d" in b.anchor_detail

        c = repo.annotation(deleted.id)
        assert c is not None
        assert c.anchor == deleted.anchor  # kept exactly as it was
        assert (c.anchor_state, c.comment, c.tags) == ("review", "donors", ("funding",))
        assert c.candidate_node_id == f"{P3}/subpara_b"
        assert c.candidate == after[c.candidate_node_id][c.candidate_start : c.candidate_end]
        assert c.score < 0.8

        assert repo.annotation(untouched.id) == untouched
        assert repo.count() == (4, 0)
    finally:
        repo.close()

"""Provision fingerprints: a renumbered provision is followed, a vanished or
doubtful one goes to review, for annotations and national notes alike."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from vdesk.corpus.resolver import Resolver
from vdesk.desk import Desk
from vdesk.desk.annotating import provision_stamp
from vdesk.domain.notes import Anchor
from vdesk.notes.anchoring import anchor_quote, make_anchor, reanchor, reanchor_all
from vdesk.notes.fingerprints import (
    DocIndex,
    exact_digest,
    fingerprint,
    locate,
    similarity,
    sketch,
)
from vdesk.paths import AppPaths
from vdesk.search.searcher import Searcher
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.sqlite import SqliteNotesStore

from .test_anchoring import P2, TEXT_2A, TEXT_2B, TEXT_2C, TEXT_3C

P2A, P2B, P2C, P2D = (f"{P2}/subpara_{x}" for x in "abcd")
NEW_C = "The review of existing legislation;"
BEFORE = {P2: "Such measures could include:", P2A: TEXT_2A, P2B: TEXT_2B, P2C: TEXT_2C}
#: a subparagraph (c) inserted: the old (c) is now (d)
RENUMBERED = {P2: "Such measures could include:", P2A: TEXT_2A, P2B: TEXT_2B, P2C: NEW_C,
              P2D: TEXT_2C}  # fmt: skip


def _rows(texts: dict[str, str]) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(id=k, text=v, heading=None, parent_id=None if k == P2 else P2)
        for k, v in texts.items()
    ]


def _stamped(anchor: Anchor, texts: dict[str, str]) -> Anchor:
    fp, pos = DocIndex.of(_rows(texts)).stamp(anchor.node_id)
    return replace(anchor, fingerprint=fp, position=pos)


def test_fingerprint_digest_ignores_spacing_and_sketch_measures_likeness() -> None:
    assert exact_digest("a  b\nc") == exact_digest("a b c") != exact_digest("a b d")
    fp = fingerprint(TEXT_2C)
    assert fp.startswith(exact_digest(TEXT_2C) + ":") and fp.endswith("||")
    assert similarity(sketch(TEXT_2C), sketch(TEXT_2C)) == 1.0
    edited = TEXT_2C.replace("judges, ", "judges, magistrates, ")
    assert similarity(sketch(TEXT_2C), sketch(edited)) >= 0.75
    assert similarity(sketch(TEXT_2C), sketch(TEXT_3C)) < 0.1
    assert "!:" in fingerprint(TEXT_2C, twins=2)


def test_positions_and_neighbours_are_counted_among_siblings() -> None:
    index = DocIndex.of(_rows(RENUMBERED))
    assert [index.positions[n] for n in (P2, P2A, P2B, P2C, P2D)] == [0, 0, 1, 2, 3]
    assert (index.before[P2A], index.before[P2D], index.after[P2C]) == (P2, P2C, P2D)
    assert index.after[P2D] == P2  # the last child's neighbour after it is its parent


def test_locate_follows_a_renumbered_provision() -> None:
    fp, pos = DocIndex.of(_rows(BEFORE)).stamp(P2C)
    index = DocIndex.of(_rows(RENUMBERED))
    loc = locate(P2C, fp, pos, index)
    assert (loc.node_id, loc.how) == (P2D, "renumbered")
    assert loc.detail == f"the provision is now {P2D} (was {P2C})"
    assert locate(P2A, DocIndex.of(_rows(BEFORE)).stamp(P2A)[0], 0, index).how == "same"


def test_locate_sends_a_removed_or_doubtful_provision_to_review() -> None:
    before = DocIndex.of(_rows(BEFORE))
    fp, pos = before.stamp(P2B)
    gone = {k: v for k, v in RENUMBERED.items() if k != P2B}
    loc = locate(P2B, fp, pos, DocIndex.of(_rows(gone)))
    assert (loc.node_id, loc.how) == ("", "gone")
    assert loc.detail.startswith(f"the provision {P2B} is no longer there")
    # the same text elsewhere, between other provisions: not followed
    elsewhere = {P2: BEFORE[P2], P2A: TEXT_3C, P2C: TEXT_2B}
    loc = locate(P2B, fp, pos, DocIndex.of(_rows(elsewhere)))
    assert (loc.node_id, loc.how, loc.candidate) == ("", "ambiguous", P2C)
    # two provisions had this text when noted: its text does not tell which one
    twins = {**BEFORE, P2D: TEXT_2B}
    fp2, pos2 = DocIndex.of(_rows(twins)).stamp(P2B)
    moved = {P2: BEFORE[P2], P2A: TEXT_2A, P2C: TEXT_2B, P2D: TEXT_2C}
    assert locate(P2B, fp2, pos2, DocIndex.of(_rows(moved))).how == "ambiguous"


def test_locate_keeps_an_edited_provision_but_does_not_follow_an_edited_renumbered_one() -> None:
    fp, pos = DocIndex.of(_rows(BEFORE)).stamp(P2C)
    edited_c = TEXT_2C.replace("judges, ", "judges, magistrates, ")
    loc = locate(P2C, fp, pos, DocIndex.of(_rows({**BEFORE, P2C: edited_c})))
    assert (loc.node_id, loc.how) == (P2C, "edited")
    loc = locate(P2C, fp, pos, DocIndex.of(_rows({**RENUMBERED, P2D: edited_c})))
    assert (loc.node_id, loc.how, loc.candidate) == ("", "renumbered-edited", P2D)
    assert "check that it is the same provision" in loc.detail


def test_a_quote_follows_its_renumbered_provision_and_says_from_where_to_where() -> None:
    a = _stamped(anchor_quote(P2C, TEXT_2C, "training programmes for judges"), BEFORE)
    r = reanchor(a, RENUMBERED[P2C], RENUMBERED)
    assert (r.state, r.method, r.anchor.node_id) == ("moved", "node-fingerprint", P2D)
    assert (r.anchor.start, r.anchor.end) == (a.start, a.end)
    assert r.detail == (
        f"the provision is now {P2D} (was {P2C}); the quote moved from {P2C} [36–66] "
        f"to {P2D} [36–66]"
    )
    assert r.anchor.fingerprint == DocIndex.of(_rows(RENUMBERED)).stamp(P2D)[0]


def test_the_same_words_at_the_same_offsets_of_another_provision_are_not_trusted() -> None:
    # (b) and (c) of a formulaic list begin alike; (b) is removed and (c) becomes (b)
    texts = {P2: "States will:", P2A: TEXT_2A, P2B: "The establishment of a register;",
             P2C: TEXT_2C}  # fmt: skip
    a = _stamped(anchor_quote(P2B, texts[P2B], "The establishment"), texts)
    after = {P2: "States will:", P2A: TEXT_2A, P2B: TEXT_2C}
    r = reanchor(a, after[P2B], after)
    assert r.state == "review"
    assert r.anchor == a


def test_a_quote_whose_word_changed_moves_with_its_context_and_keeps_the_word() -> None:
    a = _stamped(anchor_quote(P2A, TEXT_2A, "sanctions, investigative powers, criminal"), BEFORE)
    edited = TEXT_2A.replace("investigative powers", "investigation powers")
    r = reanchor(a, edited, {**BEFORE, P2A: edited})
    assert (r.state, r.method) == ("moved", "fuzzy-node")
    assert r.anchor.quote == "sanctions, investigation powers, criminal"
    # a word at the edge of the quote removed: the user decides
    cut = TEXT_2A.replace("sanctions, investigative", "investigative")
    assert reanchor(a, cut, {**BEFORE, P2A: cut}).state == "review"


def test_whole_provision_annotation_follows_its_fingerprint() -> None:
    a = _stamped(make_anchor(P2C, TEXT_2C), BEFORE)
    r = reanchor(a, RENUMBERED[P2C], RENUMBERED)
    assert (r.state, r.anchor.node_id, r.anchor.prefix) == ("moved", P2D, TEXT_2C[:32])
    gone = {k: v for k, v in BEFORE.items() if k != P2C}
    r = reanchor(a, None, gone)
    assert (r.state, r.anchor) == ("review", a)


@pytest.fixture
def repo(paths: AppPaths):  # type: ignore[no-untyped-def]
    store = SqliteNotesStore.open(paths)
    yield store
    store.close()


def _corpus(texts: dict[str, str]) -> SimpleNamespace:
    rows = _rows(texts)
    return SimpleNamespace(document_nodes=lambda doc: rows)


def test_national_notes_follow_renumbering_or_go_to_review(repo: SqliteNotesStore) -> None:
    stamp = {n: provision_stamp(_corpus(BEFORE), n) for n in (P2B, P2C)}  # type: ignore[arg-type]
    moved = repo.add_national_note(
        P2C, country="AT", status="in_progress", fingerprint=stamp[P2C][0],
        node_position=stamp[P2C][1],
    )  # fmt: skip
    lost = repo.add_national_note(
        P2B, country="FR", status="implemented", fingerprint=stamp[P2B][0],
        node_position=stamp[P2B][1],
    )  # fmt: skip
    legacy = repo.add_national_note(P2A, country="NG", status="not_started")
    after = {k: v for k, v in RENUMBERED.items() if k != P2B}
    report = reanchor_all(repo, _corpus(after))
    assert report.notes_checked == 3
    assert report.notes_moved == [(moved.id, f"the provision is now {P2D} (was {P2C})")]
    assert [i for i, _ in report.notes_review] == [lost.id]

    m = repo.national_note(moved.id)
    assert m is not None
    assert (m.node_id, m.anchor_state, m.country) == (P2D, "moved", "AT")
    assert m.fingerprint == DocIndex.of(_rows(after)).stamp(P2D)[0]
    r = repo.national_note(lost.id)
    assert r is not None
    assert (r.node_id, r.anchor_state, r.fingerprint) == (P2B, "review", lost.fingerprint)
    assert r.anchor_detail.startswith(f"the provision {P2B} is no longer there")
    assert [n.id for n in repo.national_notes(anchor_state="review")] == [lost.id]
    assert repo.national_note(legacy.id) == legacy  # no fingerprint, its provision is there
    assert repo.version("national_note", moved.id) == 2

    seen = repo.acknowledge_national_note(moved.id)
    assert (seen.anchor_state, seen.anchor_detail, seen.node_id) == ("ok", "", P2D)
    # the provision comes back: the note in review anchors again
    report = reanchor_all(repo, _corpus({**after, P2B: TEXT_2B}))
    assert report.notes_review == []
    back = repo.national_note(lost.id)
    assert back is not None and (back.anchor_state, back.node_id) == ("ok", P2B)


def test_provision_stamp_of_a_missing_node_or_without_corpus_is_empty() -> None:
    corpus = _corpus(BEFORE)
    assert provision_stamp(None, P2A) == ("", -1)
    assert provision_stamp(corpus, f"{P2}/subpara_z") == ("", -1)  # type: ignore[arg-type]
    assert provision_stamp(corpus, P2B) == DocIndex.of(_rows(BEFORE)).stamp(P2B)  # type: ignore[arg-type]


def test_the_desk_stamps_new_items_and_lists_national_notes_in_review(
    paths: AppPaths, corpus_repo: CorpusRepo, searcher: Searcher, resolver: Resolver
) -> None:
    desk = Desk.from_parts(paths, corpus_repo, searcher, resolver=resolver)
    try:
        desk.open_notes(start_backup=False)
        node = corpus_repo.node("vienna-declaration/annex/para_7/subpara_d")
        assert node is not None
        index = DocIndex.of(corpus_repo.document_nodes("vienna-declaration"))
        a, _ = desk.annotate(anchor_quote(node.id, node.text, "at their request"))
        assert (a.anchor.fingerprint, a.anchor.position) == index.stamp(node.id)
        n, _ = desk.add_national_note(node.id, country="AT", status="in_progress")
        assert (n.fingerprint, n.node_position) == index.stamp(node.id)
        store = desk.notes
        assert store is not None
        store.set_note_anchor(n.id, n.node_id, state="review", detail="the provision changed")
        annotations, notes = desk.list_notes(review=True)
        assert annotations == [] and [x.id for x in notes] == [n.id]
        seen, changes = desk.acknowledge_national_note(n.id, initiator="panel")
        assert seen.anchor_state == "ok" and changes.national_notes == frozenset({n.id})
        assert desk.list_notes(review=True) == ([], [])
    finally:
        desk.close()


def test_bundles_carry_fingerprints_and_older_bundles_still_read(repo: SqliteNotesStore) -> None:
    from vdesk.notes.bundle import dump_bundle, make_bundle, parse_bundle

    fp, pos = DocIndex.of(_rows(BEFORE)).stamp(P2C)
    a = repo.add_annotation(
        replace(anchor_quote(P2C, TEXT_2C, "training programmes"), fingerprint=fp, position=pos),
        sensitivity="shareable",
    )
    n = repo.add_national_note(
        P2C, country="AT", status="in_progress", sensitivity="shareable", fingerprint=fp,
        node_position=pos,
    )  # fmt: skip
    plain = repo.add_national_note(P2B, country="FR", status="implemented", sensitivity="shareable")
    bundle = make_bundle(repo)
    [obj] = bundle["annotations"]
    assert (obj["anchor"]["fingerprint"], obj["anchor"]["position"]) == (fp, 2)
    notes = {o["id"]: o for o in bundle["national_notes"]}
    assert (notes[n.id]["fingerprint"], notes[n.id]["node_position"]) == (fp, 2)
    assert "fingerprint" not in notes[plain.id]  # as bundles were before
    parsed = parse_bundle(dump_bundle(bundle), known_colours=["yellow"])
    assert parsed.annotations[0].anchor == a.anchor
    back = {x.id: x for x in parsed.national_notes}
    assert (back[n.id].fingerprint, back[n.id].node_position) == (fp, 2)
    assert (back[plain.id].fingerprint, back[plain.id].node_position) == ("", -1)

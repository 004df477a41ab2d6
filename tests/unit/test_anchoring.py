"""Anchoring on real provisions, re-anchored against deliberately altered text.

The texts are copied from corpus/plans-of-action.txt (¶2 (a)–(e), ¶3 (c), ¶47 (f))
and corpus/draft-plans-of-action.txt (¶88 (l), printed "(1)").
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from vdesk.domain.notes import Anchor
from vdesk.notes.anchoring import (
    CONTEXT,
    THRESHOLD,
    accept_candidate,
    anchor_quote,
    fuzzy_find,
    is_intact,
    make_anchor,
    reanchor,
    reanchor_all,
    reanchor_if_changed,
)
from vdesk.paths import AppPaths
from vdesk.store.notes.sqlite import SqliteNotesStore

P2 = "plans-of-action/annex/chp_I/sec_A/para_2"
P2A = f"{P2}/subpara_a"
P2B = f"{P2}/subpara_b"
P2C = f"{P2}/subpara_c"
P3C = "plans-of-action/annex/chp_I/sec_A/para_3/subpara_c"

TEXT_2A = (
    "The development of legislation creating or strengthening sanctions, investigative "
    "powers, criminal procedures and other matters;"
)
TEXT_2B = (
    "Building capacity, including for the purpose of cooperation, through the strengthening "
    "of crime prevention and criminal justice systems, and the establishment or expansion of "
    "agencies responsible for the prevention, detection and control of transnational "
    "organized crime;"
)
TEXT_2C = (
    "The establishment or improvement of training programmes for judges, prosecutors, law "
    "enforcement personnel and other individuals or agencies responsible for the prevention, "
    "detection and control of transnational organized crime;"
)
TEXT_3C = (
    "Strengthen international cooperation in order to create a conducive environment for "
    "the fight against organized crime, promoting growth and sustainable development and "
    "eradicating poverty and unemployment."
)
DRAFT_88L = (
    "Promoting the re-education and rehabilitation of children and young people who are in "
    "conflict with the law by encouraging, where appropriate, the use of mediation, conflict "
    "resolution conciliation and other methods of restorative justice as alternatives to "
    "judicial proceedings and custodial-based sanctions (resolution 1999/28, para. 8)."
)
PLAN_47F = (
    "Promoting the re-education and rehabilitation of juvenile offenders by encouraging, "
    "where appropriate, the use of mediation, conflict resolution, conciliation and other "
    "methods of restorative justice as alternatives to judicial proceedings and "
    "custodial-based sanctions;"
)

DOC = {P2A: TEXT_2A, P2B: TEXT_2B, P2C: TEXT_2C, P3C: TEXT_3C}


def test_make_anchor_stores_quote_context_and_offsets() -> None:
    a = anchor_quote(P2A, TEXT_2A, "investigative powers")
    assert a == Anchor(
        P2A,
        "investigative powers",
        "ing or strengthening sanctions, ",
        ", criminal procedures and other ",
        68,
        88,
    )
    assert len(a.prefix) == len(a.suffix) == CONTEXT


def test_context_is_clipped_at_the_text_edges() -> None:
    a = anchor_quote(P2A, TEXT_2A, "The development")
    assert (a.prefix, a.start, a.end) == ("", 0, 15)
    assert a.suffix == " of legislation creating or stre"


def test_second_occurrence_and_missing_quote() -> None:
    a = anchor_quote(P2C, TEXT_2C, " or ", occurrence=2)
    assert TEXT_2C[a.start - 11 : a.end] == "individuals or "
    with pytest.raises(ValueError, match="not in the text"):
        anchor_quote(P2C, TEXT_2C, "judges and magistrates")


def test_whole_node_anchor_keeps_start_and_end_of_text() -> None:
    a = make_anchor(P3C, TEXT_3C)
    assert a.whole_node
    assert a.prefix == "Strengthen international cooperat"[:CONTEXT]
    assert a.suffix == "eradicating poverty and unemployment."[-CONTEXT:]


def test_unchanged_text_is_ok() -> None:
    a = anchor_quote(P2A, TEXT_2A, "investigative powers")
    assert is_intact(a, TEXT_2A)
    r = reanchor(a, TEXT_2A, DOC)
    assert (r.state, r.method, r.anchor) == ("ok", "unchanged", a)


def test_words_inserted_before_the_quote_move_it_within_the_node() -> None:
    a = anchor_quote(P2A, TEXT_2A, "investigative powers")
    altered = TEXT_2A.replace("creating or ", "creating, reviewing or ")
    assert not is_intact(a, altered)
    r = reanchor(a, altered, {**DOC, P2A: altered})
    assert (r.state, r.method) == ("moved", "exact-node")
    assert (r.anchor.start, r.anchor.end) == (79, 99)
    assert altered[79:99] == "investigative powers"
    assert r.anchor.prefix == "ing or strengthening sanctions, "


def test_words_inserted_inside_the_quote_fuzzy_match_in_node() -> None:
    a = anchor_quote(
        P2C, TEXT_2C, "training programmes for judges, prosecutors, law enforcement personnel"
    )
    altered = TEXT_2C.replace("judges, prosecutors,", "judges, magistrates, prosecutors,")
    r = reanchor(a, altered, {**DOC, P2C: altered})
    assert (r.state, r.method) == ("moved", "fuzzy-node")
    assert (
        r.anchor.quote
        == "training programmes for judges, magistrates, prosecutors, law enforcement personnel"
    )
    assert r.score == pytest.approx(2 * 70 / (70 + 83))
    assert r.score >= THRESHOLD


def test_renumbered_paragraph_is_found_elsewhere_in_the_document() -> None:
    # ¶2 (c) becomes ¶2 (d) after a subparagraph is inserted: the old id is gone
    a = anchor_quote(P2C, TEXT_2C, "training programmes for judges, prosecutors")
    new_doc = {P2A: TEXT_2A, P2B: TEXT_2B, f"{P2}/subpara_c": "A new subparagraph;",
               f"{P2}/subpara_d": TEXT_2C}  # fmt: skip
    r = reanchor(a, new_doc.get(P2C), new_doc)
    assert (r.state, r.method) == ("moved", "exact-document")
    assert r.anchor.node_id == f"{P2}/subpara_d"
    assert (r.anchor.start, r.anchor.end) == (a.start, a.end)
    # the renumbered id no longer holds the text, so the stored node gave no match
    new_doc2 = {k: v for k, v in new_doc.items() if k != P2C}
    r2 = reanchor(a, None, new_doc2)
    assert r2.anchor.node_id == f"{P2}/subpara_d"


def test_deleted_quote_goes_to_review_with_nearest_candidate_and_old_anchor() -> None:
    a = anchor_quote(P2A, TEXT_2A, "investigative powers, criminal procedures")
    altered = (
        "The development of legislation creating or strengthening sanctions and other matters;"
    )
    r = reanchor(a, altered, {**DOC, P2A: altered})
    assert r.state == "review"
    assert r.anchor == a  # nothing moved, nothing lost
    assert r.score < THRESHOLD
    text, node, start, end = r.candidate
    assert node == P2A
    assert text == altered[start:end]
    assert "not found in the provision" in r.detail


def test_quote_in_a_vanished_node_goes_to_review() -> None:
    a = anchor_quote(P2A, TEXT_2A, "investigative powers")
    doc = {k: v for k, v in DOC.items() if k != P2A}
    r = reanchor(a, None, doc)
    assert r.state == "review"
    assert "the provision is gone" in r.detail


def test_ambiguous_quote_in_two_other_nodes_is_not_guessed() -> None:
    a = anchor_quote(P2B, TEXT_2B, "control of transnational organized crime")
    doc = {P2A: TEXT_2A, P2C: TEXT_2C, P3C: TEXT_3C, f"{P2}/subpara_x": TEXT_2C}
    r = reanchor(a, None, doc)
    assert r.state == "review"
    assert "2 places" in r.detail
    assert r.candidate[0] == "control of transnational organized crime"


def test_context_picks_the_right_one_of_two_occurrences_in_the_node() -> None:
    text = TEXT_2C
    a = anchor_quote(P2C, text, "agencies")  # "individuals or agencies responsible"
    altered = "Assistance to agencies of other States; " + text
    r = reanchor(a, altered, {P2C: altered})
    assert (r.state, r.method) == ("moved", "exact-node")
    assert altered[r.anchor.start - 15 : r.anchor.end] == "individuals or agencies"


def test_real_redraft_draft_88l_to_plan_47f() -> None:
    """The draft's ¶88 (l) was redrafted as the plans' ¶47 (f)."""
    node = "plans-of-action/annex/chp_IX/sec_A/para_47/subpara_f"
    kept = anchor_quote(
        node,
        DRAFT_88L,
        "the use of mediation, conflict resolution conciliation and other methods of "
        "restorative justice",
    )
    r = reanchor(kept, PLAN_47F, {node: PLAN_47F})
    assert (r.state, r.method) == ("moved", "fuzzy-node")
    assert r.anchor.quote == (
        "the use of mediation, conflict resolution, conciliation and other methods of "
        "restorative justice"
    )
    rewritten = anchor_quote(
        node,
        DRAFT_88L,
        "rehabilitation of children and young people who are in conflict with the law",
    )
    r = reanchor(rewritten, PLAN_47F, {node: PLAN_47F})
    assert r.state == "review"
    assert r.candidate[0] == "rehabilitation of juvenile offenders by encouraging, where"
    assert r.score == pytest.approx(0.5075, abs=1e-4)


def test_whole_node_anchor_follows_renumbered_node_or_goes_to_review() -> None:
    a = make_anchor(P3C, TEXT_3C)
    assert reanchor(a, TEXT_3C, DOC).state == "ok"
    moved_doc = {P2A: TEXT_2A, "plans-of-action/annex/chp_I/sec_A/para_4/subpara_c": TEXT_3C}
    r = reanchor(a, None, moved_doc)
    assert (r.state, r.anchor.node_id) == (
        "moved",
        "plans-of-action/annex/chp_I/sec_A/para_4/subpara_c",
    )
    r = reanchor(a, None, {P2A: TEXT_2A})
    assert r.state == "review"


def test_fuzzy_find_in_a_long_text_finds_the_passage() -> None:
    long_text = " ".join([TEXT_2A, TEXT_2B, TEXT_2C, TEXT_3C] * 5)
    score, start, end = fuzzy_find(
        "create a conducive environment for the fight against crime", long_text
    )
    assert (
        long_text[start:end]
        == "create a conducive environment for the fight against organized crime,"
    )
    assert score > 0.9


def _corpus(nodes: dict[str, str]) -> SimpleNamespace:
    rows = [SimpleNamespace(id=k, text=v, heading=None) for k, v in nodes.items()]
    return SimpleNamespace(document_nodes=lambda doc: [r for r in rows if r.id.startswith(doc)])


def test_reanchor_all_updates_the_store_and_deletes_nothing(paths: AppPaths) -> None:
    repo = SqliteNotesStore.open(paths)
    try:
        same = repo.add_annotation(anchor_quote(P3C, TEXT_3C, "sustainable development"))
        shifted = repo.add_annotation(anchor_quote(P2A, TEXT_2A, "investigative powers"))
        renumbered = repo.add_annotation(anchor_quote(P2C, TEXT_2C, "training programmes"))
        lost = repo.add_annotation(
            anchor_quote(P2B, TEXT_2B, "Building capacity"), comment="keep me"
        )
        new_doc = {
            P2A: TEXT_2A.replace("creating or ", "creating, reviewing or "),
            P2B: TEXT_2B.replace("Building capacity", "Developing skills"),
            f"{P2}/subpara_d": TEXT_2C,
            P3C: TEXT_3C,
        }
        report = reanchor_all(repo, _corpus(new_doc))
        assert report.checked == 4 and report.unchanged == 1
        assert {i for i, _ in report.moved} == {shifted.id, renumbered.id}
        assert [i for i, _ in report.review] == [lost.id]

        assert repo.annotation(same.id) == same
        s = repo.annotation(shifted.id)
        assert s is not None and (s.anchor_state, s.anchor.start) == ("moved", 79)
        n = repo.annotation(renumbered.id)
        assert n is not None and n.node_id == f"{P2}/subpara_d"
        kept = repo.annotation(lost.id)
        assert kept is not None
        assert kept.anchor == lost.anchor and kept.comment == "keep me"
        assert kept.anchor_state == "review"
        assert kept.candidate_node_id == P2B
        assert [a.id for a in repo.needs_review()] == [lost.id]

        # the source is fixed: the review item anchors again without the user
        report = reanchor_all(repo, _corpus({**new_doc, P2B: TEXT_2B}))
        assert report.review == [] and repo.needs_review() == []
        assert repo.annotation(lost.id).anchor_state == "ok"  # type: ignore[union-attr]
    finally:
        repo.close()


def test_reanchor_if_changed_runs_once_per_corpus_and_resumes_after_cancel(
    paths: AppPaths,
) -> None:
    repo = SqliteNotesStore.open(paths)
    try:
        a = repo.add_annotation(anchor_quote(P2A, TEXT_2A, "investigative powers"))
        altered = TEXT_2A.replace("creating or ", "creating, reviewing or ")
        corpus = _corpus({P2A: altered})
        corpus.meta = lambda key: "build-2" if key == "fingerprint" else None
        cancelled = reanchor_if_changed(repo, corpus, cancelled=lambda: True)
        assert cancelled is not None and cancelled.cancelled and cancelled.checked == 0
        assert repo.annotation(a.id) == a  # nothing happened yet
        report = reanchor_if_changed(repo, corpus)
        assert report is not None and [i for i, _ in report.moved] == [a.id]
        assert repo.meta("anchored_corpus") == "build-2"
        assert reanchor_if_changed(repo, corpus) is None  # same corpus: nothing to do
    finally:
        repo.close()


def test_user_accepts_the_candidate_or_acknowledges_a_move(paths: AppPaths) -> None:
    repo = SqliteNotesStore.open(paths)
    try:
        lost = repo.add_annotation(
            anchor_quote(P2C, TEXT_2C, "judges, prosecutors, law enforcement")
        )
        moved = repo.add_annotation(anchor_quote(P2A, TEXT_2A, "investigative powers"))
        new_2c = TEXT_2C.replace("judges, prosecutors, law enforcement", "the judiciary")
        new_2a = TEXT_2A.replace("creating or ", "creating, reviewing or ")
        reanchor_all(repo, _corpus({P2A: new_2a, P2C: new_2c}))
        review = repo.annotation(lost.id)
        assert review is not None and review.anchor_state == "review"
        with pytest.raises(ValueError, match="changed since"):
            accept_candidate(repo, lost.id, TEXT_2C)
        done = accept_candidate(repo, lost.id, new_2c)
        assert done.anchor_state == "ok"
        assert done.anchor.quote == review.candidate
        assert done.anchor.quote == new_2c[done.anchor.start : done.anchor.end]
        assert done.anchor_detail == (
            "re-anchored by hand; the quote was “judges, prosecutors, law enforcement”"
        )
        with pytest.raises(ValueError, match="no candidate"):
            accept_candidate(repo, lost.id, new_2c)
        seen = repo.acknowledge(moved.id)
        assert (seen.anchor_state, seen.anchor.start) == ("ok", 79)
    finally:
        repo.close()

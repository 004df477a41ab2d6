"""At start, after the corpus was rebuilt from other text, the desktop app re-anchors
the annotations and national notes with the desk's re-anchoring and says how many
need review and how many national notes moved."""

from __future__ import annotations

from dataclasses import replace

import pytest

from vdesk.domain.notes import Anchor
from vdesk.notes.anchoring import ANCHORED_META, ReanchorReport, make_anchor
from vdesk.qt.app import _reanchor_after_rebuild

VD7 = "vienna-declaration/annex/para_7"


def test_a_changed_corpus_is_reanchored_once_and_review_is_announced(
    open_window, notes, corpus_repo
) -> None:
    row = corpus_repo.node(VD7)
    a = notes.add_annotation(make_anchor(VD7, row.text, 0, 10))
    # as written against another text: the quote is nowhere in this one
    notes.restore_annotation(replace(a, anchor=Anchor(VD7, "qwertyuiop asdfghjkl", "", "", 0, 20)))
    notes.set_meta(ANCHORED_META, "an older corpus")
    win = open_window(notes, show=False)
    _reanchor_after_rebuild(notes, corpus_repo, win)
    assert win.statusBar().currentMessage() == (
        "The documents changed: 1 annotation(s) need review (Notes menu)."
    )
    assert notes.meta(ANCHORED_META) == corpus_repo.meta("fingerprint")
    assert notes.annotation(a.id).anchor_state == "review"
    win.statusBar().clearMessage()
    _reanchor_after_rebuild(notes, corpus_repo, win)  # the same corpus: nothing to do
    assert win.statusBar().currentMessage() == ""


def test_national_notes_in_review_are_counted_in_the_start_message(
    open_window, notes, corpus_repo
) -> None:
    row = corpus_repo.node(VD7)
    a = notes.add_annotation(make_anchor(VD7, row.text, 0, 10))
    notes.restore_annotation(replace(a, anchor=Anchor(VD7, "qwertyuiop asdfghjkl", "", "", 0, 20)))
    # fingerprinted against a provision text that is nowhere in this corpus
    n = notes.add_national_note(
        VD7, country="AT", status="implemented", fingerprint="0123456789abcdef:qwerty"
    )
    notes.set_meta(ANCHORED_META, "an older corpus")
    win = open_window(notes, show=False)
    _reanchor_after_rebuild(notes, corpus_repo, win)
    assert notes.national_note(n.id).anchor_state == "review"
    assert win.statusBar().currentMessage() == (
        "The documents changed: 1 annotation(s) and 1 national note(s) need review (Notes menu)."
    )


@pytest.mark.parametrize(
    ("review", "notes_review", "notes_moved", "message"),
    [
        (3, 2, 0, "The documents changed: 3 annotation(s) and 2 national note(s) need review "
         "(Notes menu)."),
        (0, 2, 0, "The documents changed: 2 national note(s) need review (Notes menu)."),
        (0, 0, 1, "The documents changed: 1 national note moved to its renumbered provision "
         "(Notes menu)."),
        (0, 0, 2, "The documents changed: 2 national notes moved to their renumbered "
         "provisions (Notes menu)."),
        (1, 0, 1, "The documents changed: 1 annotation(s) need review; 1 national note moved "
         "to its renumbered provision (Notes menu)."),
        (3, 2, 1, "The documents changed: 3 annotation(s) and 2 national note(s) need review; "
         "1 national note moved to its renumbered provision (Notes menu)."),
        (0, 0, 0, ""),
    ],
)  # fmt: skip
def test_the_start_message_counts_national_notes(
    open_window,  # type: ignore[no-untyped-def]
    notes,
    corpus_repo,
    monkeypatch: pytest.MonkeyPatch,
    review: int,
    notes_review: int,
    notes_moved: int,
    message: str,
) -> None:
    from vdesk.desk import Desk
    from vdesk.desk.changes import Changes

    report = ReanchorReport(
        review=[(f"a{i}", "gone") for i in range(review)],
        notes_review=[(f"n{i}", "gone") for i in range(notes_review)],
        notes_moved=[(f"m{i}", "the provision is now X (was Y)") for i in range(notes_moved)],
        moved=[("a-moved", "moved along")],  # moved annotations are not announced
    )
    monkeypatch.setattr(Desk, "reanchor", lambda *_a, **_k: (report, Changes("Re-anchor")))
    win = open_window(notes, show=False)
    win.statusBar().clearMessage()
    _reanchor_after_rebuild(notes, corpus_repo, win)
    assert win.statusBar().currentMessage() == message

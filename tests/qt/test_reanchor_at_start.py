"""At start, after the corpus was rebuilt from other text, the desktop app re-anchors
the annotations with the desk's re-anchoring and says how many need review."""

from __future__ import annotations

from dataclasses import replace

from vdesk.domain.notes import Anchor
from vdesk.notes.anchoring import ANCHORED_META, make_anchor
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

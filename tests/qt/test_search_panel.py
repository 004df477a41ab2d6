"""The search panel shows all the search core offers: every hit reachable (pages
fetched as the list scrolls, or "Show more"), relevance or document order
(remembered), per-document counts that filter when clicked, partial matches
labelled, footnote matches marked, and phrases marked whole in the reader.

Expected values are those of ``vdesk search`` on the corpus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from vdesk.qt.models.roles import Role
from vdesk.qt.models.search_results import HIT_BADGES, PAGE
from vdesk.qt.settings import SEARCH_SORTS, Settings
from vdesk.qt.widgets.search_panel import DOCUMENT, RELEVANCE, SearchPanel
from vdesk.search.results import DOCUMENT as CORE_DOCUMENT
from vdesk.search.results import RELEVANCE as CORE_RELEVANCE
from vdesk.search.results import SORTS

VD28 = "vienna-declaration/annex/para_28"
PARTIAL = "restorative justice mediation xyzzy"


@pytest.fixture
def panel(qtbot, searcher, corpus_repo):  # type: ignore[no-untyped-def]
    p = SearchPanel(searcher, corpus_repo)
    qtbot.addWidget(p)
    p.resize(380, 700)
    p.show()
    return p


def type_query(qtbot, panel: SearchPanel, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.results_shown, timeout=3000):
        qtbot.keyClicks(panel.query_edit, text)


def listed_ids(panel: SearchPanel) -> list[str]:
    m = panel.model
    return [m.index(r, 0).data(Role.NODE_ID) for r in range(m.rowCount())]


def test_the_panel_names_the_orders_of_the_search_core() -> None:
    assert (RELEVANCE, DOCUMENT) == (CORE_RELEVANCE, CORE_DOCUMENT)
    assert SEARCH_SORTS == SORTS


def test_scrolling_to_the_end_lists_every_hit(qtbot, panel, searcher, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    type_query(qtbot, panel, "restorative justice")
    assert panel.model.rowCount() == 20
    assert panel.status_label.text() == "66 matches; the best 20 are shown."
    assert panel.more_button.isVisible() and panel.more_button.text() == "Show 46 more"
    every = [h.id for h in searcher.search("restorative justice", limit=None).hits]
    assert len(every) == 66 and VD28 in every
    panel.results.scrollToBottom()  # the view asks the model for more at the end
    qtbot.waitUntil(lambda: panel.model.rowCount() == 66, timeout=3000)
    assert listed_ids(panel) == every
    assert panel.status_label.text() == "66 matches."
    assert not panel.more_button.isVisible()
    assert not panel.model.canFetchMore()
    qtmodeltester.check(panel.model)


def test_show_more_pages_through_hundreds_of_partial_matches(qtbot, panel, searcher) -> None:  # type: ignore[no-untyped-def]
    type_query(qtbot, panel, PARTIAL)
    assert panel.status_label.text() == "495 matches; the best 20 are shown."
    clicks = 0
    while panel.more_button.isVisible():
        qtbot.mouseClick(panel.more_button, Qt.MouseButton.LeftButton)
        clicks += 1
        assert panel.model.rowCount() == min(495, 20 + clicks * PAGE)
    assert clicks == 10  # 20 + 9 x 50 = 470, then the last 25
    every = [h.id for h in searcher.search(PARTIAL, limit=None).hits]
    assert listed_ids(panel) == every
    assert len(set(every)) == 495
    assert panel.status_label.text() == "495 matches."


def test_document_order_is_the_corpus_order_and_remembered(
    qtbot, open_window, notes, paths
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(notes)
    panel = window.search_panel
    window.show_search()
    assert panel.sort == RELEVANCE
    type_query(qtbot, panel, "restorative justice")
    with qtbot.waitSignal(panel.results_shown):
        panel.sort_combo.setCurrentIndex(panel.sort_combo.findData(DOCUMENT))
    assert listed_ids(panel)[:5] == [
        "vienna-declaration/annex/p_6",
        "vienna-declaration/annex/para_27",
        VD28,
        "plans-of-action/annex/chp_XV",
        "plans-of-action/annex/chp_XV/para_46",
    ]
    assert panel.status_label.text() == "66 matches; the first 20 are shown."
    assert window.settings.search_sort == DOCUMENT
    window.settings.sync()
    again = open_window(notes, settings=Settings(paths.settings_file))
    assert again.search_panel.sort == DOCUMENT


def test_settings_refuse_an_unknown_order(paths) -> None:  # type: ignore[no-untyped-def]
    s = Settings(paths.settings_file)
    assert s.search_sort == "relevance"
    with pytest.raises(ValueError, match="search order must be one of"):
        s.search_sort = "alphabetical"
    s._s.setValue("search/sort", "alphabetical")  # a hand-edited file
    assert s.search_sort == "relevance"


def test_counts_per_document_and_a_click_filters(qtbot, panel, searcher) -> None:  # type: ignore[no-untyped-def]
    type_query(qtbot, panel, "restorative justice")
    res = searcher.search("restorative justice", limit=20)
    assert res.counts == (
        ("vienna-declaration", 3),
        ("plans-of-action", 12),
        ("draft-plans-of-action", 10),
        ("ccpcj-2002", 35),
        ("ccpcj-2014", 6),
    )
    shown = [b.text() for b in panel.count_buttons.values() if b.isVisible()]
    assert shown == ["VD 3", "POA 12", "DPOA 10", "CCPCJ 2002 35", "CCPCJ 2014 6"]
    poa = panel.count_buttons["plans-of-action"]
    assert poa.toolTip() == "Plans of action: 12 matches. Click to see only these"
    with qtbot.waitSignal(panel.results_shown):
        qtbot.mouseClick(poa, Qt.MouseButton.LeftButton)
    assert panel.doc_combo.currentData() == "plans-of-action"
    assert panel.model.rowCount() == 12
    assert {panel.model.index(r, 0).data(Role.DOC) for r in range(12)} == {"plans-of-action"}
    assert panel.status_label.text() == "12 matches."
    assert [b.text() for b in panel.count_buttons.values() if b.isVisible()] == ["POA 12"]
    assert poa.isChecked()
    with qtbot.waitSignal(panel.results_shown):  # clicked again: all documents
        qtbot.mouseClick(poa, Qt.MouseButton.LeftButton)
    assert panel.doc_combo.currentData() is None
    assert panel.model.rowCount() == 20 and not poa.isChecked()


def test_partial_matches_are_labelled(qtbot, panel, searcher) -> None:  # type: ignore[no-untyped-def]
    type_query(qtbot, panel, "restorative justice")
    assert not panel.partial_label.isVisible()
    panel.query_edit.clear()
    type_query(qtbot, panel, PARTIAL)
    assert panel.partial_label.isVisible()
    assert panel.partial_label.text() == (
        "No provision has all of: restorative, justice, mediation, xyzzy. "
        "These are the closest matches, with the most of them."
    )
    first = panel.model.index(0, 0)
    assert first.data(Role.NODE_ID) == "ccpcj-2002/chp_I/sec_B/dres_I/p_2"
    assert first.data(HIT_BADGES) == ("has: restorative, justice, mediation",)
    assert first.data().startswith(
        "E/2002/30/Rev.1, chap. I, sect. B, draft res. I, first preambular paragraph"
        " [has: restorative, justice, mediation]\n"
    )
    assert [b.text() for b in panel.count_buttons.values() if b.isVisible()] == [
        "VD 26",
        "POA 52",
        "DPOA 48",
        "CCPCJ 2002 149",
        "CCPCJ 2014 220",
    ]
    panel.query_edit.clear()  # an empty query leaves nothing behind
    panel.run_search()
    assert not panel.partial_label.isVisible() and not panel.counts_bar.isVisible()
    assert panel.status_label.text() == "" and not panel.more_button.isVisible()


def test_a_footnote_match_is_marked_with_the_footnote(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    type_query(qtbot, panel, "necessitate")
    assert panel.model.rowCount() == 1
    assert panel.status_label.text() == "1 match."
    row = panel.model.index(0, 0)
    assert row.data(Role.NODE_ID) == "draft-plans-of-action/chp_XII"
    assert row.data(HIT_BADGES) == ("fn. 49",)
    assert row.data() == (
        "Draft plans of action (27 March 2001), chap. XII [fn. 49]\n"
        "…further work in this area, which if adopted by the Commission, will necessitate "
        "corresponding changes to this segment of the Action Plan."
    )
    assert '<b class="match">necessitate</b>' in row.data(Role.SNIPPET)
    assert "footnote 49" in row.data(Qt.ItemDataRole.ToolTipRole)


def test_the_reader_marks_a_phrase_only_where_whole(qtbot, open_window, notes) -> None:  # type: ignore[no-untyped-def]
    window = open_window(notes)
    panel = window.search_panel
    window.show_search()
    type_query(qtbot, panel, '"trafficking in persons"')
    row = listed_ids(panel).index("plans-of-action/annex/chp_III")
    panel.open_row(row)
    reader = window.reader
    marked = []
    for _ in range(reader.hit_count):
        reader.step_hit(1)
        marked.append(reader.textCursor().selectedText().lower())
    # para. 11 (a)'s lone "trafficking" is not marked: only the phrase, whole
    assert marked and set(marked) == {"trafficking in persons"}
    assert reader.page is not None
    text = " ".join(r.text.lower() for r in reader.page.rows if r.text)
    assert len(marked) == text.count("trafficking in persons")

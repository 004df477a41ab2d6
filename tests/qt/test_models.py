"""The tree and result models: structure checked by qtmodeltester, content by hand."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from vdesk.qt.models.corpus_tree import CorpusTreeModel
from vdesk.qt.models.roles import Role
from vdesk.qt.models.search_results import SearchResultListModel


def _child(model, parent, label_start):
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        if idx.data().startswith(label_start):
            return idx
    raise AssertionError(f"no child starting {label_start!r}")


def test_tree_top_level_is_the_documents(qtmodeltester, corpus_repo):
    model = CorpusTreeModel(corpus_repo)
    qtmodeltester.check(model)
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert labels == [
        "Vienna Declaration",
        "Plans of action",
        "Draft plans of action",
        "CCPCJ report 2002",
        "CCPCJ report 2014",
    ]


def test_tree_expands_lazily_with_labels_as_cited(qtmodeltester, corpus_repo):
    model = CorpusTreeModel(corpus_repo)
    poa = model.index(1, 0)
    assert model.hasChildren(poa)
    assert not model.is_loaded("plans-of-action")  # nothing read before it is needed
    annex = _child(model, poa, "Annex")
    assert model.is_loaded("plans-of-action")
    assert not model.is_loaded("plans-of-action/annex")
    chapter = _child(model, annex, "I. ")
    assert chapter.data() == "I. Action against transnational organized crime"
    sec_a = _child(model, chapter, "A. ")
    assert sec_a.data() == "A. National actions"
    para2 = _child(model, sec_a, "2 ")
    sub_a = model.index(0, 0, para2)
    assert sub_a.data(Role.NODE_ID) == "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
    assert sub_a.data() == (
        "2 (a) The development of legislation creating or strengthening sanctions, investigative…"
    )
    assert (
        sub_a.data(Qt.ItemDataRole.ToolTipRole)
        == "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)"
    )
    assert not model.hasChildren(sub_a)
    assert model.parent(sub_a) == para2
    qtmodeltester.check(model)


def test_index_for_fetches_the_branches_above(qtmodeltester, corpus_repo):
    model = CorpusTreeModel(corpus_repo)
    idx = model.index_for("vienna-declaration/annex/para_7/subpara_d")
    assert idx.isValid()
    assert idx.data() == (
        "7 (d) To strengthen the capability of the United Nations Centre for International Crime…"
    )
    assert model.node_id(idx.parent()) == "vienna-declaration/annex/para_7"
    qtmodeltester.check(model)


def test_filter_narrows_to_matches_and_their_ancestors(qtmodeltester, corpus_repo):
    model = CorpusTreeModel(corpus_repo)
    model.set_filter("  smuggling   migrants ")
    assert model.filter_text == "smuggling migrants"
    qtmodeltester.check(model)
    # every document mentions them somewhere
    assert model.rowCount() == 5
    annex = model.index_for("plans-of-action/annex")
    assert [model.index(r, 0, annex).data() for r in range(model.rowCount(annex))] == [
        "IV. Action against smuggling of migrants"
    ]
    matched = model.filtered_ids()
    assert "plans-of-action/annex/chp_IV" in matched
    idx = model.index_for("plans-of-action/annex/chp_IV")
    assert idx.data() == "IV. Action against smuggling of migrants"
    assert model.index_for("plans-of-action/annex/chp_I").isValid() is False
    model.set_filter("")
    assert model.rowCount() == 5
    qtmodeltester.check(model)


def test_search_result_model(qtmodeltester, searcher):
    model = SearchResultListModel()
    qtmodeltester.check(model)
    res = searcher.search('"smuggling of migrants"', doc="plans-of-action")
    model.set_hits(res.hits)
    qtmodeltester.check(model)
    assert model.rowCount() == len(res.hits) > 0
    first = model.index(0, 0)
    assert first.data(Role.NODE_ID) == res.hits[0].id
    assert first.data(Role.CITATION) == res.hits[0].citation
    assert '<b class="match">smuggling</b>' in first.data(Role.SNIPPET)
    assert "<b" not in first.data()
    assert model.rowCount(first) == 0
    assert model.index(0, 0, first) == QModelIndex()
    model.clear()
    assert model.rowCount() == 0


def test_search_result_model_fetches_the_next_pages(qtmodeltester, qtbot, searcher):
    q = "restorative justice"
    model = SearchResultListModel()
    first = searcher.search(q, limit=20)
    asked: list[tuple[int, int | None]] = []

    def fetch(offset: int, limit: int | None):  # type: ignore[no-untyped-def]
        asked.append((offset, limit))
        return searcher.search(q, offset=offset, limit=limit).hits

    model.set_hits(first.hits, total=first.total, fetch=fetch)
    assert (model.rowCount(), model.total, model.canFetchMore()) == (20, 66, True)
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.fetchMore()
    assert inserted.args[1:] == [20, 65]
    assert asked == [(20, 50)]
    assert model.rowCount() == 66 and not model.canFetchMore()
    assert model.fetch_more() == 0 and asked == [(20, 50)]  # nothing more to ask for
    every = searcher.search(q, limit=None).hits
    assert [model.index(r, 0).data(Role.NODE_ID) for r in range(66)] == [h.id for h in every]
    qtmodeltester.check(model)
    # an index that has fewer hits than it said: the model stops asking
    model.set_hits(first.hits, total=70, fetch=lambda _o, _n: ())
    assert model.fetch_more() == 0 and not model.canFetchMore()
    model.clear()
    assert (model.rowCount(), model.total, model.canFetchMore()) == (0, 0, False)

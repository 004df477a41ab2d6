"""Search with "Include my notes": the user's annotations and national notes come
first, marked as such, and open their provision; off, the search does no own-work
query at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vdesk.domain.notes import Anchor
from vdesk.notes.own_search import needles, search_own_words
from vdesk.paths import AppPaths
from vdesk.qt.app import main_window_on
from vdesk.qt.models.roles import Role
from vdesk.qt.models.search_results import OWN_BADGE, OWN_ENTITY, SearchResultListModel
from vdesk.qt.settings import Settings
from vdesk.qt.widgets.search_panel import SearchPanel
from vdesk.store.notes.sqlite import SqliteNotesStore

P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P2A_CITATION = "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)"
VD7 = "vienna-declaration/annex/para_7"
VD7_CITATION = "A/RES/55/59, annex, para. 7"


@pytest.fixture
def notes(paths: AppPaths) -> Iterator[SqliteNotesStore]:
    repo = SqliteNotesStore.open(paths)
    note = repo.add_national_note(
        P2A,
        country="AT",
        status="implemented",
        text="Witness protection under the Code of Criminal Procedure, s. 162.",
    )
    repo.add_annotation(Anchor(VD7), comment="Ask the capital about *witness protection* funds")
    repo.add_annotation(Anchor(VD7), comment="Nothing about the subject")
    assert note.country == "AT"
    yield repo
    repo.close()


def own_rows(model: SearchResultListModel) -> list[tuple[str, str, str]]:
    out = []
    for r in range(model.rowCount()):
        i = model.index(r, 0)
        if i.data(OWN_ENTITY):
            out.append((i.data(OWN_BADGE), i.data(Role.CITATION), i.data(Role.SNIPPET)))
    return out


def test_toggle_adds_own_hits_marked_and_removes_them(qtbot, searcher, corpus_repo, notes) -> None:  # type: ignore[no-untyped-def]
    panel = SearchPanel(searcher, corpus_repo)
    qtbot.addWidget(panel)
    assert not panel.own_check.isEnabled()  # no notes store yet
    panel.set_notes(notes)
    assert panel.own_check.isEnabled() and not panel.own_check.isChecked()
    panel.query_edit.setText("witness protection")
    panel.run_search()
    corpus_rows = panel.model.rowCount()
    corpus_status = panel.status_label.text()
    assert corpus_rows > 0 and own_rows(panel.model) == []
    first_corpus = panel.model.index(0, 0).data(Role.NODE_ID)

    with qtbot.waitSignal(panel.results_shown) as shown:
        panel.own_check.setChecked(True)
    assert shown.args == [corpus_rows + 2]
    assert own_rows(panel.model) == [
        (
            "My annotation",
            VD7_CITATION,
            "Ask the capital about <b>witness</b> <b>protection</b> funds",
        ),
        (
            "My national note · AT",
            P2A_CITATION,
            # the store's snippet: 40 characters either side of the first needle
            "<b>Witness</b> <b>protection</b> under the Code of Criminal Procedure, s…",
        ),
    ]
    assert panel.model.index(2, 0).data(Role.NODE_ID) == first_corpus  # corpus hits follow
    assert panel.status_label.text() == (
        f"2 matches in your notes; in the documents: {corpus_status[0].lower()}{corpus_status[1:]}"
    )
    assert panel.model.index(1, 0).data() == (
        f"My national note · AT: {P2A_CITATION}\n"
        "Witness protection under the Code of Criminal Procedure, s…"
    )
    with qtbot.waitSignal(panel.hit_activated) as opened:
        panel.open_row(1)
    assert opened.args == [P2A, ()]

    # the document filter applies to own hits too
    panel.doc_combo.setCurrentIndex(panel.doc_combo.findData("plans-of-action"))
    assert [r[0] for r in own_rows(panel.model)] == ["My national note · AT"]
    panel.doc_combo.setCurrentIndex(0)

    panel.own_check.setChecked(False)
    assert own_rows(panel.model) == []
    assert panel.model.rowCount() == corpus_rows
    assert panel.status_label.text() == corpus_status


def test_keystroke_search_does_no_own_query_when_off(
    qtbot,  # type: ignore[no-untyped-def]
    searcher,
    corpus_repo,
    notes: SqliteNotesStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = notes.search_own

    def counting(text: str, **kw):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(text, **kw)

    monkeypatch.setattr(notes, "search_own", counting)
    panel = SearchPanel(searcher, corpus_repo)
    qtbot.addWidget(panel)
    panel.set_notes(notes)
    for text in ("w", "wi", "witness", "witness protection"):
        panel.query_edit.setText(text)
        panel.run_search()
    assert calls == []
    panel.own_check.setChecked(True)
    assert calls == ["protection"]  # one query: the longest needle, "witness" ANDed to it
    panel.query_edit.setText("wi")  # too short to search the notes
    panel.run_search()
    assert calls == ["protection"]


def test_own_hit_opens_its_provision_in_the_window(
    qtbot,
    paths,
    corpus_repo,
    searcher,
    resolver,
    notes,  # type: ignore[no-untyped-def]
) -> None:
    w = main_window_on(paths, Settings(paths.settings_file), corpus_repo, searcher, resolver)
    qtbot.addWidget(w)
    w.show()
    w.attach_notes(notes)
    panel = w.search_panel
    assert panel is not None and panel.own_check.isEnabled()
    w.show_search()
    panel.query_edit.setText("capital")
    panel.own_check.setChecked(True)
    assert own_rows(panel.model)[0][:2] == ("My annotation", VD7_CITATION)
    panel.open_row(0)
    assert w.current_node == VD7
    w.close()


def test_needles_from_a_document_query(notes: SqliteNotesStore) -> None:
    assert needles('"trafficking in persons" AND victim* doc:POA') == [
        "trafficking in persons",
        "victim",
    ]
    assert needles("(money OR laundering) NOT scope:national") == ["laundering", "money"]
    assert needles("doc:VD") == []
    assert [h.entity for h in search_own_words(notes, "criminal procedure code")] == [
        "national_note"
    ]
    assert search_own_words(notes, "witness nothing") == []
    assert search_own_words(notes, "wi") == []
    # every word, in any field and any order
    [hit] = search_own_words(notes, "procedure WITNESS")
    assert (hit.entity, hit.field) == ("national_note", "text")


def test_result_model_with_own_rows(qtmodeltester, searcher, corpus_repo, notes) -> None:  # type: ignore[no-untyped-def]
    panel = SearchPanel(searcher, corpus_repo)
    panel.set_notes(notes)
    panel.own_check.setChecked(True)
    panel.query_edit.setText("witness protection")
    panel.run_search()
    model = panel.model
    qtmodeltester.check(model)
    assert model.own_count == 2
    assert model.hit(0) is None and model.own(0) is not None
    assert model.node_id(1) == P2A
    assert model.hit(2) is not None and model.node_id(2) == model.hit(2).id  # type: ignore[union-attr]
    panel.deleteLater()


def test_include_my_notes_is_remembered(qtbot, paths, corpus_repo, searcher, notes) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(paths.settings_file)
    first = main_window_on(paths, settings, corpus_repo, searcher)
    qtbot.addWidget(first)
    first.attach_notes(notes)
    assert first.search_panel is not None and not first.search_panel.own_check.isChecked()
    first.search_panel.own_check.setChecked(True)
    assert settings.search_my_notes
    first.close()
    again = main_window_on(paths, Settings(paths.settings_file), corpus_repo, searcher)
    qtbot.addWidget(again)
    again.attach_notes(notes)
    assert again.search_panel is not None and again.search_panel.own_check.isChecked()
    again.close()

"""The implementation dashboard on the real plans of action.

Action counts per chapter were checked by hand against corpus/plans-of-action.txt:
chapter I has ¶2 (a)-(e) and ¶3 (a)-(c) as national actions (8) and ¶4 (a)-(h) as
international ones (8); chapter II has ¶6 (a)-(d), ¶7 (a)-(f) and ¶8 (a)-(f) (16)
and ¶9 (a)-(h) (8). Over the fifteen chapters there are 96 national and 62
international actions (¶35 (d) counts as its items (i) and (ii)).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from vdesk.qt.dialogs.dashboard import ImplementationDashboard
from vdesk.qt.features.national_notes import NationalNotesFeature
from vdesk.qt.main_window import MainWindow
from vdesk.qt.models.status_counts import ACTION_IDS, StatusCountsTableModel
from vdesk.store.notes.sqlite import SqliteNotesStore

POA = "plans-of-action/annex"
CH1, CH2 = f"{POA}/chp_I", f"{POA}/chp_II"


@pytest.fixture
def win(open_window, notes) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_window(notes)


def french_notes(notes: SqliteNotesStore) -> None:
    notes.add_national_note(f"{CH1}/sec_A/para_2", country="FR", status="implemented")  # (a)-(e)
    notes.add_national_note(f"{CH2}/sec_A/para_7", country="FR", status="implemented")  # (a)-(f)
    notes.add_national_note(f"{CH2}/sec_A/para_7/subpara_c", country="FR", status="in progress")
    notes.add_national_note(f"{CH2}/sec_A/para_6/subpara_a", country="FR", status="not started")
    notes.add_national_note(f"{CH2}/sec_B/para_9/subpara_b", country="FR", status="not applicable")
    notes.add_national_note(f"{CH2}/sec_A/para_6", country="AT", status="implemented")  # not FR


def open_dashboard(w: MainWindow) -> ImplementationDashboard:
    f = w.findChild(NationalNotesFeature)
    assert f is not None
    f.dashboard_action.trigger()
    assert f.dashboard is not None and f.dashboard.isVisible()
    return f.dashboard


def rows(model: StatusCountsTableModel, first: int, last: int) -> list[list[object]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())] for r in range(first, last)
    ]


def test_counts_for_a_country_in_chart_and_table(
    qtbot, win: MainWindow, notes: SqliteNotesStore
) -> None:  # type: ignore[no-untyped-def]
    french_notes(notes)
    win.settings.default_country = "FR"
    dash = open_dashboard(win)
    assert dash.country_combo.code == "FR" and dash.doc == "plans-of-action"
    assert dash.empty_text == ""
    assert dash.summary.text() == (
        "<b>France (FR)</b>: 13 of 158 actions recorded — 10 implemented, 1 in progress, "
        "1 not started, 1 not applicable."
    )
    m = dash.model
    assert m.rowCount() == 32  # fifteen chapters x two scopes, then two totals
    assert rows(m, 0, 4) == [
        ["I. Action against transnational organized crime", "National", 5, 0, 0, 0, 3, 8],
        ["I. Action against transnational organized crime", "International", 0, 0, 0, 0, 8, 8],
        ["II. Action against corruption", "National", 5, 1, 1, 0, 9, 16],
        ["II. Action against corruption", "International", 0, 0, 0, 1, 7, 8],
    ]
    assert rows(m, 30, 32) == [
        ["All chapters", "National", 10, 1, 1, 0, 84, 96],
        ["All chapters", "International", 0, 0, 0, 1, 61, 62],
    ]
    # the chart draws the same numbers: segment widths to scale, same counts
    segs = {(s.chapter_id, s.scope, s.status): s for s in dash.chart.segments()}
    assert segs[(CH2, "national", "implemented")].count == 5
    assert segs[(CH2, "national", "in_progress")].count == 1
    assert segs[(CH2, "national", "unrecorded")].count == 9
    assert (CH1, "international", "implemented") not in segs
    full = sum(s.rect.width() for k, s in segs.items() if k[:2] == (CH2, "national"))
    half = sum(s.rect.width() for k, s in segs.items() if k[:2] == (CH1, "national"))
    assert full == pytest.approx(2 * half)

    # a new note shows at once
    notes.add_national_note(f"{CH1}/sec_B/para_4/subpara_a", country="FR", status="in progress")
    qtbot.waitUntil(lambda: rows(m, 1, 2)[0][3] == 1)


def test_clicking_a_bar_or_a_cell_lists_the_actions_and_opens_the_first(
    qtbot,  # type: ignore[no-untyped-def]
    win: MainWindow,
    notes: SqliteNotesStore,
) -> None:
    french_notes(notes)
    win.settings.default_country = "FR"
    dash = open_dashboard(win)
    rect = dash.chart.segment_rect(CH2, "national", "implemented")
    assert rect is not None
    with qtbot.waitSignal(dash.node_requested) as got:
        qtbot.mouseClick(
            dash.chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint() + QPoint(0, 0)
        )
    first = f"{CH2}/sec_A/para_7/subpara_a"
    assert got.args == [first]
    assert win.current_node == first
    assert dash.listed_actions() == [f"{CH2}/sec_A/para_7/subpara_{x}" for x in "abdef"]
    assert dash.actions_title.text() == (
        "<b>II. Corruption — national actions: implemented</b><br/>5 actions"
    )
    first_item = dash.actions_list.item(0)
    assert first_item.text().startswith("para. 7 (a)\nThe assessment of domestic types")
    assert first_item.toolTip().startswith(
        "ECOSOC res. 2001/47, annex, sect. II.A, para. 7 (a)\n\nThe assessment"
    )
    # the table: chapter II, national, "Not started" → ¶6 (a)
    dash.tabs.setCurrentIndex(1)
    index = dash.model.index(2, 4)
    assert index.data(ACTION_IDS) == (f"{CH2}/sec_A/para_6/subpara_a",)
    view = dash.table
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert win.current_node == f"{CH2}/sec_A/para_6/subpara_a"
    assert dash.listed_actions() == [f"{CH2}/sec_A/para_6/subpara_a"]
    # an item of the list opens its action
    dash.tabs.setCurrentIndex(0)
    dash.show_actions(CH1, "national", "unrecorded")
    assert dash.listed_actions() == [f"{CH1}/sec_A/para_3/subpara_{x}" for x in "abc"]
    item = dash.actions_list.item(2)
    qtbot.mouseClick(
        dash.actions_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dash.actions_list.visualItemRect(item).center(),
    )
    assert win.current_node == f"{CH1}/sec_A/para_3/subpara_c"


def test_empty_states_explain_how_to_start(qtbot, win: MainWindow, notes: SqliteNotesStore) -> None:  # type: ignore[no-untyped-def]
    dash = open_dashboard(win)
    assert dash.country_combo.code == ""  # no default country and no notes yet
    assert dash.empty_text == (
        "Choose a country to see how far it has implemented the plans of action.\n\n"
        "Tip: set your default country in Preferences so it is chosen for you."
    )
    assert dash.start_button.isHidden()
    dash.country_combo.set_code("KE")
    assert dash.empty_text == (
        "No implementation status recorded yet for Kenya (KE) in the plans of action.\n\n"
        "To start: open an action — a paragraph or subparagraph under “National actions” or "
        "“International actions” — and in the National notes panel press Add…, choose Kenya "
        "(KE) and its status. A note on a paragraph counts for all its subparagraphs. Each "
        "action you record is counted here, chapter by chapter."
    )
    assert not dash.start_button.isHidden()
    dash.start_button.click()
    assert win.current_node == f"{CH1}/sec_A/para_2"
    # a note of another country, or in another document, does not count for Kenya
    notes.add_national_note(f"{CH1}/sec_A/para_2", country="FR", status="implemented")
    dash.refresh()
    assert dash.empty_text.startswith("No implementation status recorded yet for Kenya (KE)")
    notes.add_national_note(f"{CH1}/sec_A/para_2", country="KE", status="in progress")
    dash.refresh()
    assert dash.empty_text == ""
    assert dash.summary.text() == ("<b>Kenya (KE)</b>: 5 of 158 actions recorded — 5 in progress.")


def test_draft_plans_of_action(qtbot, win: MainWindow, notes: SqliteNotesStore) -> None:  # type: ignore[no-untyped-def]
    # draft chapter IV, national actions: ¶22 (a)-(d), ¶26 (a)-(e), ¶29, ¶30 (a)-(f) and
    # ¶31 (a)-(f) in objectives 1 to 3 (22 actions; counted in the draft's text)
    obj1 = "draft-plans-of-action/chp_IV/sec_C/obj_1/sec_1"
    notes.add_national_note(f"{obj1}/para_22", country="AT", status="implemented")
    dash = open_dashboard(win)
    assert dash.country_combo.code == "AT"  # no default country: the first with notes
    assert dash.empty_text.startswith("No implementation status recorded yet for Austria (AT)")
    dash.doc_combo.setCurrentIndex(dash.doc_combo.findData("draft-plans-of-action"))
    assert dash.doc == "draft-plans-of-action"
    assert rows(dash.model, 2, 3) == [
        ["IV. Action against corruption", "National", 4, 0, 0, 0, 18, 22]
    ]


def test_status_counts_model(qtmodeltester, notes: SqliteNotesStore, corpus_repo) -> None:  # type: ignore[no-untyped-def]
    from vdesk.notes.dashboard import chapter_actions

    french_notes(notes)
    model = StatusCountsTableModel()
    model.set_data(chapter_actions(notes, corpus_repo, "FR"))
    qtmodeltester.check(model)
    assert model.index(2, 0).data(ACTION_IDS) == tuple(
        [f"{CH2}/sec_A/para_7/subpara_{x}" for x in "abdef"]
        + [f"{CH2}/sec_A/para_7/subpara_c", f"{CH2}/sec_A/para_6/subpara_a"]
        + [f"{CH2}/sec_A/para_6/subpara_{x}" for x in "bcd"]
        + [f"{CH2}/sec_A/para_8/subpara_{x}" for x in "abcdef"]
    )


def test_a_whole_row_lists_actions_in_order_with_status_and_copies(
    qtbot,  # type: ignore[no-untyped-def]
    win: MainWindow,
    notes: SqliteNotesStore,
) -> None:
    from PySide6.QtGui import QGuiApplication

    french_notes(notes)
    win.settings.default_country = "FR"
    dash = open_dashboard(win)
    dash.tabs.setCurrentIndex(1)
    cell = dash.table.visualRect(dash.model.index(2, 0)).center()  # chapter II, national
    qtbot.mouseClick(dash.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    listed = dash.listed_actions()
    assert listed[:5] == [f"{CH2}/sec_A/para_6/subpara_{x}" for x in "abcd"] + [
        f"{CH2}/sec_A/para_7/subpara_a"
    ]
    assert len(listed) == 16
    assert win.current_node == f"{CH2}/sec_A/para_6/subpara_a"
    texts = [dash.actions_list.item(i).text().split("\n")[0] for i in (0, 1, 4, 6)]
    assert texts == [
        "para. 6 (a) · Not started",
        "para. 6 (b) · Not recorded",
        "para. 7 (a) · Implemented",
        "para. 7 (c) · In progress",
    ]
    dash.copy_button.click()
    lines = QGuiApplication.clipboard().text().split("\n")
    assert lines[:4] == [
        "France (FR): 13 of 158 actions recorded — 10 implemented, 1 in progress, "
        "1 not started, 1 not applicable.",
        "Chapter\tActions\tImplemented\tIn progress\tNot started\tNot applicable\t"
        "Not recorded\tTotal",
        "I. Action against transnational organized crime\tNational\t5\t0\t0\t0\t3\t8",
        "I. Action against transnational organized crime\tInternational\t0\t0\t0\t0\t8\t8",
    ]
    assert lines[-3:] == [
        "All chapters\tNational\t10\t1\t1\t0\t84\t96",
        "All chapters\tInternational\t0\t0\t0\t1\t61\t62",
        "",
    ]


def test_countries_with_notes_switch_in_one_click(
    qtbot, win: MainWindow, notes: SqliteNotesStore
) -> None:  # type: ignore[no-untyped-def]
    french_notes(notes)  # France, and one note of Austria
    assert notes.note_countries() == ["AT", "FR"]
    assert notes.note_countries("draft-plans-of-action") == []
    win.settings.default_country = "FR"
    dash = open_dashboard(win)
    assert dash.noted.text() == (
        'Countries with notes: <a href="AT">Austria (AT)</a> · <b>France (FR)</b>'
    )
    dash.noted.linkActivated.emit("AT")
    assert dash.country_combo.code == "AT"
    assert dash.summary.text() == (
        "<b>Austria (AT)</b>: 4 of 158 actions recorded — 4 implemented."
    )
    assert dash.noted.text() == (
        'Countries with notes: <b>Austria (AT)</b> · <a href="FR">France (FR)</a>'
    )


def test_record_status_of_a_listed_action_for_the_dashboard_country(
    qtbot,  # type: ignore[no-untyped-def]
    win: MainWindow,
    notes: SqliteNotesStore,
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from vdesk.qt.dialogs.national_note import NationalNoteDialog

    french_notes(notes)
    dash = open_dashboard(win)
    dash.country_combo.set_code("FR")  # no default country in the preferences
    dash.show_actions(CH1, "national", "unrecorded")  # ¶3 (a)-(c)
    dash.actions_list.setCurrentRow(1)
    assert dash.record_button.isEnabled()
    seen: list[tuple[str, str]] = []

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, NationalNoteDialog)
        seen.append((dlg.windowTitle(), dlg.country_combo.code))
        dlg.status_combo.setCurrentIndex(dlg.status_combo.findData("in_progress"))
        dlg.accept()

    QTimer.singleShot(0, answer)
    dash.record_button.click()
    assert seen == [("Add National Note", "FR")]
    assert win.current_node == f"{CH1}/sec_A/para_3/subpara_b"
    [note] = notes.national_notes(node_ids=[f"{CH1}/sec_A/para_3/subpara_b"])
    assert (note.country, note.status) == ("FR", "in_progress")
    qtbot.waitUntil(lambda: rows(dash.model, 0, 1)[0][3] == 1)
    assert rows(dash.model, 0, 1) == [
        ["I. Action against transnational organized crime", "National", 5, 1, 0, 0, 2, 8]
    ]
    # the same action again: France's note is edited, not duplicated
    QTimer.singleShot(0, answer)
    dash.record_button.click()
    assert seen[-1] == ("Edit National Note", "FR")
    assert len(notes.national_notes(node_ids=[f"{CH1}/sec_A/para_3/subpara_b"])) == 1

"""National notes in the main window on the real corpus: the panel follows the
reader, the dialog adds, edits and refuses bad input, every change undoes and
redoes exactly, several countries sit side by side, preferences feed the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from vdesk.domain.notes import NationalNote
from vdesk.qt.app import main_window_on
from vdesk.qt.dialogs.national_note import NationalNoteDialog
from vdesk.qt.dialogs.preferences import PreferencesDialog
from vdesk.qt.features.national_notes import NationalNotesFeature
from vdesk.qt.main_window import MainWindow
from vdesk.qt.models.national_notes import NationalNoteTableModel
from vdesk.qt.settings import Settings
from vdesk.store.notes.sqlite import SqliteNotesStore

from .discard import answer_discard

P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P2A_CITATION = "ECOSOC res. 2001/47, annex, sect. I.A, para. 2 (a)"
CHAPTER_I = "plans-of-action/annex/chp_I"


@pytest.fixture
def win(open_window, paths, notes) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = Settings(paths.settings_file)
    settings.default_country = "AT"
    settings.author = "Maria Huber"
    return open_window(notes, settings=settings)


def feature(w: MainWindow) -> NationalNotesFeature:
    found = w.findChild(NationalNotesFeature)
    assert found is not None
    return found


def fill(
    qtbot,  # type: ignore[no-untyped-def]
    dlg: NationalNoteDialog,
    *,
    country: str | None = None,
    status: str = "Implemented",
    position: str = "Supports",
    text: str = "",
    refs: tuple[str, ...] = (),
    date: str | None = None,
    sensitivity: str = "shareable",
) -> None:
    """Fill the dialog as a user would: type into the country field, pick from combos,
    type the text and each reference followed by Enter."""
    if country is not None:
        edit = dlg.country_combo.lineEdit()
        assert edit is not None
        edit.selectAll()
        qtbot.keyClicks(edit, country)
        edit.editingFinished.emit()
    dlg.status_combo.setCurrentText(status)
    dlg.position_combo.setCurrentIndex(dlg.position_combo.findText(position))
    dlg.sensitivity_combo.setCurrentIndex(dlg.sensitivity_combo.findData(sensitivity))
    if text:
        qtbot.keyClicks(dlg.text_edit, text)
    for ref in refs:
        qtbot.keyClicks(dlg.ref_edit, ref)
        qtbot.keyClick(dlg.ref_edit, Qt.Key.Key_Return)
    if date is not None:
        dlg.date_check.setChecked(bool(date))
        if date:
            dlg.date_edit.setDate(QDate.fromString(date, "yyyy-MM-dd"))


def table(w: MainWindow) -> list[tuple[str, str, str]]:
    m = feature(w).panel.model
    return [tuple(str(m.index(r, c).data()) for c in range(3)) for r in range(m.rowCount())]  # type: ignore[misc]


def add(qtbot, w: MainWindow, **values) -> NationalNote:  # type: ignore[no-untyped-def]
    f = feature(w)
    dlg = f.make_dialog()
    assert dlg is not None
    fill(qtbot, dlg, **values)
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    before = {n.id for n in w.notes.national_notes()}  # type: ignore[union-attr]
    f.save(dlg)
    after = [n for n in w.notes.national_notes() if n.id not in before]  # type: ignore[union-attr]
    assert len(after) == 1
    return after[0]


def test_panel_follows_the_reader_and_explains_where_notes_go(win: MainWindow) -> None:
    f = feature(win)
    win.open_node(CHAPTER_I)
    assert f.panel.stack.currentWidget() is f.panel.empty
    assert f.panel.empty.text().startswith(
        "National notes are kept on paragraphs and subparagraphs."
    )
    assert not f.add_action.isEnabled() and not f.panel.add_button.isEnabled()
    win.open_node(P2A)
    assert f.panel.node_id == P2A
    assert f.panel.empty.text() == (
        f"No national notes on {P2A_CITATION} yet.\n\n"
        "Press Add… (Ctrl+Alt+N) to record, for a country, how far this provision is "
        "implemented, its "
        "position, and the national law or policy that implements it. Add one note per "
        "country to compare them here."
    )
    assert f.add_action.isEnabled() and f.panel.add_button.isEnabled()
    assert not f.edit_action.isEnabled() and not f.panel.delete_button.isEnabled()
    assert win.menus["notes"].menuAction().isVisible()
    texts = [a.text() for a in win.menus["notes"].actions()]
    assert "&Add National Note…" in texts and "Implementation &Dashboard…" in texts


def test_add_through_the_dialog_saves_exact_values_and_undoes(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    f = feature(win)
    win.open_node(P2A)
    dlg = f.make_dialog()
    assert dlg is not None
    assert dlg.country_combo.code == "AT"  # the default country from preferences
    assert dlg.country_combo.currentText() == "Austria (AT)"
    assert dlg.date == QDate.currentDate().toString("yyyy-MM-dd")
    assert dlg.author_label.text() == ("Recorded by Maria Huber (your name is set in Preferences).")
    dlg.deleteLater()
    note = add(
        qtbot,
        win,
        text="Covered by the **Criminal Code**",
        refs=("Criminal Code, s. 278a", "StPO, ss. 136-140"),
        date="2026-10-01",
    )
    assert (note.node_id, note.doc, note.country, note.status, note.position) == (
        P2A, "plans-of-action", "AT", "implemented", "supports",
    )  # fmt: skip
    assert note.text == "Covered by the **Criminal Code**"
    assert note.legal_refs == ("Criminal Code, s. 278a", "StPO, ss. 136-140")
    assert (note.date, note.sensitivity, note.author) == ("2026-10-01", "shareable", "Maria Huber")
    assert table(win) == [("Austria (AT)", "Implemented", "Supports")]
    assert f.panel.selected_id() == note.id
    cards = f.panel.cards.toPlainText()
    assert "Covered by the Criminal Code" in cards and "SHAREABLE" in cards
    assert "as of 2026-10-01" in cards and "Criminal Code, s. 278a" in cards
    assert win.undo_stack.undoText() == "Add national note"

    win.undo_stack.undo()
    assert win.notes.national_notes() == []  # type: ignore[union-attr]
    assert f.panel.stack.currentWidget() is f.panel.empty
    win.undo_stack.redo()
    assert win.notes.national_notes() == [note]  # type: ignore[union-attr]
    assert table(win) == [("Austria (AT)", "Implemented", "Supports")]


def test_several_countries_edit_and_delete_with_undo(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    f = feature(win)
    win.open_node(P2A)
    ng = add(qtbot, win, country="nigeria", status="In progress", position="Reservations")
    at = add(qtbot, win, text="In force since 2002.", date="")
    assert at.date == "" and ng.country == "NG"
    # sorted by country name; the title counts the countries
    assert table(win) == [
        ("Austria (AT)", "Implemented", "Supports"),
        ("Nigeria (NG)", "In progress", "Reservations"),
    ]
    assert f.panel.title.text() == f"<b>{P2A_CITATION}</b><br/>2 countries"
    cards = f.panel.cards.toPlainText()
    assert cards.index("Austria (AT)") < cards.index("Nigeria (NG)")

    # edit Nigeria: only what changed is written
    f.panel.select_note(ng.id)
    assert f.edit_action.isEnabled()
    dlg = f.make_dialog(ng.id)
    assert dlg is not None and dlg.windowTitle() == "Edit National Note"
    assert dlg.country_combo.code == "NG"
    dlg.status_combo.setCurrentText("Implemented")
    qtbot.keyClicks(dlg.ref_edit, "Proceeds of Crime Act 2022")  # typed, not yet added
    assert dlg.changes() == {"status": "implemented"}
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.changes() == {
        "status": "implemented",
        "legal_refs": ("Proceeds of Crime Act 2022",),
    }
    f.save(dlg)
    edited = win.notes.national_note(ng.id)  # type: ignore[union-attr]
    assert edited is not None
    assert (edited.status, edited.legal_refs, edited.created) == (
        "implemented", ("Proceeds of Crime Act 2022",), ng.created,
    )  # fmt: skip
    assert table(win)[1] == ("Nigeria (NG)", "Implemented", "Reservations")
    win.undo_stack.undo()
    assert win.notes.national_note(ng.id) == ng  # type: ignore[union-attr]
    win.undo_stack.redo()
    assert win.notes.national_note(ng.id) == edited  # type: ignore[union-attr]

    # delete Austria with the panel's button; undo brings back the exact note
    f.panel.select_note(at.id)
    f.panel.delete_button.click()
    assert win.notes.national_note(at.id) is None  # type: ignore[union-attr]
    assert table(win) == [("Nigeria (NG)", "Implemented", "Reservations")]
    assert win.statusBar().currentMessage() == (
        "Deleted the note of Austria (AT) — Undo brings it back."
    )
    win.undo_stack.undo()
    assert win.notes.national_note(at.id) == at  # type: ignore[union-attr]
    assert len(table(win)) == 2


def test_bad_input_is_explained_and_changes_nothing(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    f = feature(win)
    win.open_node(P2A)
    add(qtbot, win)  # Austria
    dlg = f.make_dialog()
    assert dlg is not None
    dlg.show()
    # Austria already has a note here
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted and dlg.isVisible()
    assert dlg.error_label.text() == (
        "Austria (AT) already has a note on this provision: edit that note instead, or "
        "choose another country."
    )
    fill(qtbot, dlg, country="Atlantis")
    dlg.accept()
    assert dlg.isVisible()
    assert dlg.error_label.text() == (
        "“Atlantis” is not a country in the ISO 3166-1 list: pick one from the list."
    )
    dlg.country_combo.setEditText("")
    dlg.accept()
    assert dlg.error_label.text() == "Choose the country this note is about."
    dlg.date_edit.setDate(QDate.currentDate().addDays(3))
    fill(qtbot, dlg, country="FRA")  # an alpha-3 code snaps to its entry
    assert dlg.country_combo.currentText() == "France (FR)"
    dlg.accept()
    assert dlg.error_label.text() == (
        "The “as of” date is in the future: use the date the information is from."
    )
    answer_discard("Discard")  # the typed country is discarded on the user's word
    dlg.reject()
    assert [n.country for n in win.notes.national_notes()] == ["AT"]  # type: ignore[union-attr]
    assert win.undo_stack.count() == 1


def test_add_action_opens_the_dialog_and_saves_on_save(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    f = feature(win)
    win.open_node(P2A)
    seen: list[str] = []

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, NationalNoteDialog)
        seen.append(dlg.country_combo.code)
        qtbot.keyClicks(dlg.text_edit, "Via the menu")
        dlg.accept()

    QTimer.singleShot(0, answer)
    f.add_action.trigger()
    assert seen == ["AT"]
    [note] = win.notes.national_notes()  # type: ignore[union-attr]
    assert (note.country, note.status, note.text) == ("AT", "not_started", "Via the menu")


def test_preview_renders_markdown_safely(qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = NationalNoteDialog("para. 2 (a)")
    qtbot.addWidget(dlg)
    dlg.text_edit.setPlainText("**Bold** and <script>x</script>")
    dlg.update_preview()
    html = dlg.preview.toHtml()
    assert "font-weight:700" in html and "Bold" in html
    assert dlg.preview.toPlainText() == "Bold and <script>x</script>"


def test_preferences_set_default_country_and_author(qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = PreferencesDialog("DejaVu Serif", 13, country="NG", author="A. Delegate")
    qtbot.addWidget(dlg)
    assert (dlg.default_country, dlg.author) == ("NG", "A. Delegate")
    dlg.show()
    edit = dlg.country_combo.lineEdit()
    assert edit is not None
    edit.selectAll()
    qtbot.keyClicks(edit, "Narnia")
    dlg.accept()
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.error_label.text().startswith("“Narnia” is not a country in the ISO 3166-1 list")
    dlg.country_combo.set_code("KE")
    dlg.author_edit.setText("  Wanjiru   Kamau ")
    dlg.accept()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert (dlg.default_country, dlg.author) == ("KE", "Wanjiru Kamau")
    none = PreferencesDialog("DejaVu Serif", 13)
    qtbot.addWidget(none)
    assert none.default_country == "" and none.country_combo.is_valid


def test_preferences_are_stored_in_settings(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, PreferencesDialog)
        dlg.country_combo.set_code("FR")
        dlg.author_edit.setText("Jeanne Martin")
        dlg.accept()

    QTimer.singleShot(0, answer)
    win.edit_preferences()
    assert (win.settings.default_country, win.settings.author) == ("FR", "Jeanne Martin")
    win.open_node(P2A)
    dlg = feature(win).make_dialog()
    assert dlg is not None and dlg.country_combo.code == "FR"


def test_national_note_model(qtmodeltester, notes: SqliteNotesStore) -> None:  # type: ignore[no-untyped-def]
    model = NationalNoteTableModel()
    n1 = notes.add_national_note(P2A, country="NG", status="implemented", text="x\ny")
    n2 = notes.add_national_note(P2A, country="AT", status="not applicable", date="2026-01-02")
    model.set_notes([n1, n2])
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(2)] == ["Austria (AT)", "Nigeria (NG)"]
    assert model.index(1, 5).data() == "x"
    assert model.index(0, 3).data() == "2026-01-02"
    assert model.row_of(n1.id) == 1


def test_a_refused_write_is_explained_and_leaves_nothing_to_undo(
    qtbot,  # type: ignore[no-untyped-def]
    win: MainWindow,
    notes: SqliteNotesStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    import vdesk.qt.features.national_notes as feature_module

    shown: list[str] = []
    monkeypatch.setattr(
        feature_module.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text)
    )
    f = feature(win)
    win.open_node(P2A)
    kept = add(qtbot, win)  # Austria, written

    def locked(*_a, **_k):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(notes, "add_national_note", locked)
    dlg = f.make_dialog()
    assert dlg is not None
    fill(qtbot, dlg, country="FR")
    dlg.accept()
    f.save(dlg)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown[0] == (
        "Add national note failed: the notes database could not be written (database is "
        "locked).\n\nIf another program has your notes open, close it; if the disk is full, "
        "free some space; then try again. Your notes are as they were before."
    )
    assert win.undo_stack.count() == 1 and win.undo_stack.undoText() == "Add national note"
    assert notes.national_notes() == [kept]
    assert table(win) == [("Austria (AT)", "Implemented", "Supports")]

    # undo refused: the note stays, the step leaves the stack
    monkeypatch.setattr(notes, "delete_national_note", locked)
    monkeypatch.setattr(notes, "delete_national_notes", locked)  # the desk deletes in bulk
    monkeypatch.setattr(notes, "write_if_versions", locked)  # undo writes only if unchanged
    win.undo_stack.undo()
    qtbot.waitUntil(lambda: len(shown) == 2)
    assert shown[1].startswith("Undo add national note failed: the notes database could not")
    assert notes.national_notes() == [kept] and win.undo_stack.count() == 0


def test_notes_on_the_enclosing_paragraph_are_named_with_a_link(
    qtbot,  # type: ignore[no-untyped-def]
    win: MainWindow,
    notes: SqliteNotesStore,
) -> None:
    p2 = "plans-of-action/annex/chp_I/sec_A/para_2"
    notes.add_national_note(p2, country="NG", status="in progress")
    notes.add_national_note(p2, country="AT", status="implemented")
    f = feature(win)
    win.open_node(P2A)
    assert f.panel.covered.isVisible()
    assert f.panel.covered.text() == (
        f'Notes on <a href="{p2}">para. 2</a> also cover this provision: '
        "Austria (AT) — Implemented; Nigeria (NG) — In progress."
    )
    assert f.panel.stack.currentWidget() is f.panel.empty  # none on (a) itself
    f.panel.covered.linkActivated.emit(p2)
    assert win.current_node == p2
    assert f.panel.covered.isHidden()
    assert [r[0] for r in table(win)] == ["Austria (AT)", "Nigeria (NG)"]
    # on the paragraph, its subparagraphs' notes are named, each with a link
    notes.add_national_note(P2A, country="FR", status="not started")
    notes.add_national_note(f"{p2}/subpara_c", country="FR", status="implemented")
    win.open_node(P2A)
    win.open_node(p2)
    assert f.panel.covered.text() == (
        f'Notes on its subparagraphs — <a href="{P2A}">para. 2 (a)</a>: France (FR) — Not '
        f'started · <a href="{p2}/subpara_c">para. 2 (c)</a>: France (FR) — Implemented.'
    )
    f.panel.covered.linkActivated.emit(f"{p2}/subpara_c")
    assert win.current_node == f"{p2}/subpara_c"


def test_keys_and_reader_menu(qtbot, win: MainWindow, notes: SqliteNotesStore) -> None:  # type: ignore[no-untyped-def]
    f = feature(win)
    assert f.add_action in win.reader.context_actions
    win.open_node(P2A)
    n = notes.add_national_note(P2A, country="AT", status="implemented")
    f.panel.select_note(n.id)
    f.panel.view.setFocus()
    qtbot.keyClick(f.panel.view, Qt.Key.Key_Delete)
    assert notes.national_notes() == []
    win.undo_stack.undo()
    assert notes.national_notes() == [n]


def test_enter_in_the_reference_field_adds_it_and_does_not_save(qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = NationalNoteDialog("para. 2 (a)", default_country="AT")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.ref_edit, "Act 1")
    qtbot.keyClick(dlg.ref_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dlg.ref_edit, "Act 1")  # the same again is not added twice
    qtbot.keyClick(dlg.ref_edit, Qt.Key.Key_Enter)
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.references == ("Act 1",) and dlg.ref_edit.text() == ""
    dlg.refs_list.setCurrentRow(0)
    dlg.remove_ref_button.click()
    assert dlg.references == ()


def test_country_combo_finds_countries_by_any_part(qtbot) -> None:  # type: ignore[no-untyped-def]
    from vdesk.qt.widgets.country_combo import CountryCombo

    combo = CountryCombo(allow_none="None")
    qtbot.addWidget(combo)
    assert combo.count() == 250  # "None" and the 249 ISO 3166-1 countries
    assert combo.code == "" and combo.is_valid
    completer = combo.completer()
    assert completer is not None
    completer.setCompletionPrefix("korea")
    found = [completer.completionModel().index(i, 0).data() for i in range(2)]
    assert found == [
        "Korea, Democratic People's Republic of (KP)",
        "Korea, Republic of (KR)",
    ]
    for typed, code in (("KOR", "KR"), ("fr", "FR"), ("côte d'ivoire", "CI"), ("Atlantis", "")):
        combo.setEditText(typed)
        assert combo.code == code
        assert combo.is_valid == bool(code)
    combo.set_code("NG")
    assert combo.currentText() == "Nigeria (NG)"


def test_adding_from_the_menu_shows_the_closed_panel(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    f = feature(win)
    win.open_node(P2A)
    f.dock.hide()

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, NationalNoteDialog)
        dlg.accept()

    QTimer.singleShot(0, answer)
    f.add_action.trigger()
    assert f.dock.isVisible()
    assert table(win) == [("Austria (AT)", "Not started", "No position")]


def test_without_a_notes_store_the_panel_says_so(qtbot, paths, corpus_repo, searcher) -> None:  # type: ignore[no-untyped-def]
    w = main_window_on(paths, Settings(paths.settings_file), corpus_repo, searcher)
    qtbot.addWidget(w)
    w.show()
    f = feature(w)
    w.open_node(P2A)
    assert f.panel.empty.text() == (
        "Your notes database is not open, so national notes cannot be shown or added."
    )
    assert not f.add_action.isEnabled() and not f.dashboard_action.isEnabled()
    assert w.search_panel is not None and not w.search_panel.own_check.isEnabled()
    w.close()


def test_panel_follows_changes_on_enclosing_and_inner_provisions(
    qtbot,  # type: ignore[no-untyped-def]
    win: MainWindow,
    notes: SqliteNotesStore,
) -> None:
    f = feature(win)
    win.open_node(P2A)
    assert f.panel.covered.isHidden()
    n = notes.add_national_note(
        "plans-of-action/annex/chp_I/sec_A/para_2", country="KE", status="implemented"
    )  # made elsewhere (an import, another panel): the panel shows it at once
    assert f.panel.covered.text().endswith("also cover this provision: Kenya (KE) — Implemented.")
    notes.delete_national_note(n.id)
    assert f.panel.covered.isHidden()


# --- saving keeps what was typed -------------------------------------------------------


def _in_dialog(act) -> list[str]:  # type: ignore[no-untyped-def]
    """Run ``act`` on the national note dialog once it is on screen."""
    failed: list[str] = []

    def run() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, NationalNoteDialog):
            QTimer.singleShot(10, run)
            return
        try:
            act(dlg)
        except AssertionError as exc:
            failed.append(str(exc))
            dlg.done(0)

    QTimer.singleShot(0, run)
    return failed


def test_a_locked_database_keeps_the_dialog_open_with_the_text(
    qtbot,  # type: ignore[no-untyped-def]
    win: MainWindow,
    notes: SqliteNotesStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    def full(*_a, **_k):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    real = notes.add_national_note
    monkeypatch.setattr(notes, "add_national_note", full)
    win.open_node(P2A)
    seen: list[tuple[bool, str, str]] = []

    def act(dlg: NationalNoteDialog) -> None:
        fill(qtbot, dlg, text="Covered by the Criminal Code")
        dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        seen.append((dlg.isVisible(), dlg.error_label.text(), dlg.text_edit.toPlainText()))
        monkeypatch.setattr(notes, "add_national_note", real)
        dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    failed = _in_dialog(act)
    feature(win).add_action.trigger()
    assert failed == []
    assert seen == [
        (
            True,
            "Not saved: the disk is full: free some space, then save again. "
            "Your text is still here.",
            "Covered by the Criminal Code",
        )
    ]
    [note] = notes.national_notes()
    assert (note.country, note.text) == ("AT", "Covered by the Criminal Code")


def test_escape_and_the_close_button_ask_before_discarding_typed_text(
    qtbot,  # type: ignore[no-untyped-def]
    win: MainWindow,
    notes: SqliteNotesStore,
) -> None:
    """The defect: Escape discarded typed text without asking."""
    win.open_node(P2A)
    asked: list[str] = []
    kept: list[tuple[bool, str]] = []

    def act(dlg: NationalNoteDialog) -> None:
        qtbot.keyClicks(dlg.text_edit, "Draft law")
        answer_discard("Keep editing", asked)
        qtbot.keyClick(dlg.text_edit, Qt.Key.Key_Escape)
        kept.append((dlg.isVisible(), dlg.text_edit.toPlainText()))
        answer_discard("Keep editing", asked)
        dlg.close()  # the window's close button
        kept.append((dlg.isVisible(), dlg.text_edit.toPlainText()))
        answer_discard("Discard", asked)
        qtbot.keyClick(dlg.text_edit, Qt.Key.Key_Escape)

    failed = _in_dialog(act)
    feature(win).add_action.trigger()
    assert failed == []
    assert len(asked) == 3 and set(asked) == {
        "Discard your changes? What you typed in this dialog has not been saved."
    }
    assert kept == [(True, "Draft law"), (True, "Draft law")]
    assert notes.national_notes() == [] and win.undo_stack.count() == 0

    closed: list[bool] = []

    def untouched(dlg: NationalNoteDialog) -> None:
        qtbot.keyClick(dlg.text_edit, Qt.Key.Key_Escape)
        closed.append(not dlg.isVisible())

    failed = _in_dialog(untouched)
    feature(win).add_action.trigger()
    assert failed == [] and closed == [True]

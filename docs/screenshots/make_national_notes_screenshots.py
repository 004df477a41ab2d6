"""Regenerate the national notes screenshots: the panel with two countries, the note
dialog, the implementation dashboard with data and empty, search with own-work hits.

Run under a virtual display so fonts and styles are those of a desktop:
    xvfb-run -s "-screen 0 1280x800x24" python docs/screenshots/make_national_notes_screenshots.py
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QDate
from shots import open_session

from vdesk.domain.notes import Anchor
from vdesk.qt.settings import Settings
from vdesk.store.notes.sqlite import SqliteNotesStore

POA = "plans-of-action/annex"
P2A = f"{POA}/chp_I/sec_A/para_2/subpara_a"


def sample_notes(notes: SqliteNotesStore) -> None:
    """Austria and Nigeria on ¶2 (a), and Austria's status across several chapters."""
    notes.add_national_note(
        P2A,
        country="AT",
        status="implemented",
        position="supports",
        text=(
            "Covered by the **Criminal Code**, s. 278a (criminal organization), and the "
            "Code of Criminal Procedure:\n\n- special investigative techniques\n"
            "- witness protection"
        ),
        legal_refs=("Criminal Code (StGB), s. 278a", "Code of Criminal Procedure, ss. 136-140"),
        date="2026-10-01",
        sensitivity="shareable",
        author="Maria Huber",
    )
    notes.add_national_note(
        P2A,
        country="NG",
        status="in_progress",
        position="reservations",
        text="Draft bill before the National Assembly; *reservations* on the scope of sanctions.",
        legal_refs=("Proceeds of Crime (Recovery and Management) Bill 2025",),
        date="2026-09-15",
        sensitivity="confidential",
        author="Maria Huber",
    )
    statuses = {
        f"{POA}/chp_I/sec_A/para_3": "in_progress",
        f"{POA}/chp_I/sec_B/para_4": "not_applicable",
        f"{POA}/chp_II/sec_A/para_6": "implemented",
        f"{POA}/chp_II/sec_A/para_7": "in_progress",
        f"{POA}/chp_II/sec_A/para_8/subpara_a": "implemented",
        f"{POA}/chp_III/sec_A/para_11": "implemented",
        f"{POA}/chp_IV/sec_A/para_14": "not_started",
        f"{POA}/chp_VI/sec_A/para_20": "implemented",
        f"{POA}/chp_IX/sec_B/para_30": "not_applicable",
        f"{POA}/chp_XI/sec_A/para_35": "in_progress",
        f"{POA}/chp_XV/sec_A/para_47": "not_started",
    }
    for node, status in statuses.items():
        notes.add_national_note(node, country="AT", status=status, author="Maria Huber")
    notes.add_annotation(
        Anchor(f"{POA}/chp_IX/sec_A/para_29"),
        comment="Compare with our **witness protection** programme (2019 evaluation).",
        author="Maria Huber",
    )


def main() -> int:
    def configure(settings: Settings) -> None:
        settings.default_country = "AT"
        settings.author = "Maria Huber"

    session = open_session(configure=configure)
    window, notes = session.window, session.notes
    fresh = notes.count() == (0, 0)
    feature = window.national_notes
    if fresh:  # the dashboard before the first note: how to start
        feature.show_dashboard()
        assert feature.dashboard is not None
        feature.dashboard.resize(1180, 760)
        session.save("implementation-dashboard-empty", feature.dashboard)
        feature.dashboard.close()
        sample_notes(notes)

    window.open_node(P2A)
    session.save("national-notes-panel")

    window.open_node(f"{POA}/chp_I/sec_A/para_2/subpara_b")
    dlg = feature.make_dialog()
    assert dlg is not None
    dlg.text_edit.setPlainText(
        "Partly covered: capacity-building programme of the **Federal Ministry of Justice** "
        "since 2024.\n\n- training of prosecutors\n- regional cooperation"
    )
    dlg.status_combo.setCurrentIndex(dlg.status_combo.findData("in_progress"))
    dlg.position_combo.setCurrentIndex(dlg.position_combo.findData("supports"))
    dlg.date_edit.setDate(QDate(2026, 11, 2))
    dlg.ref_edit.setText("Federal Ministry of Justice, training decree 2024")
    dlg.add_reference()
    dlg.update_preview()
    dlg.show()
    session.save("national-note-dialog", dlg)
    dlg.reject()

    feature.show_dashboard()
    dash = feature.dashboard
    assert dash is not None
    dash.resize(1180, 760)
    dash.show_actions(f"{POA}/chp_II", "national", "in_progress")
    session.save("implementation-dashboard", dash)
    dash.close()

    window.open_node(P2A)
    window.show_search()
    panel = window.search_panel
    assert panel is not None
    panel.own_check.setChecked(True)
    panel.query_edit.setText("witness protection")
    panel.run_search()
    session.save("search-with-my-notes")
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

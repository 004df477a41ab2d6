"""Regenerate the national notes screenshots: the panel with two countries, the note
dialog, the implementation dashboard with data and empty, search with own-work hits.

Run under a virtual display so fonts and styles are those of a desktop:
    xvfb-run -s "-screen 0 1280x800x24" python docs/screenshots/make_national_notes_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QWidget

from vdesk.corpus.build import ensure_corpus
from vdesk.notes.model import Anchor
from vdesk.notes.repo import NotesRepo
from vdesk.paths import AppPaths
from vdesk.qt.app import make_application, open_main_window
from vdesk.qt.settings import Settings

OUT = Path(__file__).resolve().parent
POA = "plans-of-action/annex"
P2A = f"{POA}/chp_I/sec_A/para_2/subpara_a"


def settle(app: QApplication, rounds: int = 8) -> None:
    for _ in range(rounds):
        app.processEvents()


def sample_notes(notes: NotesRepo) -> None:
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


def save(widget: QWidget, name: str, shots: list[str]) -> None:
    widget.grab().save(str(OUT / f"{name}.png"))
    shots.append(name)


def main() -> int:
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "home"
    paths = AppPaths.resolve(base)
    paths.ensure()
    app = make_application(sys.argv[:1])
    ensure_corpus(paths)
    settings = Settings(paths.settings_file)
    settings.default_country = "AT"
    settings.author = "Maria Huber"
    window, repo, searcher = open_main_window(paths, settings)
    notes = NotesRepo.open(paths)
    fresh = notes.count() == (0, 0)
    window.attach_notes(notes)
    window.resize(1280, 800)
    window.move(0, 0)
    window.show()
    shots: list[str] = []
    feature = window.national_notes
    if fresh:  # the dashboard before the first note: how to start
        feature.show_dashboard()
        assert feature.dashboard is not None
        feature.dashboard.resize(1180, 760)
        settle(app)
        save(feature.dashboard, "implementation-dashboard-empty", shots)
        feature.dashboard.close()
        sample_notes(notes)

    window.open_node(P2A)
    settle(app)
    save(window, "national-notes-panel", shots)

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
    settle(app)
    save(dlg, "national-note-dialog", shots)
    dlg.reject()

    feature.show_dashboard()
    dash = feature.dashboard
    assert dash is not None
    dash.resize(1180, 760)
    dash.show_actions(f"{POA}/chp_II", "national", "in_progress")
    settle(app)
    save(dash, "implementation-dashboard", shots)
    dash.close()

    window.open_node(P2A)
    window.show_search()
    panel = window.search_panel
    assert panel is not None
    panel.own_check.setChecked(True)
    panel.query_edit.setText("witness protection")
    panel.run_search()
    settle(app)
    save(window, "search-with-my-notes", shots)

    window.close()
    notes.close()
    searcher.close()
    repo.close()
    print("\n".join(str(OUT / f"{n}.png") for n in shots))
    return 0


if __name__ == "__main__":
    sys.exit(main())

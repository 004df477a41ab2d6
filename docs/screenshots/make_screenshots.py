"""Regenerate the README screenshots: the real window at 1280x800, in four states.

Run under a virtual display so fonts and styles are those of a desktop:
    xvfb-run -s "-screen 0 1280x800x24" python docs/screenshots/make_screenshots.py [BASEDIR]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from vdesk.corpus.build import ensure_corpus
from vdesk.notes.repo import NotesRepo
from vdesk.paths import AppPaths
from vdesk.qt.app import make_application, open_main_window
from vdesk.qt.settings import Settings

OUT = Path(__file__).resolve().parent


def settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> int:
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "home"
    paths = AppPaths.resolve(base)
    paths.ensure()
    app = make_application(sys.argv[:1])
    ensure_corpus(paths)
    settings = Settings(paths.settings_file)
    window, repo, searcher = open_main_window(paths, settings)
    notes = NotesRepo.open(paths)  # an empty store, as on a first start
    window.attach_notes(notes)
    window.resize(1280, 800)
    window.move(0, 0)
    window.restore_state()
    window.show()
    settle(app)
    shots = []

    def shot(name: str) -> None:
        settle(app)
        window.grab().save(str(OUT / f"{name}.png"))
        shots.append(name)

    shot("1-first-start")
    window.open_node("plans-of-action/annex/chp_I/para_1")
    shot("2-plans-of-action-section")
    window.open_node("vienna-declaration/annex/para_7")
    shot("3-vienna-declaration-implemented-by")
    window.show_search()
    window.search_panel.query_edit.setText('"trafficking in persons"')
    window.search_panel.run_search()
    window.search_panel.open_row(0)
    shot("4-search-results")
    window.close()
    searcher.close()
    repo.close()
    notes.close()
    print("\n".join(str(OUT / f"{n}.png") for n in shots))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A later start: snapshot painted, then the corpus (page, tree and search live, no
SQLAlchemy yet), then on the next turn of the event loop the notes store."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import shutil, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from vdesk.paths import AppPaths
    from vdesk.qt.app import make_application, run_gui

    src, base = AppPaths.resolve(sys.argv[1]), AppPaths.resolve(sys.argv[2])
    base.ensure()
    if not base.corpus_dir.exists():
        shutil.copytree(src.corpus_dir, base.corpus_dir)
    make_application(sys.argv[:1])

    def window():
        app = QApplication.instance()
        return next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")

    def state(stage):
        w = window()
        print(stage, w.is_attached, w.search_panel is not None, w.notes is not None,
              w.current_node, "sqlalchemy" in sys.modules, flush=True)

    def first_paint():
        w = window()
        state("SHOWN")
        w.attached.connect(lambda: QTimer.singleShot(0, lambda: state("CORPUS")))
        w.notes_attached.connect(lambda: state("NOTES"))
        w.notes_attached.connect(lambda: QTimer.singleShot(0, w.close))
        if w.notes is not None:  # a first start attaches everything before showing
            QTimer.singleShot(0, w.close)

    QTimer.singleShot(0, first_paint)
    sys.exit(run_gui(base, []))
    """
)


def test_the_notes_store_comes_after_the_corpus(built_paths, tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("VDESK_HOME", None)

    def start() -> list[str]:
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(built_paths.cache_dir.parent), str(tmp_path / "h")],
            capture_output=True,
            text=True,
            timeout=90,
            env=env,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.splitlines()

    assert start() == ["SHOWN True True True vienna-declaration True"]  # first start
    assert start() == [
        "SHOWN False False False None False",  # the snapshot, before anything is open
        "CORPUS True True False vienna-declaration False",  # page and search: no SQLAlchemy
        "NOTES True True True vienna-declaration True",
    ]

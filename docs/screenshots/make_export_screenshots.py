"""Screenshots of exporting and sharing notes: the export dialog with its preview, the
summary of an import with a conflict, and the example delegation brief as a reader
receives it (rendered with html_page, as the preview and ``--html`` render it).

The notes are those of ``docs/examples/make_examples.sh``, entered through the CLI
into a throw-away base directory. Run under a virtual display:
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/make_export_screenshots.py
"""

from __future__ import annotations

import json
import shlex
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QDialog
from shots import settle

from vdesk.cli.main import main as cli
from vdesk.export.render import html_page
from vdesk.paths import AppPaths
from vdesk.qt.app import make_application, open_main_window
from vdesk.qt.dialogs.bundle import ImportSummaryDialog
from vdesk.qt.dialogs.export import PreviewBrowser
from vdesk.qt.features.export import ExportFeature
from vdesk.qt.settings import Settings
from vdesk.store.notes.contract import AnnotationFilter
from vdesk.store.notes.sqlite import SqliteNotesStore

OUT = Path(__file__).resolve().parent
EXAMPLES = OUT.parent / "examples"


def notes_from_the_examples(home: Path) -> None:
    """The notes ``make_examples.sh`` enters, entered the same way."""
    script = (EXAMPLES / "make_examples.sh").read_text(encoding="utf-8")
    joined = script.replace("\\\n", " ")
    for line in joined.splitlines():
        line = line.strip()
        wanted = line.startswith(("v note ", "v annotate ", "v build"))
        if wanted and cli(["--basedir", str(home), *shlex.split(line)[1:]]) != 0:
            raise SystemExit(f"failed: {line}")


def main() -> int:
    home = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "home"
    app = make_application(sys.argv[:1])
    notes_from_the_examples(home)
    paths = AppPaths.resolve(home)
    settings = Settings(paths.settings_file)
    settings.author = "Permanent Mission of Austria, Vienna"
    window, repo, searcher = open_main_window(paths, settings)
    notes = SqliteNotesStore.open(paths)
    window.attach_notes(notes)
    window.resize(1280, 800)
    window.show()
    window.open_node("plans-of-action/annex/chp_I/sec_A/para_2/subpara_c")
    settle(app)
    feature = window.findChild(ExportFeature)
    assert feature is not None
    shots: list[Path] = []

    # 1. the export dialog with its preview: the delegation brief of chapter I
    dlg = feature.make_export_dialog()
    dlg.preset_combo.setCurrentIndex(dlg.preset_combo.findData("delegation-brief"))
    dlg.select_scope("chapter")
    dlg.confidential_check.setChecked(True)  # off by default: shown here for its warning
    dlg.resize(1240, 800)
    dlg.show()
    loop = QEventLoop()
    dlg.preview_updated.connect(loop.quit)
    QTimer.singleShot(20000, loop.quit)
    loop.exec()
    settle(app)
    shots.append(OUT / "5-export-dialog.png")
    dlg.grab().save(str(shots[-1]))
    dlg.close()

    # 2. the summary of an import in which both sides edited the same annotation
    bundle = Path(tempfile.mkdtemp()) / "colleague.json"
    assert cli(["--basedir", str(home), "notes", "export", str(bundle), "--include-personal"]) == 0
    first = notes.filter_annotations(AnnotationFilter(), limit=None)[0]
    notes.update_annotation(first.id, comment="Our own wording, agreed with the capital.")
    data = json.loads(bundle.read_text(encoding="utf-8"))
    for a in data["annotations"]:
        if a["id"] == first.id:
            a["comment"] = "Colleague: use the wording of the 2019 resolution instead."
            later = datetime.now(UTC) + timedelta(hours=1)  # the colleague edited later
            a["modified"] = later.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    data["annotations"].append(
        {**data["annotations"][-1], "id": "0b6c2a1e-5f1d-4a7e-9c35-2d8f0e6b7a11",
         "comment": "New from a colleague.", "modified": "2026-11-20T08:00:00.000000Z"}
    )  # fmt: skip
    bundle.write_text(json.dumps(data), encoding="utf-8")
    shown: list[Path] = []

    def capture(self: ImportSummaryDialog) -> int:
        self.show()
        settle(app)
        shots.append(OUT / "6-import-summary.png")
        self.grab().save(str(shots[-1]))
        shown.append(shots[-1])
        return QDialog.DialogCode.Rejected

    ImportSummaryDialog.exec = capture  # type: ignore[method-assign,assignment]
    feature.import_bundle(bundle)
    while not shown:
        app.processEvents()

    # 3. the example delegation brief as its reader sees it
    brief = PreviewBrowser()
    brief.show_page(html_page((EXAMPLES / "delegation-brief.md").read_text(encoding="utf-8")))
    brief.resize(900, 1000)
    brief.show()
    settle(app)
    shots.append(OUT / "7-delegation-brief.png")
    brief.grab().save(str(shots[-1]))

    window.close()
    notes.close()
    searcher.close()
    repo.close()
    print("\n".join(str(s) for s in shots))
    return 0


if __name__ == "__main__":
    sys.exit(main())

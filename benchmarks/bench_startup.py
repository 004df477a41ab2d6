"""Budgets: a later start, against a bare PySide6 window measured in the same run.

(a) bare: a QMainWindow with a QTreeView and a QTextBrowser showing a page of
    text, shown and painted;
(b) shown: vdesk's window with the tree and the first page painted
    (budget <= 2x bare);
(c) every action available: the corpus, the search index and the notes store
    attached, and the first search typed in the search box answered (budget <=
    3.5x bare). The first search is reported on its own too, as soon as the
    search box is there (the notes store may come after it): "victims" typed key
    by key, the search run (what the debounce timer does after the last key) and
    the result list painted.

Each is a fresh process timed from launch until the child reports the stage;
the runs are interleaved (bare, vdesk, bare, vdesk, ...) so that the load of the
machine falls on both alike, and medians are compared. vdesk runs ``run_gui`` on
a base directory whose corpus is built and whose notes store holds
``ANNOTATIONS`` annotations and ``NATIONAL_NOTES`` national notes (a later start;
the first start adds the corpus build, reported by bench_build.py). The children
also report what depends less on the load: their CPU time (median, and its
ratio to the bare window's), modules imported at each stage and the peak
resident set (VmHWM).

vdesk's modules are byte-compiled first, as they are in an installed package (pip
compiles them at install, the frozen bundle holds them): the bare window's
libraries are, and with ``PYTHONDONTWRITEBYTECODE`` set (or a read-only source
tree) a run from the source tree would otherwise compile ~60 modules at every
start (~85 ms), a cost no installed vdesk has.

``entry`` (reported, not a budget) is the same window shown through the
installed ``vdesk`` command's entry point (``vdesk.__main__.main``), which only
dispatches: without a command it starts the window and imports no command-line code.

    python benchmarks/bench_startup.py [--runs N] [--no-entry]
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

SHOWN_BUDGET = 2.0
READY_BUDGET = 3.5
ANNOTATIONS = 400
NATIONAL_NOTES = 100
FIRST_QUERY = "victims"

_PROBE = textwrap.dedent(
    """
    import re, sys, time

    def probe(stage):
        status = open("/proc/self/status").read()
        hwm = int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1))
        print(f"{stage} {len(sys.modules)} {hwm} {time.process_time()}", flush=True)
    """
)

BASELINE = _PROBE + textwrap.dedent(
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QTextBrowser, QTreeView

    app = QApplication(sys.argv)
    win = QMainWindow()
    split = QSplitter()
    tree = QTreeView()
    model = QStandardItemModel()
    for i in range(5):
        doc = QStandardItem(f"Document {i}")
        for j in range(20):
            doc.appendRow(QStandardItem(f"{j + 1} Paragraph text of the provision"))
        model.appendRow(doc)
    tree.setModel(model)
    browser = QTextBrowser()
    browser.setHtml("".join(f"<p>{n}. " + "We reaffirm the goals of the United Nations. " * 8 + "</p>"
                            for n in range(1, 30)))
    split.addWidget(tree)
    split.addWidget(browser)
    win.setCentralWidget(split)
    win.resize(1280, 800)
    win.show()

    def ready():
        browser.viewport().repaint()
        probe("SHOWN")
        win.close()

    QTimer.singleShot(0, ready)
    sys.exit(app.exec())
    """
)

#: Installs the probes on the first turn of the event loop; ``start()`` runs the app.
_VDESK_PROBES = textwrap.dedent(
    """
    import time
    from PySide6.QtCore import QEvent, QTimer, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    QUERY = sys.argv[2]
    deadline = time.monotonic() + 60

    def main_window():
        app = QApplication.instance()
        return next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")

    def shown():
        win = main_window()
        if not win.isVisible() or not win.reader.toPlainText() or not win.tree.view.model():
            print("NOT-READY", flush=True)
            QApplication.instance().quit()
            return
        win.reader.viewport().repaint()
        win.tree.view.viewport().repaint()
        probe("SHOWN")
        QTimer.singleShot(0, lambda: waiting(first_search))

    def waiting(ready):  # poll for ready() (True: the stage is reached) on later turns
        def poll():
            if ready():
                return
            if time.monotonic() > deadline:
                print("NOT-READY", flush=True)
                QApplication.instance().quit()
                return
            QTimer.singleShot(1, poll)
        poll()

    def first_search():
        win = main_window()
        if not (win.is_attached and win.search_panel is not None):
            return False
        win.show_search()
        panel = win.search_panel
        for ch in QUERY:
            key = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(panel.query_edit, key)
        panel.run_search()  # what the debounce timer does after the last key
        panel.results.viewport().repaint()
        if panel.model.rowCount() == 0:
            print("NOT-READY", flush=True)
            QApplication.instance().quit()
            return True
        probe("KEY")
        QTimer.singleShot(0, lambda: waiting(every_action))
        return True

    def every_action():
        win = main_window()
        if win.notes is None:
            return False
        win.reader.viewport().repaint()
        probe("READY")
        win.close()
    """
)

VDESK = (
    _PROBE
    + _VDESK_PROBES
    + textwrap.dedent(
        """
        from vdesk.paths import AppPaths
        from vdesk.qt.app import make_application, run_gui

        make_application(sys.argv[:1])
        QTimer.singleShot(0, shown)
        sys.exit(run_gui(AppPaths.resolve(sys.argv[1]), []))
        """
    )
)

#: The installed command's way in: the dispatcher, then the window.
ENTRY = (
    _PROBE
    + textwrap.dedent(
        """
        import vdesk.__main__ as entry  # what the installed command runs first
        import vdesk.qt.app as qt_app

        _make = qt_app.make_application

        def make_application(argv):
            app = _make(argv)
            QTimer.singleShot(0, shown)
            return app

        qt_app.make_application = make_application
        """
    )
    + _VDESK_PROBES
    + "\nsys.exit(entry.main(['--basedir', sys.argv[1]]))\n"
)


class Run:
    """What one child reported: seconds since launch, modules, VmHWM and the
    child's CPU seconds per stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.modules: dict[str, int] = {}
        self.hwm_kib: dict[str, int] = {}


def run_child(code: str, *args: str) -> Run:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stdout is not None
    run = Run()
    for line in proc.stdout:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "NOT-READY":
            proc.kill()
            raise RuntimeError("the child did not reach every stage")
        if parts[0] in ("SHOWN", "KEY", "READY") and len(parts) == 4:
            run.seconds[parts[0]] = time.perf_counter() - started
            run.modules[parts[0]] = int(parts[1])
            run.hwm_kib[parts[0]] = int(parts[2])
            run.cpu[parts[0]] = float(parts[3])
    if proc.wait(timeout=60) != 0 or "SHOWN" not in run.seconds:
        raise RuntimeError("the child did not report a painted window")
    return run


def compile_bytecode(package_dir: Path) -> bool:
    """Byte-compile a package's modules as an install does (skipped when up to date)."""
    return bool(compileall.compile_dir(str(package_dir), quiet=1))


def prepare(base: Path) -> None:
    """A built corpus and a notes store with a realistic amount of the user's work."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_notes import _fill

    import vdesk
    from vdesk.corpus.build import ensure_corpus
    from vdesk.paths import AppPaths
    from vdesk.store.corpus_db import CorpusRepo
    from vdesk.store.notes.sqlite import SqliteNotesStore

    if not compile_bytecode(Path(vdesk.__file__).parent):
        raise RuntimeError("vdesk's modules could not be byte-compiled")
    paths = AppPaths.resolve(base)
    paths.ensure()
    ensure_corpus(paths)
    corpus = CorpusRepo(paths.corpus_db)
    notes = SqliteNotesStore.open(paths)
    _fill(notes, corpus, random.Random(7), ANNOTATIONS, NATIONAL_NOTES)
    notes.close()
    corpus.close()


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:6.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-entry", action="store_true", help="skip the entry-point runs")
    args = parser.parse_args()
    os.environ.setdefault(
        "QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb"
    )
    base = Path(tempfile.mkdtemp(prefix="vdesk-bench-")) / "home"
    prepare(base)
    kinds = {"bare": (BASELINE,), "vdesk": (VDESK, str(base), FIRST_QUERY)}
    if not args.no_entry:
        kinds["entry"] = (ENTRY, str(base), FIRST_QUERY)
    # one warm-up each: the libraries come from the page cache, the first vdesk
    # start writes the snapshot of its last page that the later starts paint first
    for code in kinds.values():
        run_child(*code)
    runs: dict[str, list[Run]] = {k: [] for k in kinds}
    for _ in range(args.runs):
        for kind, code in kinds.items():
            runs[kind].append(run_child(*code))

    def seconds(kind: str, stage: str) -> list[float]:
        return [r.seconds[stage] for r in runs[kind]]

    bare = statistics.median(seconds("bare", "SHOWN"))
    shown = statistics.median(seconds("vdesk", "SHOWN"))
    ready = statistics.median(seconds("vdesk", "READY"))
    last = {k: v[-1] for k, v in runs.items()}
    print(
        f"platform: {os.environ['QT_QPA_PLATFORM']}, runs: {args.runs} each, interleaved "
        f"(medians); notes store: {ANNOTATIONS} annotations, {NATIONAL_NOTES} national notes; "
        "vdesk byte-compiled as installed"
    )
    print(f"{'':55s}    wall  ratio      CPU  ratio modules   VmHWM")

    bare_cpu = statistics.median(r.cpu["SHOWN"] for r in runs["bare"])

    def line(label: str, kind: str, stage: str, value: float) -> None:
        r = last[kind]
        cpu = statistics.median(x.cpu[stage] for x in runs[kind])
        print(
            f"{label:55s} {value * 1000:6.0f} ms {value / bare:5.2f}x "
            f"{cpu * 1000:6.0f} ms {cpu / bare_cpu:5.2f}x "
            f"{r.modules[stage]:6d} {r.hwm_kib[stage] / 1024:6.1f} MiB"
        )

    line("(a) bare PySide6 window (tree + text browser)", "bare", "SHOWN", bare)
    line("(b) vdesk window shown (tree + last page painted)", "vdesk", "SHOWN", shown)
    key = statistics.median(seconds("vdesk", "KEY"))
    line(f"    first search ({FIRST_QUERY!r} typed) answered", "vdesk", "KEY", key)
    line("(c) every action: that and the notes store attached", "vdesk", "READY", ready)
    if "entry" in runs:
        entry = statistics.median(seconds("entry", "SHOWN"))
        line("    (b) through the vdesk command (vdesk.cli.main)", "entry", "SHOWN", entry)
        entry_key = statistics.median(seconds("entry", "KEY"))
        line("    first search through the vdesk command", "entry", "KEY", entry_key)
        entry_ready = statistics.median(seconds("entry", "READY"))
        line("    (c) through the vdesk command (vdesk.cli.main)", "entry", "READY", entry_ready)
    ok_shown = shown / bare <= SHOWN_BUDGET
    ok_ready = ready / bare <= READY_BUDGET
    print(
        f"shown/bare {shown / bare:.2f} (budget <= {SHOWN_BUDGET:.2f}) -> "
        f"{'OK' if ok_shown else 'OVER BUDGET'}; every action/bare {ready / bare:.2f} "
        f"(budget <= {READY_BUDGET:.2f}) -> {'OK' if ok_ready else 'OVER BUDGET'}"
    )
    return 0 if ok_shown and ok_ready else 1


if __name__ == "__main__":
    sys.exit(main())

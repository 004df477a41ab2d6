"""Budget: cold start to window shown (tree + first page rendered) <= 3x a bare PySide6 window.

Both are measured in the same run, as fresh processes, from launch until the
child reports that its window is exposed and painted: the baseline is a
QMainWindow with a QTreeView and a QTextBrowser showing a page of text; vdesk
is ``run_gui`` on a base directory whose corpus is already built (a later start;
the first start adds the corpus build, reported by bench_build.py).

    python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

BASELINE = textwrap.dedent(
    """
    import sys
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
        print("READY", flush=True)
        win.close()

    QTimer.singleShot(0, ready)
    sys.exit(app.exec())
    """
)

VDESK = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from vdesk.paths import AppPaths
    from vdesk.qt.app import make_application, run_gui

    make_application(sys.argv[:1])

    def main_window():
        app = QApplication.instance()
        return next(w for w in app.topLevelWidgets() if w.objectName() == "mainWindow")

    def ready():
        win = main_window()
        if not win.isVisible() or not win.reader.toPlainText() or not win.tree.view.model():
            print("NOT-READY", flush=True)
            QApplication.instance().quit()
            return
        win.reader.viewport().repaint()
        win.tree.view.viewport().repaint()
        print("READY", flush=True)
        QTimer.singleShot(0, attached)

    def attached():
        win = main_window()
        if not win.is_attached:
            QTimer.singleShot(2, attached)
            return
        win.reader.viewport().repaint()
        print("ATTACHED", flush=True)
        win.close()

    QTimer.singleShot(0, ready)
    sys.exit(run_gui(AppPaths.resolve(sys.argv[1]), []))
    """
)


def time_child(code: str, *args: str) -> tuple[float, float]:
    """Seconds from launch until the child prints READY (and ATTACHED, if it does)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stdout is not None
    ready = 0.0
    for line in proc.stdout:
        if line.strip() == "READY":
            ready = time.perf_counter() - started
        elif line.strip() == "ATTACHED":
            attached = time.perf_counter() - started
            proc.wait(timeout=60)
            return ready, attached
        elif line.strip() == "NOT-READY":
            break
    if ready and proc.wait(timeout=60) == 0:
        return ready, ready
    proc.kill()
    raise RuntimeError("the child did not report a ready window")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault(
        "QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb"
    )

    from vdesk.corpus.build import ensure_corpus
    from vdesk.paths import AppPaths

    base = Path(tempfile.mkdtemp(prefix="vdesk-bench-")) / "home"
    paths = AppPaths.resolve(base)
    paths.ensure()
    ensure_corpus(paths)
    # one warm-up each, so both read their libraries from the page cache
    time_child(BASELINE)
    time_child(VDESK, str(base))
    bare, app, full = [], [], []
    for _ in range(args.runs):
        bare.append(time_child(BASELINE)[0])
        shown, attached = time_child(VDESK, str(base))
        app.append(shown)
        full.append(attached)
    b, a, f = statistics.median(bare), statistics.median(app), statistics.median(full)
    ratio = a / b
    print(f"platform: {os.environ['QT_QPA_PLATFORM']}, runs: {args.runs} (median)")
    print(f"bare PySide6 window (tree + text browser):        {b * 1000:.0f} ms")
    print(f"vdesk window shown (tree + last page painted):    {a * 1000:.0f} ms")
    print(f"vdesk corpus attached (every action available):   {f * 1000:.0f} ms ({f / b:.2f}x)")
    print(
        f"ratio shown/bare: {ratio:.2f} (budget <= 3.00) -> {'OK' if ratio <= 3 else 'OVER BUDGET'}"
    )
    return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())

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

    def ready():
        app = QApplication.instance()
        wins = [w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"]
        if not wins or not wins[0].reader.toPlainText():
            print("NOT-READY", flush=True)
            app.quit()
            return
        wins[0].reader.viewport().repaint()
        print("READY", flush=True)
        wins[0].close()

    QTimer.singleShot(0, ready)
    sys.exit(run_gui(AppPaths.resolve(sys.argv[1]), []))
    """
)


def time_child(code: str, *args: str) -> float:
    """Seconds from launch until the child prints READY."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "READY":
            elapsed = time.perf_counter() - started
            proc.wait(timeout=60)
            return elapsed
        if line.strip() == "NOT-READY":
            break
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
    bare, app = [], []
    for _ in range(args.runs):
        bare.append(time_child(BASELINE))
        app.append(time_child(VDESK, str(base)))
    b, a = statistics.median(bare), statistics.median(app)
    ratio = a / b
    print(f"platform: {os.environ['QT_QPA_PLATFORM']}, runs: {args.runs} (median)")
    print(f"bare PySide6 window (tree + text browser): {b * 1000:.0f} ms")
    print(f"vdesk window (tree + first page):          {a * 1000:.0f} ms")
    print(f"ratio: {ratio:.2f} (budget <= 3.00) -> {'OK' if ratio <= 3 else 'OVER BUDGET'}")
    return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Screenshot of the standalone (PyInstaller) bundle's first start on an X11 display.

    xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python \\
        docs/screenshots/make_frozen_screenshot.py [--bundle dist/vdesk]

Without ``--bundle`` the bundle is built first (``packaging/build_bundle.py``, into
``build/screenshot``). The frozen app runs with Qt's xcb platform plugin from the bundle on
an empty base directory (so it installs its pre-built corpus, as after a download); this
script grabs the whole screen once the picture is steady, then the app quits by itself
(``VDESK_QUIT_AFTER_MS``). Writes ``frozen-linux-x11.png`` next to this script.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QImage

OUT = Path(__file__).resolve().parent / "frozen-linux-x11.png"
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

from build_bundle import build  # noqa: E402

QUIT_AFTER_MS = 12_000


def steady_screen(app: QGuiApplication, timeout: float) -> QImage:
    """The screen, once two grabs half a second apart are equal and not one colour."""
    screen = app.primaryScreen()
    deadline = time.monotonic() + timeout
    previous = QImage()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        image = screen.grabWindow(0).toImage()
        one_colour = image.scaled(8, 8).convertToFormat(QImage.Format.Format_RGB32)
        uniform = len({one_colour.pixel(x, y) for x in range(8) for y in range(8)}) == 1
        if not uniform and image == previous:
            return image
        previous = image
    raise SystemExit(f"the frozen app showed no steady window within {timeout:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, help="an existing bundle folder (dist/vdesk)")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        raise SystemExit("no X11 display: run this under xvfb-run (see the docstring)")
    bundle = args.bundle or build(
        ROOT / "build" / "screenshot" / "dist", ROOT / "build" / "screenshot" / "work"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("VDESK_HOME", "PYTHONPATH")}
    env.pop("QT_QPA_PLATFORM", None)  # the display's own platform: xcb
    env["VDESK_QUIT_AFTER_MS"] = str(QUIT_AFTER_MS)
    app = QGuiApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as home:
        frozen = subprocess.Popen([str(bundle / "vdesk"), "--basedir", home], env=env)
        try:
            image = steady_screen(app, timeout=QUIT_AFTER_MS / 1000 - 2)
        finally:
            code = frozen.wait(timeout=QUIT_AFTER_MS / 1000 + 30)
    if code != 0:
        raise SystemExit(f"the frozen app exited with status {code}")
    image.save(str(OUT))
    print(f"{OUT.name}: {image.width()}x{image.height()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

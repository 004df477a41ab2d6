"""Render the app icon (``resources/vdesk.svg``) into the formats each platform wants.

    python packaging/make_icons.py OUT_DIR

writes into OUT_DIR:

- ``hicolor/<N>x<N>/apps/org.vdesk.VDesk.png`` for the freedesktop icon theme, plus
  ``hicolor/scalable/apps/org.vdesk.VDesk.svg`` (the SVG itself);
- ``vdesk.ico``: a Windows icon with PNG-compressed images of 16-256 px;
- ``vdesk.icns``: a macOS icon with PNG-compressed images of 16-1024 px.

The bitmaps are rendered with Qt's SVG renderer; the ICO and ICNS containers are
written here (both formats are a short header and a table of PNG images), so no
platform tool (``iconutil``, ImageMagick) is needed and every platform's icon
can be produced on any machine. Nothing here is committed: the PyInstaller spec
runs it at build time.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

APP_ID = "org.vdesk.VDesk"
SVG = Path(__file__).resolve().parents[1] / "resources" / "vdesk.svg"

#: Sizes of the freedesktop hicolor theme that get a bitmap.
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
#: Windows shell sizes (Explorer, taskbar, Alt+Tab, large icons).
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 256)
#: ICNS element types holding PNG data, by pixel size.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16 pt @2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32 pt @2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128 pt @2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256 pt @2x
    (b"ic10", 1024),  # 512 pt @2x
)


class IconRenderer:
    """Renders the SVG to PNG bytes at any size (needs a Qt GUI application)."""

    def __init__(self, svg: Path = SVG) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtSvg import QSvgRenderer

        self._app = QGuiApplication.instance() or QGuiApplication(["make_icons"])
        self._renderer = QSvgRenderer(str(svg))
        if not self._renderer.isValid():
            raise ValueError(f"not a valid SVG: {svg}")
        self._cache: dict[int, bytes] = {}

    def png(self, size: int) -> bytes:
        if size not in self._cache:
            from PySide6.QtCore import QBuffer, QByteArray, QIODevice
            from PySide6.QtGui import QImage, QPainter

            image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(0)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            self._renderer.render(painter)
            painter.end()
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            # the stubs ask for the format as bytes; PySide6 6.12 takes only a str
            if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
                raise RuntimeError(f"could not encode a {size} px PNG")
            buffer.close()
            self._cache[size] = bytes(data.data())
        return self._cache[size]


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """A Windows .ico holding the given PNG images (size -> PNG bytes)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        blob = images[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(render: IconRenderer) -> bytes:
    """A macOS .icns holding PNG images for every standard size."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(render.png(size))) + render.png(size)
        for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(out_dir: Path, svg: Path = SVG) -> dict[str, Path]:
    """Write every icon format into ``out_dir``; returns them by name."""
    render = IconRenderer(svg)
    out_dir.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}
    for size in HICOLOR_SIZES:
        target = out_dir / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render.png(size))
        made[f"png{size}"] = target
    scalable = out_dir / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    made["svg"] = scalable
    made["ico"] = out_dir / "vdesk.ico"
    made["ico"].write_bytes(ico_bytes({s: render.png(s) for s in ICO_SIZES}))
    made["icns"] = out_dir / "vdesk.icns"
    made["icns"].write_bytes(icns_bytes(render))
    return made


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python packaging/make_icons.py OUT_DIR\n")
        return 2
    for name, path in make_icons(Path(argv[0])).items():
        print(f"{name:>7}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

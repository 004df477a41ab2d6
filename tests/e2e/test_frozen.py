"""Packaging: the Linux desktop files, the app icon, and the frozen (PyInstaller) app.

The desktop-file and icon tests are quick. The ``slow`` tests build the one-folder
bundle exactly as ``packaging/build_bundle.py`` does (installing PyInstaller if
needed) and run the frozen executable headless on a temporary base directory.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "org.vdesk.VDesk"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
IS_WIN = sys.platform == "win32"

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="freedesktop validators exist on Linux only"
)


def require_tool(command: str, apt_package: str) -> str:
    """The path of ``command``; fails (never skips) if it is missing.

    ``packaging/system-deps.sh``, which ``make install`` runs, installs it (as root, with
    apt-get); CI runs on a fresh machine through ``make test``, so it is always there.
    """
    found = shutil.which(command)
    if found is None:
        pytest.fail(
            f"`{command}` is needed to validate the desktop files: run "
            f"`sudo bash packaging/system-deps.sh` or install the {apt_package} package"
        )
    return found


# --- the Linux desktop files ---------------------------------------------------------------------


@linux_only
def test_desktop_file_passes_desktop_file_validate_without_a_hint() -> None:
    tool = require_tool("desktop-file-validate", "desktop-file-utils")
    r = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout + r.stderr == ""


@linux_only
def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = require_tool("appstreamcli", "appstream")
    r = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Validation was successful" in r.stdout


def _desktop_entry() -> dict[str, str]:
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def test_desktop_entry_starts_the_app_by_its_id_and_icon() -> None:
    entry = _desktop_entry()
    assert entry["Exec"] == "vdesk"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["Categories"] == "Office;"


def test_the_app_names_its_desktop_entry(qapp: object) -> None:
    # Wayland compositors match a window to its menu entry (name, icon) by this id
    from vdesk.qt.app import make_application

    assert make_application([]).desktopFileName() == DESKTOP.stem == APP_ID


def test_metainfo_matches_the_desktop_file_the_version_and_the_screenshots() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "vdesk"
    assert root.findtext("project_license") == "MIT"
    releases = root.findall("releases/release")
    assert releases[0].get("version") == VERSION  # newest first, the version in pyproject.toml
    images = root.findall("screenshots/screenshot/image")
    names = [(img.text or "").rsplit("/docs/screenshots/", 1)[1] for img in images]
    assert names == ["3-vienna-declaration-implemented-by.png", "4-search-results.png"]
    assert all((img.text or "").startswith("https://") for img in images)
    assert root.findall("screenshots/screenshot")[0].get("type") == "default"


def test_metainfo_screenshots_exist_in_the_repository_at_their_stated_size() -> None:
    root = ET.parse(METAINFO).getroot()
    for img in root.findall("screenshots/screenshot/image"):
        png = ROOT / "docs" / "screenshots" / (img.text or "").rsplit("/", 1)[1]
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", png.name
        stated = (int(img.get("width", "0")), int(img.get("height", "0")))
        assert struct.unpack(">II", data[16:24]) == stated


# --- the icon ------------------------------------------------------------------------------------


def _png_header(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (depth, colour) == (8, 6)  # 8-bit RGBA
    return width, height


def _png_is_blank(data: bytes) -> bool:
    """True if every pixel is fully transparent black (RGBA, no interlace)."""
    width, height = _png_header(data)
    idat, pos = b"", 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        if data[pos + 4 : pos + 8] == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + 4 * width
    assert len(raw) == stride * height
    return all(not raw[r * stride + 1 : (r + 1) * stride].strip(b"\0") for r in range(height))


@pytest.fixture(scope="module")
def icons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("icons")
    # A subprocess: the script makes its own QGuiApplication, which must not be this
    # test process's application (pytest-qt needs a QApplication here).
    r = subprocess.run(
        [sys.executable, str(PACKAGING / "make_icons.py"), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    return out


def test_svg_icon_is_plain_svg_without_text() -> None:
    root = ET.parse(ROOT / "resources" / "vdesk.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"
    tags = {el.tag.split("}")[1] for el in root.iter()}
    assert tags <= {"svg", "rect", "path", "g"}, tags  # no text, no raster images


def test_hicolor_pngs_have_their_size_and_are_not_blank(icons: Path) -> None:
    sizes = sorted(
        int(d.name.split("x")[0]) for d in (icons / "hicolor").iterdir() if d.name[0].isdigit()
    )
    assert sizes == [16, 22, 24, 32, 48, 64, 128, 256, 512]
    for size in sizes:
        data = (icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").read_bytes()
        assert _png_header(data) == (size, size)
        assert not _png_is_blank(data), size
    scalable = icons / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (ROOT / "resources" / "vdesk.svg").read_bytes()


def test_windows_ico_holds_png_images_from_16_to_256(icons: Path) -> None:
    data = (icons / "vdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 8)
    sizes = []
    for i in range(count):
        w, h, _c, _r, planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        image = data[offset : offset + length]
        side = w or 256
        assert (w, h, planes, bpp) == (w, w, 1, 32)
        assert _png_header(image) == (side, side)
        sizes.append(side)
    assert sizes == [16, 20, 24, 32, 40, 48, 64, 256]
    assert offset + length == len(data)


def test_macos_icns_holds_every_standard_size(icons: Path) -> None:
    data = (icons / "vdesk.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    found, pos = {}, 8
    while pos < len(data):
        kind, length = data[pos : pos + 4].decode(), struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        found[kind] = _png_header(data[pos + 8 : pos + length])[0]
        pos += length
    assert pos == len(data)
    assert found == {
        "icp4": 16, "icp5": 32, "ic11": 32, "icp6": 64, "ic12": 64, "ic07": 128,
        "ic08": 256, "ic13": 256, "ic09": 512, "ic14": 512, "ic10": 1024,
    }  # fmt: skip


# --- the frozen app ------------------------------------------------------------------------------


def vdesk_modules() -> set[str]:
    """The dotted names of every module under vdesk/ in this checkout."""
    names = set()
    for path in (ROOT / "vdesk").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "__pycache__" not in parts and all(part.isidentifier() for part in parts):
            names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


@dataclass(frozen=True, slots=True)
class Build:
    bundle: Path
    # vdesk's modules when the build started and when it ended (a working tree may change)
    modules_before: set[str]
    modules_after: set[str]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The one-folder bundle, built from this checkout."""
    out = tmp_path_factory.mktemp("frozen")
    before = vdesk_modules()
    r = subprocess.run(
        [
            sys.executable,
            str(PACKAGING / "build_bundle.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-5000:]
    return Build(out / "dist" / "vdesk", before, vdesk_modules())


@pytest.fixture(scope="module")
def bundle(build: Build) -> Path:
    return build.bundle


def run_frozen(
    bundle: Path, basedir: Path | None, *args: str, gui: bool = False, timeout: float = 120, **env
):
    exe = bundle / (("vdesk.exe" if gui else "vdesk-cli.exe") if IS_WIN else "vdesk")
    full_env = {k: v for k, v in os.environ.items() if k not in ("VDESK_HOME", "PYTHONPATH")}
    full_env |= {"QT_QPA_PLATFORM": "offscreen", **env}
    cmd = [str(exe), *(["--basedir", str(basedir)] if basedir else []), *args]
    return subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=bundle.parent,
        timeout=timeout,
        check=False,
    )


def run_source(basedir: Path, *args: str):
    env = {k: v for k, v in os.environ.items() if k != "VDESK_HOME"}
    return subprocess.run(
        [sys.executable, "-m", "vdesk", "--basedir", str(basedir), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_frozen_version_is_the_pyproject_version(bundle: Path) -> None:
    r = run_frozen(bundle, None, "--version")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"vdesk {VERSION}"


@pytest.mark.slow
def test_bundle_carries_the_sources_resources_and_a_current_prebuilt_corpus(bundle: Path) -> None:
    packaged = bundle / "_internal" / "vdesk"
    for src in sorted((ROOT / "corpus").iterdir()):
        assert (packaged / "_corpus" / src.name).read_bytes() == src.read_bytes(), src.name
    assert (packaged / "_resources" / "vdesk.svg").is_file()
    prebuilt = bundle / "_internal" / "prebuilt-corpus"
    assert (prebuilt / "corpus.sqlite").is_file() and (prebuilt / "index").is_dir()
    from vdesk.corpus.build import fingerprint

    on_disk = json.loads((prebuilt / "fingerprint.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(fingerprint()))


def qt_modules_imported_by_vdesk() -> set[str]:
    found = set()
    for path in (ROOT / "vdesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            found |= {n.split(".")[1] for n in names if re.match(r"PySide6\.Qt", n)}
    return found


@pytest.mark.slow
def test_bundle_holds_every_vdesk_module_and_every_qt_module_vdesk_imports(build: Build) -> None:
    # Much of vdesk is imported inside functions, which PyInstaller would not follow from
    # the entry point alone: the spec lists every file under vdesk/.
    importlib.invalidate_caches()  # PyInstaller may have been installed by the build just now
    from PyInstaller.archive.readers import CArchiveReader

    exe = build.bundle / ("vdesk.exe" if IS_WIN else "vdesk")
    archive = CArchiveReader(str(exe)).open_embedded_archive("PYZ.pyz")
    bundled = {name for name in archive.toc if name == "vdesk" or name.startswith("vdesk.")}
    before, after = build.modules_before, build.modules_after
    assert {"vdesk.qt.app", "vdesk.qt.main_window", "vdesk.cli.export", "vdesk.cli.notes"} <= after
    assert before & after <= bundled, sorted((before & after) - bundled)
    assert bundled <= before | after, sorted(bundled - (before | after))

    # and the files under vdesk/ that are not Python, where the package looks for them, with
    # corpus/ and resources/ as vdesk/_corpus/ and vdesk/_resources/ (as in a wheel)
    on_disk = {
        p.relative_to(ROOT)
        for p in (ROOT / "vdesk").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    # the server schema's Alembic scripts, which Alembic reads as files
    migrations = ROOT / "vdesk" / "store" / "notes" / "pg_migrations"
    on_disk |= {
        p.relative_to(ROOT) for p in migrations.rglob("*.py") if "__pycache__" not in p.parts
    }
    for folder, packaged in (("corpus", "vdesk/_corpus"), ("resources", "vdesk/_resources")):
        on_disk |= {
            Path(packaged) / p.relative_to(ROOT / folder)
            for p in (ROOT / folder).rglob("*")
            if p.is_file()
        }
    internal = build.bundle / "_internal"
    in_bundle = {p.relative_to(internal) for p in (internal / "vdesk").rglob("*") if p.is_file()}
    assert in_bundle == on_disk

    used = qt_modules_imported_by_vdesk()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    extensions = build.bundle / "_internal" / "PySide6"
    missing = [name for name in sorted(used) if not list(extensions.glob(f"{name}.*"))]
    assert missing == []


@pytest.mark.slow
def test_bundle_is_lean(bundle: Path) -> None:
    files = [p for p in bundle.rglob("*") if p.is_file() or p.is_symlink()]
    names = " ".join(p.name for p in files)
    for unwanted in ("Qt6WebEngine", "Qt6Qml", "Qt6Quick", "Qt63D", "Qt6Multimedia", "Qt6Pdf"):
        assert unwanted not in names
    assert "libgtk-3" not in names  # the GTK platform theme and its stack are left out
    assert [p for p in files if p.is_symlink() and not p.exists()] == []  # nothing dangling
    size = sum(p.stat().st_size for p in files if p.is_file() and not p.is_symlink())
    assert size < 180_000_000, f"{size / 1e6:.1f} MB"


@pytest.mark.slow
@linux_only
def test_linux_bundle_has_the_platform_plugins_and_desktop_integration(bundle: Path) -> None:
    plugins = bundle / "_internal" / "PySide6" / "Qt" / "plugins"
    platforms = {p.name for p in (plugins / "platforms").iterdir()}
    assert {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"} <= platforms
    assert (plugins / "imageformats" / "libqsvg.so").is_file()
    assert (plugins / "iconengines" / "libqsvgicon.so").is_file()
    share = bundle / "share"
    assert (share / "applications" / DESKTOP.name).read_bytes() == DESKTOP.read_bytes()
    assert (share / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    assert (share / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
    assert os.access(bundle / "install.sh", os.X_OK)


@pytest.fixture(scope="module")
def frozen_home(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A base directory whose corpus the frozen app installed on its first start."""
    home = tmp_path_factory.mktemp("frozen-home") / "home"
    r = run_frozen(bundle, home, "show", "VD 7", "--json")
    assert r.returncode == 0, r.stderr
    return home


@pytest.mark.slow
def test_first_start_copies_the_prebuilt_corpus_instead_of_building(
    bundle: Path, frozen_home: Path
) -> None:
    installed = frozen_home / "cache" / "corpus"
    prebuilt = bundle / "_internal" / "prebuilt-corpus"
    # copied with its timestamps: a build would have written a new file
    assert installed.joinpath("corpus.sqlite").stat().st_mtime == pytest.approx(
        prebuilt.joinpath("corpus.sqlite").stat().st_mtime, abs=1e-3
    )
    assert (installed / "fingerprint.json").read_bytes() == (
        prebuilt / "fingerprint.json"
    ).read_bytes()
    assert {p.relative_to(frozen_home).parts[0] for p in frozen_home.rglob("*")} <= {
        "cache",
        "data",
        "config",
    }


@pytest.mark.slow
def test_frozen_show(bundle: Path, frozen_home: Path) -> None:
    r = run_frozen(bundle, frozen_home, "show", "para. 7 (d) of the Vienna Declaration", "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["id"] == "vienna-declaration/annex/para_7/subpara_d"
    assert obj["citation"] == "A/RES/55/59, annex, para. 7 (d)"
    r = run_frozen(bundle, frozen_home, "show", "VD 7", "--json")
    obj = json.loads(r.stdout)
    assert obj["text"] == (
        "Consistent with the goals of the Convention and the protocols thereto, we shall endeavour:"
    )
    r = run_frozen(bundle, frozen_home, "show", "VD 999")
    assert r.returncode == 2
    assert r.stderr.startswith("vdesk: error:")


@pytest.mark.slow
def test_frozen_search_matches_the_source_install(
    bundle: Path, frozen_home: Path, tmp_path: Path
) -> None:
    query = '"restorative justice"'
    frozen = run_frozen(bundle, frozen_home, "search", query, "--json")
    assert frozen.returncode == 0, frozen.stderr
    hits = json.loads(frozen.stdout)
    ids = [h["id"] for h in hits]
    assert "ccpcj-2002/chp_I/sec_B/dres_I/annex/chp_III/para_12/subpara_d" in ids
    assert all("estorative" in h["snippet"] for h in hits)
    source = run_source(tmp_path / "src-home", "search", query, "--json")
    assert source.returncode == 0, source.stderr
    assert hits == json.loads(source.stdout)
    bad = run_frozen(bundle, frozen_home, "search", '"unclosed', "--json")
    assert bad.returncode == 2
    assert "has no closing one" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_frozen_gui_starts_offscreen_and_quits_cleanly(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "gui-home"
    # the first start prepares the corpus, then shows the window; a later one paints the
    # last page's snapshot at once and attaches the corpus after
    for start in ("first", "later"):
        try:
            r = run_frozen(bundle, home, gui=True, timeout=90, VDESK_QUIT_AFTER_MS="1500")
        except subprocess.TimeoutExpired:
            pytest.fail(f"the frozen app did not quit after its {start} start")
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr
        assert (home / "cache" / "corpus" / "corpus.sqlite").is_file()
        assert (home / "data" / "user.sqlite").is_file()  # the notes store was opened
        settings = (home / "config" / "vdesk.ini").read_text(encoding="utf-8")
        assert "last_node=vienna-declaration\n" in settings  # the window saved its state
        last_page = json.loads((home / "cache" / "last-page.json").read_text(encoding="utf-8"))
        assert last_page["documents"][0] == "Vienna Declaration"


@pytest.mark.slow
def test_frozen_notes_and_markdown_export_match_the_source_install(
    bundle: Path, tmp_path: Path
) -> None:
    comment = "See **Article 7** of [the Convention](https://example.org).\n\n* one\n* two"
    outputs = {}
    for tag in ("frozen", "source"):
        home = tmp_path / tag

        def vdesk(*args: str, tag: str = tag, home: Path = home) -> str:
            r = run_frozen(bundle, home, *args) if tag == "frozen" else run_source(home, *args)
            assert r.returncode == 0, r.stderr
            return r.stdout

        vdesk("annotate", "VD 7 (d)", "--quote", "building capacity", "--comment", comment)
        vdesk("note", "VD 7 (d)", "--country", "AT", "--status", "implemented")
        said = vdesk(
            "export",
            "--ref",
            "VD 7",
            "--out",
            str(home / "out.md"),
            "--html",
            str(home / "out.html"),
        )
        assert said.splitlines()[0] == (
            f"Wrote 5 provisions, 1 annotation and 1 national note to {home / 'out.md'}"
        )
        outputs[tag] = [
            # without the export's time stamp
            re.sub(r"(?m)^.*(exported: \"|Exported \d).*$", "", (home / name).read_text("utf-8"))
            for name in ("out.md", "out.html")
        ]
    assert outputs["frozen"] == outputs["source"]
    html = outputs["frozen"][1]
    # the comment rendered from Markdown (links are shown, not followed, in an export)
    assert (
        "<p>See <strong>Article 7</strong> of the Convention (https://example.org).</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
        in html
    )


@pytest.mark.slow
@linux_only
def test_install_script_installs_under_a_prefix_and_uninstalls(
    bundle: Path, tmp_path: Path
) -> None:
    prefix = tmp_path / "prefix"
    r = subprocess.run(
        [str(bundle / "install.sh"), str(prefix)], capture_output=True, text=True, check=False
    )
    assert r.returncode == 0, r.stderr
    desktop = prefix / "share" / "applications" / DESKTOP.name
    assert f"Exec={prefix}/lib/vdesk/vdesk\n" in desktop.read_text(encoding="utf-8")
    tool = require_tool("desktop-file-validate", "desktop-file-utils")
    check = subprocess.run([tool, str(desktop)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout
    assert (prefix / "share" / "metainfo" / METAINFO.name).is_file()
    assert (
        prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    ).is_file()
    version = subprocess.run(
        [str(prefix / "bin" / "vdesk"), "--version"], capture_output=True, text=True, check=False
    )
    assert version.stdout.strip() == f"vdesk {VERSION}"
    r = subprocess.run(
        [str(bundle / "install.sh"), "--uninstall", str(prefix)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert not (prefix / "lib" / "vdesk").exists() and not (prefix / "bin" / "vdesk").exists()
    assert not desktop.exists()
    assert list((prefix / "share" / "icons").rglob(f"{APP_ID}.*")) == []

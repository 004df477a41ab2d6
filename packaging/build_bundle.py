"""Build the standalone vdesk bundle with PyInstaller (one folder).

    .venv/bin/python packaging/build_bundle.py [--dist DIR] [--work DIR]

Installs PyInstaller into the running environment if it is missing (it is a
build tool, not a dependency of the app), runs ``packaging/vdesk.spec`` and
prints where the bundle is and how big it is. Defaults: ``dist/vdesk`` and
``build/pyinstaller`` at the top of the checkout.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "vdesk.spec"
PYINSTALLER = "pyinstaller>=6.10,<7"  # the spec and the tests use the 6.x API


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        print(f"Installing {PYINSTALLER} (build tool) ...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", PYINSTALLER], check=True)


def tree_size(path: Path) -> int:
    """Bytes of the regular files under ``path`` (symbolic links not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """Run the spec; returns the bundle folder (``dist/vdesk``)."""
    ensure_pyinstaller()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return dist / "vdesk"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    bundle = build(args.dist.resolve(), args.work.resolve())
    seconds = time.perf_counter() - started
    size = tree_size(bundle)
    print(f"Built {bundle} in {seconds:.0f} s: {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

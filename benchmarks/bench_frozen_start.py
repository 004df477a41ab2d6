"""Bundle size and start times of the frozen app against the source install.

    .venv/bin/python benchmarks/bench_frozen_start.py [--bundle DIR] [--runs N]

Without ``--bundle`` it builds the bundle first (``packaging/build_bundle.py``,
into ``build/bench``). Every run is a new process; "first start" runs on a new,
empty base directory (the frozen app copies its pre-built corpus, the source
install builds the corpus from the texts), "warm" on a base directory that
already has its corpus. The GUI is started offscreen with VDESK_QUIT_AFTER_MS
and the quit delay is subtracted. The operating system's file cache is warm
(nothing here drops it), so these are fresh-process, not cold-disk, numbers.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

from build_bundle import build, tree_size  # noqa: E402

QUIT_AFTER_MS = 500


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VDESK_HOME", "PYTHONPATH")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["VDESK_QUIT_AFTER_MS"] = str(QUIT_AFTER_MS)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], timeout: float = 300) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; CPU time is less disturbed by other load."""
    cpu, started = _children_cpu(), time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=timeout)
    wall = time.perf_counter() - started
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr[-2000:]}")
    return wall, _children_cpu() - cpu


def median_of(
    runs: int, make_cmd: Callable[[int], list[str]], timeout: float = 300
) -> tuple[float, float]:
    results = [timed(make_cmd(i), timeout) for i in range(runs)]
    return statistics.median(w for w, _c in results), statistics.median(c for _w, c in results)


def gzip_size(folder: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "bundle.tar.gz"
        with (
            gzip.open(target, "wb", compresslevel=6) as gz,
            tarfile.open(fileobj=gz, mode="w") as tar,
        ):
            tar.add(folder, arcname=folder.name)
        return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, help="an existing bundle folder (dist/vdesk)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    bundle = args.bundle or build(
        ROOT / "build" / "bench" / "dist", ROOT / "build" / "bench" / "work"
    )
    frozen = [str(bundle / ("vdesk-cli.exe" if sys.platform == "win32" else "vdesk"))]
    frozen_gui = [str(bundle / ("vdesk.exe" if sys.platform == "win32" else "vdesk"))]
    source = [sys.executable, "-m", "vdesk"]
    runs = args.runs

    print(f"bundle: {bundle}")
    print(f"  size on disk     {tree_size(bundle) / 1e6:7.1f} MB")
    print(f"  as .tar.gz       {gzip_size(bundle) / 1e6:7.1f} MB")

    work = Path(tempfile.mkdtemp(prefix="vdesk-bench-"))
    try:
        rows: list[tuple[str, tuple[float, float], tuple[float, float]]] = []

        def compare(label: str, extra: list[str], fresh: bool, gui: bool = False) -> None:
            medians = []
            for tag, cli in (("frozen", frozen), ("source", source)):
                base = frozen_gui if gui and tag == "frozen" else cli
                warm_home = work / f"{tag}-warm"
                if not fresh and not warm_home.exists():
                    timed([*cli, "--basedir", str(warm_home), "docs"])  # installs the corpus

                def make(
                    i: int, tag: str = tag, base: list[str] = base, warm: Path = warm_home
                ) -> list[str]:
                    home = work / f"{tag}-{len(rows)}-{i}" if fresh else warm
                    return [*base, "--basedir", str(home), *extra]

                n = max(3, runs // 2) if fresh else runs
                quit_s = QUIT_AFTER_MS / 1000 if gui else 0.0
                wall, cpu = median_of(n, make, 120 if tag == "frozen" else 300)
                medians.append((wall - quit_s, cpu))
            rows.append((label, medians[0], medians[1]))

        rows.append(
            ("--version", median_of(runs, lambda _i: [*frozen, "--version"]),
             median_of(runs, lambda _i: [*source, "--version"]))
        )  # fmt: skip
        compare("first start: show VD 7", ["show", "VD 7"], fresh=True)
        compare("warm: show VD 7", ["show", "VD 7"], fresh=False)
        compare("warm: search", ["search", "restorative justice"], fresh=False)
        try:
            compare("first start: GUI", [], fresh=True, gui=True)
            compare("warm: GUI", [], fresh=False, gui=True)
        except subprocess.TimeoutExpired:
            print("GUI: the app did not quit (VDESK_QUIT_AFTER_MS not honoured); not measured")

        print(f"\n{'median seconds':<26}{'frozen wall':>12}{'source wall':>12}", end="")
        print(f"{'frozen CPU':>12}{'source CPU':>12}")
        for label, (fw, fc), (sw, sc) in rows:
            print(f"{label:<26}{fw:12.2f}{sw:12.2f}{fc:12.2f}{sc:12.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The wheel: every package listed, the corpus and resources inside, an installed copy that runs.

The wheel is built from a copy of the checkout (so no ``build/`` left over from an earlier
build can slip files into it) with this environment's setuptools, offline. It is installed
into a fresh virtual environment without pip; the dependencies come from this environment's
site-packages through a ``.pth`` line, which adds the folder but does not run the ``.pth``
files in it (so the editable install of the checkout stays invisible there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

CORPUS_FILES = [
    "vdesk/_corpus/ccpcj-2002.txt",
    "vdesk/_corpus/ccpcj-2014.txt",
    "vdesk/_corpus/draft-plans-of-action.txt",
    "vdesk/_corpus/errata.toml",
    "vdesk/_corpus/plans-of-action.txt",
    "vdesk/_corpus/vienna-declaration.txt",
]
RESOURCE_FILES = [
    "vdesk/_resources/icons/copy-citation.svg",
    "vdesk/_resources/icons/go-back.svg",
    "vdesk/_resources/icons/go-forward.svg",
    "vdesk/_resources/icons/go-to-citation.svg",
    "vdesk/_resources/icons/next-paragraph.svg",
    "vdesk/_resources/icons/previous-paragraph.svg",
    "vdesk/_resources/icons/search.svg",
    "vdesk/_resources/icons/zoom-in.svg",
    "vdesk/_resources/icons/zoom-out.svg",
    "vdesk/_resources/reader.css",
    "vdesk/_resources/vdesk.svg",
]


def _packages_on_disk() -> list[str]:
    """Every package under vdesk/, and every folder of the two data packages."""
    found = [
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "vdesk").rglob("__init__.py")
        if "__pycache__" not in init.parts
    ]
    for package, folder in PYPROJECT["tool"]["setuptools"]["package-dir"].items():
        top = ROOT / folder
        found += [
            ".".join([package, *d.relative_to(top).parts])
            for d in [top, *sorted(top.rglob("*"))]
            if d.is_dir() and "__pycache__" not in d.parts
        ]
    return sorted(found)


def test_every_package_and_data_folder_is_listed_in_pyproject() -> None:
    listed = sorted(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = _packages_on_disk()
    missing = sorted(set(on_disk) - set(listed))
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"
    assert listed == on_disk


def test_the_data_packages_map_onto_the_top_level_folders() -> None:
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {
        "vdesk._corpus": "corpus",
        "vdesk._resources": "resources",
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("vdesk", "corpus", "resources"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    out = tmp / "out"
    pip_wheel = ["pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run(
        [sys.executable, "-m", *pip_wheel, "--wheel-dir", str(out), str(src)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("vdesk-*.whl")
    return built


def test_wheel_carries_the_corpus_sources_errata_and_resources(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n for n in names if n.startswith("vdesk/_corpus/")) == CORPUS_FILES
    assert sorted(n for n in names if n.startswith("vdesk/_resources/")) == RESOURCE_FILES
    assert not [n for n in names if n.startswith(("corpus/", "resources/"))]
    assert "vdesk/data_files.py" in names


def test_installed_wheel_shows_a_provision_from_outside_the_repository(
    wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    pip_install = ["pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index"]
    subprocess.run(
        [sys.executable, "-m", *pip_install, str(wheel)],
        check=True,
        capture_output=True,
    )
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site_packages / "vdesk-test-dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["VDESK_HOME"] = str(tmp_path / "home")

    code = "from vdesk import data_files as d; print(d.corpus_dir()); print(d.resources_dir())"
    where = subprocess.run(
        [str(python), "-c", code],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.splitlines() == [
        str(site_packages / "vdesk" / "_corpus"),
        str(site_packages / "vdesk" / "_resources"),
    ]

    shown = subprocess.run(
        [str(env_dir / "bin" / "vdesk"), "show", "VD 7 (d)"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "A/RES/55/59, annex, para. 7 (d)"
    assert lines[2] == (
        "7 (d) To strengthen the capability of the United Nations Centre for International Crime"
    )
    assert lines[-1] == "id: vienna-declaration/annex/para_7/subpara_d"

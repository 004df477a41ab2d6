"""A damaged corpus cache is found at start and rebuilt, by the command line and by
the desktop app (with its progress dialog), whatever the damage."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from vdesk.corpus.fingerprint import corpus_problems
from vdesk.paths import AppPaths

NOBODY = 65534


def _truncate(path: Path, fraction: float = 0.5) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.truncate(int(size * fraction))


def _sql(sql: str) -> Callable[[AppPaths], None]:
    def run(p: AppPaths) -> None:
        con = sqlite3.connect(p.corpus_db)
        con.execute(sql)
        con.commit()
        con.close()

    return run


def _segment(p: AppPaths) -> Path:
    (seg,) = p.index_dir.glob("*.seg")
    return seg


#: Every damage, and the first problem the start-up check names for it.
DAMAGES: dict[str, tuple[Callable[[AppPaths], None], str]] = {
    "db-missing": (lambda p: p.corpus_db.unlink(), "corpus.sqlite is missing"),
    "db-truncated": (lambda p: _truncate(p.corpus_db), "corpus.sqlite is truncated or damaged"),
    "db-empty": (
        lambda p: _truncate(p.corpus_db, 0),
        "corpus.sqlite is not an SQLite database (0 bytes)",
    ),
    "db-garbage": (
        lambda p: p.corpus_db.write_bytes(os.urandom(p.corpus_db.stat().st_size)),
        "corpus.sqlite is not an SQLite database",
    ),
    "db-table-dropped": (_sql("DROP TABLE xrefs"), "table xrefs is missing"),
    "db-column-dropped": (
        _sql("ALTER TABLE nodes DROP COLUMN italics"),
        "column nodes.italics is missing",
    ),
    "db-other-build": (
        _sql("UPDATE meta SET value = '{}' WHERE key = 'fingerprint'"),
        "built from other sources than its fingerprint.json says",
    ),
    "index-missing": (lambda p: shutil.rmtree(p.index_dir), "the search index index/ is missing"),
    "index-toc-missing": (
        lambda p: [t.unlink() for t in p.index_dir.glob("*.toc")],
        "the search index is damaged (EmptyIndexError",
    ),
    "index-segment-truncated": (lambda p: _truncate(_segment(p)), "the search index is damaged ("),
    "index-segment-missing": (lambda p: _segment(p).unlink(), "the search index is damaged ("),
    "fingerprint-missing": (
        lambda p: (p.corpus_dir / "fingerprint.json").unlink(),
        "no readable fingerprint.json",
    ),
    "fingerprint-not-json": (
        lambda p: (p.corpus_dir / "fingerprint.json").write_text("{not json"),
        "no readable fingerprint.json",
    ),
    "fingerprint-other": (
        lambda p: (p.corpus_dir / "fingerprint.json").write_text(json.dumps({"pipeline": "0"})),
        "built from other sources, profiles or pipeline",
    ),
}
UNREADABLE = (
    lambda p: os.chmod(p.corpus_db, 0),
    "corpus.sqlite cannot be read (Permission denied)",
)


@pytest.fixture
def home(built_paths: AppPaths) -> Iterator[Path]:
    """A copy of the built corpus in a directory another user may enter."""
    base = Path(tempfile.mkdtemp(prefix="vdesk-damage-"))
    os.chmod(base, 0o755)
    shutil.copytree(built_paths.cache_dir, base / "cache")
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _damaged(home: Path, damage: tuple[Callable[[AppPaths], None], str]) -> AppPaths:
    paths = AppPaths.resolve(home)
    assert corpus_problems(paths) == []
    damage[0](paths)
    return paths


@contextmanager
def _as_nobody(home: Path) -> Iterator[None]:
    """Run as an ordinary user, for whom a file of mode 000 is unreadable (root,
    who can read it, becomes ``nobody`` for the while)."""
    if os.geteuid() != 0:
        yield
        return
    for root, dirs, files in os.walk(home):
        for name in [*dirs, *files]:
            os.chown(os.path.join(root, name), NOBODY, NOBODY)
    os.chown(home, NOBODY, NOBODY)
    # the rebuild reads the sources and resources of this checkout: let the other user
    # (whose group stays root's) pass through its folders, for the while only (a checkout
    # under a private temporary folder lets no one else in)
    checkout = Path(__file__).resolve().parents[2]
    opened = [d for d in (checkout, *checkout.parents) if d.stat().st_mode & 0o011 != 0o011]
    modes = {d: d.stat().st_mode for d in opened}
    for d in opened:
        os.chmod(d, modes[d] | 0o011)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        for d in opened:
            os.chmod(d, modes[d])


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_the_start_check_names_each_damage(home: Path, name: str) -> None:
    paths = _damaged(home, DAMAGES[name])
    problems = corpus_problems(paths)
    assert len(problems) >= 1 and problems[0].startswith(DAMAGES[name][1]), problems


def _show(home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VDESK_HOME"}
    return subprocess.run(
        [sys.executable, "-m", "vdesk", "--basedir", str(home), "show", "VD 7 (d)", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_the_command_line_rebuilds_a_damaged_corpus(home: Path, name: str) -> None:
    paths = _damaged(home, DAMAGES[name])
    r = _show(home)
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown["id"] == "vienna-declaration/annex/para_7/subpara_d"
    assert corpus_problems(paths) == []


def test_the_command_line_rebuilds_an_unreadable_corpus(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In this process (another user could not start this interpreter), as the CLI
    runs: ``vdesk show``."""
    from vdesk.cli.main import main

    paths = _damaged(home, UNREADABLE)
    with _as_nobody(home):
        assert corpus_problems(paths) == [UNREADABLE[1]]
        code = main(["--basedir", str(home), "show", "VD 7 (d)", "--json"])
        assert corpus_problems(paths) == []
    out = capsys.readouterr()
    assert code == 0, out.err
    assert json.loads(out.out)["id"] == "vienna-declaration/annex/para_7/subpara_d"


def _start_gui(qtbot, paths: AppPaths) -> tuple[bool, list[str]]:
    """The desktop app's start (``run_gui``'s corpus step) on ``paths``; whether the
    window was attached, and the labels its progress dialog showed."""
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from vdesk.qt import app
    from vdesk.qt.main_window import MainWindow
    from vdesk.qt.services import Services
    from vdesk.qt.settings import Settings

    services = Services(Settings(paths.settings_file), paths)
    window = MainWindow(services)
    qtbot.addWidget(window)
    opened = app._OpenCorpus()
    labels: list[str] = []

    def watch() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QProgressDialog) and w.isVisible():
                labels.append(w.labelText())

    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(5)
    try:
        attached = app._attach_corpus(window, services, paths, opened)
    finally:
        timer.stop()
        opened.close()
    return attached and window.is_attached, labels


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_the_desktop_app_rebuilds_a_damaged_corpus_with_progress(
    qtbot, home: Path, name: str
) -> None:
    paths = _damaged(home, DAMAGES[name])
    paths.ensure()
    attached, labels = _start_gui(qtbot, paths)
    assert attached
    assert labels and labels[0].startswith("Preparing the documents")
    assert corpus_problems(paths) == []


def test_the_desktop_app_rebuilds_an_unreadable_corpus(qtbot, home: Path) -> None:
    import importlib

    for module in ("vdesk.qt.app", "vdesk.qt.main_window", "vdesk.corpus.build",
                   "vdesk.search.searcher", "vdesk.store.notes.sqlite", "vdesk.desk"):  # fmt: skip
        importlib.import_module(module)  # the interpreter's files are root's only
    paths = _damaged(home, UNREADABLE)
    paths.ensure()
    with _as_nobody(home):
        attached, labels = _start_gui(qtbot, paths)
        assert corpus_problems(paths) == []
    assert attached and labels


def test_an_intact_corpus_is_not_rebuilt(qtbot, home: Path) -> None:
    paths = AppPaths.resolve(home)
    paths.ensure()
    stamp = paths.corpus_db.stat().st_mtime_ns
    attached, labels = _start_gui(qtbot, paths)
    assert attached and labels == []
    assert paths.corpus_db.stat().st_mtime_ns == stamp

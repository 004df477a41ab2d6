"""Start-up: PySide6's check of each imported module answers as before, keeping nothing."""

from __future__ import annotations

import importlib
import inspect
import linecache
import sys
from pathlib import Path

import pytest

import vdesk.qt as vdesk_qt
from vdesk.qt import app  # noqa: F401  (the window modules are among those checked)


def _as_pyside_did(module: object) -> bool:
    """PySide6's own test: does the module's source (via inspect) mention PySide6?"""
    try:
        return "PySide6" in inspect.getsource(module)  # type: ignore[arg-type]
    except (TypeError, OSError, SyntaxError):
        return False


def test_the_cheap_check_is_installed_and_gives_the_same_answers() -> None:
    assert vdesk_qt.check_imports_for_pyside_cheaply() is True
    feature = sys.modules["shibokensupport.feature"]
    modules = [
        m for name, m in sorted(sys.modules.items()) if name.startswith(("vdesk", "PySide6"))
    ]
    modules += [importlib.import_module(name) for name in ("sys", "json", "sqlite3", "_sqlite3")]
    answers = {m.__name__: feature._mod_uses_pyside(m) for m in modules}
    assert answers == {m.__name__: _as_pyside_did(m) for m in modules}
    assert answers["vdesk.qt.app"] is True
    assert answers["vdesk.paths"] is False
    assert answers["sys"] is False  # built in
    assert answers["_sqlite3"] is False  # compiled


def test_a_module_imported_later_is_classified_without_keeping_its_source(
    tmp_path: Path, monkeypatch
) -> None:
    vdesk_qt.check_imports_for_pyside_cheaply()
    feature = sys.modules["shibokensupport.feature"]
    (tmp_path / "uses_qt_startup_probe.py").write_text("import PySide6\n", encoding="utf-8")
    (tmp_path / "plain_startup_probe.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("uses_qt_startup_probe", "plain_startup_probe"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        __import__(name)  # through the import statement's hook, as module code does
    assert feature.pyside_feature_dict["uses_qt_startup_probe"] == 0  # uses PySide6
    assert feature.pyside_feature_dict["plain_startup_probe"] == -1  # ignored
    kept = {str(tmp_path / "uses_qt_startup_probe.py"), str(tmp_path / "plain_startup_probe.py")}
    assert kept.isdisjoint(linecache.cache)


def test_the_window_modules_do_not_read_package_metadata_at_start_up() -> None:
    import subprocess

    code = (
        "import sys, vdesk.qt.app\n"
        "print('importlib.metadata' in sys.modules)\n"
        "import vdesk, importlib.metadata\n"
        "print(vdesk.__version__ == importlib.metadata.version('vdesk'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_the_version_is_read_once_and_other_names_are_missing() -> None:
    import vdesk

    assert vdesk.__version__ is vdesk.__version__
    assert "__version__" in vars(vdesk)  # kept after the first read
    with pytest.raises(AttributeError):
        vdesk.no_such_name  # noqa: B018

"""Shared fixtures. Qt runs offscreen; every test gets its own base directory."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("VDESK_HOME", None)

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from vdesk.paths import AppPaths  # noqa: E402


@pytest.fixture
def basedir(tmp_path: Path) -> Path:
    """A fresh base directory: nothing vdesk writes escapes it."""
    return tmp_path / "vdesk-home"


@pytest.fixture
def paths(basedir: Path) -> AppPaths:
    p = AppPaths.resolve(basedir)
    p.ensure()
    return p

"""Shared fixtures. Qt runs offscreen; every test gets its own base directory."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("VDESK_HOME", None)

from pathlib import Path

import pytest

from tests.pg import pg_database, pg_notes_url, pg_server, pg_template  # noqa: F401
from vdesk.paths import AppPaths


@pytest.fixture
def basedir(tmp_path: Path) -> Path:
    """A fresh base directory: nothing vdesk writes escapes it."""
    return tmp_path / "vdesk-home"


@pytest.fixture
def paths(basedir: Path) -> AppPaths:
    p = AppPaths.resolve(basedir)
    p.ensure()
    return p


@pytest.fixture(scope="session")
def built_paths(tmp_path_factory: pytest.TempPathFactory) -> AppPaths:
    """A base directory with the real corpus built once for the whole test session."""
    from vdesk.corpus.build import build_corpus

    p = AppPaths.resolve(tmp_path_factory.mktemp("built") / "home")
    p.ensure()
    build_corpus(p)
    return p


@pytest.fixture(scope="session")
def corpus_repo(built_paths: AppPaths):
    from vdesk.store.corpus_db import CorpusRepo

    repo = CorpusRepo(built_paths.corpus_db)
    yield repo
    repo.close()


@pytest.fixture(scope="session")
def resolver(corpus_repo):
    from vdesk.corpus.resolver import Resolver

    return Resolver(corpus_repo)


@pytest.fixture(scope="session")
def searcher(built_paths: AppPaths):
    from vdesk.search.searcher import Searcher

    s = Searcher(built_paths.index_dir)
    yield s
    s.close()

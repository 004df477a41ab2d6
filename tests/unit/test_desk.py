"""The application core: one Desk, its accessors, one Changes per user action."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vdesk.corpus.resolver import Resolver
from vdesk.desk import Changes, Desk
from vdesk.notes.repo import NotesRepo
from vdesk.paths import AppPaths
from vdesk.search.searcher import Searcher
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.user_db import UserDbError


@pytest.fixture
def desk(paths: AppPaths, corpus_repo: CorpusRepo, searcher: Searcher, resolver: Resolver
         ) -> Iterator[Desk]:  # fmt: skip
    d = Desk.from_parts(paths, corpus_repo, searcher, resolver=resolver)
    yield d
    d.close()


def test_desk_opens_lazily_on_a_built_corpus(built_paths: AppPaths) -> None:
    desk = Desk.open(built_paths)
    assert desk.paths is built_paths
    assert desk.notes is None
    corpus = desk.corpus
    assert isinstance(corpus, CorpusRepo)
    assert desk.corpus is corpus  # opened once
    assert isinstance(desk.searcher, Searcher)
    assert isinstance(desk.resolver, Resolver)
    assert desk.resolver.resolve("VD 7 (d)") == "vienna-declaration/annex/para_7/subpara_d"
    desk.close()
    assert desk.notes is None


def test_open_notes_and_attach(paths: AppPaths, desk: Desk) -> None:
    store = desk.open_notes()
    assert isinstance(store, NotesRepo)
    assert desk.notes is store
    assert desk.open_notes() is store  # already open
    desk.close()
    assert desk.notes is None
    other = NotesRepo.open(paths)
    desk2 = Desk(paths)
    desk2.attach_notes(other)
    assert desk2.notes is other
    desk2.close()  # does not close what it was given
    assert other.count() == (0, 0)
    other.close()


def test_open_notes_refuses_a_damaged_database(paths: AppPaths) -> None:
    paths.user_db.write_bytes(b"not a database at all" * 100)
    desk = Desk(paths)
    with pytest.raises(UserDbError):
        desk.open_notes(start_backup=False)
    assert desk.notes is None


def test_subscribe_and_unsubscribe(desk: Desk) -> None:
    seen: list[Changes] = []
    unsubscribe = desk.subscribe(seen.append)
    first = Changes("Test", initiator="me", annotations=frozenset({"a"}))
    assert desk.broadcast(first) is first
    assert seen == [first]
    unsubscribe()
    unsubscribe()  # twice is harmless
    desk.broadcast(Changes("Again"))
    assert seen == [first]

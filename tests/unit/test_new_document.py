"""A sixth document is a source text and one profile: nothing else changes.

A made-up General Assembly resolution (``tests/data/documents/res-99-12.txt``: a
title with its symbol, a preamble of unnumbered paragraphs, numbered operative
paragraphs with lettered subparagraphs, an annex with its own numbered paragraphs,
two footnotes) is built with the five real documents, and is then browsable,
searchable, citable and resolvable through the same code as they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from vdesk.corpus import build
from vdesk.corpus.fingerprint import corpus_is_current, fingerprint
from vdesk.corpus.resolver import Resolver, UnknownReference
from vdesk.documents import PROFILES, DocumentProfile
from vdesk.paths import AppPaths
from vdesk.search.searcher import QueryError, Searcher
from vdesk.store.corpus_db import CorpusRepo, DocumentRow

DATA = Path(__file__).resolve().parents[1] / "data" / "documents"

RESOLUTION = DocumentProfile(
    key="res-99-12",
    filename="res-99-12.txt",
    source_dir=DATA,
    symbol="A/RES/99/12",
    title="Cooperation against trafficking in cultural property",
    body="General Assembly",
    date="2098-12-03",
    description="A made-up General Assembly resolution with guidelines in its annex.",
    cite_as="A/RES/99/12",
    short="Resolution 99/12",
    abbreviation="RES 99/12",
    aliases=("99/12", "resolution 99/12", "cultural property resolution"),
    source_format="plain",
)
CORPUS = (*PROFILES, RESOLUTION)


@pytest.fixture(scope="module")
def six(tmp_path_factory: pytest.TempPathFactory) -> AppPaths:
    paths = AppPaths.resolve(tmp_path_factory.mktemp("six") / "home")
    report = build.build_corpus(paths, profiles=CORPUS)
    assert report.documents == 6
    return paths


@pytest.fixture(scope="module")
def repo(six: AppPaths) -> Iterator[CorpusRepo]:
    r = CorpusRepo(six.corpus_db)
    yield r
    r.close()


@pytest.fixture(scope="module")
def searcher(six: AppPaths) -> Iterator[Searcher]:
    s = Searcher(six.index_dir, profiles=CORPUS)
    yield s
    s.close()


def test_browsable_its_tree(repo: CorpusRepo) -> None:
    assert repo.documents()[-1] == DocumentRow(
        key="res-99-12",
        title="Cooperation against trafficking in cultural property",
        short="Resolution 99/12",
        symbol="A/RES/99/12",
        cite_as="A/RES/99/12",
        body="General Assembly",
        date="2098-12-03",
        description="A made-up General Assembly resolution with guidelines in its annex.",
    )
    tree = [(r.depth, r.kind, r.num, r.heading, r.id) for r in repo.document_nodes("res-99-12")]
    assert tree == [
        (0, "document", None, "Cooperation against trafficking in cultural property", "res-99-12"),
        (1, "paragraph", None, None, "res-99-12/p_1"),
        (1, "paragraph", None, None, "res-99-12/p_2"),
        (1, "paragraph", None, None, "res-99-12/p_3"),
        (1, "paragraph", "1", None, "res-99-12/para_1"),
        (1, "paragraph", "2", None, "res-99-12/para_2"),
        (2, "subparagraph", "a", None, "res-99-12/para_2/subpara_a"),
        (2, "subparagraph", "b", None, "res-99-12/para_2/subpara_b"),
        (1, "paragraph", "3", None, "res-99-12/para_3"),
        (
            1,
            "annex",
            None,
            "Guidelines on the protection of cultural property against trafficking",
            "res-99-12/annex",
        ),
        (2, "paragraph", "1", None, "res-99-12/annex/para_1"),
        (2, "paragraph", "2", None, "res-99-12/annex/para_2"),
    ]
    assert [c.id for c in repo.children("res-99-12/para_2")] == [
        "res-99-12/para_2/subpara_a",
        "res-99-12/para_2/subpara_b",
    ]
    sub_b = repo.node("res-99-12/para_2/subpara_b")
    assert sub_b is not None
    assert sub_b.text == (
        "To establish registers of stolen antiquities, open to the customs authorities "
        "of other States;"
    )
    assert sub_b.ref == "2 (b)"
    notes = repo.footnotes(["res-99-12/p_2", "res-99-12/para_2/subpara_b"])
    assert [(n.num, n.text, n.offset) for n in notes["res-99-12/p_2"]] == [
        ("1", "Resolution 98/7, annex.", 111)
    ]
    assert [(n.num, n.text, n.offset) for n in notes["res-99-12/para_2/subpara_b"]] == [
        (
            "2",
            "Such registers are described in the report of the Secretary-General on its "
            "hundredth session.",
            94,
        )
    ]


def test_citable_in_un_style(repo: CorpusRepo) -> None:
    citations = {r.id: r.citation for r in repo.document_nodes("res-99-12")}
    assert citations["res-99-12/p_1"] == "A/RES/99/12, “The General Assembly,”"
    assert citations["res-99-12/p_3"] == "A/RES/99/12, second preambular paragraph"
    assert citations["res-99-12/para_2/subpara_b"] == "A/RES/99/12, para. 2 (b)"
    assert citations["res-99-12/annex"] == "A/RES/99/12, annex"
    assert citations["res-99-12/annex/para_1"] == "A/RES/99/12, annex, para. 1"


def test_searchable_with_its_citation(searcher: Searcher) -> None:
    results = searcher.search("stolen antiquities")
    assert [(h.id, h.doc, h.citation) for h in results.hits] == [
        ("res-99-12/para_2/subpara_b", "res-99-12", "A/RES/99/12, para. 2 (b)")
    ]
    assert results.hits[0].snippet == (
        'To establish registers of <b class="match">stolen</b> <b class="match">antiquities</b>, '
        "open to the customs authorities of other States;"
    )
    annex = searcher.search('"certificate of provenance"')
    assert [(h.id, h.citation) for h in annex.hits] == [
        ("res-99-12/annex/para_1", "A/RES/99/12, annex, para. 1")
    ]
    # the filter doc: takes its key and its one-word aliases
    only = searcher.search("cultural property doc:99/12", limit=100)
    assert {h.doc for h in only.hits} == {"res-99-12"}
    assert sorted(h.id for h in only.hits) == [
        "res-99-12/annex",
        "res-99-12/annex/para_2",
        "res-99-12/p_2",
        "res-99-12/p_3",
        "res-99-12/para_2/subpara_a",
    ]
    assert searcher.search("cultural property", doc="res-99-12", limit=100).total == 5


def test_the_registry_searcher_does_not_know_it(built_paths: AppPaths) -> None:
    s = Searcher(built_paths.index_dir)
    try:
        with pytest.raises(QueryError, match="Unknown document “99/12”"):
            s.search("cultural doc:99/12")
    finally:
        s.close()


@pytest.mark.parametrize(
    ("typed", "node_id"),
    [
        ("A/RES/99/12, para. 2 (b)", "res-99-12/para_2/subpara_b"),
        ("a/res/99/12 para 2(b)", "res-99-12/para_2/subpara_b"),
        ("para. 2 (b) of resolution 99/12", "res-99-12/para_2/subpara_b"),
        ("RES 99/12 2b", "res-99-12/para_2/subpara_b"),
        ("A/RES/99/12, annex, para. 1", "res-99-12/annex/para_1"),
        ("99/12 annex 2", "res-99-12/annex/para_2"),
        ("A/RES/99/12, para. 1", "res-99-12/para_1"),  # the operative paragraph, not the annex's
        ("A/RES/99/12, annex", "res-99-12/annex"),
        ("A/RES/99/12", "res-99-12"),
        ("cultural property resolution", "res-99-12"),
        ("VD 7 (d)", "vienna-declaration/annex/para_7/subpara_d"),
    ],
)
def test_resolvable_typed_forms(repo: CorpusRepo, typed: str, node_id: str) -> None:
    assert Resolver(repo, CORPUS).resolve(typed) == node_id


def test_resolver_completions_use_its_abbreviation(repo: CorpusRepo) -> None:
    resolver = Resolver(repo, CORPUS)
    # "2" alone is both operative paragraph 2 and annex paragraph 2: not offered
    assert resolver.completions("RES 99/12 2") == [
        ("RES 99/12 2 (a)", "res-99-12/para_2/subpara_a"),
        ("RES 99/12 2 (b)", "res-99-12/para_2/subpara_b"),
    ]
    assert resolver.completions("RES 99/12 3") == [("RES 99/12 3", "res-99-12/para_3")]
    # the registry's resolver knows its citations (they are in the database), not its names
    assert Resolver(repo).resolve("A/RES/99/12, annex, para. 1") == "res-99-12/annex/para_1"
    with pytest.raises(UnknownReference):
        Resolver(repo).resolve("resolution 99/12, annex, para. 1")


def test_the_five_documents_are_unchanged_by_a_sixth(
    repo: CorpusRepo, corpus_repo: CorpusRepo
) -> None:
    def rows(r: CorpusRepo) -> list[tuple[object, ...]]:
        return [
            (n.id, n.kind, n.num, n.citation, n.text, n.heading)
            for p in PROFILES
            for n in r.document_nodes(p.key)
        ]

    assert rows(repo) == rows(corpus_repo)


def test_the_fingerprint_covers_the_profiles(six: AppPaths) -> None:
    assert corpus_is_current(six, CORPUS)
    assert not corpus_is_current(six)  # built with another list of documents
    cited_otherwise = dataclasses.replace(RESOLUTION, cite_as="GA res. 99/12")
    assert fingerprint((*PROFILES, cited_otherwise)) != fingerprint(CORPUS)
    assert not corpus_is_current(six, (*PROFILES, cited_otherwise))
    # where the source lies is not part of it (a bundled corpus stays current)
    moved = dataclasses.replace(RESOLUTION, source_dir=DATA / ".." / "documents")
    assert fingerprint((*PROFILES, moved)) == fingerprint(CORPUS)

"""Status counts and countries over SqliteNotesStore (the store itself: tests/contract)."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from vdesk.domain.countries import COUNTRIES, country
from vdesk.domain.notes import parse_status
from vdesk.notes.dashboard import status_counts
from vdesk.paths import AppPaths
from vdesk.store.notes.sqlite import SqliteNotesStore

P2 = "plans-of-action/annex/chp_I/sec_A/para_2"


@pytest.fixture
def repo(paths: AppPaths) -> Iterator[SqliteNotesStore]:
    r = SqliteNotesStore.open(paths)
    yield r
    r.close()


def test_status_counts_per_chapter_and_scope(repo: SqliteNotesStore) -> None:
    def row(id_: str, kind: str, parent: str | None, heading: str = "") -> SimpleNamespace:
        return SimpleNamespace(
            id=id_, kind=kind, parent_id=parent, heading=heading, display=heading or id_
        )

    d = "plans-of-action"
    c1, c2 = f"{d}/annex/chp_I", f"{d}/annex/chp_II"
    nodes = [
        row(d, "document", None),
        row(f"{d}/annex", "annex", d),
        row(c1, "chapter", f"{d}/annex", "I. Action against transnational organized crime"),
        row(f"{c1}/para_1", "paragraph", c1),  # chapter intro: not an action
        row(f"{c1}/sec_A", "section", c1, "A. National actions"),
        row(P2, "paragraph", f"{c1}/sec_A"),
        *[row(f"{P2}/subpara_{x}", "subparagraph", P2) for x in "abcde"],
        row(f"{c1}/sec_A/para_3", "paragraph", f"{c1}/sec_A"),
        row(f"{c1}/sec_B", "section", c1, "B. International actions"),
        row(f"{c1}/sec_B/para_4", "paragraph", f"{c1}/sec_B"),
        row(c2, "chapter", f"{d}/annex", "II. Action against corruption"),
        row(f"{c2}/sec_A", "section", c2, "A. National actions"),
        row(f"{c2}/sec_A/para_6", "paragraph", f"{c2}/sec_A"),
    ]
    corpus = SimpleNamespace(document_nodes=lambda doc: nodes if doc == d else [])
    repo.add_national_note(P2, country="AT", status="in progress")  # covers (a)-(e)
    repo.add_national_note(f"{P2}/subpara_b", country="AT", status="implemented")
    repo.add_national_note(f"{c1}/sec_B/para_4", country="AT", status="not applicable")
    repo.add_national_note(f"{c1}/sec_A/para_3", country="FR", status="implemented")
    got = [
        (
            s.chapter,
            s.scope,
            s.provisions,
            {k: v for k, v in s.by_status.items() if v},
            s.unrecorded,
        )
        for s in status_counts(repo, corpus, "AT")
    ]
    assert got == [
        ("I. Action against transnational organized crime", "national", 6,
         {"in_progress": 4, "implemented": 1}, 1),
        ("I. Action against transnational organized crime", "international", 1,
         {"not_applicable": 1}, 0),
        ("II. Action against corruption", "national", 1, {}, 1),
    ]  # fmt: skip


def test_countries_and_statuses() -> None:
    assert len(COUNTRIES) == 249
    assert country("at").name == "Austria"
    assert country("NGA").code == "NG"
    assert country("côte d'ivoire").code == "CI"
    assert parse_status("not-started") == "not_started"


def test_status_counts_on_the_real_plans_of_action(repo: SqliteNotesStore, corpus_repo) -> None:  # type: ignore[no-untyped-def]
    chp = "plans-of-action/annex"
    repo.add_national_note(f"{chp}/chp_I/sec_A/para_2", country="AT", status="implemented")
    repo.add_national_note(
        f"{chp}/chp_I/sec_B/para_4/subpara_h", country="AT", status="in progress"
    )
    repo.add_national_note(f"{chp}/chp_XIV/sec_A/para_44", country="AT", status="not started")
    counts = status_counts(repo, corpus_repo, "AT")
    assert len(counts) == 30  # fifteen chapters, national and international actions each
    by_key = {(c.chapter_id.rsplit("/", 1)[1], c.scope): c for c in counts}
    first = by_key[("chp_I", "national")]
    assert first.chapter == "I. Action against transnational organized crime"
    # ¶2 (a)-(e) inherit ¶2's status; ¶3 (a)-(c) have none
    assert (first.provisions, first.by_status["implemented"], first.unrecorded) == (8, 5, 3)
    intl = by_key[("chp_I", "international")]  # ¶4 (a)-(h)
    assert (intl.provisions, intl.by_status["in_progress"], intl.unrecorded) == (8, 1, 7)
    xiv = by_key[("chp_XIV", "national")]  # ¶44 alone
    assert (xiv.provisions, xiv.by_status["not_started"], xiv.unrecorded) == (1, 1, 0)

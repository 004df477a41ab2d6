"""NotesRepo.counts_by_node: what the contents tree marks, without loading rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vdesk.notes.model import Anchor
from vdesk.notes.repo import NotesRepo
from vdesk.paths import AppPaths

P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P2B = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_b"
VD7 = "vienna-declaration/annex/para_7"


@pytest.fixture
def repo(paths: AppPaths) -> Iterator[NotesRepo]:
    r = NotesRepo.open(paths)
    yield r
    r.close()


def test_counts_by_node(repo: NotesRepo) -> None:
    assert repo.counts_by_node() == ({}, {})
    repo.add_annotation(Anchor(P2A, "investigative powers", start=68, end=88))
    repo.add_annotation(Anchor(P2A))
    repo.add_annotation(Anchor(VD7))
    repo.add_national_note(P2B, country="AT", status="implemented")
    repo.add_national_note(P2B, country="FR", status="in_progress")
    assert repo.counts_by_node() == ({P2A: 2, VD7: 1}, {P2B: 2})
    assert repo.counts_by_node([P2A, P2B]) == ({P2A: 2}, {P2B: 2})
    assert repo.counts_by_node([]) == ({}, {})

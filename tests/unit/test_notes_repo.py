"""NotesRepo: annotations, national notes, colours, filters, own-work search, undo support."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from vdesk.notes.countries import COUNTRIES, UnknownCountry, country
from vdesk.notes.dashboard import status_counts
from vdesk.notes.model import Anchor, Change, parse_status
from vdesk.notes.repo import AnnotationFilter, NotesRepo
from vdesk.paths import AppPaths

VD7 = "vienna-declaration/annex/para_7"
P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P2 = "plans-of-action/annex/chp_I/sec_A/para_2"


@pytest.fixture
def repo(paths: AppPaths) -> Iterator[NotesRepo]:
    r = NotesRepo.open(paths)
    yield r
    r.close()


def _anchor(node: str = P2A, quote: str = "investigative powers") -> Anchor:
    return Anchor(node, quote, "ing or strengthening sanctions, ", ", criminal procedures", 68, 88)


def test_add_and_read_annotation(repo: NotesRepo) -> None:
    a = repo.add_annotation(
        _anchor(), colour="Red", comment="*check*", tags=["Priority", " legislation ", "priority"]
    )
    assert a.doc == "plans-of-action"
    assert a.colour == "red"
    assert a.tags == ("legislation", "priority")
    assert a.sensitivity == "personal"
    assert a.created == a.modified and a.created.endswith("Z")
    assert len(a.id) == 36
    assert repo.annotation(a.id) == a


def test_invalid_values_write_nothing(repo: NotesRepo) -> None:
    with pytest.raises(ValueError, match="unknown colour 'teal': use one of yellow, green"):
        repo.add_annotation(_anchor(), colour="teal")
    with pytest.raises(ValueError, match="unknown sensitivity"):
        repo.add_annotation(_anchor(), sensitivity="secret")
    with pytest.raises(UnknownCountry):
        repo.add_national_note(P2, country="XX", status="implemented")
    with pytest.raises(ValueError, match="unknown status 'done'"):
        repo.add_national_note(P2, country="AT", status="done")
    assert repo.count() == (0, 0)


def test_update_reports_change_and_keeps_created(repo: NotesRepo) -> None:
    changes: list[Change] = []
    a = repo.add_annotation(_anchor())
    repo.subscribe(changes.append)
    b = repo.update_annotation(a.id, comment="new", tags=["x"], sensitivity="shareable")
    assert (b.comment, b.tags, b.sensitivity, b.created) == ("new", ("x",), "shareable", a.created)
    assert b.modified > a.modified
    assert changes == [Change("updated", "annotation", (a.id,), (P2A,))]
    with pytest.raises(KeyError):
        repo.update_annotation("no-such-id", comment="x")


def test_delete_then_restore_is_exact(repo: NotesRepo) -> None:
    a = repo.add_annotation(_anchor(), comment="keep", tags=["t1", "t2"], colour="blue")
    changes: list[Change] = []
    repo.subscribe(changes.append)
    gone = repo.delete_annotation(a.id)
    assert gone == a
    assert repo.annotation(a.id) is None
    assert repo.tags() == []  # tags went with it
    assert repo.restore_annotation(gone) == a
    assert repo.annotation(a.id) == a  # same UUID, timestamps, tags
    assert [c.kind for c in changes] == ["deleted", "restored"]


def test_restore_undoes_an_edit(repo: NotesRepo) -> None:
    a = repo.add_annotation(_anchor(), comment="before")
    repo.update_annotation(a.id, comment="after", tags=["z"])
    repo.restore_annotation(a)
    assert repo.annotation(a.id) == a


def test_whole_paragraph_note(repo: NotesRepo) -> None:
    a = repo.add_annotation(Anchor(VD7), comment="agreed as a whole")
    assert a.anchor.whole_node
    assert repo.annotations_for_nodes([VD7]) == [a]


def test_filters_combine(repo: NotesRepo) -> None:
    x = repo.add_annotation(_anchor(), colour="red", tags=["legislation"], comment="Penal code")
    y = repo.add_annotation(Anchor(VD7), colour="red", tags=["follow-up"], comment="ask capital")
    z = repo.add_annotation(Anchor(P2), colour="yellow", tags=["legislation"], comment="ok 100%")

    def ids(**kw: object) -> set[str]:
        return {a.id for a in repo.filter_annotations(AnnotationFilter(**kw))}  # type: ignore[arg-type]

    assert ids(colour="red") == {x.id, y.id}
    assert ids(tag="legislation") == {x.id, z.id}
    assert ids(tag="legislation", colour="red") == {x.id}
    assert ids(doc="vienna-declaration") == {y.id}
    assert ids(text="PENAL") == {x.id}
    assert ids(text="investigative") == {x.id}  # the quote
    assert ids(text="follow") == {y.id}  # a tag
    assert ids(text="100%") == {z.id}  # % is literal, not a wildcard
    assert ids(text="0%") == {z.id}
    assert ids(text="_") == set()
    assert ids(node_ids=(P2, VD7)) == {y.id, z.id}
    assert repo.tags() == [("follow-up", 1), ("legislation", 2)]


def test_page_annotations_are_the_filter_rows(repo: NotesRepo, corpus_repo) -> None:  # type: ignore[no-untyped-def]
    """The reader's fast path returns exactly the panel query's rows, in its order,
    also past the 500 provisions of one statement."""
    nodes = [n for n in corpus_repo.all_nodes() if n.text][:620]
    made = []
    for i, n in enumerate(reversed(nodes)):  # written out of document order
        if n is nodes[7]:
            made.append(repo.add_annotation(Anchor(n.id), comment="the whole provision"))
            continue
        made.append(
            repo.add_annotation(
                Anchor(n.id, n.text[:5], "", n.text[5:10], 0, 5),
                colour=("red", "yellow")[i % 2],
                tags=["t1", "t0"] if i % 3 == 0 else [],
            )
        )
    ids = [n.id for n in nodes] + ["plans-of-action/nowhere"]
    page = repo.annotations_for_nodes(ids)
    assert page == repo.filter_annotations(AnnotationFilter(node_ids=tuple(ids)), limit=None)
    assert len(page) == 620 and {a.id for a in page} == {a.id for a in made}
    assert [(a.doc, a.node_id, a.anchor.start) for a in page] == sorted(
        (a.doc, a.node_id, a.anchor.start) for a in made
    )
    assert next(a for a in page if a.node_id == nodes[-1].id).tags == ("t0", "t1")
    assert repo.annotations_for_nodes([]) == []


def test_colour_meanings_are_editable(repo: NotesRepo) -> None:
    assert [(c.name, c.meaning) for c in repo.colours()] == [
        ("yellow", "Agreed language"),
        ("green", "Supports"),
        ("red", "Concern"),
        ("blue", "Question"),
        ("purple", "Follow-up"),
    ]
    repo.set_colour("red", "Red line")
    repo.set_colour("orange", "To negotiate", "#ffcc80")
    assert [(c.name, c.meaning, c.position) for c in repo.colours()][2:] == [
        ("red", "Red line", 2),
        ("blue", "Question", 3),
        ("purple", "Follow-up", 4),
        ("orange", "To negotiate", 5),
    ]
    with pytest.raises(ValueError, match="needs a hex"):
        repo.set_colour("grey", "Parked")


def test_national_notes_several_countries(repo: NotesRepo) -> None:
    at = repo.add_national_note(
        P2,
        country="aut",
        status="In progress",
        position="supports",
        text="Bill in **Parliament**",
        legal_refs=["StGB § 278", " "],
        date="2026-11-01",
        sensitivity="confidential",
    )
    fr = repo.add_national_note(P2, country="France", status="implemented")
    assert (at.country, at.status, at.position, at.legal_refs) == (
        "AT",
        "in_progress",
        "supports",
        ("StGB § 278",),
    )
    assert fr.country == "FR" and fr.position == "no_position"
    assert repo.national_notes(node_ids=[P2]) == [at, fr]
    assert repo.national_notes(country="AT") == [at]
    up = repo.update_national_note(at.id, status="implemented", legal_refs=["Law 1", "Law 2"])
    assert (up.status, up.legal_refs, up.created) == ("implemented", ("Law 1", "Law 2"), at.created)
    with pytest.raises(TypeError, match="cannot update node_id"):
        repo.update_national_note(at.id, node_id=VD7)
    gone = repo.delete_national_note(fr.id)
    assert repo.restore_national_note(gone) == fr
    assert repo.national_note(fr.id) == fr


def test_find_by_prefix(repo: NotesRepo) -> None:
    a = repo.add_annotation(Anchor(VD7))
    n = repo.add_national_note(VD7, country="AT", status="not started")
    assert repo.find(a.id[:8]) == ("annotation", a.id)
    assert repo.find(n.id.upper()) == ("national_note", n.id)
    with pytest.raises(KeyError, match="too short"):
        repo.find("ab")
    with pytest.raises(KeyError, match="no annotation or national note"):
        repo.find("ffffffff-0000")


def test_search_own_work(repo: NotesRepo) -> None:
    a = repo.add_annotation(
        _anchor(), comment="Compare with the Code of Criminal Procedure, art. 12"
    )
    n = repo.add_national_note(P2, country="AT", status="in progress", legal_refs=["Criminal Code"])
    hits = repo.search_own("criminal")
    assert [(h.entity, h.id, h.field) for h in hits] == [
        ("annotation", a.id, "comment"),
        ("national_note", n.id, "legal_refs"),
    ]
    assert hits[0].snippet == "Compare with the Code of Criminal Procedure, art. 12"
    assert repo.search_own("   ") == []


def test_status_counts_per_chapter_and_scope(repo: NotesRepo) -> None:
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


def test_status_counts_on_the_real_plans_of_action(repo: NotesRepo, corpus_repo) -> None:  # type: ignore[no-untyped-def]
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

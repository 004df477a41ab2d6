"""The notes store contract, run against every implementation (see conftest.py):
annotations, national notes, colours, meta, filters, counts, own-work search, undo,
versions, tombstones and bulk writes, with exact values."""

from __future__ import annotations

import pytest

from vdesk.domain.countries import UnknownCountry
from vdesk.domain.notes import Anchor, Change
from vdesk.store.notes.contract import AnnotationFilter, NotesStore

VD7 = "vienna-declaration/annex/para_7"
P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P2B = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_b"
P2 = "plans-of-action/annex/chp_I/sec_A/para_2"


def _anchor(node: str = P2A, quote: str = "investigative powers") -> Anchor:
    return Anchor(node, quote, "ing or strengthening sanctions, ", ", criminal procedures", 68, 88)


def test_add_and_read_annotation(store: NotesStore) -> None:
    a = store.add_annotation(
        _anchor(), colour="Red", comment="*check*", tags=["Priority", " legislation ", "priority"]
    )
    assert a.doc == "plans-of-action"
    assert a.colour == "red"
    assert a.tags == ("legislation", "priority")
    assert a.sensitivity == "personal"
    assert a.created == a.modified and a.created.endswith("Z")
    assert len(a.id) == 36
    assert store.annotation(a.id) == a


def test_invalid_values_write_nothing(store: NotesStore) -> None:
    with pytest.raises(ValueError, match="unknown colour 'teal': use one of yellow, green"):
        store.add_annotation(_anchor(), colour="teal")
    with pytest.raises(ValueError, match="unknown sensitivity"):
        store.add_annotation(_anchor(), sensitivity="secret")
    with pytest.raises(UnknownCountry):
        store.add_national_note(P2, country="XX", status="implemented")
    with pytest.raises(ValueError, match="unknown status 'done'"):
        store.add_national_note(P2, country="AT", status="done")
    assert store.count() == (0, 0)


def test_update_reports_change_and_keeps_created(store: NotesStore) -> None:
    changes: list[Change] = []
    a = store.add_annotation(_anchor())
    store.subscribe(changes.append)
    b = store.update_annotation(a.id, comment="new", tags=["x"], sensitivity="shareable")
    assert (b.comment, b.tags, b.sensitivity, b.created) == ("new", ("x",), "shareable", a.created)
    assert b.modified > a.modified
    assert changes == [Change("updated", "annotation", (a.id,), (P2A,))]
    with pytest.raises(KeyError):
        store.update_annotation("no-such-id", comment="x")


def test_delete_then_restore_is_exact(store: NotesStore) -> None:
    a = store.add_annotation(_anchor(), comment="keep", tags=["t1", "t2"], colour="blue")
    changes: list[Change] = []
    store.subscribe(changes.append)
    gone = store.delete_annotation(a.id)
    assert gone == a
    assert store.annotation(a.id) is None
    assert store.tags() == []  # tags went with it
    assert store.restore_annotation(gone) == a
    assert store.annotation(a.id) == a  # same UUID, timestamps, tags
    assert [c.kind for c in changes] == ["deleted", "restored"]


def test_restore_undoes_an_edit(store: NotesStore) -> None:
    a = store.add_annotation(_anchor(), comment="before")
    store.update_annotation(a.id, comment="after", tags=["z"])
    store.restore_annotation(a)
    assert store.annotation(a.id) == a


def test_whole_paragraph_note(store: NotesStore) -> None:
    a = store.add_annotation(Anchor(VD7), comment="agreed as a whole")
    assert a.anchor.whole_node
    assert store.annotations_for_nodes([VD7]) == [a]


def test_filters_combine(store: NotesStore) -> None:
    x = store.add_annotation(_anchor(), colour="red", tags=["legislation"], comment="Penal code")
    y = store.add_annotation(Anchor(VD7), colour="red", tags=["follow-up"], comment="ask capital")
    z = store.add_annotation(Anchor(P2), colour="yellow", tags=["legislation"], comment="ok 100%")

    def ids(**kw: object) -> set[str]:
        return {a.id for a in store.filter_annotations(AnnotationFilter(**kw))}  # type: ignore[arg-type]

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
    assert store.tags() == [("follow-up", 1), ("legislation", 2)]


def test_page_annotations_are_the_filter_rows(store: NotesStore, corpus_repo) -> None:  # type: ignore[no-untyped-def]
    """The reader's fast path returns exactly the panel query's rows, in its order,
    also past the 500 provisions of one statement."""
    nodes = [n for n in corpus_repo.all_nodes() if n.text][:620]
    made = []
    for i, n in enumerate(reversed(nodes)):  # written out of document order
        if n is nodes[7]:
            made.append(store.add_annotation(Anchor(n.id), comment="the whole provision"))
            continue
        made.append(
            store.add_annotation(
                Anchor(n.id, n.text[:5], "", n.text[5:10], 0, 5),
                colour=("red", "yellow")[i % 2],
                tags=["t1", "t0"] if i % 3 == 0 else [],
            )
        )
    ids = [n.id for n in nodes] + ["plans-of-action/nowhere"]
    page = store.annotations_for_nodes(ids)
    assert page == store.filter_annotations(AnnotationFilter(node_ids=tuple(ids)), limit=None)
    assert len(page) == 620 and {a.id for a in page} == {a.id for a in made}
    assert [(a.doc, a.node_id, a.anchor.start) for a in page] == sorted(
        (a.doc, a.node_id, a.anchor.start) for a in made
    )
    assert next(a for a in page if a.node_id == nodes[-1].id).tags == ("t0", "t1")
    assert store.annotations_for_nodes([]) == []


def test_colour_meanings_are_editable(store: NotesStore) -> None:
    assert [(c.name, c.meaning) for c in store.colours()] == [
        ("yellow", "Agreed language"),
        ("green", "Supports"),
        ("red", "Concern"),
        ("blue", "Question"),
        ("purple", "Follow-up"),
    ]
    store.set_colour("red", "Red line")
    store.set_colour("orange", "To negotiate", "#ffcc80")
    assert [(c.name, c.meaning, c.position) for c in store.colours()][2:] == [
        ("red", "Red line", 2),
        ("blue", "Question", 3),
        ("purple", "Follow-up", 4),
        ("orange", "To negotiate", 5),
    ]
    with pytest.raises(ValueError, match="needs a hex"):
        store.set_colour("grey", "Parked")


def test_national_notes_several_countries(store: NotesStore) -> None:
    at = store.add_national_note(
        P2,
        country="aut",
        status="In progress",
        position="supports",
        text="Bill in **Parliament**",
        legal_refs=["StGB § 278", " "],
        date="2026-11-01",
        sensitivity="confidential",
    )
    fr = store.add_national_note(P2, country="France", status="implemented")
    assert (at.country, at.status, at.position, at.legal_refs) == (
        "AT",
        "in_progress",
        "supports",
        ("StGB § 278",),
    )
    assert fr.country == "FR" and fr.position == "no_position"
    assert store.national_notes(node_ids=[P2]) == [at, fr]
    assert store.national_notes(country="AT") == [at]
    up = store.update_national_note(at.id, status="implemented", legal_refs=["Law 1", "Law 2"])
    assert (up.status, up.legal_refs, up.created) == ("implemented", ("Law 1", "Law 2"), at.created)
    with pytest.raises(TypeError, match="cannot update node_id"):
        store.update_national_note(at.id, node_id=VD7)
    gone = store.delete_national_note(fr.id)
    assert store.restore_national_note(gone) == fr
    assert store.national_note(fr.id) == fr


def test_find_by_prefix(store: NotesStore) -> None:
    a = store.add_annotation(Anchor(VD7))
    n = store.add_national_note(VD7, country="AT", status="not started")
    assert store.find(a.id[:8]) == ("annotation", a.id)
    assert store.find(n.id.upper()) == ("national_note", n.id)
    with pytest.raises(KeyError, match="too short"):
        store.find("ab")
    with pytest.raises(KeyError, match="no annotation or national note"):
        store.find("ffffffff-0000")


def test_search_own_work(store: NotesStore) -> None:
    a = store.add_annotation(
        _anchor(), comment="Compare with the Code of Criminal Procedure, art. 12"
    )
    n = store.add_national_note(
        P2, country="AT", status="in progress", legal_refs=["Criminal Code"]
    )
    hits = store.search_own("criminal")
    assert [(h.entity, h.id, h.field) for h in hits] == [
        ("annotation", a.id, "comment"),
        ("national_note", n.id, "legal_refs"),
    ]
    assert hits[0].snippet == "Compare with the Code of Criminal Procedure, art. 12"
    assert store.search_own("   ") == []


def test_counts_by_node(store: NotesStore) -> None:
    assert store.counts_by_node() == ({}, {})
    store.add_annotation(Anchor(P2A, "investigative powers", start=68, end=88))
    store.add_annotation(Anchor(P2A))
    store.add_annotation(Anchor(VD7))
    store.add_national_note(P2B, country="AT", status="implemented")
    store.add_national_note(P2B, country="FR", status="in_progress")
    assert store.counts_by_node() == ({P2A: 2, VD7: 1}, {P2B: 2})
    assert store.counts_by_node([P2A, P2B]) == ({P2A: 2}, {P2B: 2})
    assert store.counts_by_node([]) == ({}, {})

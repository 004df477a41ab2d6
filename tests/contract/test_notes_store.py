"""The notes store contract, run against every implementation (see conftest.py):
versions, tombstones, bulk writes that report once, meta, statuses, backups, and the
Protocol itself."""

from __future__ import annotations

import pytest

from vdesk.domain.notes import Anchor, Change
from vdesk.store.notes.contract import NotesStore, Tombstone
from vdesk.store.notes.rows import utc_now

VD7 = "vienna-declaration/annex/para_7"
VD8 = "vienna-declaration/annex/para_8"
P2A = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
P2B = "plans-of-action/annex/chp_I/sec_A/para_2/subpara_b"
P2 = "plans-of-action/annex/chp_I/sec_A/para_2"


def _anchor(node: str = P2A) -> Anchor:
    return Anchor(node, "investigative powers", "ing or strengthening sanctions, ", ", c", 68, 88)


def test_implementation_satisfies_the_protocol(store: NotesStore) -> None:
    assert isinstance(store, NotesStore)


def test_every_write_of_an_annotation_counts_a_version(store: NotesStore) -> None:
    a = store.add_annotation(_anchor(), comment="first")
    assert store.version("annotation", a.id) == 1
    store.update_annotation(a.id, comment="second")
    assert store.version("annotation", a.id) == 2
    store.set_anchor(a.id, Anchor(P2B, "x", start=1, end=2), state="moved", detail="moved")
    assert store.version("annotation", a.id) == 3
    store.acknowledge(a.id)
    assert store.version("annotation", a.id) == 4
    store.mark_for_review(a.id, "text changed", ("nearby", P2B, 3, 9, 0.5))
    assert store.version("annotation", a.id) == 5
    store.restore_annotation(a)  # undo of all that: a write too
    assert store.version("annotation", a.id) == 6
    assert store.annotation(a.id) == a
    assert store.version("annotation", "no-such-id") is None
    with pytest.raises(ValueError, match="unknown kind 'colour'"):
        store.version("colour", a.id)


def test_every_write_of_a_national_note_counts_a_version(store: NotesStore) -> None:
    n = store.add_national_note(P2, country="AT", status="in progress")
    assert store.version("national_note", n.id) == 1
    store.update_national_note(n.id, status="implemented")
    assert store.version("national_note", n.id) == 2
    store.restore_national_note(n)
    assert store.version("national_note", n.id) == 3
    assert store.national_note(n.id) == n
    assert store.version("annotation", n.id) is None  # versions are per kind


def test_delete_leaves_a_tombstone_and_restore_removes_it(store: NotesStore) -> None:
    a = store.add_annotation(_anchor(), comment="keep", tags=["t1"])
    store.update_annotation(a.id, comment="edited")
    edited = store.annotation(a.id)
    assert edited is not None
    before = utc_now()
    gone = store.delete_annotation(a.id, by="A. Delegate")
    after = utc_now()
    assert gone == edited
    [stone] = store.tombstones()
    assert (stone.id, stone.kind, stone.deleted_by, stone.version) == (
        a.id, "annotation", "A. Delegate", 3,
    )  # fmt: skip
    assert before <= stone.deleted_at <= after
    assert store.version("annotation", a.id) == 3  # the tombstone's version
    with pytest.raises(KeyError, match="no annotation or national note"):
        store.find(a.id[:8])  # a deleted item is not found

    assert store.restore_annotation(gone) == gone
    assert store.tombstones() == []
    assert store.version("annotation", a.id) == 4
    assert store.annotation(a.id) == gone  # same id, timestamps, tags
    assert store.find(a.id[:8]) == ("annotation", a.id)


def test_national_note_tombstones_and_since(store: NotesStore) -> None:
    first = store.add_national_note(P2, country="AT", status="implemented")
    second = store.add_national_note(VD7, country="FR", status="not started")
    store.delete_national_note(first.id)  # by nobody in particular
    [older] = store.tombstones()
    assert older == Tombstone(first.id, "national_note", older.deleted_at, "", 2)
    store.delete_national_note(second.id, by="B. Drafter")
    newer = store.tombstones()[1]
    assert newer == Tombstone(second.id, "national_note", newer.deleted_at, "B. Drafter", 2)
    assert store.tombstones() == [older, newer]  # oldest deletion first
    assert older.deleted_at < newer.deleted_at
    assert store.tombstones(since=older.deleted_at) == [newer]
    assert store.tombstones(since=newer.deleted_at) == []
    assert store.tombstones(since="2000-01-01T00:00:00.000000Z") == [older, newer]
    store.restore_national_note(first)
    assert store.tombstones() == [newer]
    assert store.version("national_note", first.id) == 3
    with pytest.raises(KeyError):
        store.delete_national_note(first.id + "x")


def test_bulk_delete_of_annotations_is_one_transaction_and_one_change(
    store: NotesStore,
) -> None:
    a = store.add_annotation(_anchor(), tags=["x"])
    b = store.add_annotation(Anchor(VD7), colour="red")
    c = store.add_annotation(Anchor(VD8), comment="stays")
    d = store.add_annotation(Anchor(VD7), comment="second on VD7")
    changes: list[Change] = []
    store.subscribe(changes.append)

    gone = store.delete_annotations([b.id, a.id, d.id, b.id], by="C")
    assert gone == [b, a, d]  # in the order asked, each once
    assert changes == [Change("deleted", "annotation", (b.id, a.id, d.id), (VD7, P2A))]
    assert store.count() == (1, 0)
    assert store.tags() == []
    assert [(t.id, t.kind, t.deleted_by, t.version) for t in store.tombstones()] == sorted(
        [(i, "annotation", "C", 2) for i in (a.id, b.id, d.id)]
    )

    changes.clear()
    with pytest.raises(KeyError):
        store.delete_annotations([c.id, "no-such-id"])
    assert store.annotation(c.id) == c  # nothing deleted
    assert len(store.tombstones()) == 3
    assert changes == []
    assert store.delete_annotations([]) == []
    assert changes == []

    # undo of the bulk delete: one restore of all, tombstones gone, versions on
    change = store.restore_many(gone)
    assert change == Change("restored", "many", (b.id, a.id, d.id), (P2A, VD7))
    assert changes == [change]
    assert store.tombstones() == []
    assert [store.annotation(i) for i in (a.id, b.id, c.id, d.id)] == [a, b, c, d]
    assert [store.version("annotation", i) for i in (a.id, b.id, c.id, d.id)] == [3, 3, 1, 3]


def test_bulk_delete_of_national_notes_is_one_change(store: NotesStore) -> None:
    at = store.add_national_note(P2, country="AT", status="implemented")
    fr = store.add_national_note(P2, country="FR", status="in progress")
    ng = store.add_national_note(VD7, country="NG", status="not started")
    store.update_national_note(fr.id, text="edited")
    changes: list[Change] = []
    store.subscribe(changes.append)
    gone = store.delete_national_notes([ng.id, fr.id, at.id], by="D")
    assert [n.id for n in gone] == [ng.id, fr.id, at.id]
    assert gone[0] == ng and gone[2] == at and gone[1].text == "edited"
    assert changes == [Change("deleted", "national_note", (ng.id, fr.id, at.id), (VD7, P2))]
    assert store.count() == (0, 0)
    assert {t.id: t.version for t in store.tombstones()} == {at.id: 2, fr.id: 3, ng.id: 2}
    with pytest.raises(KeyError):
        store.delete_national_notes([at.id])  # already gone
    store.restore_many(notes=gone)
    assert store.national_notes() == [gone[2], gone[1], gone[0]]  # P2 AT, FR; then VD7
    assert store.tombstones() == []
    assert {n.id: store.version("national_note", n.id) for n in gone} == {
        at.id: 3, fr.id: 4, ng.id: 3,
    }  # fmt: skip


def test_restore_many_writes_new_items_at_version_one(store: NotesStore) -> None:
    a = store.add_annotation(_anchor())
    gone = store.delete_annotation(a.id)
    other = store.add_annotation(Anchor(VD7))
    store.delete_annotation(other.id)
    store.restore_many([gone])  # e.g. a bundle that carries it again
    assert store.version("annotation", a.id) == 3
    assert [t.id for t in store.tombstones()] == [other.id]


def test_meta_is_kept(store: NotesStore) -> None:
    assert store.meta("author") is None
    store.set_meta("author", "A. Delegate")
    assert store.meta("author") == "A. Delegate"
    store.set_meta("author", "B. Drafter")
    assert store.meta("author") == "B. Drafter"


def test_statuses_and_countries(store: NotesStore) -> None:
    first = store.add_national_note(P2, country="AT", status="in progress")
    later = store.add_national_note(P2, country="AT", status="implemented")
    sub = store.add_national_note(P2A, country="AT", status="not applicable")
    fr = store.add_national_note(VD7, country="FR", status="not started")
    assert store.statuses("Austria", [P2, P2A, VD7]) == {
        P2: "implemented", P2A: "not_applicable",
    }  # fmt: skip  # the latest note of P2 wins
    assert store.statuses("FR", [P2]) == {}
    assert store.note_countries() == ["AT", "FR"]
    assert store.note_countries("vienna-declaration") == ["FR"]
    at = [n.id for n in store.national_notes(country="AT", doc="plans-of-action")]
    assert (sorted(at[:2]), at[2:]) == (sorted([first.id, later.id]), [sub.id])  # by node
    assert store.national_notes(doc="vienna-declaration") == [fr]
    assert store.national_notes(country="FR", doc="plans-of-action") == []


def test_search_own_with_more_words(store: NotesStore) -> None:
    a = store.add_annotation(_anchor(), comment="Penal code reform", tags=["legislation"])
    store.add_annotation(Anchor(VD7), comment="Penal matters, no reform")
    n = store.add_national_note(P2, country="AT", status="implemented", text="penal CODE §1")
    hits = store.search_own("penal", also=["code"])
    assert [(h.entity, h.id, h.field, h.snippet) for h in hits] == [
        ("annotation", a.id, "comment", "Penal code reform"),
        ("national_note", n.id, "text", "penal CODE §1"),
    ]
    assert [h.id for h in store.search_own("penal", limit=1)] == [store.search_own("penal")[0].id]


def test_backups_through_the_store(store: NotesStore, backups_kept_by: str) -> None:
    store.add_annotation(Anchor(VD7), comment="kept")
    assert store.backups() == []
    if backups_kept_by == "server":  # the server's administrator backs it up (pg_dump)
        from vdesk.store.notes.postgres import BackupsOnServer

        with pytest.raises(BackupsOnServer, match=r"server's administrator \(pg_dump"):
            store.backup("manual")
        assert store.backups() == []
        return
    assert backups_kept_by == "store"
    taken = store.backup("manual")
    assert taken.reason == "manual" and taken.size > 0
    assert store.backups() == [taken]
    second = store.backup("before-import")
    assert [b.reason for b in store.backups()] == ["before-import", "manual"]
    assert second.created > taken.created


def test_the_protocol_names_every_public_method_of_the_sqlite_store() -> None:
    """Nothing the app can call on the SQLite store is missing from the contract
    (apart from opening and restoring the file, which a server store does otherwise)."""
    from vdesk.store.notes.sqlite import SqliteNotesStore

    public = {n for n in dir(SqliteNotesStore) if not n.startswith("_")}
    members = {n for n in dir(NotesStore) if not n.startswith("_")}
    assert public - members == {"open", "restore_backup"}
    assert members - public == set()


def test_a_delete_and_its_tombstone_commit_together(
    store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = store.add_annotation(_anchor(), tags=["kept"])
    n = store.add_national_note(P2, country="AT", status="implemented")
    changes: list[Change] = []
    store.subscribe(changes.append)

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(type(store), "_bury", fail)
    with pytest.raises(OSError, match="disk full"):
        store.delete_annotation(a.id)
    with pytest.raises(OSError, match="disk full"):
        store.delete_national_notes([n.id])
    assert (store.annotation(a.id), store.national_note(n.id)) == (a, n)
    assert store.tombstones() == []
    assert changes == []
    assert store.version("annotation", a.id) == 1


def test_a_conditional_write_checks_every_version_in_its_transaction(store: NotesStore) -> None:
    """Undo writes only when each item is still at the version its own write left
    (``write_if_versions``); an item changed or deleted since refuses it all."""
    from vdesk.store.notes.contract import VersionConflict

    a = store.add_annotation(_anchor(), comment="mine", sensitivity="confidential")
    n = store.add_national_note(P2, country="AT", status="in progress")
    edited = store.update_annotation(a.id, comment="edited")  # version 2
    seen: list[Change] = []
    store.subscribe(seen.append)
    # another writer changed the note after "our" version 1: nothing is written
    store.update_national_note(n.id, status="implemented")  # version 2
    seen.clear()
    with pytest.raises(VersionConflict) as caught:
        store.write_if_versions(
            {("annotation", a.id): 2, ("national_note", n.id): 1},
            annotations=[a],
            remove=[("national_note", n.id)],
        )
    assert (caught.value.kind, caught.value.id, caught.value.expected) == ("national_note", n.id, 1)
    assert (caught.value.found, caught.value.deleted) == (2, False)
    assert store.annotation(a.id) == edited and store.version("annotation", a.id) == 2
    assert store.national_note(n.id) is not None and seen == []
    # at the expected versions: one transaction restores one and deletes the other
    change = store.write_if_versions(
        {("annotation", a.id): 2, ("national_note", n.id): 2},
        annotations=[a],
        remove=[("national_note", n.id)],
        by="me",
    )
    assert change == Change("restored", "many", (a.id, n.id), (P2, P2A))
    assert seen == [change]
    assert store.annotation(a.id) == a and store.version("annotation", a.id) == 3
    assert store.national_note(n.id) is None and store.version("national_note", n.id) == 3
    assert [(t.id, t.deleted_by, t.version) for t in store.tombstones()] == [(n.id, "me", 3)]
    # a deleted item is expected at its tombstone's version; a live one is refused
    with pytest.raises(VersionConflict) as caught:
        store.write_if_versions({("national_note", n.id): 3}, remove=[("national_note", n.id)])
    assert (caught.value.found, caught.value.deleted) == (None, True)
    with pytest.raises(VersionConflict):
        store.write_if_versions({("annotation", a.id): 2}, annotations=[edited])
    store.write_if_versions({("annotation", a.id): 3}, remove=[("annotation", a.id)])
    assert store.annotation(a.id) is None and store.version("annotation", a.id) == 4

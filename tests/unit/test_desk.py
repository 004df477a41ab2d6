"""The application core: one Desk, its accessors, one Changes per user action."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc

from tests.unit.test_export_markdown import P2A, VD7, populate
from vdesk.corpus.resolver import Resolver, UnknownReference
from vdesk.desk import Changes, Desk
from vdesk.desk.errors import TargetExists, TargetIsFolder, UnknownDocument
from vdesk.desk.exporting import SEARCH_LIMIT, ScopeRequest
from vdesk.export.markdown import Scope
from vdesk.notes.anchoring import ANCHORED_META, anchor_quote
from vdesk.notes.bundle import dump_bundle, make_bundle
from vdesk.paths import AppPaths
from vdesk.search.searcher import QueryError, Searcher
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.contract import AnnotationFilter
from vdesk.store.notes.sqlite import SqliteNotesStore
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
    assert isinstance(store, SqliteNotesStore)
    assert desk.notes is store
    assert desk.open_notes() is store  # already open
    desk.close()
    assert desk.notes is None
    other = SqliteNotesStore.open(paths)
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


# --- use cases ----------------------------------------------------------------------------


@pytest.fixture
def filled(desk: Desk, corpus_repo: CorpusRepo) -> Desk:
    """The desk with a small, realistic notes store (five annotations, four notes)."""
    populate(desk.open_notes(start_backup=False), corpus_repo)
    return desk


def _record(desk: Desk) -> list[Changes]:
    seen: list[Changes] = []
    desk.subscribe(seen.append)
    return seen


def _dump(path: Path) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        rows: list[tuple[Any, ...]] = []
        for table in ("annotations", "annotation_tags", "national_notes", "colours"):
            rows += [(table, *r) for r in con.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        return rows
    finally:
        con.close()


def test_resolve_gives_the_row_or_the_resolvers_error(desk: Desk) -> None:
    row = desk.resolve("VD 7")
    assert (row.id, row.citation) == (VD7, "A/RES/55/59, annex, para. 7")
    with pytest.raises(UnknownReference):
        desk.resolve("VD 700")
    view = desk.show("VD 7")
    assert view.row == row and view.subtree[0] == row
    with pytest.raises(UnknownDocument, match="unknown document 'nope'; known: "):
        desk.contents("nope")


def test_annotate_returns_one_changes_with_the_initiator(filled: Desk) -> None:
    seen = _record(filled)
    row = filled.resolve("VD 7")
    anchor = anchor_quote(row.id, row.text, "the goals of the Convention")
    a, changes = filled.annotate(anchor, comment="again", initiator="panel")
    assert changes == Changes(
        "Add annotation", "panel", annotations=frozenset({a.id}), node_ids=frozenset({VD7})
    )
    assert seen == [changes]
    b, edited = filled.update_annotation(a.id, comment="edited", initiator="dialog")
    assert b.comment == "edited"
    assert (edited.initiator, edited.annotations) == ("dialog", frozenset({a.id}))
    assert seen == [changes, edited]


def test_deleting_several_annotations_is_one_changes(filled: Desk) -> None:
    store = filled.notes
    assert store is not None
    anns = store.filter_annotations(AnnotationFilter(), limit=None)
    three = [a.id for a in anns[:3]]
    seen = _record(filled)
    gone, changes = filled.delete_annotations(three, initiator="undo-test")
    assert [a.id for a in gone] == three
    assert seen == [changes]  # subscribers are told once
    assert changes == Changes(
        "Delete 3 annotations",
        "undo-test",
        annotations=frozenset(three),
        node_ids=frozenset(a.node_id for a in anns[:3]),
    )
    assert store.count() == (2, 4)
    # undo: the same values come back, again as one Changes
    restored = filled.restore(gone, initiator="undo")
    assert restored.annotations == frozenset(three) and restored.initiator == "undo"
    assert seen == [changes, restored]
    assert sorted(store.filter_annotations(AnnotationFilter(), limit=None), key=lambda a: a.id) == (
        sorted(anns, key=lambda a: a.id)
    )


def test_a_bulk_delete_with_an_unknown_id_deletes_nothing(filled: Desk) -> None:
    store = filled.notes
    assert store is not None
    first = store.filter_annotations(AnnotationFilter(), limit=1)[0]
    seen = _record(filled)
    with pytest.raises(KeyError):
        filled.delete_annotations([first.id, "00000000-0000-4000-8000-000000000000"])
    assert store.count() == (5, 4) and seen == []


def test_national_notes_add_update_and_bulk_delete(filled: Desk) -> None:
    store = filled.notes
    assert store is not None
    seen = _record(filled)
    n, added = filled.add_national_note(
        P2A, country="FR", status="implemented", text="Loi n° 1", initiator="dock"
    )
    assert added == Changes(
        "Add national note", "dock", national_notes=frozenset({n.id}), node_ids=frozenset({P2A})
    )
    m, updated = filled.update_national_note(n.id, status="in_progress", initiator="dock")
    assert m.status == "in_progress" and updated.national_notes == frozenset({n.id})
    ids = [x.id for x in store.national_notes()]
    gone, deleted = filled.delete_national_notes(ids, initiator="dock")
    assert len(gone) == 5 and store.national_notes() == []
    assert deleted.action == "Delete 5 national notes"
    assert deleted.national_notes == frozenset(ids) and deleted.annotations == frozenset()
    assert seen == [added, updated, deleted]


def test_set_colour_says_colours_changed(filled: Desk) -> None:
    seen = _record(filled)
    colour, changes = filled.set_colour("yellow", "Agreed ad ref", initiator="prefs")
    assert colour.meaning == "Agreed ad ref"
    assert changes == Changes("Set the meaning of yellow", "prefs", colours=True)
    assert seen == [changes]


def test_reanchor_records_the_fingerprint_and_runs_again_only_after_a_change(
    filled: Desk, corpus_repo: CorpusRepo
) -> None:
    store = filled.notes
    assert store is not None
    seen = _record(filled)
    report, changes = filled.reanchor(initiator="cli")
    assert report is not None and (report.checked, report.unchanged) == (5, 5)
    assert store.meta(ANCHORED_META) == corpus_repo.meta("fingerprint")
    assert changes == Changes("Re-anchor annotations", "cli")  # nothing moved
    assert seen == []  # nothing changed: nobody is disturbed
    again, _ = filled.reanchor(only_if_changed=True)
    assert again is None
    store.set_meta(ANCHORED_META, "an older corpus")
    third, _ = filled.reanchor(only_if_changed=True)
    assert third is not None and third.checked == 5


# --- bundle import ------------------------------------------------------------------------


@pytest.fixture
def bundle_bytes(filled: Desk) -> bytes:
    assert filled.notes is not None
    return dump_bundle(make_bundle(filled.notes, personal=True, confidential=True))


@pytest.fixture
def other(tmp_path: Path, corpus_repo: CorpusRepo, searcher: Searcher) -> Iterator[Desk]:
    """A second computer's desk, with an empty notes store."""
    p = AppPaths.resolve(tmp_path / "other")
    p.ensure()
    d = Desk.from_parts(p, corpus_repo, searcher)
    d.open_notes(start_backup=False)
    yield d
    d.close()


def test_plan_import_parses_once_and_plans_once(
    other: Desk, bundle_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vdesk.desk.importing as importing

    calls = {"parse": 0, "plan": 0}
    real_parse, real_plan = importing.parse_bundle, importing.plan_merge

    def parse(*a: Any, **k: Any) -> Any:
        calls["parse"] += 1
        return real_parse(*a, **k)

    def plan(*a: Any, **k: Any) -> Any:
        calls["plan"] += 1
        return real_plan(*a, **k)

    monkeypatch.setattr(importing, "parse_bundle", parse)
    monkeypatch.setattr(importing, "plan_merge", plan)
    before = _dump(other.paths.user_db)
    planned = other.plan_import(bundle_bytes)
    assert _dump(other.paths.user_db) == before  # a dry run changes nothing
    assert planned.report.dry_run and planned.report.added == 9
    assert planned.origin == "From an unnamed sender, exported " + (
        planned.bundle.exported[:16].replace("T", " ") + " UTC"
    )
    seen = _record(other)
    report, changes = other.apply_import(planned, initiator="import-dialog")
    assert calls == {"parse": 1, "plan": 1}  # plan and apply: the file is read once
    assert (report.added, report.dry_run) == (9, False)
    assert report.backup is not None and report.backup.name.endswith("-pre-import.sqlite")
    assert seen == [changes]
    assert changes.initiator == "import-dialog" and changes.action == "Import bundle"
    assert changes.annotations == frozenset(a.id for a in planned.bundle.annotations)
    assert changes.national_notes == frozenset(n.id for n in planned.bundle.national_notes)
    assert VD7 in changes.node_ids and not changes.colours
    # the same bundle again: nothing to write, no backup, nobody told
    again, nothing = other.apply_import(other.plan_import(bundle_bytes))
    assert (again.unchanged, again.backup, nothing.empty) == (9, None, True)
    assert seen == [changes]


def test_apply_import_is_one_transaction(other: Desk, bundle_bytes: bytes) -> None:
    """A failure while the national notes are written leaves the annotations unwritten."""
    con = sqlite3.connect(other.paths.user_db)
    con.execute(
        "CREATE TRIGGER no_notes BEFORE INSERT ON national_notes "
        "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
    )
    con.commit()
    con.close()
    before = _dump(other.paths.user_db)
    plan = other.plan_import(bundle_bytes)
    seen = _record(other)
    with pytest.raises(sqlalchemy.exc.DatabaseError, match="disk I/O error"):
        other.apply_import(plan)
    assert _dump(other.paths.user_db) == before
    assert other.notes is not None and other.notes.count() == (0, 0)
    assert seen == []
    assert [b.reason for b in other.backups()] == ["pre-import"]  # taken before writing


def test_restore_backup_says_everything_changed(filled: Desk) -> None:
    assert filled.notes is not None
    filled.close()  # the notes store the desk opened is closed; the backup needs it idle
    filled.open_notes(start_backup=True)
    seen = _record(filled)
    used, _aside, changes = filled.restore_backup(initiator="cli")
    assert used.name.endswith("-start.sqlite")
    assert changes == Changes("Restore backup", "cli", everything=True)
    assert seen == [changes]
    assert filled.notes is None  # opened again on demand
    assert filled.require_notes().count() == (5, 4)


# --- exports ------------------------------------------------------------------------------


def test_export_refuses_an_existing_file_without_force_and_any_folder(
    filled: Desk, tmp_path: Path
) -> None:
    out = tmp_path / "brief.md"
    out.write_text("my earlier brief", encoding="utf-8")
    html = tmp_path / "brief.html"
    html.write_text("old page", encoding="utf-8")
    with pytest.raises(TargetExists) as refused:
        filled.plan_export(ScopeRequest(), out=out, html=html)
    assert refused.value.paths == (out, html)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    for force in (False, True):
        with pytest.raises(TargetIsFolder) as is_folder:
            filled.plan_export(ScopeRequest(), out=folder, force=force)
        assert str(is_folder.value) == f"{folder} is a folder"
    with pytest.raises(TargetExists):
        filled.export_bundle(out)
    assert out.read_text(encoding="utf-8") == "my earlier brief"
    plan = filled.plan_export(ScopeRequest(refs=("VD 7",)), out=out, force=True)
    assert plan.scope == Scope("provision", (VD7,), "VD 7")
    result = filled.write_export(plan)
    assert result.provisions == 5  # the paragraph and its four subparagraphs
    assert out.read_text(encoding="utf-8") == result.markdown
    written = filled.export_bundle(out.with_suffix(".json"), personal=True)
    assert (written.annotations, written.national_notes, written.included) == (
        4, 3, ("shareable", "personal")
    )  # fmt: skip


def test_scope_resolution_is_the_command_lines(filled: Desk, searcher: Searcher) -> None:
    assert filled.resolve_scope(ScopeRequest()) == Scope("annotated")
    assert filled.resolve_scope(ScopeRequest(docs=("vienna-declaration",))) == Scope(
        "document", ("vienna-declaration",), "vienna-declaration"
    )
    assert filled.resolve_scope(ScopeRequest(refs=("VD 7", "VD 8"), annotated=True)) == Scope(
        "annotated", (VD7, "vienna-declaration/annex/para_8"), "VD 7; VD 8"
    )
    found = searcher.search('"trafficking in persons"', limit=SEARCH_LIMIT)
    assert filled.resolve_scope(ScopeRequest(search='"trafficking in persons"')) == Scope(
        "search", tuple(h.id for h in found.hits), '"trafficking in persons"'
    )
    with pytest.raises(QueryError):
        filled.resolve_scope(ScopeRequest(search="doc:"))
    with pytest.raises(UnknownDocument):
        filled.resolve_scope(ScopeRequest(docs=("nope",)))

"""Note bundles: export → import round trip, merge rules, validation messages, and
malformed files (hypothesis) that must never change the database."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_export_markdown import P2A, VD7, populate
from vdesk.notes.anchoring import doc_texts
from vdesk.notes.bundle import (
    BundleError,
    dump_bundle,
    make_bundle,
    parse_bundle,
)
from vdesk.notes.merge import import_bundle
from vdesk.paths import AppPaths
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.contract import AnnotationFilter
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.store.user_db import open_user_db

STAMP = "2026-11-23T09:00:00.000000Z"
_TEXTS: dict[str, dict[str, str]] = {}  # node texts, kept out of hypothesis' reports


@pytest.fixture(scope="module")
def texts(corpus_repo: CorpusRepo) -> dict[str, str]:
    return doc_texts(corpus_repo.all_nodes())


@pytest.fixture
def source(tmp_path: Path, corpus_repo: CorpusRepo) -> Iterator[SqliteNotesStore]:
    p = AppPaths.resolve(tmp_path / "source")
    repo = SqliteNotesStore.open(p)
    populate(repo, corpus_repo)
    yield repo
    repo.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[tuple[SqliteNotesStore, Any, AppPaths]]:
    p = AppPaths.resolve(tmp_path / "target")
    engine = open_user_db(p)
    yield SqliteNotesStore(engine), engine, p
    engine.dispose()


def _everything(repo: SqliteNotesStore) -> tuple[list[Any], list[Any], list[Any]]:
    return (
        sorted(repo.filter_annotations(AnnotationFilter(), limit=None), key=lambda a: a.id),
        sorted(repo.national_notes(), key=lambda n: n.id),
        repo.colours(),
    )


def _dump_db(path: Path) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        rows: list[tuple[Any, ...]] = []
        for table in ("annotations", "annotation_tags", "national_notes", "colours", "meta"):
            rows += [(table, *r) for r in con.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        return rows
    finally:
        con.close()


def test_round_trip_gives_identical_notes(
    source: SqliteNotesStore, target: tuple[SqliteNotesStore, Any, AppPaths], texts: dict[str, str]
) -> None:
    data = dump_bundle(make_bundle(source, personal=True, confidential=True, author="AT mission"))
    repo, engine, _ = target
    report = import_bundle(engine, parse_bundle(data), texts)
    assert (report.added, report.updated, report.unchanged, report.kept_local) == (9, 0, 0, 0)
    assert report.flagged == () and report.conflicts == ()
    assert _everything(repo) == _everything(source)
    again = import_bundle(engine, parse_bundle(data), texts)
    assert (again.added, again.updated, again.unchanged, again.conflicts) == (0, 0, 9, ())


def test_default_bundle_carries_only_shareable_items(source: SqliteNotesStore) -> None:
    b = make_bundle(source, now=STAMP, app_version="1.0", author="me")
    assert {k: b[k] for k in ("format", "schema", "exported", "author", "app_version")} == {
        "format": "vdesk-notes",
        "schema": 1,
        "exported": STAMP,
        "author": "me",
        "app_version": "1.0",
    }
    assert [a["comment"] for a in b["annotations"]] == ["Which instruments exactly?"]
    assert [(n["country"], n["sensitivity"]) for n in b["national_notes"]] == [("DE", "shareable")]
    with_personal = make_bundle(source, personal=True)
    assert {a["sensitivity"] for a in with_personal["annotations"]} == {"personal", "shareable"}
    assert "confidential" not in json.dumps(with_personal)
    everything = make_bundle(source, personal=True, confidential=True)
    assert len(everything["annotations"]) == 5 and len(everything["national_notes"]) == 4


def test_newer_edit_wins_and_conflicts_are_listed(
    source: SqliteNotesStore, target: tuple[SqliteNotesStore, Any, AppPaths], texts: dict[str, str]
) -> None:
    repo, engine, _ = target
    import_bundle(engine, parse_bundle(dump_bundle(make_bundle(source, personal=True))), texts)
    mine = next(a for a in repo.filter_annotations(limit=None) if a.node_id == VD7)
    note = next(n for n in repo.national_notes() if n.country == "AT" and n.node_id == P2A)
    # here: the annotation is edited later than in the source; the note earlier
    repo.restore_annotation(
        replace(mine, comment="my local edit", modified="2099-01-01T00:00:00.000000Z")
    )
    repo.restore_national_note(
        replace(note, text="old local", modified="2000-01-01T00:00:00.000000Z")
    )
    local_only = repo.add_annotation(mine.anchor, comment="only here")
    report = import_bundle(
        engine, parse_bundle(dump_bundle(make_bundle(source, personal=True))), texts
    )
    assert (report.added, report.updated, report.kept_local) == (0, 1, 1)
    assert sorted((c.entity, c.winner) for c in report.conflicts) == [
        ("annotation", "local"),
        ("national_note", "bundle"),
    ]
    assert repo.annotation(mine.id).comment == "my local edit"  # type: ignore[union-attr]
    assert repo.national_note(note.id) == note  # the bundle's (newer) version
    assert repo.annotation(local_only.id) is not None  # nothing is deleted


def test_unknown_provision_is_imported_and_flagged_for_review(
    source: SqliteNotesStore, target: tuple[SqliteNotesStore, Any, AppPaths], texts: dict[str, str]
) -> None:
    b = make_bundle(source, personal=True)
    b["annotations"][0]["anchor"]["node_id"] = "ccpcj-2002/chp_IX/para_99"
    b["annotations"][1]["anchor"]["start"] += 1
    b["annotations"][1]["anchor"]["end"] += 1
    b["national_notes"][0]["node_id"] = "plans-of-action/annex/chp_XX/para_1"
    repo, engine, _ = target
    report = import_bundle(engine, parse_bundle(dump_bundle(b)), texts)
    assert report.added == 7
    assert report.flagged == (b["annotations"][0]["id"], b["annotations"][1]["id"])
    assert report.unknown_nodes == (
        "ccpcj-2002/chp_IX/para_99",
        "plans-of-action/annex/chp_XX/para_1",
    )
    gone = repo.annotation(b["annotations"][0]["id"])
    assert gone is not None and gone.anchor_state == "review"
    assert gone.anchor_detail == (
        "imported: the provision ccpcj-2002/chp_IX/para_99 is not in this corpus"
    )
    moved = repo.annotation(b["annotations"][1]["id"])
    assert moved is not None and moved.anchor_state == "review"
    assert {n.node_id for n in repo.national_notes()} >= {"plans-of-action/annex/chp_XX/para_1"}


def test_new_colour_is_added_and_a_different_meaning_is_kept_local(
    source: SqliteNotesStore, target: tuple[SqliteNotesStore, Any, AppPaths], texts: dict[str, str]
) -> None:
    source.set_colour("orange", "Legal review", "#ffcc80")
    source.add_annotation(
        replace(source.filter_annotations(limit=1)[0].anchor),
        colour="orange",
        sensitivity="shareable",
    )
    source.set_colour("yellow", "Agreed ad ref")
    repo, engine, _ = target
    report = import_bundle(engine, parse_bundle(dump_bundle(make_bundle(source))), texts)
    assert report.colours_added == ("orange",)
    assert [(c.entity, c.id, c.winner) for c in report.conflicts] == [("colour", "yellow", "local")]
    assert [(c.name, c.meaning) for c in repo.colours()][-1] == ("orange", "Legal review")
    assert repo.colours()[0].meaning == "Agreed language"


def test_dry_run_changes_nothing(
    source: SqliteNotesStore, target: tuple[SqliteNotesStore, Any, AppPaths], texts: dict[str, str]
) -> None:
    _repo, engine, paths = target
    before = _dump_db(paths.user_db)
    report = import_bundle(
        engine, parse_bundle(dump_bundle(make_bundle(source, personal=True))), texts, dry_run=True
    )
    assert report.added == 7 and report.dry_run
    assert _dump_db(paths.user_db) == before


def test_import_is_one_transaction(
    source: SqliteNotesStore,
    target: tuple[SqliteNotesStore, Any, AppPaths],
    texts: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure while writing the national notes leaves the annotations unwritten too."""
    import vdesk.store.notes.sql as bundle_mod  # the store writes the merge

    _repo, engine, paths = target
    before = _dump_db(paths.user_db)

    def broken(n: Any) -> dict[str, Any]:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(bundle_mod, "note_row", broken)
    with pytest.raises(sqlite3.OperationalError):
        import_bundle(engine, parse_bundle(dump_bundle(make_bundle(source, personal=True))), texts)
    assert _dump_db(paths.user_db) == before


# --- validation -----------------------------------------------------------------------


def _valid(source: SqliteNotesStore) -> dict[str, Any]:
    """Everything, with the annotations that quote a passage first (longest quote first)."""
    b = make_bundle(source, personal=True, confidential=True, now=STAMP)
    b["annotations"].sort(key=lambda a: -len(a["anchor"]["quote"]))
    return b


def _problems(data: bytes | dict[str, Any]) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(BundleError) as err:
        parse_bundle(raw)
    return str(err.value)


def test_precise_messages(source: SqliteNotesStore) -> None:
    b = _valid(source)
    del b["annotations"][3]["anchor"]["node_id"]
    b["annotations"][0]["tags"] = ["ok", 7]
    b["national_notes"][1]["status"] = "done"
    b["national_notes"][2]["country"] = "XX"
    b["national_notes"][3]["id"] = b["national_notes"][0]["id"]
    b["annotations"][2]["modified"] = "yesterday"
    assert _problems(b) == (
        "the file is not a valid vdesk notes bundle; nothing was imported:\n"
        "  annotations[0].tags[1]: must be a string, not a number\n"
        "  annotations[2].modified: 'yesterday' is not an ISO 8601 date and time\n"
        "  annotations[3].anchor.node_id: missing\n"
        "  national_notes[1].status: 'done' is not one of not_started, in_progress, "
        "implemented, not_applicable\n"
        "  national_notes[2].country: 'XX' is not an ISO 3166-1 alpha-2 code\n"
        f"  national_notes[3].id: '{b['national_notes'][0]['id']}' occurs twice "
        "(also national_notes[0])"
    )


def test_anchor_and_colour_checks(source: SqliteNotesStore) -> None:
    b = _valid(source)
    b["annotations"][0]["anchor"]["end"] += 3
    b["annotations"][1]["colour"] = "teal"
    b["annotations"][2]["doc"] = "ccpcj-2014"
    msg = _problems(b)
    n = len(b["annotations"][0]["anchor"]["quote"])
    assert f"annotations[0].anchor: the quote has {n} characters but spans" in msg
    assert "annotations[1].colour: 'teal' is neither a colour here nor one in the bundle" in msg
    assert "annotations[2].doc: 'ccpcj-2014' does not match the node id" in msg


def test_truncated_foreign_newer_and_empty_files(source: SqliteNotesStore) -> None:
    data = dump_bundle(_valid(source))
    assert _problems(data[: len(data) // 2]).startswith(
        "the file is not valid JSON (truncated or damaged?): "
    )
    assert _problems(b"") == "the file is empty: it is not a vdesk notes bundle"
    assert _problems(b"\xff\xfe garbage") == (
        "the file is not a vdesk notes bundle: it is not UTF-8 text (byte 0)"
    )
    assert _problems({"format": "anki-deck", "schema": 1}) == (
        "the file is not a vdesk notes bundle (its format is 'anki-deck'); nothing was imported"
    )
    assert _problems([1, 2]) == (
        "the file is not a vdesk notes bundle (it has no 'format': 'vdesk-notes'); "
        "nothing was imported"
    )
    newer = _valid(source) | {"schema": 2}
    assert _problems(newer) == (
        "the bundle was written by a newer vdesk (schema 2); this version reads schema 1: "
        "update vdesk to import it; nothing was imported"
    )


# --- hypothesis: malformed bundles never change the database ----------------------------

_PATHS: list[tuple[Any, ...]] = [
    ("format",),
    ("schema",),
    ("exported",),
    ("annotations",),
    ("national_notes",),
    ("annotations", 0),
    ("annotations", 0, "id"),
    ("annotations", 0, "anchor"),
    ("annotations", 0, "anchor", "node_id"),
    ("annotations", 0, "anchor", "start"),
    ("annotations", 0, "anchor", "end"),
    ("annotations", 0, "anchor", "quote"),
    ("annotations", 0, "colour"),
    ("annotations", 0, "tags"),
    ("annotations", 0, "sensitivity"),
    ("annotations", 0, "created"),
    ("annotations", 0, "modified"),
    ("annotations", 1, "doc"),
    ("national_notes", 0),
    ("national_notes", 0, "id"),
    ("national_notes", 0, "node_id"),
    ("national_notes", 0, "country"),
    ("national_notes", 0, "status"),
    ("national_notes", 0, "position"),
    ("national_notes", 0, "legal_refs"),
    ("national_notes", 0, "date"),
    ("national_notes", 0, "modified"),
    ("colours", 0, "hex"),
]

#: Values wrong for every field above (no field accepts null or an object; strings are
#: checked against their own format, and the anchor's numbers are checked together).
_BAD = st.sampled_from([None, {"x": 1}, 3.5, True, "", "not-a-valid-value-\u0000"])


#: Keys a bundle may leave out (schema 1 documents their defaults): deleting them
#: breaks nothing, so the test sets a bad value instead.
_OPTIONAL = frozenset({"tags", "legal_refs", "date", "doc"})


def _break(obj: dict[str, Any], path: tuple[Any, ...], action: str, value: Any) -> None:
    value = copy.deepcopy(value)  # never share a generated dict between places
    parent: Any = obj
    for key in path[:-1]:
        parent = parent[key]
    if action == "delete" and isinstance(parent, dict) and path[-1] not in _OPTIONAL:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    mutations=st.lists(
        st.tuples(st.sampled_from(_PATHS), st.sampled_from(["delete", "set"]), _BAD),
        min_size=1,
        max_size=4,
    ),
    cut=st.one_of(st.none(), st.integers(min_value=1, max_value=10_000)),
)
def test_malformed_bundles_never_change_the_database(
    source: SqliteNotesStore,
    target: tuple[SqliteNotesStore, Any, AppPaths],
    corpus_repo: CorpusRepo,
    mutations: list[tuple[tuple[Any, ...], str, Any]],
    cut: int | None,
) -> None:
    repo, engine, paths = target
    if "all" not in _TEXTS:
        _TEXTS["all"] = doc_texts(corpus_repo.all_nodes())
    texts = _TEXTS["all"]
    if repo.count() == (0, 0):  # something to protect
        import_bundle(engine, parse_bundle(dump_bundle(_valid(source))), texts)
    before = _dump_db(paths.user_db)
    b = json.loads(json.dumps(_valid(source)))
    colours = [c.name for c in repo.colours()]
    for path, action, value in mutations:
        if path[-1] == "date" and value == "":
            value = None  # "" is a valid date: "not known"
        try:
            _break(b, path, action, value)
        except (KeyError, IndexError, TypeError):
            b["schema"] = "one"  # the path no longer exists: break something else
    data = dump_bundle(b)
    if cut is not None:
        data = data[: min(cut, len(data) - 3)]
    with pytest.raises(BundleError):
        import_bundle(engine, parse_bundle(data, colours), texts)
    assert _dump_db(paths.user_db) == before


def test_import_backs_up_only_when_something_changes(
    source: SqliteNotesStore, tmp_path: Path, corpus_repo: CorpusRepo
) -> None:
    from vdesk.desk import Desk

    paths = AppPaths.resolve(tmp_path / "gui")
    data = dump_bundle(make_bundle(source, personal=True))
    desk = Desk.from_parts(paths, corpus_repo)
    desk.open_notes(start_backup=False)
    try:
        plan, none = desk.plan_import(data).report, None  # a dry run: the plan alone
        assert (plan.added, none) == (7, None)
        report, _ = desk.apply_import(desk.plan_import(data))
        saved = report.backup
        assert report.added == 7 and saved is not None and saved.name.endswith("-pre-import.sqlite")
        again, _ = desk.apply_import(desk.plan_import(data))
        nothing = again.backup
        assert (again.unchanged, nothing) == (7, None)
        with pytest.raises(BundleError):
            desk.plan_import(data[:-10])
    finally:
        desk.close()

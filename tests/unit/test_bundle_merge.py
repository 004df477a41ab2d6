"""Bundle merges keep one national note per provision and country (a second one is a
pending conflict, both texts kept), never lower a sensitivity silently, refuse
timestamps from the future, and retry while another process writes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc

from tests.unit.test_export_markdown import P2A, VD7, populate
from vdesk.desk import Desk, importing
from vdesk.desk.importing import BUSY_MESSAGE, NotesBusy, retry_busy
from vdesk.notes.bundle import BundleError, dump_bundle, make_bundle, parse_bundle
from vdesk.paths import AppPaths
from vdesk.store.corpus_db import CorpusRepo
from vdesk.store.notes.sqlite import SqliteNotesStore

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def source(tmp_path: Path, corpus_repo: CorpusRepo) -> Iterator[SqliteNotesStore]:
    repo = SqliteNotesStore.open(AppPaths.resolve(tmp_path / "source"))
    populate(repo, corpus_repo)
    yield repo
    repo.close()


@pytest.fixture
def desk(tmp_path: Path, corpus_repo: CorpusRepo) -> Iterator[Desk]:
    p = AppPaths.resolve(tmp_path / "here")
    p.ensure()
    d = Desk.from_parts(p, corpus_repo)
    d.open_notes(start_backup=False)
    yield d
    d.close()


def _import(desk: Desk, bundle: dict[str, Any]) -> Any:
    report, _ = desk.apply_import(desk.plan_import(dump_bundle(bundle)))
    return report


def _slot(desk: Desk, node_id: str, country: str) -> list[Any]:
    return desk.require_notes().national_notes(node_ids=[node_id], country=country)


# --- one note per provision and country ---------------------------------------------------


def test_a_colleagues_note_for_the_same_provision_and_country_is_a_pending_conflict(
    source: SqliteNotesStore, desk: Desk
) -> None:
    mine = desk.require_notes().add_national_note(
        P2A, country="AT", status="not_started", text="our own assessment"
    )
    b = make_bundle(source, personal=True, author="AT mission")
    theirs = next(n for n in b["national_notes"] if n["country"] == "AT" and n["node_id"] == P2A)
    report = _import(desk, b)
    # one note for AT on P2A: ours; the colleague's is listed and kept aside
    assert _slot(desk, P2A, "AT") == [mine]
    assert report.pending == 1 and report.added == 6
    (c,) = [c for c in report.conflicts if c.pending]
    assert (c.entity, c.id, c.bundle_id, c.reason, c.winner) == (
        "national_note", mine.id, theirs["id"], "same_provision", "local"
    )  # fmt: skip
    (rec,) = desk.conflicts()
    assert rec.local == mine and rec.incoming.id == theirs["id"]
    assert rec.incoming.text == "Draft law | in parliament\nSecond reading in December."
    assert rec.origin.startswith("From AT mission, exported ")
    # the same bundle again: the conflict is not recorded twice, still one note
    again = _import(desk, b)
    assert again.pending == 1 and again.added == 0
    assert len(desk.conflicts()) == 1 and len(_slot(desk, P2A, "AT")) == 1


def test_resolving_keeps_one_note_mine_or_theirs(source: SqliteNotesStore, desk: Desk) -> None:
    mine = desk.require_notes().add_national_note(P2A, country="AT", status="not_started")
    _import(desk, make_bundle(source, personal=True))
    (rec,) = desk.conflicts()
    got, changes = desk.resolve_conflict(rec.id[:6], "theirs", initiator="test")
    assert got.id == rec.id and desk.conflicts() == []
    (kept,) = _slot(desk, P2A, "AT")
    assert kept == rec.incoming and desk.require_notes().national_note(mine.id) is None
    assert changes.national_notes == {mine.id, rec.incoming.id} and P2A in changes.node_ids

    # and "mine": the local one stays exactly, the bundle's is dropped
    other = replace(rec.incoming, id="0b7cf3d3-6a6f-4a8e-9d49-7f6a1d3a2b11", text="again")
    b = make_bundle(source, personal=True)
    b["national_notes"] = [json.loads(json.dumps(_note(other)))]
    _import(desk, b)
    (rec2,) = desk.conflicts()
    _, nothing = desk.resolve_conflict(rec2.id, "mine")
    assert nothing.empty and desk.conflicts() == [] and _slot(desk, P2A, "AT") == [kept]
    with pytest.raises(KeyError, match="no pending conflict has the id 'abcd'"):
        desk.resolve_conflict("abcd", "mine")


def _note(n: Any) -> dict[str, Any]:
    from vdesk.notes.bundle import note_obj

    return note_obj(n)


def test_the_same_record_under_another_id_is_unchanged(
    source: SqliteNotesStore, desk: Desk
) -> None:
    b = make_bundle(source, personal=True)
    at = next(n for n in b["national_notes"] if n["country"] == "AT" and n["node_id"] == P2A)
    desk.require_notes().add_national_note(
        P2A, country="AT", status=at["status"], position=at["position"], text=at["text"],
        legal_refs=at["legal_refs"], date=at["date"], sensitivity=at["sensitivity"],
    )  # fmt: skip
    report = _import(desk, b)
    assert (report.pending, report.unchanged, report.added) == (0, 1, 6)
    assert len(_slot(desk, P2A, "AT")) == 1


def test_two_notes_in_one_bundle_for_one_provision_and_country(
    source: SqliteNotesStore, desk: Desk
) -> None:
    b = make_bundle(source, personal=True)
    at = next(n for n in b["national_notes"] if n["country"] == "AT" and n["node_id"] == P2A)
    twin = dict(at, id="5d2b0f52-3c1e-4c39-9a4e-0c2f8d3e9b77", text="a second opinion")
    b["national_notes"].append(twin)
    report = _import(desk, b)
    (n,) = _slot(desk, P2A, "AT")
    assert n.id == at["id"] and report.pending == 1
    assert desk.conflicts()[0].incoming.text == "a second opinion"


def _soon(minutes: int) -> str:
    """A time a little ahead of the clock: later than any local edit of this test, and
    within the tolerance for clocks."""
    return (datetime.now(UTC) + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- sensitivity -----------------------------------------------------------------------------


def test_a_bundle_never_lowers_a_sensitivity(source: SqliteNotesStore, desk: Desk) -> None:
    _import(desk, make_bundle(source, personal=True, confidential=True))
    here = desk.require_notes()
    fr = next(n for n in here.national_notes() if n.country == "FR")
    assert fr.sensitivity == "confidential"
    b = make_bundle(source, personal=True, confidential=True)
    leak = next(n for n in b["national_notes"] if n["id"] == fr.id)
    leak.update(sensitivity="shareable", modified=_soon(1))
    ann = next(a for a in b["annotations"] if a["sensitivity"] == "confidential")
    ann.update(sensitivity="personal", comment="now personal", modified=leak["modified"])
    report = _import(desk, b)
    assert report.updated == 0 and report.pending == 2
    assert {(c.entity, c.reason) for c in report.conflicts if c.pending} == {
        ("national_note", "lower_sensitivity"),
        ("annotation", "lower_sensitivity"),
    }
    assert here.national_note(fr.id) == fr
    assert here.annotation(ann["id"]).sensitivity == "confidential"  # type: ignore[union-attr]
    # the default bundle export still leaves the confidential text out
    out = json.dumps(make_bundle(here))
    assert "Position under review" not in out and "now personal" not in out
    # a newer version that raises the label is taken
    b2 = make_bundle(source, personal=True, confidential=True)
    up = next(n for n in b2["national_notes"] if n["country"] == "DE")
    up.update(sensitivity="confidential", modified=_soon(2))
    assert _import(desk, b2).updated == 1
    assert here.national_note(up["id"]).sensitivity == "confidential"  # type: ignore[union-attr]


# --- timestamps from the future ------------------------------------------------------------


def test_a_time_later_than_now_plus_five_minutes_refuses_the_bundle(
    source: SqliteNotesStore,
) -> None:
    b = make_bundle(source, personal=True, now="2026-11-23T11:00:00.000000Z")
    for item in b["annotations"] + b["national_notes"]:
        item["created"] = item["modified"] = "2026-11-23T11:00:00.000000Z"
    b["national_notes"][1]["modified"] = "2026-11-23T12:04:59.000000Z"  # within tolerance
    parse_bundle(dump_bundle(b), now=NOW)
    b["national_notes"][1]["modified"] = "2999-01-01T00:00:00.000000Z"
    b["annotations"][2]["created"] = "2026-11-23T12:05:01Z"
    with pytest.raises(BundleError) as err:
        parse_bundle(dump_bundle(b), now=NOW)
    a = b["annotations"][2]["anchor"]["node_id"]
    assert str(err.value) == (
        f"annotations[2].created ({a}) is 2026-11-23T12:05:01Z (and 1 more), later than "
        "this computer's clock (2026-11-23 12:00 UTC) by more than 5 minutes: the sender's "
        "clock is wrong or the file was altered; nothing was imported"
    )
    b["annotations"][2]["created"] = b["annotations"][2]["modified"]
    with pytest.raises(BundleError, match=r"^national_notes\[1\]\.modified \(DE on "):
        parse_bundle(dump_bundle(b), now=NOW)
    b["national_notes"][1]["modified"] = b["national_notes"][1]["created"]
    b["exported"] = "2030-01-01T00:00:00Z"
    with pytest.raises(BundleError, match=r"^exported is 2030-01-01T00:00:00Z, later than"):
        parse_bundle(dump_bundle(b), now=NOW)


def test_a_far_future_bundle_no_longer_wins_every_merge(
    source: SqliteNotesStore, desk: Desk
) -> None:
    b = make_bundle(source, personal=True)
    for n in b["national_notes"]:
        n["modified"] = "2999-12-31T23:59:59.000000Z"
    with pytest.raises(BundleError, match="later than this computer's clock"):
        desk.plan_import(dump_bundle(b))
    assert desk.require_notes().count() == (0, 0)


# --- another process writing ---------------------------------------------------------------


def _busy() -> sqlalchemy.exc.OperationalError:
    orig = sqlite3.OperationalError("database is locked")
    orig.sqlite_errorcode = 5  # type: ignore[attr-defined]
    orig.sqlite_errorname = "SQLITE_BUSY"  # type: ignore[attr-defined]
    return sqlalchemy.exc.OperationalError(
        "INSERT INTO national_notes (text) VALUES (?)", ("secret note text",), orig
    )


def test_retry_backs_off_then_says_busy_in_one_line() -> None:
    calls: list[float] = []
    slept: list[float] = []

    def flaky() -> str:
        calls.append(time.monotonic())
        if len(calls) < 3:
            raise _busy()
        return "written"

    assert retry_busy(flaky, sleep=slept.append) == "written"
    assert (len(calls), slept) == (3, [0.25, 0.5])

    def always() -> None:
        raise _busy()

    slept.clear()
    with pytest.raises(NotesBusy) as err:
        retry_busy(always, sleep=slept.append)
    assert slept == [0.25, 0.5, 1.0]
    assert str(err.value) == BUSY_MESSAGE
    assert err.value.__cause__ is None and err.value.__suppress_context__
    with pytest.raises(ZeroDivisionError):  # anything else is not retried
        retry_busy(lambda: 1 // 0, sleep=slept.append)


HOLD = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE meta SET value = value")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
"""


def test_an_import_waits_while_another_process_writes(source: SqliteNotesStore, desk: Desk) -> None:
    """The store's busy timeout is 5 s: a writer that holds the lock for 6.5 s made
    an import fail before; now it is retried and succeeds."""
    plan = desk.plan_import(dump_bundle(make_bundle(source, personal=True)))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(desk.paths.user_db), "6.5"], stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
        t0 = time.monotonic()
        report, _ = desk.apply_import(plan)
        waited = time.monotonic() - t0
    finally:
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()
    assert report.added == 7 and desk.require_notes().count() == (4, 3)
    assert 5.0 < waited < 12.0


def test_busy_past_the_deadline_fails_with_one_line(
    source: SqliteNotesStore, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = desk.plan_import(dump_bundle(make_bundle(source, personal=True)))

    def locked(*a: Any, **k: Any) -> None:
        raise _busy()

    monkeypatch.setattr(importing, "write_merge", locked)
    monkeypatch.setattr(importing, "BUSY_PAUSES", (0.01, 0.01))
    with pytest.raises(NotesBusy, match=r"^the notes database is busy: another vdesk is writing"):
        desk.apply_import(plan)
    assert desk.require_notes().count() == (0, 0)


def test_resolve_refuses_an_unknown_choice(desk: Desk) -> None:
    with pytest.raises(ValueError, match="use mine or theirs"):
        desk.resolve_conflict("abcd", "both")


def test_import_bundle_helper_records_pending_conflicts(
    source: SqliteNotesStore, tmp_path: Path, corpus_repo: CorpusRepo
) -> None:
    from vdesk.notes.anchoring import doc_texts
    from vdesk.notes.conflicts import ConflictStore
    from vdesk.notes.merge import import_bundle
    from vdesk.store.user_db import open_user_db

    p = AppPaths.resolve(tmp_path / "engine")
    engine = open_user_db(p)
    try:
        SqliteNotesStore(engine).add_national_note(
            VD7 + "/subpara_d", country="DE", status="implemented"
        )
        b = make_bundle(source)
        b["national_notes"][0]["node_id"] = VD7 + "/subpara_d"
        b["national_notes"][0]["doc"] = "vienna-declaration"
        report = import_bundle(
            engine, parse_bundle(dump_bundle(b)), doc_texts(corpus_repo.all_nodes())
        )
        store = ConflictStore(p.user_db)
        try:
            assert report.pending == 1 and [r.reason for r in store.list()] == ["same_provision"]
        finally:
            store.close()
    finally:
        engine.dispose()

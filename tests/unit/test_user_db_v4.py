"""Schema v4: provision fingerprints on annotations and national notes, and national
notes' anchor state; every older fixture upgrades to it keeping every row."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from vdesk.paths import AppPaths
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.store.user_db import integrity_problems, list_backups, schema_version

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "userdb"
ANNOTATION = "5b7e2a9c-0c1e-4a55-9d2b-1f0a6c3e8d71"
WHOLE = "c41d8f02-7a3b-4e6f-8c9d-2e5b7a1f3c60"
AT_NOTE = "9e3f6a21-4b8c-4d7e-a5f0-6c2b8d1e4f93"
FP_2A = "7d781f1606383fc8:0f5f9c3d123e76582aa9c7cf3406c93b41ae924444cb0f44574d8d035f2695306547a8d0828d85a889b4fd1aa09e7009caa3a76cded68c21|066f9e5c0ba2bb8b0c5e05491086c33b11664410122761bd14a454841514a757|15b903d81ccda6ab26091aaa2d251e31340395f0360a048f417ebc2b51076a75"
FP_2 = "3a6a8ea494202f08:066f9e5c0ba2bb8b0c5e05491086c33b11664410122761bd14a454841514a75718f378bd1b7cb7af1d9d395f21a15a4e244ee7192639d56d2887d1d92addf7ab38ff2e1539bcf80a3a7999303b1c2e3b3c78f71d3d24850b3ee1bf96470a484b|c95c5de4|1086c33b2addf7ab39bcf80a3a1e766954c63348b59c1933"


def _install(paths: AppPaths, version: int) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / f"v{version}.sqlite", paths.user_db)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_older_fixtures_upgrade_to_v4_with_defaults(paths: AppPaths, version: int) -> None:
    _install(paths, version)
    repo = SqliteNotesStore.open(paths, start_backup=False)
    try:
        assert schema_version(paths.user_db) == 4
        backups = list_backups(paths)
        assert backups[0].reason == "pre-v4"
        assert schema_version(backups[0].path) == 3
        assert not integrity_problems(paths.user_db)
        a = repo.annotation(ANNOTATION)
        assert a is not None
        assert (a.anchor.quote, a.anchor.start, a.anchor.end) == ("investigative powers", 68, 88)
        assert (a.anchor.fingerprint, a.anchor.position, a.anchor_state) == ("", -1, "ok")
        whole = repo.annotation(WHOLE)
        assert whole is not None and whole.anchor.whole_node
        n = repo.national_note(AT_NOTE)
        assert n is not None
        assert (n.country, n.status, n.legal_refs) == (
            "AT",
            "in_progress",
            ("BGBl. III Nr. 84/2005",),
        )
        assert (n.fingerprint, n.node_position, n.anchor_state, n.anchor_detail) == (
            "",
            -1,
            "ok",
            "",
        )
        assert (n.candidate_node_id, n.score) == ("", 1.0)
        assert repo.national_notes(anchor_state="review") == []
    finally:
        repo.close()


def test_a_failed_v4_step_leaves_the_v3_database_as_it_was(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vdesk.store import migrations, user_db

    _install(paths, 3)
    broken = migrations.Migration(4, "broken", (*migrations.V4.statements, "SELECT * FROM nowhere"))
    monkeypatch.setattr(user_db, "MIGRATIONS", (*migrations.MIGRATIONS[:3], broken))
    with pytest.raises(sqlite3.OperationalError):
        user_db.migrate(paths)
    assert schema_version(paths.user_db) == 3
    con = sqlite3.connect(paths.user_db)
    try:
        columns = {r[1] for r in con.execute("PRAGMA table_info(national_notes)")}
    finally:
        con.close()
    assert "node_fingerprint" not in columns and "anchor_state" not in columns
    assert [b.reason for b in list_backups(paths)] == ["pre-v4"]


def test_v4_fixture_opens_without_migration(paths: AppPaths) -> None:
    _install(paths, 4)
    repo = SqliteNotesStore.open(paths, start_backup=False)
    try:
        assert list_backups(paths) == []  # already current: nothing to migrate
        a = repo.annotation(ANNOTATION)
        assert a is not None
        assert (a.anchor.fingerprint, a.anchor.position) == (FP_2A, 0)
        assert repo.version("annotation", ANNOTATION) == 2
        n = repo.national_note(AT_NOTE)
        assert n is not None
        assert (n.fingerprint, n.node_position, n.anchor_state) == (FP_2, 0, "moved")
        assert n.anchor_detail == (
            "the provision is now plans-of-action/annex/chp_I/sec_A/para_2 "
            "(was plans-of-action/annex/chp_I/sec_A/para_1)"
        )
        assert (n.modified, repo.version("national_note", AT_NOTE)) == (
            "2026-12-02T10:00:00.000000Z", 2,
        )  # fmt: skip
        seen = repo.acknowledge_national_note(AT_NOTE)
        assert (seen.anchor_state, seen.anchor_detail, seen.node_id) == ("ok", "", n.node_id)
        assert repo.version("national_note", AT_NOTE) == 3
        assert repo.count() == (2, 1)
    finally:
        repo.close()

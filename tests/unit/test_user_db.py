"""The user database: creation, permissions, migrations from fixtures, backups, recovery."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from vdesk.paths import AppPaths
from vdesk.store.migrations import MIGRATIONS, SCHEMA_VERSION
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.store.user_db import (
    KEEP_START_BACKUPS,
    UserDbCorrupt,
    UserDbError,
    UserDbTooNew,
    backup,
    integrity_problems,
    list_backups,
    open_user_db,
    restore_backup,
    schema_version,
)

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "userdb"


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def _install_fixture(paths: AppPaths, version: int) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / f"v{version}.sqlite", paths.user_db)


def test_schema_version_is_last_migration_and_steps_are_ordered() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert SCHEMA_VERSION == 4


def test_new_database_is_private_wal_and_current(paths: AppPaths) -> None:
    engine = open_user_db(paths)
    try:
        with engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()
    assert schema_version(paths.user_db) == SCHEMA_VERSION
    assert _mode(paths.user_db) == 0o600
    assert _mode(paths.data_dir) == 0o700
    # a brand-new file has nothing to back up
    assert list_backups(paths) == []


def test_wal_and_shm_files_are_private_while_open(paths: AppPaths) -> None:
    repo = SqliteNotesStore.open(paths)
    try:
        repo.set_meta("k", "v")
        side = [paths.user_db.with_name("user.sqlite" + ext) for ext in ("-wal", "-shm")]
        assert all(p.exists() for p in side)
        assert [_mode(p) for p in side] == [0o600, 0o600]
    finally:
        repo.close()


def test_existing_loose_permissions_are_tightened(paths: AppPaths) -> None:
    open_user_db(paths).dispose()
    paths.user_db.chmod(0o644)
    open_user_db(paths).dispose()
    assert _mode(paths.user_db) == 0o600


def test_v1_fixture_upgrades_with_backup_and_keeps_every_row(paths: AppPaths) -> None:
    _install_fixture(paths, 1)
    repo = SqliteNotesStore.open(paths, start_backup=False)
    try:
        assert schema_version(paths.user_db) == 4
        backups = list_backups(paths)  # newest first: one before each step
        assert [b.reason for b in backups] == ["pre-v4", "pre-v3", "pre-v2"]
        assert [schema_version(b.path) for b in backups] == [3, 2, 1]
        assert [_mode(b.path) for b in backups] == [0o600, 0o600, 0o600]
        assert _mode(paths.backup_dir) == 0o700

        a = repo.annotation("5b7e2a9c-0c1e-4a55-9d2b-1f0a6c3e8d71")
        assert a is not None
        assert a.anchor.node_id == "plans-of-action/annex/chp_I/sec_A/para_2/subpara_a"
        assert (a.anchor.quote, a.anchor.start, a.anchor.end) == ("investigative powers", 68, 88)
        assert a.anchor.prefix == "ing or strengthening sanctions, "
        assert a.colour == "red"
        assert a.comment == "Check against the *Criminal Procedure Code*."
        assert a.tags == ("legislation", "priority")
        assert a.sensitivity == "personal"  # the v2 column's default
        assert a.created == "2026-03-02T10:15:00.000000Z"
        assert a.modified == "2026-03-02T10:20:00.000000Z"

        whole = repo.annotation("c41d8f02-7a3b-4e6f-8c9d-2e5b7a1f3c60")
        assert whole is not None and whole.anchor.whole_node

        n = repo.national_note("9e3f6a21-4b8c-4d7e-a5f0-6c2b8d1e4f93")
        assert n is not None
        assert (n.country, n.status, n.position) == ("AT", "in_progress", "supports")
        assert n.legal_refs == ("BGBl. III Nr. 84/2005",)
        assert n.date == "2026-02-28"
        assert n.sensitivity == "personal"

        assert [(c.name, c.meaning) for c in repo.colours()][:3] == [
            ("yellow", "Agreed language"),
            ("green", "Supports"),
            ("red", "Our red lines"),
        ]
        assert repo.count() == (2, 1)
    finally:
        repo.close()


def test_upgraded_fixture_accepts_new_fields(paths: AppPaths) -> None:
    _install_fixture(paths, 1)
    repo = SqliteNotesStore.open(paths)
    try:
        a = repo.update_annotation(
            "5b7e2a9c-0c1e-4a55-9d2b-1f0a6c3e8d71", sensitivity="confidential"
        )
        assert repo.annotation(a.id) == a
        assert a.sensitivity == "confidential"
    finally:
        repo.close()


def test_failed_migration_step_leaves_database_at_old_version(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vdesk.store import migrations, user_db

    _install_fixture(paths, 1)
    broken = migrations.Migration(
        2, "broken", (migrations.V2.statements[0], "ALTER TABLE nowhere ADD COLUMN x")
    )
    monkeypatch.setattr(user_db, "MIGRATIONS", (migrations.V1, broken))
    with pytest.raises(sqlite3.OperationalError):
        user_db.migrate(paths)
    assert schema_version(paths.user_db) == 1
    con = sqlite3.connect(paths.user_db)
    cols = [r[1] for r in con.execute("PRAGMA table_info(annotations)")]
    con.close()
    assert "sensitivity" not in cols  # the first statement was rolled back too


def test_failed_v3_step_leaves_a_v2_database_as_it_was(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vdesk.store import migrations, user_db

    _install_fixture(paths, 2)
    broken = migrations.Migration(3, "broken", (*migrations.V3.statements, "SELECT nothing()"))
    monkeypatch.setattr(user_db, "MIGRATIONS", (migrations.V1, migrations.V2, broken))
    with pytest.raises(sqlite3.OperationalError):
        user_db.migrate(paths)
    assert schema_version(paths.user_db) == 2
    assert [b.reason for b in list_backups(paths)] == ["pre-v3"]  # taken before the step
    con = sqlite3.connect(paths.user_db)
    cols = [r[1] for r in con.execute("PRAGMA table_info(annotations)")]
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    con.close()
    assert "version" not in cols and "tombstones" not in tables


def test_newer_database_is_refused_and_left_untouched(paths: AppPaths) -> None:
    open_user_db(paths).dispose()
    con = sqlite3.connect(paths.user_db)
    con.execute("PRAGMA user_version = 7")
    con.close()
    before = paths.user_db.read_bytes()
    with pytest.raises(UserDbTooNew) as err:
        open_user_db(paths)
    assert "schema version 7" in str(err.value)
    assert "understands up to 4" in str(err.value)
    assert paths.user_db.read_bytes() == before
    assert list_backups(paths) == []


def _change(paths: AppPaths, i: int) -> None:
    """A change to the notes, so that the next backup has new content."""
    con = sqlite3.connect(paths.user_db)
    with con:
        con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('n', ?)", (str(i),))
    con.close()


def test_start_backups_rotate(paths: AppPaths) -> None:
    open_user_db(paths).dispose()
    for i in range(KEEP_START_BACKUPS + 3):
        _change(paths, i)  # identical content is backed up once (see test_backups.py)
        open_user_db(paths).dispose()
    starts = [b for b in list_backups(paths) if b.reason == "start"]
    assert len(starts) == KEEP_START_BACKUPS
    assert starts == sorted(starts, key=lambda b: b.created, reverse=True)


def test_backup_is_a_consistent_copy(paths: AppPaths) -> None:
    from vdesk.domain.notes import Anchor

    repo = SqliteNotesStore.open(paths)
    try:
        a = repo.add_annotation(Anchor("vienna-declaration/annex/para_1"), comment="kept")
        copy = backup(paths, "manual")
    finally:
        repo.close()
    con = sqlite3.connect(copy)
    assert con.execute("SELECT comment FROM annotations WHERE id = ?", (a.id,)).fetchone() == (
        "kept",
    )
    con.close()


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    # overwrite pages after the header page: the header stays readable
    for i in range(4096, len(data), 7):
        data[i] = 0xA5
    path.write_bytes(bytes(data))


def test_corrupt_database_is_reported_with_recovery_path_and_restored(paths: AppPaths) -> None:
    from vdesk.domain.notes import Anchor

    repo = SqliteNotesStore.open(paths)
    ids = [
        repo.add_annotation(Anchor(f"vienna-declaration/annex/para_{i}"), comment=f"c{i}").id
        for i in range(1, 30)
    ]
    repo.close()
    open_user_db(paths).dispose()  # takes the start backup of the good file
    good = list_backups(paths)[0].path
    _corrupt(paths.user_db)
    assert integrity_problems(paths.user_db)
    backups_before = list_backups(paths)

    with pytest.raises(UserDbCorrupt) as err:
        open_user_db(paths)
    assert err.value.backups[0] == good
    assert "vdesk notes restore" in str(err.value)
    assert list_backups(paths) == backups_before  # no backup of a damaged file

    used, aside = restore_backup(paths)
    assert used == good
    assert aside is not None and aside.exists()  # kept, not deleted
    assert aside.name.startswith("user.sqlite.damaged-")
    repo = SqliteNotesStore.open(paths)
    try:
        assert [repo.annotation(i).comment for i in ids] == [f"c{i}" for i in range(1, 30)]  # type: ignore[union-attr]
    finally:
        repo.close()


def test_garbage_file_is_corrupt_not_overwritten(paths: AppPaths) -> None:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    paths.user_db.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(UserDbCorrupt) as err:
        open_user_db(paths)
    assert "no backup exists" in str(err.value)
    assert paths.user_db.read_bytes().startswith(b"this is not a database")


def test_restore_without_backups_says_so(paths: AppPaths) -> None:
    with pytest.raises(UserDbError, match="no intact backup"):
        restore_backup(paths)


def test_two_writers_at_once_both_succeed(paths: AppPaths) -> None:
    """The GUI and a CLI command may write at the same time: the lock waits, no error."""
    import threading

    from vdesk.domain.notes import Anchor

    SqliteNotesStore.open(paths).close()
    repos = [SqliteNotesStore.open(paths, start_backup=False) for _ in range(2)]
    errors: list[BaseException] = []

    def write(repo: SqliteNotesStore, n: int) -> None:
        try:
            for i in range(40):
                a = repo.add_annotation(Anchor(f"vienna-declaration/annex/para_{i}"))
                repo.update_annotation(a.id, comment=f"writer {n}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(r, n)) for n, r in enumerate(repos)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert repos[0].count() == (80, 0)
    finally:
        for r in repos:
            r.close()


def test_every_schema_version_has_a_fixture() -> None:
    assert sorted(p.name for p in FIXTURES.glob("v*.sqlite")) == [
        f"v{v}.sqlite" for v in range(1, SCHEMA_VERSION + 1)
    ]
    for v in range(1, SCHEMA_VERSION + 1):
        assert schema_version(FIXTURES / f"v{v}.sqlite") == v


def test_v2_fixture_upgrades_to_v3_and_keeps_every_row(paths: AppPaths) -> None:
    _install_fixture(paths, 2)
    repo = SqliteNotesStore.open(paths, start_backup=False)
    try:
        assert [b.reason for b in list_backups(paths)] == ["pre-v4", "pre-v3"]
        assert schema_version(list_backups(paths)[1].path) == 2
        a = repo.annotation("5b7e2a9c-0c1e-4a55-9d2b-1f0a6c3e8d71")
        assert a is not None and (a.sensitivity, a.tags) == (
            "confidential",
            ("legislation", "priority"),
        )
        whole = repo.annotation("c41d8f02-7a3b-4e6f-8c9d-2e5b7a1f3c60")
        assert whole is not None and whole.sensitivity == "personal"
        fr = repo.national_note("2d6c1b8e-93a4-4f0e-b7d2-5a1c9e0f6b34")
        assert fr is not None
        assert (fr.country, fr.status, fr.position, fr.sensitivity, fr.author) == (
            "FR", "implemented", "no_position", "shareable", "B. Drafter",
        )  # fmt: skip
        assert repo.count() == (2, 2)
    finally:
        repo.close()


ITEMS_BY_FIXTURE = {
    1: {
        "annotation": [
            "5b7e2a9c-0c1e-4a55-9d2b-1f0a6c3e8d71",
            "c41d8f02-7a3b-4e6f-8c9d-2e5b7a1f3c60",
        ],
        "national_note": ["9e3f6a21-4b8c-4d7e-a5f0-6c2b8d1e4f93"],
    },
    2: {
        "annotation": [
            "5b7e2a9c-0c1e-4a55-9d2b-1f0a6c3e8d71",
            "c41d8f02-7a3b-4e6f-8c9d-2e5b7a1f3c60",
        ],
        "national_note": [
            "2d6c1b8e-93a4-4f0e-b7d2-5a1c9e0f6b34",
            "9e3f6a21-4b8c-4d7e-a5f0-6c2b8d1e4f93",
        ],
    },
}


@pytest.mark.parametrize("version", sorted(ITEMS_BY_FIXTURE))  # v3 on: test_user_db_v4.py
def test_every_older_fixture_upgrades_to_the_current_schema(paths: AppPaths, version: int) -> None:
    """Each step backs up first; afterwards every item is at version 1, nothing is
    buried, and writes count versions and leave tombstones."""
    _install_fixture(paths, version)
    repo = SqliteNotesStore.open(paths, start_backup=False)
    try:
        assert schema_version(paths.user_db) == SCHEMA_VERSION
        assert [b.reason for b in list_backups(paths)] == [
            f"pre-v{v}" for v in range(SCHEMA_VERSION, version, -1)
        ]
        assert not integrity_problems(paths.user_db)
        items = ITEMS_BY_FIXTURE[version]
        for kind, ids in items.items():
            assert [repo.version(kind, i) for i in ids] == [1] * len(ids)
        assert repo.tombstones() == []

        first = items["annotation"][0]
        repo.update_annotation(first, comment="after the upgrade")
        assert repo.version("annotation", first) == 2
        note = items["national_note"][0]
        gone = repo.delete_national_note(note, by="C. Upgrader")
        [stone] = repo.tombstones()
        assert (stone.id, stone.kind, stone.deleted_by, stone.version) == (
            note, "national_note", "C. Upgrader", 2,
        )  # fmt: skip
        repo.restore_national_note(gone)
        assert repo.tombstones() == []
        assert repo.version("national_note", note) == 3
    finally:
        repo.close()


def test_v3_fixture_opens_without_migration(paths: AppPaths) -> None:
    from vdesk.store.notes.contract import Tombstone

    _install_fixture(paths, 3)
    repo = SqliteNotesStore.open(paths, start_backup=False)
    try:
        # v4 is current: one step, after its backup (v4 opening as is: test_user_db_v4.py)
        assert [b.reason for b in list_backups(paths)] == ["pre-v4"]
        a = repo.annotation("5b7e2a9c-0c1e-4a55-9d2b-1f0a6c3e8d71")
        assert a is not None
        assert a.comment == "Checked against the *Criminal Procedure Code*: consistent."
        assert (a.modified, a.sensitivity) == ("2026-12-01T09:00:00.000000Z", "confidential")
        assert repo.version("annotation", a.id) == 2
        assert repo.version("annotation", "c41d8f02-7a3b-4e6f-8c9d-2e5b7a1f3c60") == 1
        fr = "2d6c1b8e-93a4-4f0e-b7d2-5a1c9e0f6b34"
        assert repo.national_note(fr) is None
        assert repo.tombstones() == [
            Tombstone(fr, "national_note", "2026-12-01T09:05:00.000000Z", "B. Drafter", 2)
        ]
        assert repo.version("national_note", fr) == 2
        assert repo.tombstones(since="2026-12-01T09:05:00.000000Z") == []
        assert repo.count() == (2, 1)
    finally:
        repo.close()


def test_abandoned_partial_backups_are_cleaned_up(paths: AppPaths) -> None:
    import os
    import time

    open_user_db(paths).dispose()
    paths.backup_dir.mkdir(parents=True, exist_ok=True)
    old = paths.backup_dir / "user-20260101T000000000000Z-start.part"
    fresh = paths.backup_dir / "user-20260101T000000000001Z-start.part"
    old.write_bytes(b"half")
    fresh.write_bytes(b"being written by another process")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    backup(paths, "manual")
    assert not old.exists()
    assert fresh.exists()


def test_store_takes_lists_and_restores_backups(paths: AppPaths) -> None:
    from vdesk.domain.notes import Anchor
    from vdesk.store.notes.sqlite import SqliteNotesStore

    store = SqliteNotesStore.open(paths)
    try:
        a = store.add_annotation(Anchor("vienna-declaration/annex/para_1"), comment="kept")
        taken = store.backup("manual")
        assert store.backups() == [taken] == list_backups(paths)
        assert (taken.reason, schema_version(taken.path)) == ("manual", SCHEMA_VERSION)
        store.delete_annotation(a.id)
    finally:
        store.close()
    used, aside = SqliteNotesStore.restore_backup(paths)
    assert used == taken.path
    assert aside is not None and aside.name.startswith("user.sqlite.damaged-")
    store = SqliteNotesStore.open(paths, start_backup=False)
    try:
        assert store.annotation(a.id) == a
        assert store.tombstones() == []  # the backup predates the deletion
    finally:
        store.close()


def test_a_store_opened_on_an_engine_alone_cannot_take_backups(paths: AppPaths) -> None:
    from vdesk.store.notes.sqlite import SqliteNotesStore

    store = SqliteNotesStore(open_user_db(paths))
    try:
        with pytest.raises(RuntimeError, match="opened without its paths"):  # our bug
            store.backup()
    finally:
        store.close()

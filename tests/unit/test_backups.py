"""Backups that keep the last good state: empty and foreign files refused, rotation by
content, the schema in the check, atomic restore with unique set-aside names, start
afresh, and a full disk (a real full file system when one can be mounted, and an
injected ENOSPC always)."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from vdesk.domain.notes import Anchor
from vdesk.paths import AppPaths
from vdesk.store import user_backups, user_db
from vdesk.store.migrations import MIGRATIONS, SCHEMA_VERSION
from vdesk.store.notes.sqlite import SqliteNotesStore
from vdesk.store.user_db import (
    KEEP_START_BACKUPS,
    UserDbCorrupt,
    UserDbDiskFull,
    UserDbError,
    UserDbNotOurs,
    backup,
    integrity_problems,
    list_backups,
    open_user_db,
    reset_user_db,
    restore_backup,
)
from vdesk.store.user_files import expected_schema

PARA = "vienna-declaration/annex/para_{}"


def _fill(paths: AppPaths, n: int, start: int = 1) -> list[str]:
    repo = SqliteNotesStore.open(paths, start_backup=False)
    try:
        return [
            repo.add_annotation(Anchor(PARA.format(i)), comment=f"c{i}").id
            for i in range(start, start + n)
        ]
    finally:
        repo.close()


def _ids(db: Path) -> set[str]:
    con = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT id FROM annotations")}
    finally:
        con.close()


def _names(paths: AppPaths) -> list[str]:
    return [b.path.name for b in list_backups(paths)]


def _leftovers(paths: AppPaths) -> list[str]:
    found = [p.name for p in paths.backup_dir.glob("*.part")] if paths.backup_dir.exists() else []
    return found + [p.name for p in paths.data_dir.glob("user.sqlite.*") if "-" in p.suffix]


# --- an empty or foreign file is refused, never taken for an empty library ----------


def test_zero_byte_file_is_refused_and_good_backups_survive_many_starts(
    paths: AppPaths,
) -> None:
    ids = _fill(paths, 50)
    open_user_db(paths).dispose()  # the start backup of the 50 items
    good = list_backups(paths)
    paths.user_db.write_bytes(b"")
    for ext in ("-wal", "-shm"):
        paths.user_db.with_name(paths.user_db.name + ext).unlink(missing_ok=True)
    for _ in range(KEEP_START_BACKUPS + 2):  # once, this rotated every good backup out
        with pytest.raises(UserDbNotOurs) as err:
            open_user_db(paths)
    assert str(err.value) == (
        f"the notes database {paths.user_db} is empty (0 bytes): restore the newest good "
        f"backup ({good[0].path.name}) with 'vdesk notes restore', or "
        "'vdesk notes reset --confirm' starts afresh; the file is moved aside, never deleted"
    )
    assert err.value.headline == "Your notes database is empty."
    assert paths.user_db.read_bytes() == b""
    assert list_backups(paths) == good
    used, aside = restore_backup(paths)
    assert used == good[0].path and aside is not None and aside.read_bytes() == b""
    assert _ids(paths.user_db) == set(ids)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 a zip file, not notes" * 50), "not an SQLite file"),
        (
            lambda p: (
                sqlite3.connect(p).execute("CREATE TABLE songs (title TEXT)").connection.close()
            ),
            "not created by vdesk (tables songs)",
        ),
        (
            lambda p: (
                sqlite3.connect(p)
                .execute("PRAGMA user_version = 0")
                .connection.execute("VACUUM")
                .connection.close()
            ),
            "empty (an SQLite file without tables)",
        ),
    ],
    ids=["zip", "other-sqlite", "sqlite-without-tables"],
)
def test_a_foreign_file_is_refused_and_left_as_it_is(paths: AppPaths, make, problem) -> None:
    make(paths.user_db)
    before = paths.user_db.read_bytes()
    with pytest.raises(UserDbNotOurs) as err:
        open_user_db(paths)
    assert err.value.problems == [problem]
    assert str(err.value).endswith(
        "no backup exists; 'vdesk notes reset --confirm' starts afresh (the file is moved "
        "aside, never deleted)"
    )
    assert paths.user_db.read_bytes() == before
    assert list_backups(paths) == []


def test_an_interrupted_first_start_leaves_no_empty_file(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vdesk.store import user_files

    def killed(*_args: object, **_kw: object) -> list[int]:
        raise KeyboardInterrupt  # as if the process stopped while creating the tables

    monkeypatch.setattr(user_files, "apply_steps", killed)
    with pytest.raises(KeyboardInterrupt):
        open_user_db(paths)
    assert not paths.user_db.exists()
    assert list(paths.data_dir.iterdir()) == []
    monkeypatch.undo()
    open_user_db(paths).dispose()  # the next start creates it
    assert integrity_problems(paths.user_db) == []


# --- the check covers the expected schema ------------------------------------------


def test_expected_schema_comes_from_the_orm_and_agrees_with_the_migrations() -> None:
    from vdesk.store.notes.records import Base

    current = expected_schema(SCHEMA_VERSION)
    assert set(current) == set(Base.metadata.tables) == {
        "meta", "colours", "annotations", "annotation_tags", "national_notes", "tombstones",
    }  # fmt: skip
    con = sqlite3.connect(":memory:")
    for step in MIGRATIONS:
        for sql in step.statements:
            con.execute(sql)
    from vdesk.store.user_files import _schema_of

    assert _schema_of(con) == current
    assert "sensitivity" in current["annotations"] and "version" in current["annotations"]
    assert "sensitivity" not in expected_schema(1)["annotations"]
    assert "tombstones" not in expected_schema(2)


@pytest.mark.parametrize(
    ("sql", "problems"),
    [
        ("DROP TABLE tombstones", ["table tombstones is missing"]),
        (
            "ALTER TABLE annotations DROP COLUMN sensitivity",
            ["column annotations.sensitivity is missing"],
        ),
        (
            "PRAGMA user_version = 0",
            [
                "not created by vdesk (tables annotation_tags, annotations, colours, meta, national_notes, tombstones)"
            ],
        ),
    ],
    ids=["table", "column", "user_version"],
)
def test_a_missing_table_column_or_version_fails_the_check_and_is_never_backed_up(
    paths: AppPaths, sql: str, problems: list[str]
) -> None:
    _fill(paths, 3)
    open_user_db(paths).dispose()
    good = list_backups(paths)
    con = sqlite3.connect(paths.user_db)
    con.execute(sql)
    con.close()
    assert integrity_problems(paths.user_db) == problems
    assert integrity_problems(paths.user_db, thorough=True) == problems
    with pytest.raises(UserDbCorrupt) as err:
        open_user_db(paths)
    assert err.value.problems == problems
    assert err.value.backups == [b.path for b in good]
    assert list_backups(paths) == good  # no backup of the broken file
    with pytest.raises(UserDbError, match="is not an intact backup"):
        restore_backup(paths, paths.user_db)  # nor is it accepted as one


# --- rotation by content -----------------------------------------------------------


def test_identical_backups_are_kept_once_under_the_newest_time(paths: AppPaths) -> None:
    _fill(paths, 2)
    open_user_db(paths).dispose()
    first = list_backups(paths)
    for _ in range(5):
        open_user_db(paths).dispose()
    now = list_backups(paths)
    assert [b.reason for b in now] == ["start"]
    assert now[0].created > first[0].created
    assert user_backups.digest_of(now[0].path) == user_backups.digest_of(first[0].path)
    _fill(paths, 1, start=10)
    open_user_db(paths).dispose()
    assert [b.reason for b in list_backups(paths)] == ["start", "start"]


def test_a_copy_that_fails_its_check_never_displaces_a_good_backup(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(KEEP_START_BACKUPS):
        _fill(paths, 1, start=i + 1)
        backup(paths, "start", keep=KEEP_START_BACKUPS)
    good = list_backups(paths)
    assert len(good) == KEEP_START_BACKUPS
    real_copy = user_backups._copy_database

    def broken_copy(source: Path, target: Path) -> None:  # a bad copy of a good file
        real_copy(source, target)
        con = sqlite3.connect(target)
        con.execute("DROP TABLE annotation_tags")
        con.close()

    monkeypatch.setattr(user_backups, "_copy_database", broken_copy)
    _fill(paths, 1, start=40)
    with pytest.raises(
        UserDbError, match=r"failed its check \(table annotation_tags is missing\); it was not kept"
    ):
        backup(paths, "start", keep=KEEP_START_BACKUPS)
    assert list_backups(paths) == good
    assert _leftovers(paths) == []
    # at start, the database still opens (it is intact), checked without a backup
    logged: list[str] = []
    open_user_db(paths, backup_failed=lambda e: logged.append(str(e))).dispose()
    assert len(logged) == 1 and list_backups(paths) == good


def test_unchecked_old_backups_do_not_count_as_good_ones(paths: AppPaths) -> None:
    from datetime import UTC, datetime, timedelta

    def stamp(days_ago: float) -> str:
        return (datetime.now(UTC) - timedelta(days=days_ago)).strftime("%Y%m%dT%H%M%S%fZ")

    _fill(paths, 1)
    taken = backup(paths, "start", keep=3)
    good = taken.with_name(taken.name.replace(taken.name[5:27], stamp(2)))
    taken.rename(good)
    for i in range(5):  # broken copies, named as an older vdesk named its backups
        (paths.backup_dir / f"user-{stamp(1 + i / 10)}-start.sqlite").write_bytes(b"broken")
    for i in range(2):
        _fill(paths, 1, start=20 + i)
        backup(paths, "start", keep=3)
    names = _names(paths)
    assert len(names) == 8 and names[-1] == good.name  # still one of the newest 3 checked
    _fill(paths, 1, start=30)
    backup(paths, "start", keep=3)
    names = _names(paths)
    assert len(names) == 3 and all(user_backups.digest_of(paths.backup_dir / n) for n in names)


# --- restore: atomic, unique names; start afresh -----------------------------------


def test_two_restores_in_the_same_instant_keep_both_files_aside(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(paths, 2)
    backup(paths, "manual")
    monkeypatch.setattr(user_backups, "_now_stamp", lambda: "20261204T120000000000Z")
    _fill(paths, 1, start=5)
    before = _ids(paths.user_db)
    _, first = restore_backup(paths)
    _, second = restore_backup(paths)
    assert first is not None and second is not None
    assert (first.name, second.name) == (
        "user.sqlite.damaged-20261204T120000000000Z",
        "user.sqlite.damaged-20261204T120000000000Z-2",
    )
    assert _ids(first) == before  # the first file, with its WAL written into it
    assert len(_ids(second)) == 2


def test_restore_keeps_the_writes_a_killed_process_left_in_the_wal(paths: AppPaths) -> None:
    _fill(paths, 2)
    backup(paths, "manual")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child writes, then dies without closing
        con = sqlite3.connect(paths.user_db)
        con.execute("PRAGMA wal_autocheckpoint = 0")
        with con:
            con.execute("UPDATE annotations SET comment = 'late'")
        os._exit(0)
    os.waitpid(pid, 0)
    assert paths.user_db.with_name("user.sqlite-wal").stat().st_size > 0
    _, aside = restore_backup(paths)
    assert aside is not None
    con = sqlite3.connect(f"file:{aside.as_posix()}?mode=ro", uri=True)
    assert {r[0] for r in con.execute("SELECT comment FROM annotations")} == {"late"}
    con.close()
    assert integrity_problems(paths.user_db) == []
    con = sqlite3.connect(paths.user_db)
    assert {r[0] for r in con.execute("SELECT comment FROM annotations")} == {"c1", "c2"}
    con.close()


def test_reset_starts_afresh_and_keeps_the_old_file(paths: AppPaths) -> None:
    paths.user_db.write_bytes(b"")
    aside = reset_user_db(paths)
    assert aside is not None and aside.name.startswith("user.sqlite.reset-")
    assert aside.read_bytes() == b""
    assert integrity_problems(paths.user_db) == [] and _ids(paths.user_db) == set()
    repo = SqliteNotesStore.open(paths)
    try:
        assert repo.count() == (0, 0)
    finally:
        repo.close()


# --- a full disk -------------------------------------------------------------------


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        return False
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
    )
    return r.returncode == 0


@pytest.fixture(params=["full-file-system", "injected-enospc"])
def full_disk(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AppPaths]:
    """A notes database of about 600 kB on a disk with no room for a copy of it: a
    real 1 MB tmpfs where mounting one is permitted (root), else (and always, as the
    second case) ENOSPC injected into the write that syncs a copy."""
    src = AppPaths.resolve(tmp_path / "src")
    src.ensure()
    repo = SqliteNotesStore.open(src, start_backup=False)
    for i in range(1, 120):
        repo.add_annotation(Anchor(PARA.format(i % 30 + 1)), comment="x" * 5000)
    repo.close()
    home = tmp_path / "full"
    mounted = False
    if request.param == "full-file-system":
        mounted = _mount_tmpfs(home, "1M")
        if not mounted:
            pytest.skip("mounting a tmpfs is not permitted here (the injected case runs)")
    paths = AppPaths.resolve(home)
    paths.ensure()
    shutil.copyfile(src.user_db, paths.user_db)
    if request.param == "injected-enospc":
        real = user_backups.fsync_path

        def no_space(path: Path) -> None:
            if path.parent == paths.backup_dir or ".restoring-" in path.name:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            real(path)

        monkeypatch.setattr(user_backups, "fsync_path", no_space)
    try:
        yield paths
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(home)], check=False)


def test_a_full_disk_is_named_never_blocks_reading_and_leaves_no_partial_copy(
    full_disk: AppPaths,
) -> None:
    paths = full_disk
    before = paths.user_db.read_bytes()
    told: list[UserDbError] = []
    repo = SqliteNotesStore.open(paths, backup_failed=told.append)  # the start backup fails
    try:
        assert repo.count() == (119, 0)  # reading works
    finally:
        repo.close()
    assert len(told) == 1 and isinstance(told[0], UserDbDiskFull)
    assert str(told[0]) == (
        f"the disk holding {paths.backup_dir} is full, so the backup of your notes failed: "
        "free some space and try again (your notes were not changed)"
    )
    assert list_backups(paths) == [] and _leftovers(paths) == []
    with pytest.raises(UserDbDiskFull, match="is full, so the backup of your notes failed"):
        backup(paths, "manual")
    assert _leftovers(paths) == []
    assert paths.user_db.read_bytes() == before


def test_a_restore_on_a_full_disk_changes_nothing(full_disk: AppPaths, tmp_path: Path) -> None:
    paths = full_disk
    before = paths.user_db.read_bytes()
    big = tmp_path / "big.sqlite"  # a backup larger than the free space
    user_backups._copy_database(paths.user_db, big)
    with pytest.raises(UserDbDiskFull, match="so the restore failed"):
        restore_backup(paths, big)
    assert paths.user_db.read_bytes() == before
    assert _leftovers(paths) == []
    assert [p.name for p in paths.data_dir.glob("user.sqlite.damaged-*")] == []


def test_the_cli_names_a_full_disk_not_a_damaged_database(
    paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from vdesk.cli.main import run

    def full(_args: argparse.Namespace, _ctx: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    args = argparse.Namespace(basedir=str(paths.data_dir.parent), func=full, json=False)
    assert run(args) == 1
    assert capsys.readouterr().err == (
        f"vdesk: error: the disk is full ({paths.data_dir}): free some space and try again "
        "(nothing was changed)\n"
    )


def test_start_backup_still_rotates_per_reason(paths: AppPaths) -> None:
    _fill(paths, 1)
    open_user_db(paths).dispose()
    backup(paths, "manual")
    _fill(paths, 1, start=3)
    open_user_db(paths, keep=1).dispose()
    assert [b.reason for b in list_backups(paths)] == ["start", "manual"]
    assert user_db.KEEP_MIGRATION_BACKUPS == 5


def test_the_desk_reads_without_a_backup_and_resets_with_one_change(paths: AppPaths) -> None:
    from vdesk.desk import Desk

    _fill(paths, 2)
    open_user_db(paths).dispose()
    before = list_backups(paths)
    with Desk(paths) as desk:
        seen: list[object] = []
        desk.subscribe(seen.append)
        assert len(desk.list_notes()[0]) == 2  # opened on demand: no backup taken
        assert list_backups(paths) == before
        aside, changes = desk.reset_notes(initiator="test")
        assert (changes.action, changes.initiator, changes.everything) == (
            "Start afresh",
            "test",
            True,
        )
        assert seen == [changes]
        assert aside is not None and len(_ids(aside)) == 2
        assert desk.list_notes() == ([], [])


def test_backing_up_a_missing_database_creates_none(paths: AppPaths) -> None:
    with pytest.raises(UserDbError, match=r"there is no notes database at .* to back up"):
        backup(paths, "manual")
    assert not paths.user_db.exists() and list_backups(paths) == []

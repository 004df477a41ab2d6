"""The user database: the user's annotations and national notes.

Unlike the corpus database this file is precious. It lives in the user data
directory (``AppPaths.user_db``), is never touched by a corpus rebuild, and is
opened with WAL and ``synchronous=FULL`` so that a committed change survives a
crash. ``PRAGMA user_version`` records the schema version; the ordered steps in
:mod:`vdesk.store.migrations` upgrade it, each after a backup.

At start the file is checked (:func:`~vdesk.store.user_files.integrity_problems`:
SQLite's check and the expected schema). A damaged file is never repaired
silently, and an empty or foreign file is never taken for an empty library:
:class:`UserDbCorrupt` (:class:`UserDbNotOurs`) names the intact backups, and
:func:`restore_backup` puts the newest good one in place, or
:func:`reset_user_db` starts afresh, keeping the old file aside either way. A
new database is written under a temporary name and linked into place, so that
an interrupted first start leaves no empty file behind. Backups are taken,
checked and kept by content in :mod:`vdesk.store.user_backups`.

Files are created readable by the user only (0600, directories 0700).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from vdesk.paths import AppPaths
from vdesk.store.migrations import MIGRATIONS, SCHEMA_VERSION
from vdesk.store.notes.contract import BackupInfo
from vdesk.store.notes.records import (  # the ORM classes, re-exported for their callers
    AnnotationRecord,
    Base,
    ColourRecord,
    MetaRecord,
    NationalNoteRecord,
    TagRecord,
    TombstoneRecord,
)
from vdesk.store.notes.rows import utc_now
from vdesk.store.user_backups import (
    STALE_PART_SECONDS,
    backup,
    backup_time,
    good_backups,
    list_backups,
    reset_user_db,
    restore_backup,
)
from vdesk.store.user_files import (
    UserDbCorrupt,
    UserDbDiskFull,
    UserDbError,
    UserDbNotOurs,
    UserDbTooNew,
    apply_steps,
    file_problem,
    integrity_problems,
    is_disk_full,
    new_database,
    private_dir,
)

__all__ = [
    "STALE_PART_SECONDS",
    "AnnotationRecord",
    "BackupInfo",
    "Base",
    "ColourRecord",
    "MetaRecord",
    "NationalNoteRecord",
    "TagRecord",
    "TombstoneRecord",
    "UserDbCorrupt",
    "UserDbDiskFull",
    "UserDbError",
    "UserDbNotOurs",
    "UserDbTooNew",
    "backup",
    "integrity_problems",
    "list_backups",
    "migrate",
    "open_user_db",
    "reset_user_db",
    "restore_backup",
    "schema_version",
    "utc_now",
]

log = logging.getLogger(__name__)

#: Start-up backups kept (older ones are deleted, newest first kept).
KEEP_START_BACKUPS = 10
#: Pre-migration backups kept.
KEEP_MIGRATION_BACKUPS = 5

#: Told why the start backup could not be taken (the database still opens).
BackupFailed = Callable[[UserDbError], None]


def schema_version(path: Path) -> int:
    """The ``user_version`` of an existing database, read without changing it."""
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return int(con.execute("PRAGMA user_version").fetchone()[0])
    finally:
        con.close()


# --- migrations ---------------------------------------------------------------------


def migrate(paths: AppPaths, target: int = SCHEMA_VERSION) -> list[int]:
    """Bring the database to ``target``; returns the versions applied.

    A backup precedes each step on an existing database; each step and its
    ``user_version`` bump commit together or not at all.
    """
    current = schema_version(paths.user_db)
    if current > SCHEMA_VERSION:
        raise UserDbTooNew(
            f"the notes database {paths.user_db} has schema version {current}, but this "
            f"version of vdesk understands up to {SCHEMA_VERSION}: update vdesk to open it "
            "(the file was not changed)"
        )

    def before(version: int) -> None:
        if current > 0:
            backup(paths, f"pre-v{version}", keep=KEEP_MIGRATION_BACKUPS)

    return apply_steps(paths.user_db, current, target, before, MIGRATIONS)


def _recent_backup(paths: AppPaths, min_age: float) -> bool:
    if min_age <= 0:
        return False
    starts = [b for b in list_backups(paths) if b.reason == "start"]
    return bool(starts) and time.time() - backup_time(starts[0]) < min_age


def _create(paths: AppPaths) -> None:
    """A new, empty database at ``paths.user_db``, which is either absent or complete."""
    tmp = paths.user_db.with_name(f"{paths.user_db.name}.new-{os.getpid()}-{time.time_ns()}")
    try:
        new_database(tmp)
        with contextlib.suppress(FileExistsError):  # another process was first: use theirs
            os.link(tmp, paths.user_db)
    except (OSError, sqlite3.Error) as exc:
        if is_disk_full(exc):
            raise UserDbDiskFull(paths.data_dir, "creating your notes database") from exc
        raise
    finally:
        tmp.unlink(missing_ok=True)


def _refuse_unusable(paths: AppPaths) -> int:
    """The schema version of an existing database; raises when the file is empty,
    foreign or unreadable as a database, or too new."""
    db = paths.user_db
    bad = file_problem(db)
    if bad is not None:
        raise UserDbNotOurs(db, [bad], good_backups(paths))
    try:
        version = schema_version(db)
    except sqlite3.DatabaseError as exc:
        if is_disk_full(exc):
            raise UserDbDiskFull(paths.data_dir, "opening your notes") from exc
        raise UserDbCorrupt(db, [str(exc)], good_backups(paths)) from exc
    if version > SCHEMA_VERSION:
        migrate(paths)  # raises UserDbTooNew without touching the file
    if version < 1:
        raise UserDbNotOurs(db, integrity_problems(db), good_backups(paths))
    return version


# --- opening ------------------------------------------------------------------------


def _engine(path: Path) -> Engine:
    """An engine whose transactions are real SQLite transactions: ``BEGIN`` for
    reads, ``BEGIN IMMEDIATE`` for connections with the ``vdesk_write`` option."""
    engine = create_engine(f"sqlite:///{path.as_posix()}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        dbapi_conn.execute("PRAGMA journal_mode = WAL")
        dbapi_conn.execute("PRAGMA synchronous = FULL")
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        dbapi_conn.execute("PRAGMA busy_timeout = 5000")
        dbapi_conn.execute("PRAGMA cache_size = -32000")  # 32 MB: filters scan the table

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        write = conn.get_execution_options().get("vdesk_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def open_user_db(
    paths: AppPaths,
    *,
    check: bool = True,
    start_backup: bool = True,
    keep: int = KEEP_START_BACKUPS,
    backup_min_age: float = 0.0,
    backup_failed: BackupFailed | None = None,
) -> Engine:
    """Open (creating or upgrading as needed) the user database; return its engine.

    Order: refuse an empty, foreign or newer file, back up and check (the start
    backup is checked, so a damaged file is never backed up and a good backup is
    never rotated out by a bad copy; without a backup the file itself is checked),
    migrate. ``backup_min_age`` (seconds) skips the start backup when the newest
    one is younger. A start backup that cannot be taken (a full disk) does not
    stop the opening: ``backup_failed`` is told (else it is logged). Raises
    :class:`UserDbTooNew`, :class:`UserDbCorrupt` (:class:`UserDbNotOurs`) or
    :class:`UserDbDiskFull`.
    """
    private_dir(paths.data_dir)
    if not paths.user_db.exists():
        _create(paths)
    else:
        os.chmod(paths.user_db, 0o600)
        _refuse_unusable(paths)
        checked = False
        if start_backup and not _recent_backup(paths, backup_min_age):
            try:
                backup(paths, "start", keep=keep)
                checked = True
            except UserDbCorrupt:
                raise
            except UserDbError as exc:  # the disk is full: reading must still work
                if backup_failed is None:
                    log.warning("no start backup: %s", exc)
                else:
                    backup_failed(exc)
        if check and not checked:
            problems = integrity_problems(paths.user_db)
            if problems:
                raise UserDbCorrupt(paths.user_db, problems, good_backups(paths))
        migrate(paths)
    try:
        with contextlib.closing(sqlite3.connect(paths.user_db)) as con:
            con.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as exc:
        if is_disk_full(exc):
            raise UserDbDiskFull(paths.data_dir, "opening your notes") from exc
        raise
    for ext in ("-wal", "-shm"):
        side = paths.user_db.with_name(paths.user_db.name + ext)
        if side.exists():
            os.chmod(side, 0o600)
    return _engine(paths.user_db)

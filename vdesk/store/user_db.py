"""The user database: the user's annotations and national notes.

Unlike the corpus database this file is precious. It lives in the user data
directory (``AppPaths.user_db``), is never touched by a corpus rebuild, and is
opened with WAL and ``synchronous=FULL`` so that a committed change survives a
crash. ``PRAGMA user_version`` records the schema version; the ordered steps in
:mod:`vdesk.store.migrations` upgrade it, each after a backup. At start the file
is checked (``PRAGMA quick_check``); a damaged file is never repaired silently:
:class:`UserDbCorrupt` names the backups and :func:`restore_backup` puts the
newest good one in place, keeping the damaged file aside.

Files are created readable by the user only (0600, directories 0700).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from datetime import UTC, datetime
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

__all__ = [
    "AnnotationRecord",
    "BackupInfo",
    "Base",
    "ColourRecord",
    "MetaRecord",
    "NationalNoteRecord",
    "TagRecord",
    "TombstoneRecord",
    "UserDbCorrupt",
    "UserDbError",
    "UserDbTooNew",
    "backup",
    "integrity_problems",
    "list_backups",
    "migrate",
    "open_user_db",
    "restore_backup",
    "schema_version",
    "utc_now",
]

#: Start-up backups kept (older ones are deleted, newest first kept).
KEEP_START_BACKUPS = 10
#: Pre-migration backups kept.
KEEP_MIGRATION_BACKUPS = 5
#: A half-written backup older than this was abandoned by a killed process.
STALE_PART_SECONDS = 3600


class UserDbError(Exception):
    """The user database cannot be used; ``str(err)`` tells the user what to do."""


class UserDbTooNew(UserDbError):
    """The database was written by a newer vdesk; it is left untouched."""


class UserDbCorrupt(UserDbError):
    """The integrity check failed. ``backups`` are the candidates for a restore."""

    def __init__(self, path: Path, problems: list[str], backups: list[Path]) -> None:
        self.path = path
        self.problems = problems
        self.backups = backups
        hint = (
            f"restore the last good backup ({backups[0].name}) with "
            "'vdesk notes restore'; the damaged file is kept aside, not deleted"
            if backups
            else "no backup exists; the file is left as it is for recovery"
        )
        super().__init__(
            f"the notes database {path} is damaged ({'; '.join(problems[:3])}): {hint}"
        )


# --- files, permissions, versions ---------------------------------------------------


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def _private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if missing; tighten it if it exists."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def schema_version(path: Path) -> int:
    """The ``user_version`` of an existing database, read without changing it."""
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        return int(con.execute("PRAGMA user_version").fetchone()[0])
    finally:
        con.close()


def integrity_problems(path: Path) -> list[str]:
    """Empty if ``path`` passes ``quick_check`` and ``foreign_key_check``."""
    try:
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in con.execute("PRAGMA quick_check")]
            if rows != ["ok"]:
                return [str(r) for r in rows]
            fks = con.execute("PRAGMA foreign_key_check").fetchall()
            return [f"dangling reference in {r[0]} row {r[1]}" for r in fks]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]


# --- backups ------------------------------------------------------------------------


def list_backups(paths: AppPaths) -> list[BackupInfo]:
    """Backups of the user database, newest first."""
    if not paths.backup_dir.exists():
        return []
    out = []
    for p in paths.backup_dir.glob("user-*.sqlite"):
        stem = p.stem.removeprefix("user-")
        stamp, _, reason = stem.partition("-")
        out.append(BackupInfo(p, stamp, reason, p.stat().st_size))
    out.sort(key=lambda b: b.created, reverse=True)
    return out


def backup(paths: AppPaths, reason: str = "manual", keep: int | None = None) -> Path:
    """Copy the user database atomically (sqlite3 backup API) into ``backup_dir``.

    With ``keep``, only the newest ``keep`` backups of the same ``reason`` remain.
    """
    _private_dir(paths.backup_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = paths.backup_dir / f"user-{stamp}-{reason}.sqlite"
    tmp = final.with_suffix(".part")
    _private_file(tmp)
    src = sqlite3.connect(paths.user_db)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(tmp, final)
    for stale in paths.backup_dir.glob("*.part"):  # left by a process that was killed
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > STALE_PART_SECONDS:
                stale.unlink()
    if keep is not None:
        same = [b for b in list_backups(paths) if b.reason == reason]
        for old in same[keep:]:
            old.path.unlink(missing_ok=True)
    return final


def restore_backup(paths: AppPaths, source: Path | None = None) -> tuple[Path, Path | None]:
    """Put a backup in place of the user database.

    ``source`` defaults to the newest backup that passes the integrity check. The
    current file (and its WAL) is renamed to ``user.sqlite.damaged-<time>``, never
    deleted. Returns (the backup used, where the old file went or None).
    """
    candidates = [source] if source else [b.path for b in list_backups(paths)]
    chosen = next((c for c in candidates if c.exists() and not integrity_problems(c)), None)
    if chosen is None:
        raise UserDbError("no intact backup to restore from in " + str(paths.backup_dir))
    aside: Path | None = None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if paths.user_db.exists():
        aside = paths.user_db.with_name(f"{paths.user_db.name}.damaged-{stamp}")
        os.replace(paths.user_db, aside)
        for ext in ("-wal", "-shm"):
            side = paths.user_db.with_name(paths.user_db.name + ext)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + ext))
    tmp = paths.user_db.with_suffix(".restoring")
    _private_file(tmp)
    src = sqlite3.connect(f"file:{chosen.as_posix()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(tmp, paths.user_db)
    return chosen, aside


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
    fresh = current == 0
    applied = []
    for step in MIGRATIONS:
        if step.version <= current or step.version > target:
            continue
        if not fresh:
            backup(paths, f"pre-v{step.version}", keep=KEEP_MIGRATION_BACKUPS)
        con = sqlite3.connect(paths.user_db, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                for sql in step.statements:
                    con.execute(sql)
                con.execute(f"PRAGMA user_version = {step.version}")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            con.close()
        current = step.version
        applied.append(step.version)
    return applied


def _recent_backup(paths: AppPaths, min_age: float) -> bool:
    if min_age <= 0:
        return False
    starts = [b for b in list_backups(paths) if b.reason == "start"]
    return bool(starts) and time.time() - starts[0].path.stat().st_mtime < min_age


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
) -> Engine:
    """Open (creating or upgrading as needed) the user database; return its engine.

    Order: refuse a newer schema, check integrity, back up (only a file that
    passed the check, so good backups are never rotated out by bad copies),
    migrate. ``backup_min_age`` (seconds) skips the start backup when the newest
    one is younger (the CLI uses it so a script of many commands does not rotate
    every older backup away). Raises :class:`UserDbTooNew` or :class:`UserDbCorrupt`.
    """
    _private_dir(paths.data_dir)
    existed = paths.user_db.exists() and paths.user_db.stat().st_size > 0
    _private_file(paths.user_db)
    if existed:
        try:
            version = schema_version(paths.user_db)
        except sqlite3.DatabaseError as exc:
            raise UserDbCorrupt(
                paths.user_db, [str(exc)], [b.path for b in list_backups(paths)]
            ) from exc
        if version > SCHEMA_VERSION:
            migrate(paths)  # raises UserDbTooNew without touching the file
        if check:
            problems = integrity_problems(paths.user_db)
            if problems:
                raise UserDbCorrupt(paths.user_db, problems, [b.path for b in list_backups(paths)])
        if start_backup and not _recent_backup(paths, backup_min_age):
            backup(paths, "start", keep=keep)
    migrate(paths)
    with contextlib.closing(sqlite3.connect(paths.user_db)) as con:
        con.execute("PRAGMA journal_mode = WAL")
    for ext in ("-wal", "-shm"):
        side = paths.user_db.with_name(paths.user_db.name + ext)
        if side.exists():
            os.chmod(side, 0o600)
    return _engine(paths.user_db)

"""Backups of the user database: taken, checked, kept by content, restored atomically.

A backup is a copy made with SQLite's backup API into ``user-<time>-<reason>.part``,
checked (:func:`~vdesk.store.user_files.integrity_problems`), and only then named
``user-<time>.<digest>-<reason>.sqlite``: the digest (of the file's bytes) in the
name says the copy passed its check and identifies its content. A copy identical
to a backup of the same reason is not kept twice: it replaces that backup, under
the new time (each reason has its own rotation: start-up backups, pre-migration
ones, pre-import ones; manual ones are never rotated). Rotation deletes a backup
only when enough newer checked backups of the same reason exist, so a copy that
failed its check (or an unchecked one from an older vdesk) never displaces a good
one. A copy that fails its check, or one
interrupted by a full disk, is deleted at once.

Restoring and starting afresh never leave the path without a database: the new
file is written beside it under a temporary name, the old one is hard-linked
aside under a unique name (its WAL moved with it), and one rename puts the new
one in place.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from vdesk.paths import AppPaths
from vdesk.store.notes.contract import BackupInfo
from vdesk.store.user_files import (
    UserDbCorrupt,
    UserDbDiskFull,
    UserDbError,
    fsync_path,
    integrity_problems,
    is_disk_full,
    new_database,
    private_dir,
    private_file,
)

#: A half-written file older than this was abandoned by a killed process.
STALE_PART_SECONDS = 3600
#: Hex digits of the content digest kept in a backup's name.
DIGEST_CHARS = 16

_NAME = re.compile(
    rf"^user-(?P<stamp>\d{{8}}T\d{{12}}Z)(?:\.(?P<digest>[0-9a-f]{{{DIGEST_CHARS}}}))?"
    r"-(?P<reason>.+)\.sqlite$"
)
_STAMP = "%Y%m%dT%H%M%S%fZ"
#: Leftovers of interrupted work in the data directory (and ``*.part`` in the backups).
_TEMPORARY = ("user.sqlite.restoring-*", "user.sqlite.new-*")


def _now_stamp() -> str:
    return datetime.now(UTC).strftime(_STAMP)


def digest_of(backup: Path) -> str | None:
    """The content digest in a checked backup's name; None for an unchecked one."""
    m = _NAME.match(backup.name)
    return m["digest"] if m else None


def backup_time(info: BackupInfo) -> float:
    """When a backup was taken (or last found identical), as a POSIX time."""
    return datetime.strptime(info.created, _STAMP).replace(tzinfo=UTC).timestamp()


def list_backups(paths: AppPaths) -> list[BackupInfo]:
    """Backups of the user database, newest first."""
    if not paths.backup_dir.exists():
        return []
    out = []
    for p in paths.backup_dir.glob("user-*.sqlite"):
        m = _NAME.match(p.name)
        if m is not None:
            with contextlib.suppress(FileNotFoundError):  # rotated by another process
                out.append(BackupInfo(p, m["stamp"], m["reason"], p.stat().st_size))
    out.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return out


def good_backups(paths: AppPaths) -> list[Path]:
    """The backups that pass the check now, newest first (for error messages)."""
    return [b.path for b in list_backups(paths) if not integrity_problems(b.path)]


def _copy_database(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` (SQLite's backup API) in rollback-journal
    mode, synced; ``target`` is created 0600."""
    private_file(target)
    if _copy_still_file(source, target):
        return
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            dst.execute("PRAGMA synchronous = OFF")  # synced once, below
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    fsync_path(target)


def _copy_still_file(source: Path, target: Path) -> bool:
    """Copy a WAL database whose WAL is empty as a plain file, holding its write
    lock so that nothing changes it meanwhile (several times faster than the backup
    API); False, having copied nothing, when it is busy or its WAL holds pages."""
    wal = source.with_name(source.name + "-wal")
    con = sqlite3.connect(source, isolation_level=None, timeout=0)
    try:
        if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            return False
        busy, _, _ = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            return False
        con.execute("BEGIN IMMEDIATE")
        try:
            if wal.exists() and wal.stat().st_size > 0:
                return False
            shutil.copyfile(source, target)
        finally:
            con.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        if is_disk_full(exc):
            raise
        return False  # locked by another process, or damaged: left to the backup API
    finally:
        con.close()
    with open(target, "r+b") as f:  # the copy has no WAL: rollback-journal mode
        f.seek(18)
        f.write(b"\x01\x01")
    fsync_path(target)
    return True


def _digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()[:DIGEST_CHARS]


def _clean_stale(paths: AppPaths) -> None:
    leftovers = [*paths.backup_dir.glob("*.part")]
    for pattern in _TEMPORARY:
        leftovers += paths.data_dir.glob(pattern)
    for stale in leftovers:  # left by a process that was killed
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > STALE_PART_SECONDS:
                stale.unlink()


def _rotate(paths: AppPaths, reason: str, keep: int) -> None:
    """Delete the backups of ``reason`` older than its newest ``keep`` checked ones."""
    checked = 0
    for b in list_backups(paths):
        if b.reason != reason:
            continue
        if checked >= keep:
            b.path.unlink(missing_ok=True)
        elif digest_of(b.path) is not None:
            checked += 1


def _keep_copy(
    paths: AppPaths, part: Path, reason: str, stamp: str, same: list[BackupInfo], digest: str
) -> Path:
    """Name the checked copy ``part`` as a backup; the backups of the same reason
    and content (``same``) go, so that it is kept once, under the newest time."""
    final = paths.backup_dir / f"user-{stamp}.{digest}-{reason}.sqlite"
    os.replace(part, final)
    for old in same:
        old.path.unlink(missing_ok=True)
    fsync_path(paths.backup_dir)
    return final


def backup(paths: AppPaths, reason: str = "manual", keep: int | None = None) -> Path:
    """Copy the user database into ``backup_dir``, check the copy, keep it by content.

    With ``keep``, only the newest ``keep`` checked backups of the same ``reason``
    remain. Raises :class:`UserDbDiskFull` on a full disk and
    :class:`UserDbCorrupt` when the database fails its check: no partial or failed
    copy is left behind either way. Returns the backup that holds the content.
    """
    if not paths.user_db.is_file():
        raise UserDbError(f"there is no notes database at {paths.user_db} to back up")
    private_dir(paths.backup_dir)
    stamp = _now_stamp()
    part = paths.backup_dir / f"user-{stamp}-{reason}.part"
    try:
        _copy_database(paths.user_db, part)
        digest = _digest(part)
        same = [
            b for b in list_backups(paths) if b.reason == reason and digest_of(b.path) == digest
        ]
        # the same bytes as a backup that passed the check: they pass it too
        problems = [] if same else integrity_problems(part)
        if problems:
            if integrity_problems(paths.user_db):
                raise UserDbCorrupt(paths.user_db, problems, good_backups(paths))
            raise UserDbError(  # the copy went wrong, not the database
                f"a backup copy of {paths.user_db} failed its check ({'; '.join(problems[:3])}); "
                "it was not kept"
            )
        final = _keep_copy(paths, part, reason, stamp, same, digest)
    except (OSError, sqlite3.Error) as exc:
        if is_disk_full(exc):
            raise UserDbDiskFull(paths.backup_dir, "the backup of your notes") from exc
        if isinstance(exc, sqlite3.DatabaseError) and (
            problems := integrity_problems(paths.user_db)
        ):
            raise UserDbCorrupt(paths.user_db, problems, good_backups(paths)) from exc
        raise
    finally:
        part.unlink(missing_ok=True)
    _clean_stale(paths)
    if keep is not None:
        _rotate(paths, reason, keep)
    return final


# --- putting another file in place --------------------------------------------------


def _unique_aside(db: Path, label: str) -> Path:
    """A hard link (or a copy, where links are not supported) of ``db`` under a name
    no other file has: ``user.sqlite.<label>-<time>``, with ``-2``, ``-3`` … after it
    when two are set aside within the same microsecond."""
    base = f"{db.name}.{label}-{_now_stamp()}"
    for n in range(1, 1000):
        aside = db.with_name(base if n == 1 else f"{base}-{n}")
        try:
            os.link(db, aside)
        except FileExistsError:
            continue
        except OSError as exc:
            if is_disk_full(exc):
                raise
            with open(db, "rb") as src, open(aside, "xb") as dst:  # no hard links here
                shutil.copyfileobj(src, dst)
                os.fsync(dst.fileno())
        return aside
    raise UserDbError(f"cannot find a free name to keep {db} aside")


def _checkpoint(db: Path) -> None:
    """Write the WAL of an intact database into the file itself, so that the file
    set aside is complete without it."""
    with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(db)) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _replace_keeping_aside(paths: AppPaths, new: Path, label: str) -> Path | None:
    """Put the complete database ``new`` at ``paths.user_db``; the old file (and its
    WAL) is kept under a unique name, returned (None if there was no file)."""
    db = paths.user_db
    aside = None
    if db.exists():
        if not integrity_problems(db):
            _checkpoint(db)
        aside = _unique_aside(db, label)
        for ext in ("-wal", "-shm"):  # a WAL left beside the new file would be replayed into it
            side = db.with_name(db.name + ext)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + ext))
    fsync_path(db.parent)
    os.replace(new, db)
    fsync_path(db.parent)
    return aside


def _temporary(paths: AppPaths, kind: str) -> Path:
    return paths.user_db.with_name(f"{paths.user_db.name}.{kind}-{os.getpid()}-{_now_stamp()}")


def restore_backup(paths: AppPaths, source: Path | None = None) -> tuple[Path, Path | None]:
    """Put a backup in place of the user database.

    ``source`` defaults to the newest backup that passes the thorough check. The
    current file (and its WAL) is kept as ``user.sqlite.damaged-<time>``, never
    deleted; at every moment a database is at the path. Returns (the backup used,
    where the old file went or None).
    """
    candidates = [source] if source else [b.path for b in list_backups(paths)]
    chosen = None
    problems: list[str] = []
    for c in candidates:
        if c.is_file() and not (problems := integrity_problems(c, thorough=True)):
            chosen = c
            break
    if chosen is None:
        if source is not None:
            why = "; ".join(problems[:3]) if source.is_file() else "no such file"
            raise UserDbError(f"{source} is not an intact backup ({why}); nothing was changed")
        raise UserDbError("no intact backup to restore from in " + str(paths.backup_dir))
    private_dir(paths.data_dir)
    tmp = _temporary(paths, "restoring")
    try:
        _copy_database(chosen, tmp)
        aside = _replace_keeping_aside(paths, tmp, "damaged")
    except (OSError, sqlite3.Error) as exc:
        if is_disk_full(exc):
            raise UserDbDiskFull(paths.data_dir, "the restore") from exc
        raise
    finally:
        tmp.unlink(missing_ok=True)
    return chosen, aside


def reset_user_db(paths: AppPaths) -> Path | None:
    """Start afresh: an empty notes database in place of the current file, which is
    kept as ``user.sqlite.reset-<time>`` (returned; None if there was none)."""
    private_dir(paths.data_dir)
    tmp = _temporary(paths, "new")
    try:
        new_database(tmp)
        return _replace_keeping_aside(paths, tmp, "reset")
    except (OSError, sqlite3.Error) as exc:
        if is_disk_full(exc):
            raise UserDbDiskFull(paths.data_dir, "starting afresh") from exc
        raise
    finally:
        tmp.unlink(missing_ok=True)

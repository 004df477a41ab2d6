"""What the user database file must be, and the errors that say why it is not.

A file is the user's notes database when it is an SQLite file whose
``user_version`` is a schema version vdesk knows, which passes SQLite's own
check (``PRAGMA quick_check``, or ``integrity_check`` when ``thorough``) and the
foreign-key check, and which has every table and column of that version. The
expected schema is derived, not copied: for the current version from the ORM
classes of :mod:`vdesk.store.notes.records`, for an older one from the released
migration steps run on an empty in-memory database.
"""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from vdesk.store.migrations import MIGRATIONS, SCHEMA_VERSION, Migration

#: The first 16 bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: The command that puts the newest good backup in place, and the one that starts afresh.
RESTORE_COMMAND = "vdesk notes restore"
RESET_COMMAND = "vdesk notes reset --confirm"

Schema = dict[str, frozenset[str]]


class UserDbError(Exception):
    """The user database cannot be used; ``str(err)`` tells the user what to do."""


class UserDbTooNew(UserDbError):
    """The database was written by a newer vdesk; it is left untouched."""


class UserDbDiskFull(UserDbError):
    """The disk is full: nothing was changed, and no partial file was left behind."""

    def __init__(self, where: Path, doing: str) -> None:
        self.where = where
        super().__init__(
            f"the disk holding {where} is full, so {doing} failed: free some space and try "
            "again (your notes were not changed)"
        )


class UserDbCorrupt(UserDbError):
    """The file is not a usable notes database. ``backups`` are the intact backups,
    newest first (the candidates for a restore)."""

    #: What is wrong, in a few words, for a dialog's headline.
    headline = "Your notes database failed its integrity check."

    def __init__(self, path: Path, problems: list[str], backups: list[Path]) -> None:
        self.path = path
        self.problems = problems
        self.backups = backups
        super().__init__(f"the notes database {path} {self._what()}: {self._hint()}")

    def _what(self) -> str:
        return f"is damaged ({'; '.join(self.problems[:3])})"

    def _hint(self) -> str:
        afresh = f"'{RESET_COMMAND}' starts afresh"
        kept = "the file is moved aside, never deleted"
        if self.backups:
            return (
                f"restore the newest good backup ({self.backups[0].name}) with "
                f"'{RESTORE_COMMAND}', or {afresh}; {kept}"
            )
        return f"no backup exists; {afresh} ({kept})"


class UserDbNotOurs(UserDbCorrupt):
    """An empty file, or a file that is not a vdesk notes database, is where the
    notes database should be. It is never used as (or turned into) an empty library."""

    @property
    def headline(self) -> str:  # type: ignore[override]
        if self.empty:
            return "Your notes database is empty."
        return "The file where your notes should be is not a vdesk notes database."

    @property
    def empty(self) -> bool:
        return self.problems[0].startswith("empty")

    def _what(self) -> str:
        if self.empty:
            return f"is {self.problems[0]}"
        return f"is not a vdesk notes database ({self.problems[0]})"


def is_disk_full(exc: BaseException) -> bool:
    """True for the file system's "no space left" and SQLite's ``SQLITE_FULL``."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return (code is not None and code & 0xFF == sqlite3.SQLITE_FULL) or (
            "database or disk is full" in str(exc)
        )
    return False


def _schema_of(con: sqlite3.Connection) -> Schema:
    rows = con.execute(
        "SELECT m.name, p.name FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p "
        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
    ).fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return {t: frozenset(c) for t, c in out.items()}


@functools.cache
def expected_schema(version: int = SCHEMA_VERSION) -> Schema:
    """The tables and their columns of schema ``version`` (1 … :data:`SCHEMA_VERSION`)."""
    if not 1 <= version <= SCHEMA_VERSION:
        raise ValueError(f"no schema version {version}")
    if version == SCHEMA_VERSION:
        from vdesk.store.notes.records import Base  # the ORM schema (loads SQLAlchemy)

        tables = Base.metadata.tables.values()
        return {t.name: frozenset(c.name for c in t.columns) for t in tables}
    con = sqlite3.connect(":memory:")
    try:
        for step in MIGRATIONS[:version]:
            for sql in step.statements:
                con.execute(sql)
        return _schema_of(con)
    finally:
        con.close()


def schema_problems(actual: Schema, version: int) -> list[str]:
    """Missing tables and columns of schema ``version`` (extra ones are allowed)."""
    problems = []
    for table, columns in sorted(expected_schema(version).items()):
        if table not in actual:
            problems.append(f"table {table} is missing")
        else:
            problems += [f"column {table}.{c} is missing" for c in sorted(columns - actual[table])]
    return problems


def file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be an SQLite database at all (empty, another kind of
    file), read from its first bytes; None if it may be one."""
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if not head:
        return "empty (0 bytes)"
    if head != SQLITE_HEADER:
        return "not an SQLite file"
    return None


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)


def integrity_problems(path: Path, *, thorough: bool = False) -> list[str]:
    """Empty if ``path`` is an intact notes database of a known schema version.

    Checked: the file's header, ``user_version`` (1 … :data:`SCHEMA_VERSION`),
    ``PRAGMA quick_check`` (``integrity_check`` when ``thorough``), the foreign
    keys, and every table and column the version has. An empty or foreign file
    gives one problem starting with ``empty`` or ``not``.
    """
    try:
        bad = file_problem(path)
        if bad is not None:
            return [bad]
        con = _connect_ro(path)
        try:
            version = int(con.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                return [f"schema version {version} is newer than this vdesk ({SCHEMA_VERSION})"]
            if version < 1:
                actual = _schema_of(con)
                if actual:
                    return [f"not created by vdesk (tables {', '.join(sorted(actual))})"]
                return ["empty (an SQLite file without tables)"]
            pragma = "integrity_check" if thorough else "quick_check"
            rows = [str(r[0]) for r in con.execute(f"PRAGMA {pragma}")]
            if rows != ["ok"]:
                return rows
            problems = schema_problems(_schema_of(con), version)
            fks = con.execute("PRAGMA foreign_key_check").fetchall()
            return problems + [f"dangling reference in {r[0]} row {r[1]}" for r in fks]
        finally:
            con.close()
    except (sqlite3.DatabaseError, OSError) as exc:
        if is_disk_full(exc):
            raise UserDbDiskFull(path.parent, "checking the notes database") from exc
        return [str(exc)]


# --- files, permissions, schema steps ------------------------------------------------


def private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if missing; tighten it if it exists."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def fsync_path(path: Path) -> None:
    """Flush a file (or a directory's entries) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def apply_steps(
    path: Path,
    current: int,
    target: int = SCHEMA_VERSION,
    before_step: Callable[[int], object] | None = None,
    steps: tuple[Migration, ...] = MIGRATIONS,
) -> list[int]:
    """Run the ``steps`` after ``current`` up to ``target`` on ``path``; each step
    and its ``user_version`` bump commit together or not at all.
    ``before_step(version)`` runs first (the backup of an existing database)."""
    applied = []
    for step in steps:
        if step.version <= current or step.version > target:
            continue
        if before_step is not None:
            before_step(step.version)
        con = sqlite3.connect(path, isolation_level=None)
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
        applied.append(step.version)
    return applied


def new_database(path: Path) -> None:
    """Write a fresh, empty notes database of the current schema at ``path`` (a
    temporary name: the caller moves it into place), in WAL mode, synced."""
    private_file(path)
    apply_steps(path, 0)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode = WAL")
    finally:
        con.close()
    fsync_path(path)

"""PostgresNotesStore: a delegation's shared notes on a PostgreSQL server.

The same contract and the same portable queries as the laptop's store
(:class:`~vdesk.store.notes.sql.SqlNotesStore`), through SQLAlchemy and psycopg 3,
on a schema that Alembic manages (:mod:`vdesk.store.notes.pg_migrations`; run
:func:`migrate` as the database's owner, see docs/server.md). Every row carries its
``delegation``: the server fills it in from the connected role's membership and
row-level security shows each member its own delegation's rows only, so the store's
queries never name a delegation.

What differs from a file store: the server keeps the backups (``pg_dump``, the
server's own archiving), so :meth:`PostgresNotesStore.backup` refuses with
:class:`BackupsOnServer` and :meth:`~PostgresNotesStore.backups` lists none.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine, make_url

from vdesk.store.notes.contract import BackupInfo
from vdesk.store.notes.sql import SqlNotesStore

if TYPE_CHECKING:
    from vdesk.store.notes.contract import NotesStore

MIGRATIONS = Path(__file__).with_name("pg_migrations")


class BackupsOnServer(RuntimeError):
    """A server store takes no backups of its own: the server's administrator does."""


class SchemaMismatch(RuntimeError):
    """The server's schema is not the one this version of vdesk speaks."""


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest revision of the server schema this version of vdesk knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def schema_revision(engine: Engine) -> str | None:
    """The revision the database behind ``engine`` is at (None: not migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def engine_for(url: str, **kwargs: Any) -> Engine:
    """An engine on ``url`` (``postgresql+psycopg://…``; a bare ``postgresql://`` is
    taken to mean psycopg 3)."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername != "postgresql+psycopg":
        raise ValueError(f"not a PostgreSQL URL for psycopg: {parsed.drivername}://…")
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def migrate(url: str, revision: str = "head") -> str:
    """Bring the database at ``url`` to ``revision`` (as its owner); returns the
    revision it is at afterwards."""
    engine = engine_for(url)
    try:
        with engine.begin() as conn:
            command.upgrade(_config(conn), revision)
        found = schema_revision(engine)
        assert found is not None
        return found
    finally:
        engine.dispose()


class PostgresNotesStore(SqlNotesStore):
    """The notes of the connected role's delegation on the server behind ``engine``."""

    @classmethod
    def open(cls, url: str, **kwargs: Any) -> PostgresNotesStore:
        """Connect to ``url``; refuses a database whose schema is not this version's
        (run :func:`migrate` first, as the owner)."""
        engine = engine_for(url, **kwargs)
        try:
            found, head = schema_revision(engine), head_revision()
        except BaseException:
            engine.dispose()
            raise
        if found != head:
            engine.dispose()
            where = f"{engine.url.host}/{engine.url.database}"
            if found is None:
                raise SchemaMismatch(
                    f"the notes database {where} has no vdesk schema: its owner runs the "
                    "migrations first (docs/server.md)"
                )
            raise SchemaMismatch(
                f"the notes database {where} is at schema revision {found}, this vdesk "
                f"needs {head}: update the server's schema or this vdesk (docs/server.md)"
            )
        return cls(engine)

    # --- backups are the server's ------------------------------------------------

    def backup(self, reason: str = "manual") -> BackupInfo:
        raise BackupsOnServer(
            "the notes on a server are backed up by the server's administrator "
            "(pg_dump or the server's archiving), not by vdesk: see docs/server.md"
        )

    def backups(self) -> list[BackupInfo]:
        """None: vdesk keeps no backups of a server store (see :meth:`backup`)."""
        return []


if TYPE_CHECKING:  # mypy checks that the implementation keeps the contract

    def _keeps_the_contract(engine: Engine) -> NotesStore:
        return PostgresNotesStore(engine)

"""Alembic's environment for the server schema: it runs on the connection that
:func:`vdesk.store.notes.postgres.migrate` passes in ``config.attributes``."""

from __future__ import annotations

from alembic import context


def run_migrations() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


# Alembic runs this file with its context in place; merely imported (a walk over every
# module of the package), it does nothing.
if hasattr(context, "config"):
    run_migrations()

"""The PostgreSQL schema of the shared notes store, under Alembic: ``env.py`` and the
ordered revisions in ``versions/`` (run by :func:`vdesk.store.notes.postgres.migrate`,
with a configuration built in code: no ``alembic.ini``). Never edit a released
revision; add a new one."""

"""The revisions, oldest first (Alembic reads this folder by path)."""

"""A fingerprint of the provision on annotations and national notes, and national
notes' anchor state and review: the SQLite store's schema version 4, on the server.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("annotations", "national_notes"):
        op.add_column(table, sa.Column("node_fingerprint", sa.Text(), nullable=False,
                                       server_default=""))  # fmt: skip
        op.add_column(table, sa.Column("node_position", sa.Integer(), nullable=False,
                                       server_default="-1"))  # fmt: skip
    op.add_column("national_notes", sa.Column("anchor_state", sa.Text(), nullable=False,
                                              server_default="ok"))  # fmt: skip
    op.add_column("national_notes", sa.Column("anchor_detail", sa.Text(), nullable=False,
                                              server_default=""))  # fmt: skip
    op.add_column("national_notes", sa.Column("candidate_node_id", sa.Text(), nullable=False,
                                              server_default=""))  # fmt: skip
    op.add_column("national_notes", sa.Column("score", sa.Float(), nullable=False,
                                              server_default="1.0"))  # fmt: skip
    op.create_index("ix_national_notes_state", "national_notes", ["delegation", "anchor_state"])


def downgrade() -> None:
    op.drop_index("ix_national_notes_state", table_name="national_notes")
    for column in ("score", "candidate_node_id", "anchor_detail", "anchor_state"):
        op.drop_column("national_notes", column)
    for table in ("annotations", "national_notes"):
        op.drop_column(table, "node_position")
        op.drop_column(table, "node_fingerprint")

"""The notes store's tables, one delegation's rows apart from another's.

The same tables and columns as the laptop's SQLite store (schema version 3:
annotations, annotation_tags, national_notes, colours, meta, tombstones), each row
carrying its ``delegation``. A connected role belongs to one delegation (``members``);
``vdesk_delegation()`` names it, fills the column by default and keys the row-level
security policies, so a client never says (and cannot choose) whose rows it writes.
Keys, ids, timestamps and labels sort bytewise (``COLLATE "C"``), as on SQLite,
whatever the server's locale; free text keeps the database's collation.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

#: the group role every member's login role is granted (created when missing: roles
#: belong to the whole server, not to one database)
MEMBER_ROLE = "vdesk_member"

DATA_TABLES = ("meta", "colours", "annotations", "annotation_tags", "national_notes", "tombstones")

DEFAULT_COLOURS = (
    ("yellow", "Agreed language", "#fff59d", 0),
    ("green", "Supports", "#a5d6a7", 1),
    ("red", "Concern", "#ef9a9a", 2),
    ("blue", "Question", "#90caf9", 3),
    ("purple", "Follow-up", "#ce93d8", 4),
)


def _key(name: str, **kw: object) -> sa.Column[str]:
    """A key, id, timestamp or label: bytewise order."""
    return sa.Column(name, sa.Text(collation="C"), nullable=False, **kw)  # type: ignore[arg-type]


def _text(name: str, default: str = "") -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False, server_default=default)


def _int(name: str, default: int = 0) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False, server_default=str(default))


def _delegation() -> sa.Column[str]:
    return sa.Column(
        "delegation",
        sa.Text(collation="C"),
        sa.ForeignKey("delegations.name", ondelete="CASCADE"),
        nullable=False,
        server_default=sa.text("vdesk_delegation()"),
    )


def upgrade() -> None:
    op.create_table(
        "delegations",
        _key("name", primary_key=True),
        sa.Column(
            "created", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "members",
        _key("role", primary_key=True),
        sa.Column(
            "delegation",
            sa.Text(collation="C"),
            sa.ForeignKey("delegations.name", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.execute(
        """CREATE FUNCTION vdesk_delegation() RETURNS text
        LANGUAGE sql STABLE SET search_path FROM CURRENT
        AS $$ SELECT delegation FROM members WHERE role = current_user $$"""
    )
    op.create_table(
        "meta",
        _delegation(),
        _key("key"),
        _text("value"),
        sa.PrimaryKeyConstraint("delegation", "key"),
    )
    op.create_table(
        "colours",
        _delegation(),
        _key("name"),
        _text("meaning"),
        _key("hex"),
        _int("position"),
        sa.PrimaryKeyConstraint("delegation", "name"),
    )
    op.create_table(
        "annotations",
        _delegation(),
        _key("id"),
        _key("doc"),
        _key("node_id"),
        _text("quote"),
        _text("prefix"),
        _text("suffix"),
        _int("start"),
        _int("end"),
        _key("colour"),
        _text("comment"),
        _key("author", server_default=""),
        _key("created"),
        _key("modified"),
        _key("anchor_state", server_default="ok"),
        _text("anchor_detail"),
        _text("candidate"),
        _key("candidate_node_id", server_default=""),
        _int("candidate_start"),
        _int("candidate_end"),
        sa.Column("score", sa.Float(), nullable=False, server_default="1.0"),
        _key("sensitivity", server_default="personal"),
        _int("version", 1),
        sa.PrimaryKeyConstraint("delegation", "id"),
    )
    op.create_index("ix_annotations_node", "annotations", ["delegation", "node_id"])
    op.create_index("ix_annotations_doc", "annotations", ["delegation", "doc", "node_id"])
    op.create_index("ix_annotations_state", "annotations", ["delegation", "anchor_state"])
    op.create_table(
        "annotation_tags",
        sa.Column(
            "delegation",
            sa.Text(collation="C"),
            nullable=False,
            server_default=sa.text("vdesk_delegation()"),
        ),
        _key("annotation_id"),
        _key("tag"),
        sa.PrimaryKeyConstraint("delegation", "annotation_id", "tag"),
        sa.ForeignKeyConstraint(
            ["delegation", "annotation_id"],
            ["annotations.delegation", "annotations.id"],
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_annotation_tags_tag", "annotation_tags", ["delegation", "tag"])
    op.create_table(
        "national_notes",
        _delegation(),
        _key("id"),
        _key("doc"),
        _key("node_id"),
        _key("country"),
        _key("status"),
        _key("position", server_default="no_position"),
        _text("text"),
        _text("legal_refs", "[]"),
        _key("date", server_default=""),
        _key("author", server_default=""),
        _key("created"),
        _key("modified"),
        _key("sensitivity", server_default="personal"),
        _int("version", 1),
        sa.PrimaryKeyConstraint("delegation", "id"),
    )
    op.create_index("ix_national_notes_node", "national_notes", ["delegation", "node_id"])
    op.create_index("ix_national_notes_country", "national_notes", ["delegation", "country", "doc"])
    op.create_table(
        "tombstones",
        _delegation(),
        _key("kind"),
        _key("id"),
        _key("deleted_at"),
        _key("deleted_by", server_default=""),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("delegation", "kind", "id"),
    )
    op.create_index("ix_tombstones_deleted_at", "tombstones", ["delegation", "deleted_at"])

    # a new delegation starts with the same colour meanings as a new laptop
    values = ", ".join(f"(NEW.name, '{n}', '{m}', '{h}', {p})" for n, m, h, p in DEFAULT_COLOURS)
    op.execute(
        f"""CREATE FUNCTION vdesk_seed_delegation() RETURNS trigger
        LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            INSERT INTO colours (delegation, name, meaning, hex, position) VALUES {values};
            RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER delegations_seed AFTER INSERT ON delegations "
        "FOR EACH ROW EXECUTE FUNCTION vdesk_seed_delegation()"
    )

    # row-level security: a member sees and writes its own delegation's rows only
    op.execute(
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{MEMBER_ROLE}') THEN
                CREATE ROLE {MEMBER_ROLE} NOLOGIN;
            END IF;
        END $$"""
    )
    for table in DATA_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_own_delegation ON {table} "
            "USING (delegation = (SELECT vdesk_delegation())) "
            "WITH CHECK (delegation = (SELECT vdesk_delegation()))"
        )
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {MEMBER_ROLE}")
    # a member reads its own membership only (vdesk_delegation() runs as the caller:
    # inside a SECURITY DEFINER function current_user would be the function's owner)
    op.execute("ALTER TABLE members ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY members_self ON members USING (role = current_user)")
    op.execute(f"GRANT SELECT ON members TO {MEMBER_ROLE}")
    op.execute(f"GRANT EXECUTE ON FUNCTION vdesk_delegation() TO {MEMBER_ROLE}")
    op.execute(f"GRANT SELECT ON alembic_version TO {MEMBER_ROLE}")


def downgrade() -> None:
    op.execute(f"REVOKE SELECT ON alembic_version FROM {MEMBER_ROLE}")
    for table in reversed(DATA_TABLES):
        op.drop_table(table)
    op.execute("DROP TRIGGER delegations_seed ON delegations")
    op.execute("DROP FUNCTION vdesk_seed_delegation()")
    op.execute("DROP FUNCTION vdesk_delegation()")
    op.drop_table("members")
    op.drop_table("delegations")

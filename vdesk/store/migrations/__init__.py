"""Ordered migrations of the user database, one per schema version.

Each step takes the database from ``version - 1`` to ``version``. Steps are plain
SQL so that they stay exactly what was released, whatever the ORM classes in
:mod:`vdesk.store.user_db` look like later. A step runs in one transaction together
with the ``PRAGMA user_version`` update, after a backup of the database.

Never edit a released step; add a new one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


V1 = Migration(
    1,
    "annotations, tags, colours and national notes",
    (
        """CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE colours (
            name TEXT PRIMARY KEY,
            meaning TEXT NOT NULL,
            hex TEXT NOT NULL,
            position INTEGER NOT NULL
        )""",
        """INSERT INTO colours (name, meaning, hex, position) VALUES
            ('yellow', 'Agreed language', '#fff59d', 0),
            ('green', 'Supports', '#a5d6a7', 1),
            ('red', 'Concern', '#ef9a9a', 2),
            ('blue', 'Question', '#90caf9', 3),
            ('purple', 'Follow-up', '#ce93d8', 4)""",
        """CREATE TABLE annotations (
            id TEXT PRIMARY KEY,
            doc TEXT NOT NULL,
            node_id TEXT NOT NULL,
            quote TEXT NOT NULL DEFAULT '',
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            start INTEGER NOT NULL DEFAULT 0,
            "end" INTEGER NOT NULL DEFAULT 0,
            colour TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            anchor_state TEXT NOT NULL DEFAULT 'ok',
            anchor_detail TEXT NOT NULL DEFAULT '',
            candidate TEXT NOT NULL DEFAULT '',
            candidate_node_id TEXT NOT NULL DEFAULT '',
            candidate_start INTEGER NOT NULL DEFAULT 0,
            candidate_end INTEGER NOT NULL DEFAULT 0,
            score REAL NOT NULL DEFAULT 1.0
        )""",
        "CREATE INDEX ix_annotations_node ON annotations (node_id)",
        "CREATE INDEX ix_annotations_doc ON annotations (doc, node_id)",
        "CREATE INDEX ix_annotations_state ON annotations (anchor_state)",
        """CREATE TABLE annotation_tags (
            annotation_id TEXT NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (annotation_id, tag)
        )""",
        "CREATE INDEX ix_annotation_tags_tag ON annotation_tags (tag)",
        """CREATE TABLE national_notes (
            id TEXT PRIMARY KEY,
            doc TEXT NOT NULL,
            node_id TEXT NOT NULL,
            country TEXT NOT NULL,
            status TEXT NOT NULL,
            position TEXT NOT NULL DEFAULT 'no_position',
            text TEXT NOT NULL DEFAULT '',
            legal_refs TEXT NOT NULL DEFAULT '[]',
            date TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        )""",
        "CREATE INDEX ix_national_notes_node ON national_notes (node_id)",
        "CREATE INDEX ix_national_notes_country ON national_notes (country, doc)",
    ),
)

V2 = Migration(
    2,
    "sensitivity label on annotations and national notes (personal by default)",
    (
        "ALTER TABLE annotations ADD COLUMN sensitivity TEXT NOT NULL DEFAULT 'personal'",
        "ALTER TABLE national_notes ADD COLUMN sensitivity TEXT NOT NULL DEFAULT 'personal'",
    ),
)

V3 = Migration(
    3,
    "tombstones of deleted annotations and national notes; a version per item",
    (
        "ALTER TABLE annotations ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE national_notes ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        """CREATE TABLE tombstones (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            deleted_at TEXT NOT NULL,
            deleted_by TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL,
            PRIMARY KEY (kind, id)
        )""",
        "CREATE INDEX ix_tombstones_deleted_at ON tombstones (deleted_at)",
    ),
)

V4 = Migration(
    4,
    "a fingerprint of the provision on annotations and national notes (its text's digest "
    "and sketch, its position among its siblings); national notes' anchor state and review",
    (
        "ALTER TABLE annotations ADD COLUMN node_fingerprint TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE annotations ADD COLUMN node_position INTEGER NOT NULL DEFAULT -1",
        "ALTER TABLE national_notes ADD COLUMN node_fingerprint TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE national_notes ADD COLUMN node_position INTEGER NOT NULL DEFAULT -1",
        "ALTER TABLE national_notes ADD COLUMN anchor_state TEXT NOT NULL DEFAULT 'ok'",
        "ALTER TABLE national_notes ADD COLUMN anchor_detail TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE national_notes ADD COLUMN candidate_node_id TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE national_notes ADD COLUMN score REAL NOT NULL DEFAULT 1.0",
        "CREATE INDEX ix_national_notes_state ON national_notes (anchor_state)",
    ),
)

#: All steps in order; ``MIGRATIONS[-1].version`` is the current schema version.
MIGRATIONS: tuple[Migration, ...] = (V1, V2, V3, V4)
SCHEMA_VERSION = MIGRATIONS[-1].version
